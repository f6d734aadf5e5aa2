import logging
import re

import pytest
from django.urls import reverse

from records.models import Meeting
from tests.factories import MeetingFactory, ParagraphFactory, full_record
from tests.helpers import pdf_of, text_of

pytestmark = pytest.mark.django_db


FURNITURE = re.compile(r"^(Page \d+ of \d+|Published \d{1,2} \w+ \d{4})$", re.MULTILINE)


def body_of(reader):
    """The text without the page numbers and publication date repeated on each page."""
    return FURNITURE.sub("", text_of(reader))


def squeezed(text):
    """Text without any white space: a PDF breaks lines where the record has spaces."""
    return re.sub(r"\s+", "", text)


def test_pdf_has_the_title_and_every_paragraph_word_for_word(client, seed):
    text = squeezed(body_of(pdf_of(client, seed)))
    assert squeezed(seed.title) in text
    for paragraph in seed.paragraphs.all():
        assert squeezed(f"{paragraph.number}.{paragraph.text}") in text


def test_paragraphs_come_in_their_order(client, seed):
    text = squeezed(body_of(pdf_of(client, seed)))
    starts = [text.index(squeezed(p.text)) for p in seed.paragraphs.all()]
    assert starts == sorted(starts)


def test_every_page_is_numbered(client):
    meeting = MeetingFactory()
    ParagraphFactory.create_batch(40, meeting=meeting)
    reader = pdf_of(client, meeting)
    pages = len(reader.pages)
    assert pages >= 2
    for number, page in enumerate(reader.pages, start=1):
        assert f"Page {number} of {pages}" in page.extract_text()


def test_pdf_gives_the_date_of_publication(client, seed):
    text = text_of(pdf_of(client, seed))
    assert f"Published {seed.published_at:%-d %B %Y}" in text


def test_pdf_carries_the_note_above_the_record(client, seed):
    second = Meeting.objects.get(slug="asean-japan-scn-hlm-2")
    text = squeezed(text_of(pdf_of(client, second)))
    assert squeezed(second.note) in text
    assert squeezed("The text of this summary record has not been entered.") in text


def test_pdf_metadata_names_the_record(client, seed):
    metadata = pdf_of(client, seed).metadata
    assert metadata.title == seed.title
    assert metadata.author == "ASEAN Secretariat"


def test_markup_in_editor_text_is_printed_not_obeyed(client):
    meeting = MeetingFactory()
    hostile = 'The Meeting agreed <b>not bold</b> <img src="http://example.invalid/x.png">.'
    ParagraphFactory(meeting=meeting, number=1, text=hostile)
    text = squeezed(text_of(pdf_of(client, meeting)))
    assert squeezed(hostile) in text


def test_drawing_a_pdf_writes_nothing_to_the_log_at_the_production_level(client, caplog):
    """WeasyPrint's steps (INFO) and warnings, and fontTools' as it subsets the fonts, would
    fill the production log (LOG_LEVEL INFO) with lines for every PDF; their errors stay."""
    assert logging.getLogger().level == logging.INFO
    pdf_of(client, full_record(2))
    assert [f"{record.name}: {record.getMessage()}" for record in caplog.records] == []
    for name in ["weasyprint", "fontTools.subset"]:
        assert not logging.getLogger(name).isEnabledFor(logging.WARNING)
        assert logging.getLogger(name).isEnabledFor(logging.ERROR)


@pytest.mark.parametrize(
    "status", [Meeting.Status.DRAFT, Meeting.Status.IN_REVIEW, Meeting.Status.WITHDRAWN]
)
def test_unpublished_record_has_no_pdf(client, status):
    meeting = MeetingFactory(status=status, published_at=None)
    response = client.get(reverse("records:meeting_pdf", kwargs={"slug": meeting.slug}))
    assert response.status_code == 404


def test_unchanged_pdf_answers_not_modified(client, seed):
    url = reverse("records:meeting_pdf", kwargs={"slug": seed.slug})
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304


@pytest.mark.parametrize("size", [1, 6])
def test_pdf_query_count_does_not_grow_with_the_record(client, django_assert_num_queries, size):
    meeting = full_record(size)
    # The cache generation, then (not yet rendered) the record with its attachments and its
    # published language versions.
    with django_assert_num_queries(16):
        pdf_of(client, meeting)
