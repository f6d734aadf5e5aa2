"""How long the importer takes to recognise a long record (100 numbered paragraphs).

    .venv/bin/python bench/import_speed.py [--paragraphs 100] [--runs 20]

Recognition only (``parse_record``): no database, no file extraction. The record is the seed
record's paragraphs repeated and renumbered, so every rule has work to do: co-chairs, dates,
mends, resolutions and deadlines. The issue's target is under a second for 100 paragraphs.
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asean_meetings.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django  # noqa: E402

django.setup()

from records.importing import parse_record  # noqa: E402
from records.seed import SOURCE  # noqa: E402


def long_record(paragraphs: int) -> str:
    seed = SOURCE.read_text(encoding="utf-8").splitlines()
    title, body = seed[:3], seed[3:]
    lines, number = list(title), 0
    while number < paragraphs:
        for line in body:
            if re.match(r"\d+\. ", line):
                if number == paragraphs:
                    break
                number += 1
                line = re.sub(r"^\d+\.", f"{number}.", line)
            lines.append(line)
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=100)
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()
    text = long_record(options.paragraphs)
    start = time.perf_counter()
    parse_record(text)  # the first run also compiles the patterns, as a fresh server would
    first = time.perf_counter() - start
    timings = []
    for _ in range(options.runs):
        start = time.perf_counter()
        record = parse_record(text)
        timings.append(time.perf_counter() - start)
    resolutions = sum(len(p.resolutions) for p in record.paragraphs)
    actions = sum(len(p.actions) for p in record.paragraphs)
    print(
        f"{len(record.paragraphs)} paragraphs ({len(text):,} characters, {resolutions} "
        f"resolutions, {actions} follow-up actions): median {statistics.median(timings):.3f} s, "
        f"max {max(timings):.3f} s over {options.runs} runs; first run {first:.3f} s"
    )


if __name__ == "__main__":
    main()
