"""What each follow-up action says wherever it is shown (list, record page, API, CSV): since
when it is overdue, who owns it or that the record names no one, whether it was carried over
to a later meeting, and what later meetings reported on it."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from records import roles
from records.models import FollowUpAction, Meeting
from tests.audit_data import action, paragraph, report
from tests.factories import MeetingFactory, MeetingSeriesFactory

pytestmark = pytest.mark.django_db

Precision = FollowUpAction.Precision
Status = FollowUpAction.Status


def csv_rows(client, url):
    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body, newline="")))


def api_actions(client, query=""):
    response = client.get(f"/api/actions/{query}")
    assert response.status_code == 200
    return response.json()["results"]


@pytest.fixture
def meeting():
    made = MeetingFactory(slug="hlm-1", start_date=datetime.date(2021, 10, 18))
    paragraph(made, 1, "The Meeting agreed.")
    return made


# Overdue since, and for how many days --------------------------------------------------

# precision, the day entered, the first overdue day
SINCE = [
    (Precision.DAY, datetime.date(2021, 10, 29), datetime.date(2021, 10, 30)),
    (Precision.MONTH, datetime.date(2022, 2, 3), datetime.date(2022, 3, 1)),
    (Precision.QUARTER, datetime.date(2025, 7, 15), datetime.date(2025, 10, 1)),
    (Precision.YEAR, datetime.date(2021, 10, 18), datetime.date(2022, 1, 1)),
]


@pytest.mark.parametrize(("precision", "entered", "since"), SINCE, ids=[c[0] for c in SINCE])
def test_api_and_csv_say_since_when_and_how_many_days_an_action_is_overdue(
    client, meeting, precision, entered, since
):
    action(meeting, "Act late.", precision=precision, due=entered)
    days = (timezone.localdate() - since).days + 1
    [row] = csv_rows(client, "/actions/?format=csv")
    assert (row["overdue"], row["overdue_since"], row["days_overdue"]) == (
        "yes",
        since.isoformat(),
        str(days),
    )
    [item] = api_actions(client)
    assert (item["overdue_since"], item["days_overdue"]) == (since.isoformat(), days)


def test_an_action_due_yesterday_has_been_overdue_for_one_day(client, meeting):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    action(meeting, "Act late.", due=yesterday)
    [item] = api_actions(client)
    assert (item["overdue_since"], item["days_overdue"]) == (timezone.localdate().isoformat(), 1)


@pytest.mark.parametrize(
    ("due", "status"),
    [
        (datetime.date(2100, 1, 1), Status.OPEN),  # not yet due
        (datetime.date(2020, 1, 1), Status.DONE),  # late, but done
        (None, Status.OPEN),  # at the next meeting
    ],
)
def test_an_action_not_overdue_has_no_overdue_since(client, meeting, due, status):
    action(meeting, "Act.", due=due, status=status)
    [row] = csv_rows(client, "/actions/?format=csv")
    assert (row["overdue"], row["overdue_since"], row["days_overdue"]) == ("no", "", "")
    [item] = api_actions(client)
    assert (item["overdue"], item["overdue_since"], item["days_overdue"]) == (False, None, None)


def test_actions_list_says_since_when_an_action_is_overdue(client, meeting):
    action(meeting, "Act late.", precision=Precision.MONTH, due=datetime.date(2022, 2, 3))
    response = client.get("/actions/")
    days = (timezone.localdate() - datetime.date(2022, 2, 28)).days
    assertContains(response, f"overdue since 1 March 2022 ({days} days)")


# The record page: overdue badges, owners, progress reported ------------------------------


@pytest.fixture
def two_meetings(meeting):
    later = MeetingFactory(
        series=meeting.series, sequence_number=meeting.sequence_number + 1, slug="hlm-2"
    )
    paragraph(later, 1, "Progress was reported.")
    return meeting, later


def test_record_page_marks_overdue_actions_as_the_list_does(client, two_meetings):
    first, later = two_meetings
    action(first, "Late task.", paragraph_number=1, due=datetime.date(2022, 1, 5))
    action(first, "Future task.", paragraph_number=1, due=datetime.date(2100, 1, 5))
    action(
        first, "Finished task.", paragraph_number=1, due=datetime.date(2022, 1, 5), status="done"
    )
    badge = '<strong class="badge badge-overdue">Overdue</strong>'
    listed = client.get("/actions/")
    record = client.get(first.get_absolute_url())
    assertContains(listed, badge, count=1, html=True)
    assertContains(record, badge, count=1, html=True)
    assert "Late task." in record.content.decode().split(badge)[0].rsplit("<li>", 1)[1]
    # The later meeting lists it among its matters arising, with the same badge.
    assertContains(client.get(later.get_absolute_url()), badge, count=1, html=True)


def test_record_page_says_what_was_reported_under_progress_reported(client, two_meetings):
    first, later = two_meetings
    task = action(first, "Prepare the guidebook.", paragraph_number=1)
    report(
        task,
        later,
        "The guidebook's first draft was circulated.",
        status="in_progress",
        paragraph_number=1,
    )
    response = client.get(later.get_absolute_url())
    assertContains(
        response,
        '<span class="reported">Reported: The guidebook\'s first draft was circulated. '
        '<span class="status status-in_progress">(In progress)</span></span>',
        html=True,
    )


@pytest.mark.parametrize("url", ["/actions/", "/meetings/hlm-1/"])
def test_an_action_without_owner_says_so_where_it_is_shown(client, meeting, url):
    action(meeting, "Nobody named.", paragraph_number=1)
    action(meeting, "Someone named.", paragraph_number=1, owners="ASEAN Secretariat")
    response = client.get(url)
    assertContains(response, "Owner not stated in the record", count=1)
    assertContains(response, "ASEAN Secretariat")


def test_csv_and_api_keep_an_unstated_owner_empty_for_machines(client, meeting):
    action(meeting, "Nobody named.")
    [row] = csv_rows(client, "/actions/?format=csv")
    assert row["owners"] == ""
    assert api_actions(client)[0]["owners"] == ""


# Carried over to a later meeting: the matters arising, across meetings ---------------------


@pytest.fixture
def series_of_four():
    """A series of three published meetings and a fourth in draft, with actions in every
    state the matters arising tell apart, and one of another series."""
    series = MeetingSeriesFactory(slug="scn", short_name="SCN")
    meetings = []
    for number in (1, 2, 3, 4):
        made = MeetingFactory(
            series=series,
            sequence_number=number,
            start_date=datetime.date(2018 + number, 5, 1),
            slug=f"scn-{number}",
            draft=number == 4,
        )
        paragraph(made, 1, f"Meeting {number}.")
        meetings.append(made)
    first, second, third, draft = meetings
    made = {
        "open at the first": action(first, "Open since the first."),
        "open at the last published": action(third, "Open since the third."),
        "reported done at the second": action(first, "Done at the second.", status="done"),
        "cancelled without report": action(first, "Dropped.", status="cancelled"),
        "done, reported only in a draft": action(second, "Done quietly.", status="done"),
        "in progress, reported": action(first, "Under way.", status="in_progress"),
        "of another series": action(MeetingFactory(slug="other-1"), "Elsewhere."),
    }
    report(made["reported done at the second"], second, "Completed.", status="done")
    report(made["done, reported only in a draft"], draft, "Completed.", status="done")
    report(made["in progress, reported"], second, "Work continues.", status="in_progress")
    return meetings, made


def arising_later(made_action):
    """Whether ``made_action`` is among the matters arising of a later published meeting."""
    later = Meeting.objects.published().filter(
        series=made_action.meeting.series,
        sequence_number__gt=made_action.meeting.sequence_number,
    )
    return any(made_action in FollowUpAction.objects.matters_arising(m) for m in later)


def test_carried_over_is_what_a_later_meetings_matters_arising_list(series_of_four):
    _, made = series_of_four
    carried = set(FollowUpAction.objects.published().carried_over())
    assert {name for name, a in made.items() if a in carried} == {
        name for name, a in made.items() if arising_later(a)
    }
    assert {name for name, a in made.items() if a in carried} == {
        "open at the first",
        "reported done at the second",
        "in progress, reported",
    }


def test_actions_filter_api_and_csv_agree_on_what_was_carried_over(client, series_of_four):
    _, made = series_of_four
    expected = sorted(a.description for a in made.values() if arising_later(a))
    page = client.get("/actions/?carried_over=1")
    assert sorted(a.description for a in page.context["actions"]) == expected
    # One a row, and the filter's label, the active filter's name and its "remove" link's.
    assertContains(page, "Carried over to a later meeting", count=len(expected) + 3)
    api = api_actions(client, "?carried_over=1")
    assert sorted(item["description"] for item in api) == expected
    assert {i["description"]: i["carried_over"] for i in api_actions(client)} == {
        a.description: a.description in expected for a in made.values()
    }
    rows = csv_rows(client, "/actions/?format=csv")
    assert sorted(row["description"] for row in rows if row["carried_over"] == "yes") == expected


def test_record_api_says_which_of_its_actions_were_carried_over(client, series_of_four):
    response = client.get("/api/meetings/scn-1/")
    carried = {a["description"]: a["carried_over"] for a in response.json()["follow_up_actions"]}
    assert carried == {
        "Open since the first.": True,
        "Done at the second.": True,
        "Dropped.": False,
        "Under way.": True,
    }


def test_a_later_restricted_meeting_carries_an_action_over_only_for_delegates(
    client, signed_in, meeting
):
    action(meeting, "Open task.")
    MeetingFactory(
        series=meeting.series, sequence_number=meeting.sequence_number + 1, visibility="restricted"
    )
    assert client.get("/actions/?carried_over=1").context["paginator"].count == 0
    delegate = signed_in(roles.DELEGATE)
    assert delegate.get("/actions/?carried_over=1").context["paginator"].count == 1


def test_carried_over_filter_takes_a_flag_and_refuses_anything_else(client, series_of_four):
    assert client.get("/actions/?carried_over=0").context["paginator"].count == 7
    response = client.get("/actions/?carried_over=maybe")
    assert response.status_code == 400
    assertContains(response, "Use 1 to switch this on, or leave it out.", status_code=400)
    assertNotContains(response, "Open since the first.", status_code=400)
