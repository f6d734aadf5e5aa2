"""Serving the site the way production does, for the tests that need a real server: gunicorn
with gunicorn.conf.py in a process of its own, on a free port of 127.0.0.1."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
# Long enough (over 50 characters, varied) that `check --deploy` accepts it.
PRODUCTION_SECRET_KEY = "tests-only-9f2c41d07be34a8e9c1d5b7a3e6f80c2d4b1a9e7f3c5"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def postgresql_url(name: str | None = None) -> str:
    """The URL of the PostgreSQL database the tests run on (or of database ``name`` on its
    server), for a process of its own."""
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return (
        f"postgres://{settings['USER']}{password}@{settings['HOST']}:{settings['PORT']}/"
        f"{name or settings['NAME']}"
    )


def production_env(**environ: str) -> dict[str, str]:
    """Only what production is given (``DJANGO_DEBUG=false``, a secret key, the hosts), plus
    ``environ``: nothing the test run itself sets (such as ``DJANGO_HTTPS=false``)."""
    return {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": PRODUCTION_SECRET_KEY,
        "ALLOWED_HOSTS": HOST,
        **environ,
    }


def read_settings(names: list[str], **environ: str) -> subprocess.CompletedProcess:
    """A process given production's environment plus ``environ`` prints the settings
    ``names`` as JSON (or fails, saying why on standard error)."""
    show = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{name: getattr(s, name) for name in {names!r}}}))"
    )
    return subprocess.run(
        [sys.executable, "-c", show],
        cwd=ROOT,
        env=production_env(DJANGO_SETTINGS_MODULE="asean_meetings.settings", **environ),
        capture_output=True,
        text=True,
    )


def gunicorn_command() -> list[str]:
    return [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py")]


@contextmanager
def serving(command: list[str], env: dict[str, str], *, seconds: float = 180):
    """Run ``command`` (a server on ``env["PORT"]``) until it answers /healthz at all; yield
    its base URL and a function that returns what it has logged so far; stop it after."""
    base = f"http://{HOST}:{env['PORT']}"
    with open(os.devnull, "rb") as stdin, tempfile.NamedTemporaryFile("w+") as log:
        server = subprocess.Popen(
            command,
            cwd=ROOT,
            env={"HOST": HOST, **env},
            stdin=stdin,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

        def logged() -> str:
            log.flush()
            return Path(log.name).read_text(encoding="utf-8", errors="replace")

        try:
            deadline = time.monotonic() + seconds
            while True:
                if server.poll() is not None:
                    raise RuntimeError(f"The server stopped ({server.returncode}):\n{logged()}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"The server did not answer in {seconds} s:\n{logged()}")
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=5).close()
                    break
                except urllib.error.HTTPError:
                    break  # it answers, if only to say the database does not
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    time.sleep(0.3)  # not listening yet, or its worker still starting
            yield base, logged
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, headers: dict[str, str] | None = None, data: bytes | None = None):
    """(status, headers, body) of one request, redirects not followed, errors returned."""
    opener = urllib.request.build_opener(NoRedirects)
    request = urllib.request.Request(url, headers=headers or {}, data=data)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
