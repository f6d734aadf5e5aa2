"""A correction after publication is issued openly: its note and date go with the record in
every form, the page, the PDF, Akoma Ntoso, the API and the feed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from records.models import Meeting
from records.services import meeting_correct
from tests.factories import MeetingFactory, ParagraphFactory
from tests.helpers import AKN_NS, akn_of, assert_valid_akn, pdf_of, text_of

pytestmark = pytest.mark.django_db

NOTE = "Paragraph 2 read “Japan” for “ASEAN”."
PUBLIC = f"Corrected on 3 March 2022: {NOTE}"


@pytest.fixture
def corrected():
    meeting = MeetingFactory(published_at=timezone.make_aware(datetime.datetime(2022, 1, 10, 9, 0)))
    ParagraphFactory(meeting=meeting, number=1)
    when = timezone.make_aware(datetime.datetime(2022, 3, 3, 10, 0))
    meeting_correct(meeting=meeting, note=NOTE, user=None, when=when)
    return meeting


def test_record_page_shows_each_correction_with_its_date(client, corrected):
    meeting_correct(meeting=corrected, note="The venue was Aichi.", user=None)
    response = client.get(corrected.get_absolute_url())
    assertContains(response, f'<p class="record-note record-correction">{PUBLIC}</p>', html=True)
    assertContains(response, "The venue was Aichi.")


def test_correction_note_is_escaped(client, corrected):
    meeting_correct(meeting=corrected, note="<script>alert(1)</script>", user=None)
    response = client.get(corrected.get_absolute_url())
    assert b"<script>alert(1)" not in response.content
    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")


def test_pdf_carries_the_correction_note(client, corrected):
    assert PUBLIC in text_of(pdf_of(client, corrected)).replace("\n", " ")


def test_akoma_ntoso_records_the_correction_as_an_event_and_a_note(client, corrected):
    document = akn_of(client, corrected)
    assert_valid_akn(document)
    event = document.find(".//akn:lifecycle/akn:eventRef[@eId='correction_1']", AKN_NS)
    assert (event.get("date"), event.get("type")) == ("2022-03-03", "amendment")
    note = document.find(".//akn:notes/akn:note[@eId='correction_note_1']", AKN_NS)
    assert "".join(note.itertext()).strip() == PUBLIC


def test_api_detail_lists_the_corrections(client, corrected):
    response = client.get(reverse("api:meeting-detail", kwargs={"slug": corrected.slug}))
    assert response.json()["corrections"] == [{"date": "2022-03-03", "note": NOTE, "text": PUBLIC}]


def test_feed_entry_is_updated_at_the_latest_correction(client, corrected):
    response = client.get(reverse("records:feed"))
    assertContains(response, "<updated>2022-03-03T10:00:00+00:00</updated>")
    assertContains(response, PUBLIC)


def test_a_record_that_was_never_corrected_says_nothing_of_corrections(client):
    meeting = MeetingFactory()
    assert b"Corrected on" not in client.get(meeting.get_absolute_url()).content
    detail = client.get(reverse("api:meeting-detail", kwargs={"slug": meeting.slug})).json()
    assert detail["corrections"] == []
    assert Meeting.objects.get(pk=meeting.pk).corrections.count() == 0
