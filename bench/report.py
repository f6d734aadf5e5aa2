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
    HUGE_GENERATION_SECONDS,
    HUGE_LIST_MS,
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


def ms(value) -> str:
    return f"{value:.2f}" if value is not None else "–"


def growth(page, small: dict, large: dict, trivial: dict[str, float]) -> tuple[str, list[bool]]:
    """The page's growth 1k → 100k, cached and uncached, in words, and its checks."""
    if page.grows:
        return f"{large['p50'] / small['p50']:.0f}× (every row: not judged)", []
    if page is TRIVIAL:
        return "–", []
    # Each size against the trivial view of its own run: the machine's load, which moves
    # between the two runs, divides out.
    load = trivial["large"] / trivial["small"]
    cached = large["p50"] / small["p50"] / load
    checks = [cached <= GROWTH_LIMIT, small["queries"] == large["queries"]]
    text = f"{cached:.2f}× (raw {large['p50'] / small['p50']:.2f}×)"
    if small.get("uncached_p50") and large.get("uncached_p50"):
        uncached = large["uncached_p50"] / small["uncached_p50"] / load
        checks.append(uncached <= GROWTH_LIMIT)
        text += f"; uncached {uncached:.2f}×"
    if small["queries"] != large["queries"]:
        text += ", queries differ"
    return text, checks


def target_checks(page, large: dict, trivial_ms: float) -> tuple[str, list[bool]]:
    """The page's targets at 100k in words (with the p50 each allows), and their checks."""
    texts, checks = [], []
    for target in (page.target, page.cached):
        if target is None:
            continue
        p50 = large.get("uncached_p50") if target.uncached else large["p50"]
        if p50 is None:
            continue
        ok, limit = target.met(p50, trivial_ms)
        checks.append(ok)
        texts.append(f"{target} ({limit:.1f} ms)")
    return "; ".join(texts), checks


def page_table(measured: dict[str, dict]) -> tuple[list[str], list[str]]:
    """The table of 1k and 100k: its lines and the notes on skipped pages."""
    small, large = measured.get("small", {}), measured.get("large", {})
    trivial = {size: m["pages"][TRIVIAL.name]["p50"] for size, m in measured.items()}
    lines = [
        "| page | queries 1k / 100k | p50 1k / 100k ms | p95 100k ms "
        "| uncached p50 1k / 100k ms | × trivial (100k) | growth 1k→100k "
        "| target (100k) | |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    notes = []
    for page in PAGES:
        s = small.get("pages", {}).get(page.name, {})
        g = large.get("pages", {}).get(page.name, {})
        if "skipped" in s or "skipped" in g or not (s or g):
            notes.append(f"- {page.name}: skipped ({s.get('skipped') or g.get('skipped')}).")
            continue
        checks = []
        growth_text = "–"
        if s and g:
            growth_text, checks = growth(page, s, g, trivial)
        ratio = f"{g['p50'] / trivial['large']:.1f}×" if g and "large" in trivial else "–"
        target_text = ""
        if g:
            target_text, met = target_checks(page, g, trivial["large"])
            checks += met
        status = verdict(all(checks)) if checks else ""
        lines.append(
            f"| {page.name} | {s.get('queries', '–')} / {g.get('queries', '–')} "
            f"| {ms(s.get('p50'))} / {ms(g.get('p50'))} | {ms(g.get('p95'))} "
            f"| {ms(s.get('uncached_p50'))} / {ms(g.get('uncached_p50'))} "
            f"| {ratio} | {growth_text} | {target_text} | {status} |"
        )
    return lines, notes


def huge_table(huge: dict) -> list[str]:
    """The table of 1M: every page, the lists and search judged uncached."""
    lines = [
        "| page | queries | p50 ms | uncached p50 ms | target (1M) | |",
        "|---|---|---|---|---|---|",
    ]
    for page in PAGES:
        g = huge["pages"].get(page.name, {})
        if not g or "skipped" in g:
            continue
        target_text = status = ""
        if page.huge and g.get("uncached_p50") is not None:
            target_text = f"≤ {HUGE_LIST_MS} ms uncached"
            status = verdict(g["uncached_p50"] <= HUGE_LIST_MS)
        lines.append(
            f"| {page.name} | {g['queries']} | {ms(g['p50'])} | {ms(g.get('uncached_p50'))} "
            f"| {target_text} | {status} |"
        )
    return lines


def export_lines(size: str, export: dict) -> list[str]:
    rows = {"large": "100,000", "huge": "1,000,000"}[size]
    if "skipped" in export:
        return [f"- {rows} resolutions: skipped: {export['skipped']}."]
    bounded = export["peak_mb"] < CSV_RSS_LIMIT_MB
    if size == "large":
        ok = bounded and export["seconds"] < CSV_SECONDS_LIMIT and export["status"] == 200
        target = f"under {CSV_SECONDS_LIMIT} s and under {CSV_RSS_LIMIT_MB} MB"
    else:
        ok = bounded and export["streaming"] and export["status"] == 200
        target = f"streamed, under {CSV_RSS_LIMIT_MB} MB"
    return [
        f"- `GET {CSV_EXPORT}` at {rows} resolutions, alone in a fresh process: "
        f"status {export['status']}, {'streamed' if export['streaming'] else 'NOT streamed'}, "
        f"{export['lines']:,} lines, {export['bytes'] / 1e6:.1f} MB in "
        f"{export['seconds']:.1f} s; peak RSS {export['peak_mb']:.0f} MB (Django loaded: "
        f"{export['baseline_mb']:.0f} MB). Target: {target}: {verdict(ok)}."
    ]


def report(args, database_url, prepared, measured, exports, loaded) -> str:
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
        *([f"- {args.note}"] if args.note else []),
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
        if size == "huge" and result["generated_seconds"] is not None:
            ok = result["generated_seconds"] < HUGE_GENERATION_SECONDS
            made += f" (target: under {HUGE_GENERATION_SECONDS // 60} minutes: {verdict(ok)})"
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
        f"at 1k; *uncached* growth is the same of the uncached p50s. The targets ask ≤ "
        f"{GROWTH_LIMIT}× cached and uncached, and the same query count at both sizes; a "
        "target marked *uncached* is judged on the uncached p50.",
        "",
        *lines,
        "",
        *(["Not measured:", "", *notes, ""] if notes else []),
    ]
    if "huge" in measured:
        out += [
            "## At 1,000,000 resolutions",
            "",
            f"The same pages, {args.requests} timed requests each; the public lists, the API "
            f"lists and search are judged uncached, at most {HUGE_LIST_MS} ms.",
            "",
            *huge_table(measured["huge"]),
            "",
        ]
    out += ["## CSV export of every resolution", ""]
    if not exports:
        out.append("Not run (no large or huge size in this run).")
    for size, export in exports.items():
        out += export_lines(size, export)
    out += ["", "## Under load", ""]
    if loaded is None:
        out.append("Not run (`--no-load`, or no large size in this run).")
    else:
        out += load.report_lines(loaded)
    return "\n".join(out) + "\n"
