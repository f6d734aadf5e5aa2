"""Overdue is judged at the deadline's precision: "by February 2022" is overdue from
1 March 2022, not from 1 February, and never once done or cancelled."""

import datetime

import pytest
from django.utils import timezone

from records.models import FollowUpAction
from tests.audit_data import action
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

Precision = FollowUpAction.Precision

# precision, the day entered, the last day of its period (kept), the first overdue day
CASES = [
    (
        Precision.DAY,
        datetime.date(2021, 10, 29),
        datetime.date(2021, 10, 29),
        datetime.date(2021, 10, 30),
    ),
    (
        Precision.MONTH,
        datetime.date(2022, 2, 3),
        datetime.date(2022, 2, 28),
        datetime.date(2022, 3, 1),
    ),
    (
        Precision.MONTH,
        datetime.date(2024, 2, 3),
        datetime.date(2024, 2, 29),
        datetime.date(2024, 3, 1),
    ),
    (
        Precision.QUARTER,
        datetime.date(2025, 7, 15),
        datetime.date(2025, 9, 30),
        datetime.date(2025, 10, 1),
    ),
    (
        Precision.YEAR,
        datetime.date(2021, 10, 18),
        datetime.date(2021, 12, 31),
        datetime.date(2022, 1, 1),
    ),
]
IDS = ["day", "month", "month-leap-year", "quarter", "year"]


@pytest.fixture
def meeting():
    return MeetingFactory()


@pytest.mark.parametrize(("precision", "entered", "last_day", "first_overdue"), CASES, ids=IDS)
def test_due_date_is_kept_as_the_last_day_of_its_period(
    meeting, precision, entered, last_day, first_overdue
):
    assert action(meeting, "Act.", precision=precision, due=entered).due_date == last_day


@pytest.mark.parametrize(("precision", "entered", "last_day", "first_overdue"), CASES, ids=IDS)
def test_not_overdue_on_the_last_day_of_its_period(
    meeting, precision, entered, last_day, first_overdue
):
    made = action(meeting, "Act.", precision=precision, due=entered)
    assert not FollowUpAction.objects.overdue(today=last_day).filter(pk=made.pk).exists()
    assert not made.is_overdue_on(last_day)


@pytest.mark.parametrize(("precision", "entered", "last_day", "first_overdue"), CASES, ids=IDS)
def test_overdue_from_the_day_after_its_period(
    meeting, precision, entered, last_day, first_overdue
):
    made = action(meeting, "Act.", precision=precision, due=entered)
    assert FollowUpAction.objects.overdue(today=first_overdue).filter(pk=made.pk).exists()
    assert made.is_overdue_on(first_overdue)


@pytest.mark.parametrize(("precision", "entered", "last_day", "first_overdue"), CASES, ids=IDS)
def test_not_overdue_early_in_its_period(meeting, precision, entered, last_day, first_overdue):
    made = action(meeting, "Act.", precision=precision, due=entered)
    first_of_period = {
        Precision.DAY: lambda: last_day,
        Precision.MONTH: lambda: last_day.replace(day=1),
        Precision.QUARTER: lambda: last_day.replace(month=last_day.month - 2, day=1),
        Precision.YEAR: lambda: last_day.replace(month=1, day=1),
    }[precision]()
    assert not FollowUpAction.objects.overdue(today=first_of_period).filter(pk=made.pk).exists()


@pytest.mark.parametrize("status", [FollowUpAction.Status.DONE, FollowUpAction.Status.CANCELLED])
def test_done_or_cancelled_actions_are_never_overdue(meeting, status):
    made = action(meeting, "Act.", due=datetime.date(2020, 1, 1), status=status)
    assert (
        not FollowUpAction.objects.overdue(today=datetime.date(2030, 1, 1))
        .filter(pk=made.pk)
        .exists()
    )
    assert not made.is_overdue_on(datetime.date(2030, 1, 1))


@pytest.mark.parametrize("status", [FollowUpAction.Status.OPEN, FollowUpAction.Status.IN_PROGRESS])
def test_open_and_in_progress_actions_can_be_overdue(meeting, status):
    made = action(meeting, "Act.", due=datetime.date(2020, 1, 1), status=status)
    assert (
        FollowUpAction.objects.overdue(today=datetime.date(2030, 1, 1)).filter(pk=made.pk).exists()
    )


@pytest.mark.parametrize("precision", [Precision.NEXT_MEETING, Precision.NONE])
def test_undated_deadlines_are_never_overdue(meeting, precision):
    made = action(meeting, "Act.", precision=precision)
    assert (
        not FollowUpAction.objects.overdue(today=datetime.date(2100, 1, 1))
        .filter(pk=made.pk)
        .exists()
    )
    assert not made.is_overdue_on(datetime.date(2100, 1, 1))


def test_overdue_page_judges_by_today(client, meeting):
    today = timezone.localdate()
    late = action(meeting, "Late by a day.", due=today - datetime.timedelta(days=1))
    action(meeting, "Due today.", due=today)
    response = client.get("/actions/?overdue=1")
    assert [a.pk for a in response.context["actions"]] == [late.pk]


def test_overdue_page_keeps_an_action_due_this_month_until_the_month_ends(client, meeting):
    today = timezone.localdate()
    action(meeting, "Due this month.", precision=Precision.MONTH, due=today.replace(day=1))
    response = client.get("/actions/?overdue=1")
    assert list(response.context["actions"]) == []
    assert response.context["paginator"].count == 0
