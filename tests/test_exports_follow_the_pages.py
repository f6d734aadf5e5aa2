"""The CSV exports and the API say what the list page says: the same rows in the same order
(undated and unnumbered rows included), the same progress on each action for the same
reader, in the same order, and the one definition of overdue."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from records import roles
from records.models import FollowUpAction, Meeting
from tests.audit_data import action, build_records, report
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

GUIDEBOOK = "Publish the Smart City Planning Guidebook."


@pytest.fixture
def records():
    """Beside the audit records: progress on the Guidebook reported at a meeting known only
    by its year (2021, as the Second HLM that also reported) and at a published meeting
    restricted to delegates; an action committed without a paragraph or deadline."""
    records = build_records()
    records.year_only = MeetingFactory(
        series=records.som, sequence_number=5, start_date=None, end_date=None, year=2021
    )
    report(records.publish_guidebook, records.year_only, "Reported at a meeting of 2021.")
    records.restricted = MeetingFactory(
        series=records.som,
        sequence_number=6,
        start_date=datetime.date(2022, 3, 1),
        visibility=Meeting.Visibility.RESTRICTED,
    )
    report(records.publish_guidebook, records.restricted, "Reported to delegates only.")
    action(records.som1, "Agree the workshop's follow-up.")
    return records


@pytest.fixture
def delegate_client(client, user_in_role):
    client.force_login(user_in_role(roles.DELEGATE))
    return client


def csv_rows(client, url):
    response = client.get(url)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def reported(progress_cell):
    """The words reported, from a CSV progress cell: a line per report, "Meeting: words"."""
    return [line.split(": ", 1)[1] for line in progress_cell.splitlines()]


def page_progress(client, url):
    [guidebook] = [a for a in client.get(url).context["actions"] if a.description == GUIDEBOOK]
    return [update.text for update in guidebook.published_progress_updates]


@pytest.mark.parametrize(
    ("reader", "expected"),
    [
        ("client", ["Reported at a meeting of 2021.", "Drafting of the guidebook began."]),
        (
            "delegate_client",
            [
                "Reported at a meeting of 2021.",
                "Drafting of the guidebook began.",
                "Reported to delegates only.",
            ],
        ),
    ],
)
def test_csv_progress_is_the_progress_the_page_shows_the_same_reader_in_its_order(
    request, records, reader, expected
):
    client = request.getfixturevalue(reader)
    assert page_progress(client, "/actions/?meeting=hlm-1") == expected
    [row] = csv_rows(client, "/actions/?meeting=hlm-1&format=csv")
    assert reported(row["progress"]) == expected


def test_api_list_and_record_detail_give_the_progress_in_the_pages_order(client, records):
    expected = page_progress(client, "/actions/?meeting=hlm-1")
    listed = client.get(reverse("api:action-list"), {"meeting": "hlm-1"}).json()["results"]
    assert [u["text"] for u in listed[0]["progress_updates"]] == expected
    record = client.get(reverse("api:meeting-detail", kwargs={"slug": "hlm-1"})).json()
    [guidebook] = [a for a in record["follow_up_actions"] if a["description"] == GUIDEBOOK]
    assert [u["text"] for u in guidebook["progress_updates"]] == expected


@pytest.mark.parametrize("sort", ["due", "-due", "date", "-date"])
def test_action_csv_rows_come_in_the_pages_order(client, records, sort):
    page = client.get("/actions/", {"sort": sort}).context["actions"]
    rows = csv_rows(client, f"/actions/?sort={sort}&format=csv")
    assert [row["description"] for row in rows] == [a.description for a in page]
    assert "" in [row["due_date"] for row in rows]  # an undated action is among them
    assert "" in [row["paragraph"] for row in rows]  # and one without a paragraph


@pytest.mark.parametrize("sort", ["date", "-date", "verb", "-verb"])
def test_resolution_csv_rows_come_in_the_pages_order(client, records, sort):
    page = client.get("/resolutions/", {"sort": sort}).context["resolutions"]
    rows = csv_rows(client, f"/resolutions/?sort={sort}&format=csv")
    assert [row["text"] for row in rows] == [r.text for r in page]


def test_csv_api_and_page_agree_on_what_is_overdue(client, records):
    overdue = set(
        FollowUpAction.objects.published().overdue().values_list("description", flat=True)
    )
    assert overdue == {GUIDEBOOK}
    page = {a.description: a.is_overdue for a in client.get("/actions/").context["actions"]}
    exported = {
        row["description"]: row["overdue"] == "yes"
        for row in csv_rows(client, "/actions/?format=csv")
    }
    listed = {
        a["description"]: a["overdue"]
        for a in client.get(reverse("api:action-list")).json()["results"]
    }
    expected = {description: description in overdue for description in page}
    assert page == exported == listed == expected
    assert len(expected) == 5


def test_csv_due_column_is_the_pages_deadline(client, records):
    page = {a.description: a.due_display for a in client.get("/actions/").context["actions"]}
    exported = {row["description"]: row["due"] for row in csv_rows(client, "/actions/?format=csv")}
    assert exported == page
    assert exported["Report on the business matching."] == "At the next meeting"
