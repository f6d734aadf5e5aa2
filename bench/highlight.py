"""How long search highlighting takes as the text grows: it must grow linearly.

    .venv/bin/python bench/highlight.py [--runs 5]

Times ``search.highlight`` (PostgreSQL: the marks of ``ts_headline`` made ``<mark>``) and
``search.snippet`` (the SQLite fallback) on the texts that made the old highlighting take a
minute: a stored text full of unclosed start marks (before this was fixed, 100,000 of them
took 104 s: quadratic), a hit as long as the text, many hits. Prints the best of ``--runs``
in ms for each length, and ms per 100,000 characters, which stays about the same when the
time is linear in the length. No database.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asean_meetings.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django  # noqa: E402

django.setup()

from records import search  # noqa: E402
from records.text import START_MARK, STOP_MARK  # noqa: E402

LENGTHS = [10_000, 100_000, 1_000_000]
TERMS = search.parse("guidebook")

CASES = {
    "highlight: a hit, then unclosed start marks": lambda n: search.highlight(
        f"the {START_MARK}guidebook{STOP_MARK} " + START_MARK * n
    ),
    "highlight: one hit as long as the text": lambda n: search.highlight(
        START_MARK + "guidebook " * (n // 10) + STOP_MARK
    ),
    "highlight: a hit every ten characters": lambda n: search.highlight(
        f"{START_MARK}guidebook{STOP_MARK} " * (n // 10)
    ),
    "snippet: start marks, then the word": lambda n: search.snippet(
        START_MARK * n + " the guidebook", TERMS
    ),
}


def best_ms(function, length: int, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function(length)
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    print(f"| case | {' | '.join(f'{n:,} chars ms' for n in LENGTHS)} | ms per 100k chars |")
    print(f"|---|{'---|' * len(LENGTHS)}---|")
    for name, function in CASES.items():
        times = [best_ms(function, length, options.runs) for length in LENGTHS]
        per_100k = " / ".join(
            f"{ms * 100_000 / n:.1f}" for ms, n in zip(times, LENGTHS, strict=True)
        )
        print(f"| {name} | {' | '.join(f'{ms:.1f}' for ms in times)} | {per_100k} |")


if __name__ == "__main__":
    main()
