"""The record page's schema.org JSON-LD: valid JSON in a data block (never run, so the
Content Security Policy stays strict), naming schema.org types, and unbreakable by any text
an editor enters."""

import json
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from records import roles
from records.models import FollowUpAction, Meeting
from records.services import meeting_correct
from tests.factories import FollowUpActionFactory, MeetingFactory, ParagraphFactory

pytestmark = pytest.mark.django_db

# The schema.org types the graph may use (https://schema.org/docs/full.html).
SCHEMA_TYPES = {
    "Action",
    "CorrectionComment",
    "Event",
    "EventSeries",
    "GovernmentOrganization",
    "Legislation",
    "LegislationObject",
    "Organization",
    "Person",
    "Place",
    "PostalAddress",
    "VirtualLocation",
}


class Scripts(HTMLParser):
    """Every <script> of a page: its attributes and its text."""

    def __init__(self, html):
        super().__init__()
        self.scripts: list[tuple[dict, str]] = []
        self._open = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._open = (dict(attrs), [])

    def handle_data(self, data):
        if self._open:
            self._open[1].append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._open:
            self.scripts.append((self._open[0], "".join(self._open[1])))
            self._open = None


def linked_data(client, path) -> dict:
    response = client.get(path)
    assert response.status_code == 200
    [(attrs, text)] = Scripts(response.content.decode()).scripts
    assert attrs == {"type": "application/ld+json"}
    return json.loads(text)


def by_type(data, name):
    return next(node for node in data["@graph"] if node["@type"] == name)


def types_in(value):
    if isinstance(value, dict):
        if "@type" in value:
            yield value["@type"]
        for item in value.values():
            yield from types_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from types_in(item)


def test_the_record_page_describes_the_meeting_as_an_event(client, seed):
    data = linked_data(client, seed.get_absolute_url())
    assert data["@context"] == "https://schema.org/"
    event = by_type(data, "Event")
    url = "http://testserver/meetings/asean-japan-scn-hlm-3/"
    assert event["@id"] == f"{url}#meeting"
    assert event["name"] == "Third ASEAN-Japan Smart Cities Network High Level Meeting"
    assert (event["startDate"], event["endDate"]) == ("2021-10-18", "2021-10-19")
    assert event["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert event["superEvent"]["@type"] == "EventSeries"
    assert event["superEvent"]["name"] == seed.series.name
    assert event["location"] == [
        {
            "@type": "Place",
            "name": "Aichi Prefecture",
            "address": {"@type": "PostalAddress", "addressCountry": "JP"},
        },
        {"@type": "VirtualLocation", "name": "Online"},
    ]
    assert [organizer["name"] for organizer in event["organizer"]] == [
        "Mr. ISHIDA Masaru",
        "Mr. Haji Mohammad Nazri Bin Haji Mohammad Yusof",
    ]
    assert event["subjectOf"] == {"@id": f"{url}#record"}


def test_the_record_is_described_as_legislation_with_its_language_and_legal_value(client, seed):
    record = by_type(linked_data(client, seed.get_absolute_url()), "Legislation")
    assert record["name"] == seed.title
    assert record["inLanguage"] == "en"
    assert record["legislationLegalValue"] == "https://schema.org/AuthoritativeLegalValue"
    assert record["legislationDate"] == "2021-10-19"
    assert record["datePublished"].startswith(seed.published_at.date().isoformat())
    assert [file["encodingFormat"] for file in record["encoding"]] == [
        "application/pdf",
        "application/xml",
        "application/json",
    ]
    assert "correction" not in record


def test_the_records_published_language_versions_are_its_translations(client, seed):
    record = by_type(linked_data(client, seed.get_absolute_url()), "Legislation")
    url = f"http://testserver/meetings/{seed.slug}/ja/"
    assert record["workTranslation"] == [
        {
            "@type": "Legislation",
            "@id": f"{url}#record",
            "url": url,
            "name": seed.language_versions.get(language="ja").title,
            "inLanguage": "ja",
            "legislationLegalValue": "https://schema.org/UnofficialLegalValue",
        }
    ]


def test_each_follow_up_action_is_an_action_with_its_status(client, seed):
    first = seed.follow_up_actions.order_by("pk").first()
    FollowUpAction.objects.filter(pk=first.pk).update(status=FollowUpAction.Status.DONE)
    record = by_type(linked_data(client, seed.get_absolute_url()), "Legislation")
    actions = record["potentialAction"]
    assert len(actions) == seed.follow_up_actions.count()
    assert {action["@type"] for action in actions} == {"Action"}
    statuses = [action["actionStatus"] for action in actions]
    assert "https://schema.org/CompletedActionStatus" in statuses
    assert "https://schema.org/PotentialActionStatus" in statuses
    [described] = [action for action in actions if action["name"] == first.description]
    assert described["url"].endswith(f"#{first.paragraph.anchor}")
    assert described["description"].startswith(f"Due: {first.due_display}")


def test_a_correction_is_described_with_its_note(client, seed):
    meeting_correct(meeting=seed, note="Paragraph 5 read February for March.", user=None)
    record = by_type(linked_data(client, seed.get_absolute_url()), "Legislation")
    [correction] = record["correction"]
    assert correction["@type"] == "CorrectionComment"
    assert correction["text"] == "Paragraph 5 read February for March."
    assert record["dateModified"].startswith(timezone.localdate().isoformat())


def test_every_type_in_the_graph_is_a_schema_org_type(client, seed):
    meeting_correct(meeting=seed, note="A note.", user=None)
    found = set(types_in(linked_data(client, seed.get_absolute_url())))
    assert found <= SCHEMA_TYPES
    assert {"Event", "Legislation", "Action", "EventSeries", "Person"} <= found


def test_a_restricted_record_offers_no_json_file(client, seed, user_in_role):
    Meeting.objects.filter(pk=seed.pk).update(visibility=Meeting.Visibility.RESTRICTED)
    client.force_login(user_in_role(roles.DELEGATE))
    record = by_type(linked_data(client, seed.get_absolute_url()), "Legislation")
    assert "application/json" not in [file["encodingFormat"] for file in record["encoding"]]


def test_an_online_meeting_is_in_no_place(client):
    meeting = MeetingFactory(format=Meeting.Format.ONLINE, venue="", country=None)
    event = by_type(linked_data(client, meeting.get_absolute_url()), "Event")
    assert event["location"] == [{"@type": "VirtualLocation", "name": "Online"}]
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"


def test_editor_text_cannot_end_the_script_or_start_markup(client):
    hostile = "</script><script>alert(1)</script><!-- & \u2028 ]]>"
    meeting = MeetingFactory(title=f"Summary {hostile}", venue=hostile)
    paragraph = ParagraphFactory(meeting=meeting, number=1)
    FollowUpActionFactory(paragraph=paragraph, description=hostile, owners=hostile)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "</script><script>" not in html
    data = linked_data(client, meeting.get_absolute_url())
    assert by_type(data, "Legislation")["name"] == f"Summary {hostile}"
    [action] = by_type(data, "Legislation")["potentialAction"]
    assert action["name"] == action["agent"]["name"] == hostile


def test_the_linked_data_takes_no_query_of_its_own(client, seed, django_assert_num_queries):
    # As tests/test_pages.py pins the record page: 12 queries, with the JSON-LD in it.
    with django_assert_num_queries(12):
        response = client.get(seed.get_absolute_url())
    assert b"application/ld+json" in response.content
