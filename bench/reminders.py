"""How long computing the reminders takes, and how much memory, on 100,000 resolutions.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reminders_bench \\
        .venv/bin/python bench/reminders.py [--generate] [--today 2025-12-01]

``--generate`` first fills the database (migrated, emptied) with ``generate_sample_data``
at the bench's large size (2,000 meetings, 100,000 resolutions, seed 1), focal points and
desks included; without it the records there are used. Then, in this process, with
production settings, it runs what ``send_action_reminders --dry-run`` runs: every digest
computed and its message rendered, nothing sent. It prints the time and the process's peak
memory (RSS) before and after, so the growth is what the digests cost. The issue's target
is under 30 s, in bounded memory.
"""

import argparse
import datetime
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asean_meetings.settings")
os.environ.setdefault("DJANGO_DEBUG", "false")  # DEBUG would keep every query in memory
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from records import reminders  # noqa: E402
from records.models import FocalPoint, FollowUpAction, Meeting, Resolution  # noqa: E402

MEETINGS, RESOLUTIONS, SEED = 2_000, 100_000, 1


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate() -> None:
    call_command("migrate", verbosity=0)
    if (Meeting.objects.count(), Resolution.objects.count()) == (MEETINGS, RESOLUTIONS):
        print("The database holds the bench's records already.", file=sys.stderr)
        return
    call_command(
        "generate_sample_data",
        meetings=MEETINGS,
        resolutions=RESOLUTIONS,
        seed=SEED,
        flush=True,
        stdout=sys.stderr,
        stderr=sys.stderr,
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generate", action="store_true")
    parser.add_argument(
        "--today",
        type=datetime.date.fromisoformat,
        default=datetime.date(2025, 12, 1),
        help="Run as on this day (default: the day after the sample data's last).",
    )
    options = parser.parse_args()
    if options.generate:
        generate()
    policy = reminders.Policy(today=options.today)
    published = FollowUpAction.objects.published(include_restricted=True)
    print(
        f"{Resolution.objects.count():,} resolutions, {FollowUpAction.objects.count():,} "
        f"follow-up actions ({published.overdue(policy.today).count():,} of published records "
        f"overdue on {policy.today}), {FocalPoint.objects.count():,} focal points."
    )
    before = peak_rss_mb()
    started = time.perf_counter()
    report = reminders.send_reminders(policy, dry_run=True)
    seconds = time.perf_counter() - started
    after = peak_rss_mb()
    print(
        f"Computed and rendered {report.digests:,} digests ({report.escalations:,} to desks) "
        f"listing {report.actions_listed:,} actions in {seconds:.1f} s; peak RSS "
        f"{before:.0f} MB before, {after:.0f} MB after (+{after - before:.0f} MB)."
    )


if __name__ == "__main__":
    main()
