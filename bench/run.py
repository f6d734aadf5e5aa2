#!/usr/bin/env python
"""``make bench``: how fast each page is at 1,000 and at 100,000 resolutions.

For each size the bench fills a database of its own on the server of ``DATABASE_URL`` (its
name plus ``_small`` or ``_large``; SQLite: the file name plus the same suffix) with
``generate_sample_data``, then, in a fresh process with production settings, requests every
page in ``bench/pages.py`` through Django's test client: p50 and p95 of the time to the last
byte, and the SQL queries of one request. A trivial view behind the same middleware is
measured in the same process, so each page reads as a multiple of Django's own floor. The CSV
export is timed once more in a process of its own for its peak memory, and the load test
(``bench/load.py``) runs gunicorn and wrk on the large database.

It prints one table and writes it, with the machine's description, to ``bench/RESULTS.md``.
``python bench/run.py --help`` lists the options.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402
from bench.pages import (  # noqa: E402
    CSV_EXPORT,
    LOAD_PAGES,
    PAGES,
    SEED,
    UNCACHED_REQUESTS,
    WORDS,
)
from bench.report import report  # noqa: E402

SIZES = {
    # name: (meetings, resolutions); 50 resolutions a meeting at both sizes, so the record
    # page has the same work to do and only the size of the tables differs.
    "small": (20, 1_000),
    "large": (2_000, 100_000),
    # Only when asked (``--sizes huge``): the uncached lists and search at a million.
    "huge": (20_000, 1_000_000),
}
RESULTS = ROOT / "bench" / "RESULTS.md"


# Databases ------------------------------------------------------------------------------


def size_database_url(base: str, size: str) -> str:
    """The URL of the bench database for ``size``, next to the database of ``base``."""
    parts = urlsplit(base)
    if parts.scheme.startswith("sqlite"):
        path = Path(parts.path)
        return f"sqlite://{path.with_name(f'{path.stem}_{size}{path.suffix}')}"
    return parts._replace(path=f"{parts.path}_{size}").geturl()


def ensure_postgres_database(url: str) -> None:
    """Create the PostgreSQL database of ``url`` if it does not exist."""
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = parts._replace(path="/postgres").geturl()
    connection = psycopg2.connect(maintenance)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()


def child_env(database_url: str) -> dict[str, str]:
    """Production settings on the bench database."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="false",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-only-not-a-secret",
        ALLOWED_HOSTS="testserver,localhost,127.0.0.1",
        # The bench speaks plain HTTP to the server, with no TLS proxy in front.
        DJANGO_HTTPS="false",
        # The API's anonymous throttle still runs, at rates the bench cannot reach.
        API_RATE_BURST="1000000/minute",
        API_RATE_SUSTAINED="100000000/day",
        # The admin pages are timed as a signed-in superuser, who has no second factor here.
        TWO_FACTOR_REQUIRED_FOR_PUBLISHERS="false",
        DJANGO_SETTINGS_MODULE="asean_meetings.settings",
        PYTHONPATH=str(ROOT),
    )
    return env


