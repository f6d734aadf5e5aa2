#!/usr/bin/env python
"""Search with language versions present: uncached p50 of /search/ on a bench database.

    DATABASE_URL=postgres://…/bench_large python bench/search_languages.py --add-versions 2000

On the database of ``DATABASE_URL`` (filled by ``make bench`` or ``generate_sample_data``),
``--add-versions N`` first adds published language versions to published records until they
hold N version paragraphs in all: Japanese, Thai, Vietnamese, Indonesian, Chinese and Khmer in
turn, each paragraph a sentence of that language with the record's paragraph number. Without
``--add-versions`` nothing is written.

Then, with production settings, each query is measured as ``make bench`` measures a page
(``bench.run.measure``): the SQL queries and time of its first request (in this fresh process,
the first Thai or Japanese query also loads that language's dictionary, as a gunicorn worker
does once as it starts), then ``--requests`` times cached and as many with the cache emptied
before each (p50, and the slowest uncached), and the uncached p50 as a multiple of a trivial
view's p50 in the same run, against the search page's target in ``bench/pages.py``.
"""

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import PAGES, TRIVIAL  # noqa: E402
from bench.run import child_env, measure  # noqa: E402

SEARCH = next(page for page in PAGES if page.name == "search")

QUERIES = ["smart mobility", "Da Nang", "スマートシティ", "เมืองอัจฉริยะ", '"kerja sama"']
QUERIES += ["智慧城市", "ទីក្រុងឆ្លាតវៃ"]
SENTENCES = {
    "ja": "各加盟国におけるスマートシティの実現に向けた協力を引き続き強化することを決意した。",
    "th": "ที่ประชุมได้หารือเรื่องการพัฒนาเมืองอัจฉริยะอาเซียนอย่างยั่งยืน",
    "vi": "Hội nghị tại Đà Nẵng đã thảo luận về thành phố thông minh.",
    "id": "Kedua negara sepakat untuk bekerja sama dalam pembangunan kota cerdas.",
    "zh": "会议决定继续加强东盟智慧城市网络成员之间的合作。",
    "km": "កិច្ចប្រជុំបានពិភាក្សាអំពីការអភិវឌ្ឍទីក្រុងឆ្លាតវៃអាស៊ាន។",
}


def add_versions(count: int) -> int:
    from django.db import transaction
    from django.utils import timezone

    from records.models import LanguageVersion, Meeting, VersionParagraph

    made = 0
    languages = list(SENTENCES)
    meetings = Meeting.objects.published().exclude(language_versions__isnull=False)
    with transaction.atomic():
        for index, meeting in enumerate(meetings.order_by("pk").iterator()):
            if made >= count:
                break
            language = languages[index % len(languages)]
            version = LanguageVersion.objects.create(
                meeting=meeting,
                language=language,
                title=f"{meeting.title} ({language})",
                status=LanguageVersion.Status.PUBLISHED,
                published_at=timezone.now(),
                authoritative=False,
            )
            numbers = list(meeting.paragraphs.values_list("number", flat=True))[: count - made]
            VersionParagraph.objects.bulk_create(
                VersionParagraph(
                    language_version=version,
                    number=number,
                    text=f"{number}. {SENTENCES[language]}",
                )
                for number in numbers
            )
            made += len(numbers)
    return made


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--add-versions", type=int, default=0, metavar="N")
    parser.add_argument("--requests", type=int, default=7)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        parser.error("set DATABASE_URL to the bench database")
    # Production settings on the bench database, as ``make bench`` measures every page.
    os.environ.update(child_env(os.environ["DATABASE_URL"]))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    if args.add_versions:
        started = time.perf_counter()
        made = add_versions(args.add_versions)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"added {made} version paragraphs in {time.perf_counter() - started:.1f} s")
    call_command("collectstatic", interactive=False, verbosity=0)
    from records.models import Resolution, VersionParagraph

    print(
        f"{Resolution.objects.count():,} resolutions, "
        f"{VersionParagraph.objects.count():,} version paragraphs, {connection.vendor}; "
        f"{args.requests} requests each; target: {SEARCH.target}"
    )
    client = Client()
    with override_settings(ROOT_URLCONF="bench.urls"):
        trivial = measure(client, TRIVIAL.path, args.requests, 0)["p50"]
        print(f"trivial view p50 {trivial:.1f} ms")
        print("queries    first   cached uncached      max × trivial  target  query")
        for query in QUERIES:
            path = f"/search/?{urlencode({'q': query})}"
            figures = measure(client, path, args.requests, args.requests)
            if "skipped" in figures:
                sys.exit(figures["skipped"])
            uncached = figures["uncached_p50"]
            met, _limit = SEARCH.target.met(uncached, trivial)
            print(
                f"{figures['queries']:7d} {figures['first']:6.1f} ms {figures['p50']:5.1f} ms"
                f" {uncached:5.1f} ms {figures['uncached_max']:5.1f} ms {uncached / trivial:8.1f}×"
                f"  {'met' if met else 'MISSED':6}  {query}"
            )


if __name__ == "__main__":
    main()
