"""Search in every language, one table run on both databases: accents and case ignored both
ways, whole words only, stemming in English and Indonesian, Thai, Lao and Japanese found word
by word, Khmer and Burmese by their written units, Chinese characters one by one in order,
language versions searched only once published.

Each row is (the texts, each in its record's language; the query; which texts it finds).
On PostgreSQL (CI) the last test runs this module again on SQLite in a process of its own, so
both backends answer every row; on SQLite that test is deselected (it is ``postgresql``)."""

import importlib
import os
import subprocess
import sys

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from records.models import LanguageVersion, MeetingStatus, VersionParagraph
from records.search_words import index_words, segmented
from tests.audit_data import paragraph
from tests.factories import MeetingFactory
from tests.serving import ROOT

pytestmark = pytest.mark.django_db

THAI = "การประชุมหารือเรื่องการพัฒนาเมืองอัจฉริยะอาเซียนอย่างยั่งยืน"
# The meeting of ASEAN ministers on developing smart cities; the third meeting.
LAO = [("lo", "ກອງປະຊຸມລັດຖະມົນຕີອາຊຽນກ່ຽວກັບການພັດທະນາເມືອງອັດສະລິຍະ"), ("lo", "ກອງປະຊຸມຄັ້ງທີສາມ")]
# The Kingdom of Cambodia; the country of Thailand.
KHMER = [("km", "ព្រះរាជាណាចក្រកម្ពុជា"), ("km", "ប្រទេសថៃ")]
# Myanmar's capital city is Nay Pyi Taw; an urban development plan.
BURMESE = [("my", "မြန်မာနိုင်ငံ၏မြို့တော်နေပြည်တော်"), ("my", "မြို့ပြဖွံ့ဖြိုးရေးစီမံကိန်း")]
# The ASEAN Smart Cities Network meeting; urban and rural development.
CHINESE = [("zh", "东盟智慧城市网络会议"), ("zh", "城乡发展合作")]

# (texts as (language, text), query, the indexes of the texts it finds)
TABLE = [
    ([("vi", "Hội nghị tại Đà Nẵng"), ("vi", "Hội nghị tại Hà Nội")], "Da Nang", [0]),
    ([("en", "The meeting in Da Nang"), ("en", "The meeting in Hanoi")], "Đà Nẵng", [0]),
    ([("vi", "Thành phố thông minh"), ("vi", "Thanh toán")], "thành phố", [0]),
    ([("vi", "Thanh pho thong minh"), ("vi", "Thanh toán")], "Thành Phố Thông Minh", [0]),
    ([("en", "THE GUIDEBOOK WAS WELCOMED"), ("en", "A portal")], "guidebook", [0]),
    ([("en", "the guidebook was welcomed"), ("en", "A portal")], "GUIDEBOOK", [0]),
    ([("en", "Capacity building continued"), ("en", "The city hall")], "city", [1]),
    ([("en", "The Smart Cities Network met"), ("en", "A smart grid")], "smart city", [0]),
    ([("en", "The Smart Cities Network met"), ("en", "A smart grid")], '"smart city"', [0]),
    ([("id", "Kedua negara bekerja sama"), ("id", "Kerja keras")], "kerja sama", [0]),
    ([("id", "Kerja sama kedua negara"), ("id", "Bekerja keras")], '"bekerja sama"', [0]),
    ([("ms", "Mereka bekerja sama"), ("en", "They worked")], "kerja", [0]),
    ([("th", THAI), ("th", "การประชุมครั้งที่สาม")], "เมืองอัจฉริยะ", [0]),
    ([("th", THAI), ("th", "การประชุมครั้งที่สาม")], "การประชุม", [0, 1]),
    (
        [("ja", "各加盟国におけるスマートシティの実現"), ("ja", "持続可能な都市化")],
        "スマートシティ",
        [0],
    ),
    ([("ja", "各加盟国におけるスマートシティの実現"), ("ja", "持続可能な都市化")], "都市", [1]),
    ([("en", "Cities of ASEAN"), ("en", "Cities of Japan")], "Cities -ASEAN", [1]),
    # Lao, cut by its dictionary: a word inside a sentence, in any record's language; letters
    # across two words are no word.
    (LAO, "ເມືອງອັດສະລິຍະ", [0]),
    (LAO, "ປະຊຸມ", [0, 1]),
    (LAO, "ອງປະ", []),
    ([("en", "Its Lao title ກອງປະຊຸມລັດຖະມົນຕີ was adopted"), ("en", "A title")], "ລັດຖະມົນຕີ", [0]),
    # Khmer and Burmese by their written units: a word inside a sentence is found, a part of
    # a unit (a letter without the letters written under it, or its vowel) is not.
    (KHMER, "កម្ពុជា", [0]),
    (KHMER, "ព្រ", []),
    (BURMESE, "နေပြည်တော်", [0]),
    (BURMESE, "မြို့", [0, 1]),
    (BURMESE, "မြ", []),
    # Chinese characters one by one, in order, the same in Chinese and Japanese texts.
    (CHINESE, "智慧城市", [0]),
    (CHINESE, "城", [0, 1]),
    (CHINESE, "市城", []),
    ([("zh", "亚洲城市"), ("ja", "アジアの都市")], "城市", [0]),
    ([("zh", "亚洲城市"), ("ja", "アジアの都市")], "都市", [1]),
    ([("ja", "各加盟国におけるスマートシティの実現"), ("ja", "持続可能な都市化")], "加盟国", [0]),
    # Accents and case as before, beside words of these scripts.
    ([("vi", "Hội nghị Đà Nẵng 东盟"), ("vi", "Hội nghị Hà Nội 东盟")], "DA NANG 东盟", [0]),
]


