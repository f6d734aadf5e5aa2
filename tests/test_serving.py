"""`make serve` as production runs it: static files collected under hashed names, migrations,
then gunicorn with gunicorn.conf.py, given only what production is given (DEBUG off, a
secret key, the hosts, the database, the port). A load balancer's /healthz answers 200 only
while the database answers."""

import re
import time
from types import SimpleNamespace

import pytest
from django.db import connection

from tests.serving import (
    HOST,
    fetch,
    free_port,
    gunicorn_command,
    postgresql_url,
    production_env,
    serving,
)

FROM_THE_PROXY = {"X-Forwarded-Proto": "https"}


@pytest.fixture(scope="module")
def site(django_db_setup, tmp_path_factory):
    """`make serve` on the test database (on SQLite, a database file of its own that it
    migrates)."""
    if connection.vendor == "postgresql":
        database_url = postgresql_url()
    else:
        database_url = f"sqlite:///{tmp_path_factory.mktemp('served') / 'db.sqlite3'}"
    static_root = tmp_path_factory.mktemp("static_root")
    env = production_env(
        DATABASE_URL=database_url,
        PORT=str(free_port()),
        STATIC_ROOT=str(static_root),
        WEB_CONCURRENCY="1",
    )
    with serving(["make", "--no-print-directory", "serve"], env) as (base, logged):
        yield SimpleNamespace(base=base, logged=logged, static_root=static_root)


def test_healthz_answers_200_over_plain_http(site):
    status, headers, body = fetch(site.base + "/healthz")
    assert (status, body) == (200, b"OK\n")
    assert "no-store" in headers["Cache-Control"]


def test_a_page_over_plain_http_is_redirected_to_https(site):
    status, headers, _ = fetch(site.base + "/meetings/")
    assert status == 301
    assert headers["Location"] == f"https://{HOST}:{site.base.rsplit(':', 1)[1]}/meetings/"


def test_a_page_from_the_tls_proxy_is_served_with_hsts_and_the_policy(site):
    status, headers, body = fetch(site.base + "/meetings/", FROM_THE_PROXY)
    assert status == 200
    assert b"<h1>" in body
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in headers["Content-Security-Policy"]


def test_static_files_are_linked_by_hashed_names_and_kept_for_a_year(site):
    _, _, body = fetch(site.base + "/", FROM_THE_PROXY)
    [stylesheet] = re.findall(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body)
    status, headers, css = fetch(site.base + stylesheet.decode(), FROM_THE_PROXY)
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert "max-age=315360000" in headers["Cache-Control"]
    assert "immutable" in headers["Cache-Control"]
    assert css == (site.static_root / "css" / stylesheet.decode().rsplit("/", 1)[1]).read_bytes()


def test_static_files_are_sent_compressed_to_browsers_that_accept_it(site):
    _, _, body = fetch(site.base + "/", FROM_THE_PROXY)
    [stylesheet] = re.findall(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body)
    _, headers, _ = fetch(
        site.base + stylesheet.decode(), {**FROM_THE_PROXY, "Accept-Encoding": "gzip"}
    )
    assert headers["Content-Encoding"] == "gzip"


def test_each_request_is_in_the_access_log(site):
    fetch(site.base + "/resolutions/?from-the-access-log-test", FROM_THE_PROXY)
    line = re.compile(r'"GET /resolutions/\?from-the-access-log-test HTTP/1.1" 200')
    # gunicorn writes the line once the response is sent, which the client may read first.
    deadline = time.monotonic() + 5
    while not line.search(site.logged()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert line.search(site.logged())


def test_healthz_answers_503_when_the_database_does_not(tmp_path):
    if connection.vendor == "postgresql":
        missing = postgresql_url("no_such_database_for_healthz")
    else:
        missing = f"sqlite:///{tmp_path / 'no-such-folder' / 'db.sqlite3'}"
    env = production_env(DATABASE_URL=missing, PORT=str(free_port()), WEB_CONCURRENCY="1")
    with serving(gunicorn_command(), env) as (base, logged):
        status, headers, body = fetch(base + "/healthz")
        assert status == 503
        assert body == b"The database does not answer.\n"
        assert "no-store" in headers["Cache-Control"]
        assert "ERROR asean_meetings.views: Health check: the database does not answer." in logged()
