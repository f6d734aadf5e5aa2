#!/usr/bin/env python
"""How the importer holds up against hostile files as large as an upload may be (10 MB).

    DATABASE_URL=postgres://… .venv/bin/python bench/import_limits.py [--cases a,b] [--timeout 60]

Each file is made by ``tests/hostile_files.py`` (the tests make the same files, small). Each
is imported twice, each time in a fresh process, measured for wall time and peak memory (the
process's maximum resident set, Python, Django and the libraries included):

- *server*: uploaded to the admin's "Import a summary record" through Django's test client,
  as a member of staff would: reading, recognition and the preview page, drawn;
- *command*: ``manage.py import_record --dry-run FILE``.

The target (issue 15): every upload up to the size limit is refused or read in under 10 s
with under 300 MB peak, and a refusal says what is wrong (no crash). Writes the table to
``bench/IMPORT_LIMITS.md`` when every case is run. The database of ``DATABASE_URL`` must be
migrated: the preview looks names up in it, and a superuser ``bench-importer`` is made there.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import hostile_files  # noqa: E402  (light: the builders import their libraries)

RESULTS = ROOT / "bench" / "IMPORT_LIMITS.md"
SECONDS_LIMIT = 10
MEGABYTES_LIMIT = 300
MB = 1024 * 1024


# Name → (file name, the builder in tests/hostile_files.py, its arguments); each file is at
# most 10 MB. Each is built in a process of its own, so that this one stays small: a child's
# peak memory counts its parent's from before it started.
CASES = {
    "lying zip (10 GB of zeros, headers say 1 KB)": ("lying.docx", "lying_zip_docx", [10_000 * MB]),
    "honest zip bomb (4 GB of empty paragraphs)": ("bomb.docx", "zip_bomb_docx", [4000 * MB]),
    "48 MB of one-letter paragraphs": ("tiny.docx", "tiny_paragraphs_docx", [48 * MB]),
    "65,000 zip members": ("members.docx", "many_members_docx", [65_000]),
    "billion laughs (10**9 entities)": ("laughs.docx", "billion_laughs_docx", []),
    "external entity (/etc/passwd)": ("entity.docx", "external_entity_docx", ["/etc/passwd"]),
    "60,000-page PDF": ("pages.pdf", "many_pages_pdf", [60_000]),
    "PDF stream inflating to 100 MB": ("inflating.pdf", "inflating_stream_pdf", [100 * MB]),
    "PDF page of 1.5 million operators": ("busy.pdf", "busy_pages_pdf", [1_500_000]),
    "PDF of 300 pages of 1,000 operators": ("busy300.pdf", "busy_pages_pdf", [1_000, 300]),
    "PDF of arrays nested 100,000 deep": ("nested.pdf", "nested_arrays_pdf", [100_000]),
    "the longest record accepted (500 paragraphs)": ("longest.txt", "long_record", [500]),
    **{
        f"text: {name}, 1,000,000 characters": (f"{name}.txt", "repetitive_text", [name])
        for name in hostile_files.REPETITIVE
    },
    **{
        f"title: {name}, 1,000,000 characters": (f"{name}.txt", "repetitive_title", [name])
        for name in hostile_files.REPETITIVE_IN_TITLES
    },
}


# In processes of their own ----------------------------------------------------------------


def step_make(name: str, path: str) -> None:
    """Write the file of the case ``name`` to ``path``."""
    _, builder, arguments = CASES[name]
    if builder == "long_record":
        from bench.import_speed import long_record

        data = long_record(*arguments).encode()
    elif builder == "repetitive_text":
        unit = hostile_files.REPETITIVE[arguments[0]]
        data = hostile_files.repetitive_text(unit, 1_000_000).encode()
    elif builder == "repetitive_title":
        unit = hostile_files.REPETITIVE_IN_TITLES[arguments[0]]
        data = hostile_files.repetitive_title(unit, 1_000_000).encode()
    else:
        data = getattr(hostile_files, builder)(*arguments)
    Path(path).write_bytes(data)


def step_server(path: str) -> dict:
    """Upload the file at ``path`` to the admin's import, as a member of staff would; what
    the page said."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse
    from lxml import html

    user, _ = get_user_model().objects.get_or_create(
        username="bench-importer", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    file = Path(path)
    upload = SimpleUploadedFile(file.name, file.read_bytes())
    response = client.post(reverse("admin:records_meeting_import"), {"file": upload})
    page = html.fromstring(response.content)
    errors = page.xpath('//p[@class="errornote"]//text()')
    if errors:
        return {"outcome": f"refused: {' '.join(errors).strip()}"}
    rows = len(page.xpath('//form[@id="record-import-confirm"]//input | //textarea'))
    return {
        "outcome": f"preview ({response.status_code}, {len(response.content) / MB:.1f} MB, "
        f"{rows:,} fields)"
    }


# Measuring ------------------------------------------------------------------------------


def measured(command: list[str], timeout: int) -> dict:
    """Run ``command``; its wall time, peak RSS, exit status and last line of output."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "asean_meetings.settings",
        "PYTHONPATH": str(ROOT),
    }
    env.setdefault("DJANGO_DEBUG", "true")
    env.setdefault("ALLOWED_HOSTS", "testserver")
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.02)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0)
        lines = out.read().decode(errors="replace").strip().splitlines()
    return {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
        "status": process.returncode,
        "timed_out": seconds > timeout,
        "last_line": lines[-1] if lines else "",
    }


def run_case(path: Path, timeout: int) -> dict:
    server = measured([sys.executable, __file__, "server", str(path)], timeout)
    try:
        server["outcome"] = json.loads(server["last_line"])["outcome"]
    except (ValueError, KeyError):
        server["outcome"] = f"crashed: {server['last_line']}"
    command = measured(
        [sys.executable, "manage.py", "import_record", "--dry-run", str(path)], timeout
    )
    if command["status"] == 0:
        command["outcome"] = "read (exit 0)"
    else:
        command["outcome"] = f"exit {command['status']}: {command['last_line']}"
    return {"server": server, "command": command}


def cell(run: dict, timeout: int) -> str:
    if run["timed_out"]:
        return f"> {timeout} s (killed), {run['peak_mb']:.0f} MB"
    return f"{run['seconds']:.1f} s ({run['cpu_seconds']:.1f} s CPU), {run['peak_mb']:.0f} MB"


def within(run: dict) -> bool:
    crashed = run["outcome"].startswith("crashed") or "Traceback" in run["outcome"]
    return (
        not run["timed_out"]
        and not crashed
        and run["cpu_seconds"] < SECONDS_LIMIT
        and run["peak_mb"] < MEGABYTES_LIMIT
    )


def report(rows: list[tuple[str, int, dict]], timeout: int) -> str:
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Import limits: hostile files",
        "",
        f"Written by `python bench/import_limits.py` on {now} ({os.cpu_count()} cores; load "
        f"average {' '.join(f'{x:.2f}' for x in os.getloadavg())}). Each file is at most "
        f"10 MB, made by `tests/hostile_files.py`. *Server*: uploaded to the admin's import "
        "through Django's test client (reading, recognition, the preview page drawn), in a "
        "fresh process; *command*: `manage.py import_record --dry-run FILE`. Time is the wall "
        "time of the whole process (Python and Django starting included, about a second of "
        "CPU), with its CPU time in brackets; memory is the process's peak resident set. "
        f"Target: under {SECONDS_LIMIT} s and under {MEGABYTES_LIMIT} MB, and a clear refusal "
        "rather than a crash. The verdict reads the CPU time: the import is one thread, so on "
        "a server to itself its wall time is its CPU time, while on a shared machine (see the "
        "load average) the wall time also counts the waits for a core. Run "
        "`python bench/import_limits.py` to reproduce.",
        "",
        "| file | size | server | command | what the officer reads | |",
        "|---|---|---|---|---|---|",
    ]
    for name, size, result in rows:
        server, command = result["server"], result["command"]
        ok = within(server) and within(command)
        outcome = server["outcome"].replace("|", "\\|")
        lines.append(
            f"| {name} | {size / MB:.1f} MB | {cell(server, timeout)} | "
            f"{cell(command, timeout)} | {outcome} | {'met' if ok else 'MISSED'} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", help="Run only the cases whose name holds one of these words.")
    parser.add_argument("--timeout", type=int, default=60, help="Seconds before a run is killed.")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asean_meetings.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    chosen = CASES
    if args.cases:
        words = [word.strip().lower() for word in args.cases.split(",")]
        chosen = {k: v for k, v in CASES.items() if any(w in k.lower() for w in words)}
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name, (file_name, _, _) in chosen.items():
            path = Path(folder) / file_name
            subprocess.run([sys.executable, __file__, "make", name, str(path)], check=True)
            print(f"{name}: {path.stat().st_size / MB:.1f} MB…", file=sys.stderr, flush=True)
            result = run_case(path, args.timeout)
            for run in ("server", "command"):
                print(
                    f"  {run} {cell(result[run], args.timeout)}: {result[run]['outcome'][:100]}",
                    file=sys.stderr,
                )
            rows.append((name, path.stat().st_size, result))
            path.unlink()
    text = report(rows, args.timeout)
    if not args.cases:
        args.output.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    if sys.argv[1:2] == ["make"]:
        step_make(*sys.argv[2:])
    elif sys.argv[1:2] == ["server"]:
        print(json.dumps(step_server(sys.argv[2])))
    else:
        main()