def found(query: str) -> list[int]:
    from records import search

    terms = search.parse(query)
    rows = search.hit_rows(terms, list(search.KINDS))
    return [pk for _kind, pk, *_ in rows]


@pytest.mark.parametrize(("texts", "query", "expected"), TABLE, ids=[row[1] for row in TABLE])
def test_the_query_finds_these_texts(texts, query, expected):
    made = []
    for language, text in texts:
        made.append(paragraph(MeetingFactory(language=language), 1, text).pk)
    assert sorted(found(query)) == sorted(made[index] for index in expected)


@pytest.mark.parametrize(("texts", "query", "expected"), TABLE, ids=[row[1] for row in TABLE])
def test_the_query_finds_these_version_paragraphs(texts, query, expected):
    made = []
    for language, text in texts:
        version = LanguageVersion.objects.create(
            meeting=MeetingFactory(language="fr"),
            language=language,
            title="A version",
            status=MeetingStatus.PUBLISHED,
            published_at=timezone.now(),
        )
        made.append(VersionParagraph.objects.create(language_version=version, number=1, text=text))
    assert sorted(found(query)) == sorted(made[index].pk for index in expected)


@pytest.mark.parametrize("status", ["draft", "in_review", "withdrawn"])
def test_a_version_not_published_is_never_found(client, status):
    meeting = MeetingFactory(language="en")
    paragraph(meeting, 1, "The meeting opened.")
    version = LanguageVersion.objects.create(
        meeting=meeting, language="vi", title="Bản tiếng Việt", status=status
    )
    VersionParagraph.objects.create(language_version=version, number=1, text="VERSIONLEAK mở")
    response = client.get("/search/", {"q": "versionleak"})
    assert response.context["hits"] == []
    assert b"VERSIONLEAK" not in response.content


