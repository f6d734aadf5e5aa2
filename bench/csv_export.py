"""Measure the streamed CSV export (and the list and search pages) on a big database.

    DATABASE_URL=postgres://…/scratch DJANGO_DEBUG=true \
        .venv/bin/python bench/csv_export.py --generate 100000

``--generate N`` first adds N published resolutions (and N/5 follow-up actions with
progress) with bulk inserts; leave it out to measure what is there. Prints the rows, bytes,
seconds and the process's peak RSS while streaming each export, read chunk by chunk as a
client would. A rough tool until the benchmark harness (``make bench``) exists.
"""

import argparse
import datetime
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asean_meetings.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from records.models import (  # noqa: E402
    Country,
    FollowUpAction,
    Meeting,
    MeetingSeries,
    Organisation,
    Paragraph,
    ProgressUpdate,
    Resolution,
)

WORDS = [
    "smart",
    "city",
    "network",
    "cooperation",
    "guidebook",
    "transport",
    "urban",
    "planning",
    "digital",
    "water",
    "energy",
    "resilience",
    "flood",
    "housing",
    "mobility",
    "investment",
    "capacity",
    "building",
    "workshop",
    "report",
    "study",
    "strategy",
    "partnership",
    "sustainable",
    "development",
    "innovation",
    "data",
    "platform",
    "finance",
]


def generate(count: int) -> None:
    rng = random.Random(2021)
    per_paragraph, per_meeting = 5, 40
    meetings_needed = count // (per_paragraph * per_meeting) + 1
    countries = list(Country.objects.all()) or [
        Country.objects.create(name=f"Bench State {n}", code=f"Q{n}") for n in range(10)
    ]
    organisations = list(Organisation.objects.all()) or [
        Organisation.objects.create(name=f"Bench Body {n}", slug=f"bench-body-{n}")
        for n in range(10)
    ]
    series = [
        MeetingSeries.objects.get_or_create(
            slug=f"bench-{n}", defaults={"name": f"Bench Series {n}", "short_name": f"BS{n}"}
        )[0]
        for n in range(5)
    ]
    start = Meeting.objects.filter(series__slug__startswith="bench-").count()
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                series=series[n % 5],
                sequence_number=start + n + 1,
                year=1990 + (start + n) // 20,
                start_date=datetime.date(1990 + (start + n) // 20, 1 + n % 12, 1 + n % 28),
                end_date=datetime.date(1990 + (start + n) // 20, 1 + n % 12, 1 + n % 28),
                title=f"Summary Record of Bench Meeting {start + n + 1}",
                slug=f"bench-meeting-{start + n + 1}",
                status=Meeting.Status.PUBLISHED,
                published_at=timezone.now(),
            )
            for n in range(meetings_needed)
        ]
    )
    made = 0
    for meeting in meetings:
        if made >= count:
            break
        paragraphs = Paragraph.objects.bulk_create(
            [
                Paragraph(
                    meeting=meeting,
                    number=number,
                    text=" ".join(rng.choice(WORDS) for _ in range(80)) + ".",
                )
                for number in range(1, per_meeting + 1)
            ]
        )
        resolutions = []
        for paragraph in paragraphs:
            for order in range(1, per_paragraph + 1):
                words = paragraph.text.split()
                resolutions.append(
                    Resolution(
                        paragraph=paragraph,
                        order=order,
                        verb=rng.choice(Resolution.Verb.values),
                        parties="ASEAN and Japan",
                        text=" ".join(words[order * 10 : order * 10 + 12]),
                    )
                )
        resolutions = Resolution.objects.bulk_create(resolutions[: count - made])
        made += len(resolutions)
        Resolution.party_countries.through.objects.bulk_create(
            [
                Resolution.party_countries.through(resolution=r, country=rng.choice(countries))
                for r in resolutions
            ]
        )
        Resolution.party_organisations.through.objects.bulk_create(
            [
                Resolution.party_organisations.through(
                    resolution=r, organisation=rng.choice(organisations)
                )
                for r in resolutions
            ]
        )
        actions = FollowUpAction.objects.bulk_create(
            [
                FollowUpAction(
                    meeting=meeting,
                    paragraph=paragraph,
                    description=" ".join(rng.choice(WORDS) for _ in range(12)),
                    owners="ASEAN Secretariat",
                    due_date=datetime.date(2000 + rng.randrange(40), 12, 31),
                    due_precision=FollowUpAction.Precision.YEAR,
                    status=rng.choice(FollowUpAction.Status.values),
                )
                for paragraph in paragraphs
            ]
        )
        later = meetings[(meetings.index(meeting) + 1) % len(meetings)]
        ProgressUpdate.objects.bulk_create(
            [
                ProgressUpdate(action=a, meeting=later, text="Progress was reported.")
                for a in actions
            ]
        )
    print(f"generated {made} resolutions in {len(meetings)} meetings")


def measure_export(client: Client, url: str) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    response = client.get(url)
    lines = size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\r\n")
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"{url}: {lines - 1} rows, {size / 1e6:.1f} MB in {seconds:.1f} s; "
        f"peak RSS {peak / 1024:.0f} MB (was {before / 1024:.0f} MB before the export)"
    )


def measure_page(client: Client, url: str, repeat: int = 5) -> None:
    client.get(url)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        status = client.get(url).status_code
        times.append(time.perf_counter() - started)
    times.sort()
    print(f"{url}: {status}, median {times[len(times) // 2] * 1000:.0f} ms of {repeat}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--generate", type=int, default=0, metavar="N")
    parser.add_argument("--pages", action="store_true", help="also time the list pages")
    args = parser.parse_args()
    if args.generate:
        generate(args.generate)
    setup_test_environment()
    client = Client()
    print(f"{Resolution.objects.published().count()} published resolutions")
    measure_export(client, "/resolutions/?format=csv")
    measure_export(client, "/actions/?format=csv")
    if args.pages:
        for url in [
            "/resolutions/",
            "/resolutions/?verb=agreed",
            "/resolutions/?text=guidebook+flood",
            "/actions/?overdue=1",
            "/search/?q=guidebook+flood",
            "/search/?q=%22smart+city%22",
            "/overview/",
        ]:
            measure_page(client, url)


if __name__ == "__main__":
    main()
