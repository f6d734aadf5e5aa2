"""Hostile files in the importer (issue 15): each is refused with a message saying what is
wrong, in the admin's import and by ``import_record``, and nothing is saved; so too as a
language version of a record (issue 17).

The files are made here, small, by ``tests/hostile_files.py``. ``bench/import_limits.py``
makes them as large as an upload may be and measures the time and memory each takes: speed is
never asserted here.
"""

import re
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from records import roles
from records.importing import UnreadableDocument, parse_record, text_from_file
from records.importing.budget import MAX_PARAGRAPHS, MAX_PARTS
from records.importing.pdf import MAX_INSTRUCTIONS, MAX_PAGES
from records.importing.text import MAX_TEXT_CHARS
from records.importing.word import MAX_UNPACKED_BYTES
from records.models import LanguageVersion, Meeting, Person
from records.seed import SOURCE
from tests import hostile_files as hostile
from tests.factories import MeetingFactory, ParagraphFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:records_meeting_import")
MB = 1024 * 1024
NOT_WORD = "could not be read as a Word (.docx) document"
TOO_REPETITIVE = "is too long or too repetitive to recognise"


def numbered_paragraphs(count: int) -> bytes:
    lines = [hostile.TITLE] + [f"{n}. The Meeting met.\n" for n in range(1, count + 1)]
    return "".join(lines).encode()