def run_child(step: str, database_url: str, *args: str) -> dict:
    """Run ``step`` of this script in a fresh process on ``database_url``; its JSON result."""
    completed = subprocess.run(
        [sys.executable, __file__, step, *args],
        env=child_env(database_url),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


# Steps run in a process of their own -----------------------------------------------------


def setup_django() -> None:
    import django

    django.setup()


def step_prepare(size: str, reuse: bool) -> dict:
    """Migrate, collect the static files, fill with sample data unless reusable, and refresh
    the planner's statistics."""
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from records.models import Meeting, Resolution

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    call_command("migrate", verbosity=0)
    # Pages link the static files by their hashed names, as `make serve` collects them.
    call_command("collectstatic", interactive=False, verbosity=0)
    meetings, resolutions = SIZES[size]
    current = (Meeting.objects.count(), Resolution.objects.count())
    seconds = None
    if not reuse or pending or current != (meetings, resolutions):
        print(
            f"Generating {size}: {meetings:,} meetings, {resolutions:,} resolutions…",
            file=sys.stderr,
        )
        started = time.perf_counter()
        call_command(
            "generate_sample_data",
            meetings=meetings,
            resolutions=resolutions,
            seed=SEED,
            flush=True,
            verbosity=1,
            stdout=sys.stderr,
            stderr=sys.stderr,
        )
        seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return {"generated_seconds": seconds, "meetings": meetings, "resolutions": resolutions}


def typical_meeting():
    """A published meeting with about the average number of resolutions."""
    from django.db.models import Count, F, Func

    from records.models import Meeting, Resolution

    average = Resolution.objects.count() / max(1, Meeting.objects.count())
    meeting = (
        Meeting.objects.published()
        .annotate(resolution_count=Count("paragraphs__resolutions"))
        .annotate(distance=Func(F("resolution_count") - round(average), function="ABS"))
        .select_related("series")
        .order_by("distance", "slug")
        .first()
    )
    return meeting


def fetch(client, path: str):
    """Request ``path`` and read the whole body, streamed or not."""
    response = client.get(path)
    if response.streaming:
        for _ in response.streaming_content:
            pass
    response.close()
    return response


def timed(client, path: str) -> float:
    """Milliseconds to request ``path`` and read all of it."""
    started = time.perf_counter()
    fetch(client, path)
    return (time.perf_counter() - started) * 1000


def measure(client, path: str, requests: int, uncached_requests: int) -> dict:
    """A page's figures: the SQL queries and time of a first request, then, after two more
    that warm the process, ``requests`` timed as they come (p50, p95) and
    ``uncached_requests`` with the cache emptied before each (what the first visitor after a
    change waits for). A page that does not answer 200 is skipped, saying so."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = fetch(client, path)
        first = (time.perf_counter() - started) * 1000
    # Read now: the connection's query log is cleared when the next request starts.
    queries = len(captured)
    if response.status_code != 200:
        return {"skipped": f"{path} answered {response.status_code}"}
    for _ in range(2):
        fetch(client, path)
    timings = [timed(client, path) for _ in range(requests)]
    uncached = []
    for _ in range(uncached_requests):
        cache.clear()
        uncached.append(timed(client, path))
    return {
        "path": path,
        "queries": queries,
        "first": first,
        "p50": statistics.median(timings),
        "p95": statistics.quantiles(timings, n=20, method="inclusive")[18],
        "uncached_p50": statistics.median(uncached) if uncached else None,
        "uncached_max": max(uncached) if uncached else None,
        "requests": len(timings),
    }


def step_measure(requests: int) -> dict:
    """p50/p95 and query count of every page, in this process."""
    setup_django()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import Resolver404, resolve

    meeting = typical_meeting()
    slug = meeting.slug
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    anonymous, admin = Client(), Client()
    admin.force_login(user)
    results = {"meeting": slug, "words": WORDS, "pages": {}}
    with override_settings(ROOT_URLCONF="bench.urls"):
        for page in PAGES:
            path = page.path.format(
                meeting=slug, series=meeting.series.slug, year=meeting.year, words=quote(WORDS)
            )
            try:
                resolve(urlsplit(path).path)
            except Resolver404:
                results["pages"][page.name] = {"skipped": f"{urlsplit(path).path} not built yet"}
                continue
            client = admin if page.admin else anonymous
            uncached_requests = UNCACHED_REQUESTS if page.requests is None else 0
            results["pages"][page.name] = measure(
                client, path, page.requests or requests, uncached_requests
            )
    return results


def step_export() -> dict:
    """Time and peak memory (RSS) of the whole CSV export, in a process that does nothing else."""
    setup_django()
    from django.test import Client
    from django.urls import Resolver404, resolve

    try:
        resolve(urlsplit(CSV_EXPORT).path)
    except Resolver404:
        return {"skipped": f"{CSV_EXPORT} not built yet"}
    client = Client()
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    response = client.get(CSV_EXPORT)
    size = rows = 0
    chunks = response.streaming_content if response.streaming else [response.content]
    for chunk in chunks:
        size += len(chunk)
        rows += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "status": response.status_code,
        "streaming": response.streaming,
        "seconds": seconds,
        "bytes": size,
        "lines": rows,
        "baseline_mb": baseline / 1024,
        "peak_mb": peak / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="small,large",
        help="Comma-separated: small (1k), large (100k), huge (1M, only when asked).",
    )
    parser.add_argument("--requests", type=int, default=30, help="Timed requests a page.")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="Keep a bench database that already holds the data of its size.",
    )
    parser.add_argument("--no-load", action="store_true", help="Skip the wrk load test.")
    parser.add_argument("--load-seconds", type=int, default=30, help="wrk duration a page.")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--note", default="", help="A line for the report's machine section (a shared machine)."
    )
    args = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL") or f"sqlite:///{ROOT / 'db.sqlite3'}"
    sizes = [size.strip() for size in args.sizes.split(",")]
    prepared, measured, exports = {}, {}, {}
    loaded = None
    for size in sizes:
        url = size_database_url(base_url, size)
        if not urlsplit(url).scheme.startswith("sqlite"):
            ensure_postgres_database(url)
        print(f"== {size}: {urlsplit(url).path.lstrip('/')}", file=sys.stderr)
        prepared[size] = run_child("prepare", url, size, *(["--reuse"] if args.reuse else []))
        measured[size] = run_child("measure", url, str(args.requests))
        if size in {"large", "huge"}:
            exports[size] = run_child("export", url)
        if size == "large" and not args.no_load:
            pages = measured[size]["pages"]
            paths, skipped = [], []
            for name in LOAD_PAGES:
                if "path" in pages[name]:
                    paths.append(pages[name]["path"])
                else:
                    skipped.append(f"{name}: {pages[name]['skipped']}")
            loaded = load.run(child_env(url), paths, seconds=args.load_seconds)
            loaded["not_driven"] = skipped
    database_url = size_database_url(base_url, next(iter(measured)))
    text = report(args, database_url, prepared, measured, exports, loaded)
    args.output.write_text(text, encoding="utf-8")
    print(text)


def internal(argv: list[str]) -> None:
    """The steps ``main`` runs in processes of their own; each prints its result as JSON."""
    step, *rest = argv
    if step == "prepare":
        result = step_prepare(rest[0], reuse="--reuse" in rest)
    elif step == "measure":
        result = step_measure(int(rest[0]))
    elif step == "export":
        result = step_export()
    else:
        raise SystemExit(f"Unknown step {step!r}.")
    print(json.dumps(result))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in {"prepare", "measure", "export"}:
        internal(sys.argv[1:])
    else:
        main()
