"""The load test: gunicorn with 2 workers and production settings (gunicorn.conf.py, as
`make serve`), driven by wrk.

Traffic goes to 127.0.0.1 only, for a bounded time, and the server this starts is stopped
at the end. wrk is the Debian package (``apt-get install wrk``).
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
WORKERS = 2
CONNECTIONS = 32
THREADS = 2
REQUESTS_PER_SECOND_TARGET = 300


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_until_serving(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped with exit code {server.returncode}.")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer {url} within {seconds:.0f} s.")


def parse_wrk(output: str) -> dict:
    """Requests/s, latency percentiles and every kind of error from wrk's report."""

    def number(pattern, default=0.0):
        found = re.search(pattern, output)
        return float(found.group(1)) if found else default

    def latency_ms(percentile):
        found = re.search(rf"^\s*{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        if not found:
            return None
        value, unit = float(found.group(1)), found.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "requests": int(number(r"(\d+) requests in")),
        "requests_per_second": number(r"Requests/sec:\s+([\d.]+)"),
        "non_2xx": int(number(r"Non-2xx or 3xx responses: (\d+)")),
        "socket_errors": sum(int(n) for n in socket_errors.groups()) if socket_errors else 0,
        "p50_ms": latency_ms(50),
        "p99_ms": latency_ms(99),
    }


def run(env: dict[str, str], paths: list[str], *, seconds: int = 30) -> dict:
    """Serve the site with gunicorn and drive each of ``paths`` with wrk for ``seconds``."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return {"skipped": "wrk is not installed (apt-get install wrk)"}
    port = free_port()
    results = {"workers": WORKERS, "connections": CONNECTIONS, "seconds": seconds, "pages": {}}
    if not paths:
        return {**results, "server_errors_logged": 0}
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                str(ROOT / "gunicorn.conf.py"),
                "--workers",
                str(WORKERS),
                "--bind",
                f"{HOST}:{port}",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        try:
            base = f"http://{HOST}:{port}"
            wait_until_serving(base + paths[0], server)
            for path in paths:
                for _ in range(5):  # warm both workers' caches and connections
                    urllib.request.urlopen(base + path, timeout=30).read()
                print(f"wrk {seconds} s at {CONNECTIONS} connections: {path}", file=sys.stderr)
                completed = subprocess.run(
                    [
                        wrk,
                        f"-t{THREADS}",
                        f"-c{CONNECTIONS}",
                        f"-d{seconds}s",
                        "--latency",
                        base + path,
                    ],
                    capture_output=True,
                    text=True,
                    timeout=seconds + 60,
                    check=True,
                )
                results["pages"][path] = parse_wrk(completed.stdout)
        finally:
            # The server and its workers form their own process group, started above.
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        log.seek(0)
        results["server_errors_logged"] = len(re.findall(r"\[ERROR\]|Traceback", log.read()))
    return results


def report_lines(results: dict) -> list[str]:
    if "skipped" in results:
        return [f"Skipped: {results['skipped']}."]
    lines = [
        f"gunicorn, {results['workers']} sync workers, production settings (DEBUG off), on the "
        f"100,000-resolution database; `wrk -t{THREADS} -c{results['connections']} "
        f"-d{results['seconds']}s --latency` from the same machine. Target: zero errors and "
        f"≥ {REQUESTS_PER_SECOND_TARGET} requests/s.",
        "",
        "| page | requests | requests/s | p50 ms | p99 ms | errors | |",
        "|---|---|---|---|---|---|---|",
    ]
    for path, page in results["pages"].items():
        errors = page["non_2xx"] + page["socket_errors"]
        ok = errors == 0 and page["requests_per_second"] >= REQUESTS_PER_SECOND_TARGET

        def ms(value):
            return f"{value:.1f}" if value is not None else "–"

        lines.append(
            f"| `{path}` | {page['requests']:,} | {page['requests_per_second']:.0f} "
            f"| {ms(page['p50_ms'])} | {ms(page['p99_ms'])} | {errors} "
            f"({page['non_2xx']} non-2xx, {page['socket_errors']} socket) "
            f"| {'met' if ok else 'MISSED'} |"
        )
    lines += ["", f"Errors in the server's log: {results['server_errors_logged']}."]
    for note in results.get("not_driven", []):
        lines.append(f"Not driven: {note}.")
    return lines