# File name, what makes it, what the officer is told.
HOSTILE = {
    "zip-lying-about-sizes": ("lying.docx", lambda: hostile.lying_zip_docx(128 * MB), NOT_WORD),
    "zip-bomb": (
        "bomb.docx",
        lambda: hostile.zip_bomb_docx(MAX_UNPACKED_BYTES + MB),
        "The Word file unpacks to too much data to be a record.",
    ),
    "tiny-paragraphs": (
        "tiny.docx",
        lambda: hostile.tiny_paragraphs_docx(MAX_UNPACKED_BYTES + MB),
        "The Word file unpacks to too much data to be a record.",
    ),
    "more-text-than-a-record": (
        "long.docx",
        lambda: hostile.long_text_docx(MAX_TEXT_CHARS + 1000),
        f"The file holds more than {MAX_TEXT_CHARS:,} characters of text",
    ),
    "entity-expansion": ("laughs.docx", hostile.billion_laughs_docx, NOT_WORD),
    "pdf-of-too-many-pages": (
        "pages.pdf",
        lambda: hostile.many_pages_pdf(MAX_PAGES + 1),
        f"The PDF has {MAX_PAGES + 1} pages, more than any summary record",
    ),
    "pdf-stream-past-pypdf-limits": (
        "inflating.pdf",
        lambda: hostile.inflating_stream_pdf(80 * MB),
        "The PDF could not be read (Limit reached while decompressing",
    ),
    "pdf-of-too-many-instructions": (
        "busy.pdf",
        lambda: hostile.busy_pages_pdf(MAX_INSTRUCTIONS // 5, pages=3),
        "pages hold more drawing instructions than a record",
    ),
    "pdf-nested-past-the-recursion-limit": (
        "nested.pdf",
        lambda: hostile.nested_arrays_pdf(100_000),
        "The PDF could not be read (maximum recursion depth exceeded",
    ),
    "clauses-without-end": (
        "clauses.txt",
        lambda: hostile.repetitive_text(hostile.REPETITIVE["commas"], 20_000).encode(),
        TOO_REPETITIVE,
    ),
    "holdings-without-end": (
        "holdings.txt",
        lambda: hostile.repetitive_text(hostile.REPETITIVE["hold-next-meeting"], 20_000).encode(),
        TOO_REPETITIVE,
    ),
    "mended-words-without-end": (
        "mends.txt",
        lambda: hostile.repetitive_text(
            hostile.REPETITIVE["eachASEAN"], 10 * (MAX_PARTS + 100)
        ).encode(),
        TOO_REPETITIVE,
    ),
    "more-paragraphs-than-a-record": (
        "paragraphs.txt",
        lambda: numbered_paragraphs(MAX_PARAGRAPHS + 1),
        f"it has {MAX_PARAGRAPHS + 1:,} paragraphs, more than any summary record",
    ),
}


@pytest.mark.parametrize(("name", "make", "message"), HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_upload_gets_a_clear_message_in_the_admin_and_saves_nothing(
    clerk, name, make, message
):
    response = clerk.post(IMPORT_URL, {"file": SimpleUploadedFile(name, make())})
    assertContains(response, message)
    assertContains(response, 'id="record-import-form"')
    assert (Meeting.objects.count(), Person.objects.count()) == (0, 0)


@pytest.mark.parametrize(("name", "make", "message"), HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_file_stops_import_record_with_its_message_and_saves_nothing(
    tmp_path, name, make, message
):
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(CommandError) as refused:
        call_command("import_record", str(path))
    assert message in str(refused.value)
    assert (Meeting.objects.count(), Person.objects.count()) == (0, 0)


def test_word_file_whose_zip_lies_about_sizes_is_refused_without_inflating_it():
    document = hostile.lying_zip_docx(inflated=128 * MB, declared=1024)
    tracemalloc.start()
    try:
        with pytest.raises(UnreadableDocument, match=re.escape(NOT_WORD)):
            text_from_file("lying.docx", document)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * MB


def test_word_file_naming_a_local_file_in_an_entity_never_shows_that_file(clerk, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Summary Record of the First Meeting: PASSWORD-4e93c7b0")
    document = hostile.external_entity_docx(str(secret))
    response = clerk.post(IMPORT_URL, {"file": SimpleUploadedFile("entity.docx", document)})
    assertContains(response, NOT_WORD)
    assertNotContains(response, "PASSWORD-4e93c7b0")
    path = tmp_path / "entity.docx"
    path.write_bytes(document)
    with pytest.raises(CommandError) as refused:
        call_command("import_record", str(path))
    assert "PASSWORD" not in str(refused.value)
    assert Meeting.objects.count() == 0


def test_pdf_whose_cross_reference_table_points_astray_is_still_read():
    lines = [line for line in SOURCE.read_text(encoding="utf-8").splitlines() if line][:3]
    text = text_from_file("record.pdf", hostile.text_pdf(lines, xref_shift=7))
    assert text.splitlines() == lines


def test_chair_named_with_a_co_chairman_as_the_sentence_ends():
    record = parse_record(
        "Summary Record of the First ASEAN-China Consultation\n"
        "1. The Consultation was held in Kuala Lumpur, Malaysia, on 2 May 2001. It was chaired "
        "by H.E. Dato' Ahmad Fuzi, Secretary-General of the Ministry of Foreign Affairs of "
        "Malaysia, with H.E. Mr. Wang Yingfan, Assistant Minister of Foreign Affairs of China, "
        "as the Co-Chairman.\n"
        "2. The Meeting agreed to meet again.\n"
    )
    assert [(p.role, p.name, p.government) for p in record.participants] == [
        ("chair", "Ahmad Fuzi", "Malaysia"),
        ("co_chair", "Wang Yingfan", "China"),
    ]


# A language version is read from its file as a record is (``read_version_file``): the same
# hostile files get the same messages on the record's "Add a language version" page and from
# ``import_record --version-of``, and nothing is saved. (What follows is about reading the
# file; a version's text is not recognised, so the recogniser's budget does not apply.)
FILE_HOSTILE = {
    case: made
    for case, made in HOSTILE.items()
    if made[2] != TOO_REPETITIVE and case != "more-paragraphs-than-a-record"
}


@pytest.fixture
def record_with_paragraphs():
    meeting = MeetingFactory()
    for number in (1, 2):
        ParagraphFactory(meeting=meeting, number=number)
    return meeting


@pytest.mark.parametrize(
    ("name", "make", "message"), FILE_HOSTILE.values(), ids=FILE_HOSTILE.keys()
)
def test_hostile_upload_of_a_language_version_gets_its_message_and_saves_nothing(
    signed_in, record_with_paragraphs, name, make, message
):
    url = reverse("admin:records_meeting_add_version", args=[record_with_paragraphs.pk])
    data = {"language": "ja", "file": SimpleUploadedFile(name, make()), "save": "1"}
    response = signed_in(roles.EDITOR).post(url, data)
    assertContains(response, message)
    assertContains(response, 'id="add-version-form"')
    assert not LanguageVersion.objects.exists()


@pytest.mark.parametrize(
    ("name", "make", "message"), FILE_HOSTILE.values(), ids=FILE_HOSTILE.keys()
)
def test_hostile_file_stops_import_record_version_of_with_its_message(
    tmp_path, record_with_paragraphs, name, make, message
):
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_record",
            str(path),
            "--version-of",
            record_with_paragraphs.slug,
            "--language",
            "ja",
        )
    assert message in str(refused.value)
    assert not LanguageVersion.objects.exists()


def test_a_version_of_more_paragraphs_than_a_record_is_refused_by_their_numbers(
    signed_in, record_with_paragraphs
):
    url = reverse("admin:records_meeting_add_version", args=[record_with_paragraphs.pk])
    upload = SimpleUploadedFile("paragraphs.txt", numbered_paragraphs(MAX_PARAGRAPHS + 1))
    response = signed_in(roles.EDITOR).post(url, {"language": "ja", "file": upload, "save": "1"})
    assertContains(response, f"has {MAX_PARAGRAPHS + 1} paragraphs")
    assert not LanguageVersion.objects.exists()
