"""A record page's "matters arising": actions from earlier meetings of the same series still
open when that meeting met."""

import datetime

import pytest
from django.urls import reverse

from records.models import FollowUpAction
from tests.audit_data import action, paragraph, report
from tests.factories import MeetingFactory, MeetingSeriesFactory

pytestmark = pytest.mark.django_db

Status = FollowUpAction.Status


@pytest.fixture
def series():
    return MeetingSeriesFactory(slug="hlm", short_name="HLM")


def meeting(series, number, **kwargs):
    start = datetime.date(2018 + number, 10, 1)
    made = MeetingFactory(series=series, sequence_number=number, start_date=start, **kwargs)
    paragraph(made, 1, f"The {number}th meeting was held.")
    return made


@pytest.fixture
def meetings(series):
    return [meeting(series, number) for number in (1, 2, 3)]


def arising(at):
    return list(FollowUpAction.objects.matters_arising(at))


def test_an_open_action_arises_at_every_later_meeting_of_the_series(meetings):
    first, second, third = meetings
    open_action = action(first, "Prepare the study.")
    assert arising(second) == [open_action]
    assert arising(third) == [open_action]


def test_an_action_does_not_arise_at_its_own_or_an_earlier_meeting(meetings):
    first, second, third = meetings
    action(second, "Prepare the study.")
    assert arising(first) == []
    assert arising(second) == []


def test_an_action_reported_done_arises_where_it_was_reported_and_not_after(meetings):
    first, second, third = meetings
    finished = action(first, "Prepare the study.", status=Status.DONE)
    report(finished, second, "The study was completed.", status=Status.DONE)
    assert arising(second) == [finished]
    assert arising(third) == []


def test_an_action_done_later_was_still_open_at_the_meetings_before(meetings):
    first, second, third = meetings
    finished = action(first, "Prepare the study.", status=Status.DONE)
    report(finished, third, "The study was completed.", status=Status.DONE)
    assert arising(second) == [finished]
    assert arising(third) == [finished]


def test_an_action_closed_without_a_dated_report_is_not_claimed_open(meetings):
    first, second, third = meetings
    action(first, "Prepare the study.", status=Status.CANCELLED)
    assert arising(second) == []


def test_an_in_progress_report_keeps_the_action_arising(meetings):
    first, second, third = meetings
    ongoing = action(first, "Prepare the study.", status=Status.IN_PROGRESS)
    report(ongoing, second, "Work continues.", status=Status.IN_PROGRESS)
    assert arising(third) == [ongoing]


def test_actions_of_another_series_never_arise(meetings):
    first, second, third = meetings
    other = meeting(MeetingSeriesFactory(), 1)
    action(other, "Someone else's task.")
    assert arising(third) == []


def test_actions_of_a_draft_earlier_meeting_never_arise(series):
    draft = meeting(series, 1, draft=True)
    later = meeting(series, 2)
    action(draft, "A task not yet public.")
    assert arising(later) == []


def test_a_draft_report_of_closure_is_ignored(meetings, series):
    first, second, third = meetings
    fourth_draft = meeting(series, 4, draft=True)
    ongoing = action(first, "Prepare the study.", status=Status.DONE)
    report(ongoing, fourth_draft, "Completed (not yet public).", status=Status.DONE)
    # Its only dated closing is in a draft: publicly, its closing is undated.
    assert arising(second) == []


def test_record_page_lists_matters_arising_with_links_to_where_they_were_committed(
    client, meetings
):
    first, second, third = meetings
    action(first, "Prepare the joint study.", paragraph_number=1)
    response = client.get(third.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Matters arising" in html
    assert "Prepare the joint study." in html
    assert f'href="{first.get_absolute_url()}#p1"' in html


def test_record_page_without_earlier_open_actions_has_no_matters_arising(client, meetings):
    response = client.get(meetings[0].get_absolute_url())
    assert "Matters arising" not in response.content.decode()


@pytest.mark.parametrize("earlier_actions", [1, 6])
def test_record_page_query_count_does_not_grow_with_matters_arising(
    client, django_assert_num_queries, series, earlier_actions
):
    earlier = [meeting(series, number) for number in (1, 2)]
    current = meeting(series, 3)
    for index in range(earlier_actions):
        made = action(earlier[index % 2], f"Task {index}.", paragraph_number=1)
        if made.meeting == earlier[0]:
            report(made, earlier[1], f"Progress {index}.")
    url = reverse("records:meeting_detail", kwargs={"slug": current.slug})
    with django_assert_num_queries(12):  # with the cache generation the page is cached under
        response = client.get(url)
    assert len(response.context["matters_arising"]) == earlier_actions
