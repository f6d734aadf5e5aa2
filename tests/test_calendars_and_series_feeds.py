"""Following meetings without email: the iCalendar files of every meeting and of each
series, read with an independent parser (vobject), and the Atom feed of each series; both
offered from the list of meetings."""

import datetime

import pytest
import vobject
from django.utils import timezone
from lxml import etree

from records.models import Meeting
from records.services import meeting_correct
from tests.audit_data import LEAK, build_records
from tests.factories import MeetingFactory, MeetingSeriesFactory

pytestmark = pytest.mark.django_db

ATOM = {"atom": "http://www.w3.org/2005/Atom"}


@pytest.fixture
def records():
    return build_records()


def calendar(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return vobject.readOne(response.content.decode())


def events(parsed) -> dict[str, object]:
    return {event.summary.value: event for event in getattr(parsed, "vevent_list", [])}


def test_the_calendar_of_every_meeting_holds_the_public_records(client, records):
    parsed = calendar(client, "/calendars/meetings.ics")
    assert parsed.version.value == "2.0"
    assert parsed.prodid.value == "-//ASEAN Meetings//Summary records//EN"
    titles = {meeting.title for meeting in (records.hlm1, records.hlm2, records.som1)}
    assert set(events(parsed)) == titles


def test_each_event_spans_the_meeting_and_links_to_its_record(client, records):
    event = events(calendar(client, "/calendars/meetings.ics"))[records.hlm2.title]
    assert event.dtstart.value == datetime.date(2021, 6, 7)
    assert event.dtend.value == datetime.date(2021, 6, 9)  # the day after its last, 8 June
    assert event.url.value == "http://testserver/meetings/hlm-2/"
    assert "Summary record: http://testserver/meetings/hlm-2/" in event.description.value
    assert event.location.value == "Jakarta"
    assert event.uid.value == f"meeting-{records.hlm2.pk}@127.0.0.1"
    assert event.categories.value == ["HLM"]
    assert event.sequence.value == "0"


def test_a_correction_moves_the_event_on_for_calendars_to_update(client, records):
    meeting_correct(meeting=records.hlm2, note="The venue was Bangkok.", user=None)
    event = events(calendar(client, "/calendars/meetings.ics"))[records.hlm2.title]
    assert event.sequence.value == "1"
    assert event.dtstamp.value.date() == timezone.localdate()


def test_a_series_calendar_holds_its_own_meetings(client, records):
    parsed = calendar(client, "/calendars/series/hlm.ics")
    assert set(events(parsed)) == {records.hlm1.title, records.hlm2.title}
    assert parsed.contents["x-wr-calname"][0].value == "High Level Meeting"


@pytest.mark.parametrize(
    "status", [Meeting.Status.DRAFT, Meeting.Status.IN_REVIEW, Meeting.Status.WITHDRAWN]
)
def test_calendars_never_show_unpublished_or_restricted_records(client, records, status):
    Meeting.objects.filter(pk=records.hlm2.pk).update(status=status, withdrawal_reason="x")
    Meeting.objects.filter(pk=records.hlm1.pk).update(visibility="restricted")
    for path in ["/calendars/meetings.ics", "/calendars/series/hlm.ics"]:
        response = client.get(path)
        body = response.content.decode()
        for hidden in (records.hlm1, records.hlm2, records.draft):
            assert hidden.title not in body
    assert client.get("/calendars/series/hlm.ics").status_code == 404


def test_a_meeting_known_only_by_its_year_is_left_out(client, records):
    MeetingFactory(series=records.hlm, start_date=None, end_date=None, year=1999, title="Undated")
    assert "Undated" not in events(calendar(client, "/calendars/meetings.ics"))


def test_an_unknown_series_or_one_without_public_records_is_a_404(client, records):
    MeetingFactory(series=MeetingSeriesFactory(slug="drafts-only"), draft=True)
    for path in [
        "/calendars/series/no-such-series.ics",
        "/calendars/series/drafts-only.ics",
        "/feeds/series/no-such-series.atom",
        "/feeds/series/drafts-only.atom",
    ]:
        assert client.get(path).status_code == 404, path


def test_a_title_with_line_breaks_and_calendar_syntax_stays_one_summary(client, records):
    hostile = 'Record <script>alert("x")</script>; a, b\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Forged'
    Meeting.objects.filter(pk=records.hlm1.pk).update(title=hostile, venue="Bangkok; Room 1, \\")
    parsed = calendar(client, "/calendars/series/hlm.ics")
    found = events(parsed)
    assert len(found) == 2
    assert found[hostile].location.value == "Bangkok; Room 1, \\"


def test_the_calendar_answers_not_modified_when_nothing_changed(client, records):
    first = client.get("/calendars/meetings.ics")
    again = client.get("/calendars/meetings.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_the_calendar_takes_the_same_queries_for_more_meetings(
    client, records, django_assert_num_queries
):
    with django_assert_num_queries(1):
        client.get("/calendars/meetings.ics")
    MeetingFactory.create_batch(5, series=records.hlm)
    with django_assert_num_queries(1):
        client.get("/calendars/meetings.ics")


# The feed of each series


def feed_titles(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    document = etree.fromstring(response.content)
    return document, [
        entry.findtext("atom:title", namespaces=ATOM)
        for entry in document.iterfind("atom:entry", ATOM)
    ]


def test_a_series_feed_lists_its_own_records(client, records):
    document, titles = feed_titles(client, "/feeds/series/hlm.atom")
    assert sorted(titles) == sorted([records.hlm1.title, records.hlm2.title])
    assert document.findtext("atom:title", namespaces=ATOM) == "ASEAN Meetings: High Level Meeting"
    links = {link.get("rel"): link.get("href") for link in document.iterfind("atom:link", ATOM)}
    assert links == {
        "alternate": "http://testserver/meetings/#series-hlm",
        "self": "http://testserver/feeds/series/hlm.atom",
    }
    assert LEAK not in etree.tostring(document).decode()


def test_the_site_wide_feed_still_lists_every_series(client, records):
    _, titles = feed_titles(client, "/feeds/records.atom")
    assert len(titles) == 3


# Offered from the list of meetings


def test_the_list_of_meetings_offers_each_series_by_email_feed_and_calendar(client, records):
    html = client.get("/meetings/").content.decode()
    for href in [
        "/subscribe/",
        "/feeds/records.atom",
        "/calendars/meetings.ics",
        "/subscribe/?series=hlm",
        "/feeds/series/hlm.atom",
        "/calendars/series/hlm.ics",
        "/feeds/series/som.atom",
        "/calendars/series/som.ics",
    ]:
        assert f'href="{href}"' in html, href
