"""Editor text full of markup, through every output of following the records: the HTML part
of each email, the series feed, the calendar and the form to follow. (The record page's
JSON-LD: tests/test_linked_data.py.)"""

import datetime
import io

import pytest
import vobject
from django.core.management import call_command
from lxml import etree

from records import subscriptions
from records.services import meeting_correct
from tests.factories import (
    FocalPointFactory,
    FollowUpActionFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    ParagraphFactory,
    SecretariatDeskFactory,
    SubscriptionFactory,
)

pytestmark = pytest.mark.django_db

MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)> & </a>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


@pytest.fixture
def hostile():
    series = MeetingSeriesFactory(name=f"Series {MARKUP}", short_name="<b>S</b>", slug="s")
    meeting = MeetingFactory(series=series, title=f"Record {MARKUP}", venue=MARKUP)
    paragraph = ParagraphFactory(meeting=meeting, number=1)
    action = FollowUpActionFactory(
        paragraph=paragraph,
        description=f"Action {MARKUP}",
        owners=MARKUP,
        due_text=MARKUP,
        due_date=datetime.date(2020, 1, 1),
    )
    focal_point = FocalPointFactory(name=f"Ms. {MARKUP}")
    action.owner_organisations.add(focal_point.organisation)
    SecretariatDeskFactory(series=series, email="desk@example.org")
    return meeting


def assert_escaped(html: str):
    assert "<script" not in html
    assert "<img" not in html
    assert ESCAPED in html


def test_reminder_and_escalation_emails_escape_editor_text(mail_server, hostile):
    call_command("send_action_reminders", today="2099-01-01", stdout=io.StringIO())
    assert len(mail_server.received) == 2
    for mail in mail_server.received:
        assert_escaped(mail.html)
        assert f"Action {MARKUP}" in mail.text  # plain text is shown as text


def test_confirmation_and_notice_emails_escape_editor_text(
    mail_server, hostile, django_capture_on_commit_callbacks
):
    subscriptions.request_subscription(email="reader@example.org", series=hostile.series)
    SubscriptionFactory(email="all@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_correct(meeting=hostile, note=f"Note {MARKUP}", user=None)
    confirmation, notice = mail_server.received
    assert "<script" not in confirmation.html
    assert "Series &lt;script&gt;" in confirmation.html
    assert_escaped(notice.html)
    assert f"Note {MARKUP}" in notice.text


def test_the_series_feed_and_calendar_keep_editor_text_as_text(client, hostile):
    response = client.get("/feeds/series/s.atom")
    document = etree.fromstring(response.content)
    atom = {"atom": "http://www.w3.org/2005/Atom"}
    assert document.findtext("atom:entry/atom:title", namespaces=atom) == f"Record {MARKUP}"
    assert document.findtext("atom:title", namespaces=atom) == f"ASEAN Meetings: Series {MARKUP}"
    parsed = vobject.readOne(client.get("/calendars/series/s.ics").content.decode())
    assert parsed.vevent.summary.value == f"Record {MARKUP}"
    assert parsed.vevent.location.value == MARKUP


def test_the_form_to_follow_escapes_series_names(client, hostile):
    html = client.get("/subscribe/?series=s").content.decode()
    assert "<script" not in html.split("<main", 1)[1]
    assert f"Series {ESCAPED}" in html
