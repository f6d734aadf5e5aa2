"""The bench's report: the machine, the data and a table of every page's figures against its
target, written to ``bench/RESULTS.md`` by ``bench/run.py``."""

import datetime
import os
import platform
from pathlib import Path
from urllib.parse import urlsplit

from bench import load
from bench.pages import (
    CSV_EXPORT,
    CSV_RSS_LIMIT_MB,
    CSV_SECONDS_LIMIT,
    GROWTH_LIMIT,
    PAGES,
    SEED,
    TRIVIAL,
    UNCACHED_REQUESTS,
    WORDS,
)

# Report ---------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    def first(path: str, key: str) -> str:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
        return "?"

    return {
        "cores": str(os.cpu_count()),
        "memory": f"{int(first('/proc/meminfo', 'MemTotal').split()[0]) / 1024 / 1024:.1f} GiB",
        "cpu": first("/proc/cpuinfo", "model name"),
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "python": platform.python_version(),
        "system": platform.platform(),
    }


def database_version(url: str) -> str:
    if urlsplit(url).scheme.startswith("sqlite"):
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    import psycopg2

    connection = psycopg2.connect(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    finally:
        connection.close()


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def page_table(measured: dict[str, dict]) -> tuple[list[str], list[str]]:
    """The table's lines and the notes on skipped pages."""
    small, large = measured.get("small", {}), measured.get("large", {})
    trivial = {size: m["pages"][TRIVIAL.name]["p50"] for size, m in measured.items()}
    lines = [
        "| page | queries 1k / 100k | p50 1k ms | p95 1k ms | p50 100k ms | p95 100k ms "
        "| uncached p50 1k / 100k ms | × trivial (100k) | growth 1k→100k "
        "| target (100k) | |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    notes = []
    for page in PAGES:
        s = small.get("pages", {}).get(page.name, {})
        g = large.get("pages", {}).get(page.name, {})
        if "skipped" in s or "skipped" in g or not (s or g):
            notes.append(f"- {page.name}: skipped ({s.get('skipped') or g.get('skipped')}).")
            continue

        def ms(value):
            return f"{value:.2f}" if value is not None else "–"

        queries = f"{s.get('queries', '–')} / {g.get('queries', '–')}"
        checks = []
        if page.grows:
            growth_text = f"{g['p50'] / s['p50']:.0f}× (every row: not judged)" if s and g else "–"
        elif s and g and page is not TRIVIAL:
            # Each size against the trivial view of its own run: the machine's load, which
            # moves between the two runs, divides out.
            growth = (g["p50"] / trivial["large"]) / (s["p50"] / trivial["small"])
            same_queries = s["queries"] == g["queries"]
            checks.append(growth <= GROWTH_LIMIT and same_queries)
            growth_text = f"{growth:.2f}× (raw {g['p50'] / s['p50']:.2f}×"
            if s.get("uncached_p50") and g.get("uncached_p50"):
                growth_text += f"; uncached {g['uncached_p50'] / s['uncached_p50']:.2f}×"
            growth_text += ")"
            if not same_queries:
                growth_text += ", queries differ"
        else:
            growth_text = "–"
        ratio = f"{g['p50'] / trivial['large']:.1f}×" if g and "large" in trivial else "–"
        target_text = ""
        if page.target and g:
            ok, limit = page.target.met(g["p50"], trivial["large"])
            checks.append(ok)
            target_text = f"{page.target} ({limit:.1f} ms)"
        status = verdict(all(checks)) if checks else ""
        lines.append(
            f"| {page.name} | {queries} | {ms(s.get('p50'))} | {ms(s.get('p95'))} "
            f"| {ms(g.get('p50'))} | {ms(g.get('p95'))} "
            f"| {ms(s.get('uncached_p50'))} / {ms(g.get('uncached_p50'))} "
            f"| {ratio} | {growth_text} "
            f"| {target_text} | {status} |"
        )
    return lines, notes


def report(args, database_url, prepared, measured, export, loaded) -> str:
    info = machine()
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    out = [
        "# Benchmark results",
        "",
        f"Written by `make bench` (`python bench/run.py`) on {now}. Every figure below is",
        "measured by that command; run it again to reproduce them.",
        "",
        "## Machine",
        "",
        f"- {info['cores']} cores, {info['memory']} memory, CPU: {info['cpu']}",
        f"- {database_version(database_url)}, Python {info['python']}, {info['system']}",
        f"- Load average at the end of the run: {info['load']} (other work on the machine "
        "slows every figure alike; the ratios to the trivial view absorb part of it).",
        "",
        "## Data",
        "",
    ]
    for size, result in prepared.items():
        made = (
            f"generated in {result['generated_seconds']:.1f} s"
            if result["generated_seconds"] is not None
            else "reused from an earlier run (--reuse)"
        )
        out.append(
            f"- {size}: {result['meetings']:,} meetings, {result['resolutions']:,} resolutions "
            f"(`generate_sample_data --seed {SEED}`), {made}."
        )
    if measured:
        chosen = ", ".join(f"`{m['meeting']}` ({size})" for size, m in measured.items())
        out.append(
            f"- Record page and `?meeting=`: a published meeting with about the average "
            f"number of resolutions: {chosen}. Text filters and search look for “{WORDS}”."
        )
    lines, notes = page_table(measured)
    out += [
        "",
        "## Pages",
        "",
        f"Server time in-process through Django's test client (middleware, view, template, "
        f"database), {args.requests} timed requests a page after 2 warm-up requests (exports: "
        "fewer); queries counted on the first request, which finds nothing cached. Public "
        "pages are served from the cache after that (docs/operations.md); *uncached* is the p50 of "
        f"{UNCACHED_REQUESTS} more requests with the cache emptied before each. Growth is the "
        "page's multiple of the trivial view at 100k over the same at 1k (so that a change in "
        "the machine's load between the two runs divides out); *raw* is p50 at 100k over p50 "
        f"at 1k. The targets ask ≤ {GROWTH_LIMIT}× and the same query count at both sizes.",
        "",
        *lines,
        "",
        *(["Not measured:", "", *notes, ""] if notes else []),
        "## CSV export of every resolution",
        "",
    ]
    if export is None:
        out.append("Not run (no large size in this run).")
    elif "skipped" in export:
        out.append(f"Skipped: {export['skipped']}.")
    else:
        ok = (
            export["peak_mb"] < CSV_RSS_LIMIT_MB
            and export["seconds"] < CSV_SECONDS_LIMIT
            and export["status"] == 200
        )
        out += [
            f"`GET {CSV_EXPORT}` at 100,000 resolutions, alone in a fresh process: "
            f"status {export['status']}, {'streamed' if export['streaming'] else 'NOT streamed'}, "
            f"{export['lines']:,} lines, {export['bytes'] / 1e6:.1f} MB in "
            f"{export['seconds']:.1f} s; peak RSS {export['peak_mb']:.0f} MB (Django loaded: "
            f"{export['baseline_mb']:.0f} MB). Target: under {CSV_SECONDS_LIMIT} s and under "
            f"{CSV_RSS_LIMIT_MB} MB: {verdict(ok)}.",
        ]
    out += ["", "## Under load", ""]
    if loaded is None:
        out.append("Not run (`--no-load`, or no large size in this run).")
    else:
        out += load.report_lines(loaded)
    return "\n".join(out) + "\n"
