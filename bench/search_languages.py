#!/usr/bin/env python
"""Search with language versions present: uncached p50 of /search/ on a bench database.

    DATABASE_URL=postgres://…/bench_large python bench/search_languages.py --add-versions 2000

On the database of ``DATABASE_URL`` (filled by ``make bench`` or ``generate_sample_data``),
``--add-versions N`` first adds published language versions to published records until they
hold N version paragraphs in all: Japanese, Thai, Vietnamese, Indonesian, Chinese and Khmer in
turn, each paragraph a sentence of that language with the record's paragraph number. Then each
query is requested ``--requests`` times through Django's test client with the cache emptied
before each, and the p50 and slowest of the times printed. Without ``--add-versions`` nothing is
written.
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asean_meetings.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    if args.add_versions:
        started = time.perf_counter()
        made = add_versions(args.add_versions)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"added {made} version paragraphs in {time.perf_counter() - started:.1f} s")
    client = Client()
    for query in QUERIES:
        times = []
        for _ in range(args.requests):
            cache.clear()
            started = time.perf_counter()
            response = client.get("/search/", {"q": query}, headers={"host": "localhost"})
            b"".join(response) if response.streaming else response.content
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        title = re.search(r'<h2 id="results-title">([^<]*)</h2>', response.content.decode())
        print(
            f"{query!r:28} p50 {statistics.median(times):7.1f} ms   max {max(times):7.1f} ms"
            f"   {title.group(1) if title else 'no results'}"
        )


if __name__ == "__main__":
    main()