def test_a_version_of_a_draft_record_is_never_found(client):
    meeting = MeetingFactory(language="en", draft=True)
    version = LanguageVersion.objects.create(
        meeting=meeting,
        language="vi",
        title="Bản tiếng Việt",
        status=MeetingStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    VersionParagraph.objects.create(language_version=version, number=1, text="VERSIONLEAK mở")
    response = client.get("/search/", {"q": "versionleak"})
    assert response.context["hits"] == []


def test_the_seed_japanese_version_is_found_and_linked_to_its_page(client, seed):
    response = client.get("/search/", {"q": "スマートシティ", "kind": "version"})
    hits = response.context["hits"]
    assert {hit.paragraph.number for hit in hits} >= {1, 2}
    assert all(hit.version.language == "ja" for hit in hits)
    assert f'href="{seed.get_absolute_url()}ja/#p2"' in response.content.decode()
    assert '<span class="kind">Japanese version</span>' in response.content.decode()


def test_a_version_found_is_shown_escaped(client):
    version = LanguageVersion.objects.create(
        meeting=MeetingFactory(language="en"),
        language="vi",
        title='<script>alert("t")</script> Bản',
        status=MeetingStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    VersionParagraph.objects.create(
        language_version=version, number=1, text="<b>Đà Nẵng</b> & <i>Huế</i>"
    )
    response = client.get("/search/", {"q": "da nang"})
    html = response.content.decode()
    assert "<script>" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; Bản, ¶1" in html
    [hit] = response.context["hits"]
    # The words found are marked; the markup typed in the text is never markup (escaped on
    # SQLite, left out of PostgreSQL's excerpt, whose parser reads tags as no words).
    snippet = str(hit.snippet)
    assert "<mark>Đà</mark> <mark>Nẵng</mark>" in snippet
    assert "<b>" not in snippet and "<i>" not in snippet


def test_a_records_language_changed_searches_its_words_so():
    meeting = MeetingFactory(language="vi")
    made = paragraph(meeting, 1, "Kedua negara bekerja sama")
    assert found("kerja") == []
    meeting.language = "id"
    meeting.save()
    assert found("kerja") == [made.pk]


def test_texts_in_scripts_without_spaces_are_cut_into_words():
    assert segmented("スマートシティの実現").split() == ["スマート", "シティ", "の", "実", "現"]
    assert "เมือง อัจฉริยะ" in segmented(THAI)
    assert "ເມືອງ ອັດສະລິຍະ" in segmented(LAO[0][1])
    assert segmented("ព្រះរាជាណាចក្រ").split() == ["ព្រះ", "រា", "ជា", "ណា", "ច", "ក្រ"]
    assert segmented("မြန်မာနိုင်ငံ").split() == ["မြန်", "မာ", "နိုင်", "ငံ"]
    assert segmented("智慧城市").split() == ["智", "慧", "城", "市"]
    assert index_words("Đà Nẵng Cities", "en") == "da nang citi"


def test_a_snippet_marks_a_word_without_spaces_as_written():
    """SQLite's snippet marks the characters of the word in a row, not each wherever it is."""
    from records import search

    snippet = str(search.snippet("东盟智慧城市网络，城乡发展", search.parse("城市")))
    assert snippet == "东盟智慧<mark>城市</mark>网络，城乡发展"


@pytest.mark.django_db(transaction=True)
def test_the_migration_reads_every_row_again():
    """Migration 0025 on a row indexed as before it: its search text and vector (PostgreSQL)
    or full-text row (SQLite) made again, so its Khmer words are found."""
    migration = importlib.import_module("records.migrations.0025_search_segmentation")
    made = paragraph(MeetingFactory(language="km"), 1, KHMER[0][1])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE records_paragraph SET search_text = '' WHERE id = %s", [made.pk])
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM records_paragraph_words WHERE rowid = %s", [made.pk])
    assert found("កម្ពុជា") == []
    with connection.schema_editor() as editor:
        migration.remake_search_text(apps, editor)
        migration.remake_full_text_tables(migration.TOKENIZER)(apps, editor)
    assert found("កម្ពុជា") == [made.pk]
    made.refresh_from_db()
    assert "ក ម្ពុ ជា" in made.search_text


def test_the_servers_workers_load_the_segmenters_before_serving():
    """gunicorn.conf.py's post_worker_init, in a process of its own: the dictionaries are
    loaded (in a thread as the worker starts) before any search."""
    check = (
        "import runpy, sys, django; django.setup(); "
        "import threading; runpy.run_path('gunicorn.conf.py')['post_worker_init'](None); "
        "[t.join() for t in threading.enumerate() if t.name == 'load-segmenters']; "
        "from records import search_words; "
        "assert search_words._janome.cache_info().currsize == 1; "
        "assert {'pythainlp.tokenize', 'laonlp.tokenize'} <= set(sys.modules); print('loaded')"
    )
    env = {"DJANGO_SETTINGS_MODULE": "asean_meetings.settings", "DJANGO_DEBUG": "true"}
    result = subprocess.run(
        [sys.executable, "-c", check],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "loaded", result.stderr[-2000:]


@pytest.mark.postgresql
def test_the_table_holds_on_sqlite_too():
    """This module again on SQLite (full-text search with FTS5), in a process of its own."""
    assert connection.vendor == "postgresql"
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", __file__, "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    # The note conftest.py prints on any other database than PostgreSQL: it ran on SQLite.
    assert "PostgreSQL-only tests were not run" in result.stdout
    assert " passed" in result.stdout
