"""The pages /resolutions/ and /actions/ (and /overview/'s place in the site): rows, links,
counts, pagination, and a fixed number of queries however many rows there are."""

import datetime
import re

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from records.models import FollowUpAction, Resolution
from tests.audit_data import action, build_records, report, resolution
from tests.factories import (
    CountryFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    return build_records()


def many_rows(count: int):
    """``count`` resolutions and as many actions over several meetings, with parties, owners
    and progress reported at the next meeting."""
    countries = [CountryFactory(code=code) for code in ("AA", "BB", "CC")]
    organisations = [OrganisationFactory() for _ in range(3)]
    series = MeetingSeriesFactory()
    meetings = [
        MeetingFactory(
            series=series, sequence_number=number, start_date=datetime.date(2010 + number, 5, 1)
        )
        for number in range(1, 5)
    ]
    for index in range(count):
        meeting = meetings[index % 3]
        made = resolution(
            meeting,
            index + 1,
            Resolution.Verb.AGREED if index % 2 else Resolution.Verb.NOTED,
            "The Meeting",
            f"to pursue matter {index}",
            countries=countries[: 1 + index % 3],
            organisations=organisations[: 1 + index % 2],
            agenda=f"Item {index}",
        )
        task = action(
            meeting,
            f"Follow up matter {index}.",
            paragraph_number=made.paragraph.number,
            due=datetime.date(2012, 1, 1) + datetime.timedelta(days=index),
            countries=countries[:2],
            organisations=organisations[:1],
        )
        later = meetings[(index % 3) + 1]
        later.paragraphs.get_or_create(number=1, defaults={"text": "Progress was reported."})
        report(task, later, f"Progress on matter {index}.", paragraph_number=1)
    return meetings


# /resolutions/ --------------------------------------------------------------------------


def test_resolution_rows_show_clause_verb_parties_and_link_to_the_paragraph(client, records):
    response = client.get("/resolutions/?meeting=hlm-2")
    assert response.status_code == 200
    assertContains(
        response,
        '<p class="clause">ASEAN and Japan <strong class="verb">agreed</strong> '
        "to continue cooperation on urban transport</p>",
        html=True,
    )
    assertContains(response, 'href="/meetings/hlm-2/#p1"')
    assertContains(
        response, "Parties: Brunei Darussalam, Japan, Association of Southeast Asian Nations"
    )


def test_resolution_page_shows_the_total_count(client, records):
    response = client.get("/resolutions/?verb=agreed")
    assertContains(response, "<strong>2</strong> resolutions match", html=False)


def test_resolution_page_offers_the_filtered_csv(client, records):
    response = client.get("/resolutions/?verb=agreed&page=1")
    assertContains(response, 'href="?verb=agreed&amp;format=csv"')


def test_resolution_pagination_keeps_the_filters_in_every_link(client):
    series = MeetingSeriesFactory()
    meeting = MeetingFactory(series=series)
    for index in range(1, 56):
        resolution(meeting, index, Resolution.Verb.AGREED, "The Meeting", f"to act {index}")
    first = client.get(f"/resolutions/?verb=agreed&meeting={meeting.slug}")
    assert len(first.context["resolutions"]) == 50
    assertContains(first, f'href="?verb=agreed&amp;meeting={meeting.slug}&amp;page=2"')
    second = client.get(f"/resolutions/?verb=agreed&meeting={meeting.slug}&page=2")
    assert len(second.context["resolutions"]) == 5
    assertContains(second, f'href="?verb=agreed&amp;meeting={meeting.slug}&amp;page=1"')
    assertContains(second, "Page 2 of 2")


def test_resolution_filter_form_keeps_the_chosen_values(client, records):
    response = client.get("/resolutions/?verb=noted&text=JASCA")
    assertContains(response, '<option value="noted" selected>noted</option>', html=True)
    assertContains(response, 'value="JASCA"')


def test_resolution_meeting_choices_name_only_published_meetings(client, records):
    response = client.get("/resolutions/")
    choices = [
        str(meeting) for meeting in response.context["filter"].form.fields["meeting"].queryset
    ]
    assert len(choices) == 3
    assertNotContains(response, 'value="hlm-3"')


def test_invalid_filter_answers_400_with_the_error_on_the_page(client, records):
    response = client.get("/resolutions/?date_from=2021-02-30")
    assert response.status_code == 400
    assertContains(response, "Some filters could not be used", status_code=400)
    assertContains(response, "Enter a date as YYYY-MM-DD, e.g. 2021-10-18.", status_code=400)
    assert list(response.context["resolutions"]) == []


@pytest.mark.parametrize("count", [3, 60])
def test_resolution_page_query_count_is_constant(client, django_assert_num_queries, count):
    many_rows(count)
    # the page, party countries, party organisations, the count (capped); then the choices
    # of the series select (meetings, countries and organisations are suggested as one
    # types, never listed); and first the cache generation (page cache)
    with django_assert_num_queries(6):
        response = client.get("/resolutions/")
    assert response.context["paginator"].count == count


@pytest.mark.parametrize("count", [3, 60])
def test_filtered_resolution_page_query_count_is_constant(client, django_assert_num_queries, count):
    meetings = many_rows(count)
    url = f"/resolutions/?verb=noted&party_country=AA&meeting={meetings[0].slug}&text=matter"
    # as above, plus checking the chosen country and meeting
    with django_assert_num_queries(8):
        response = client.get(url)
    # The first meeting holds every third row; every other row is "noted".
    expected = len([index for index in range(count) if index % 3 == 0 and index % 2 == 0])
    assert response.context["paginator"].count == expected


# /actions/ ------------------------------------------------------------------------------


def test_action_rows_show_deadline_status_owners_and_paragraph(client, records):
    response = client.get("/actions/?meeting=hlm-2")
    assertContains(response, "Launch the urban transport portal.")
    assertContains(response, "Due: February 2099")
    assertContains(response, "In progress")
    assertContains(response, "Owners: Brunei Darussalam")
    assertContains(response, 'href="/meetings/hlm-2/#p1"')


def test_action_shows_its_published_progress_history(client, records):
    response = client.get("/actions/?meeting=hlm-1")
    assertContains(response, "Reported at")
    assertContains(response, "Drafting of the guidebook began.")
    assertContains(response, 'href="/meetings/hlm-2/#p1"')


def test_progress_reported_at_a_draft_meeting_is_not_shown(client, records):
    response = client.get("/actions/?meeting=hlm-1")
    assertNotContains(response, "DRAFTLEAK")
    [shown] = response.context["actions"]
    assert shown.published_progress_updates == [records.drafting_began]


def test_progress_on_a_draft_meeting_action_is_not_shown_even_if_reported_at_a_published_one(
    client, records
):
    # An action committed at a draft meeting, reported at a published one.
    report(records.draft_action, records.som1, "Reported publicly on a draft action.")
    response = client.get("/actions/")
    assertNotContains(response, "Reported publicly on a draft action.")


def test_overdue_actions_are_marked(client, records):
    response = client.get("/actions/")
    assertContains(
        response, '<strong class="badge badge-overdue">Overdue</strong>', count=1, html=True
    )


def test_overdue_checkbox_is_checked_when_filtering_overdue(client, records):
    response = client.get("/actions/?overdue=1")
    assertContains(response, 'name="overdue"')
    assert re.search(
        r'<input type="checkbox" name="overdue" value="1"[^>]*checked', response.content.decode()
    )


@pytest.mark.parametrize("count", [3, 60])
def test_action_page_query_count_is_constant(client, django_assert_num_queries, count):
    many_rows(count)
    # the page, progress updates, the count (capped); then the choices of the series select;
    # and first the cache generation. The owners are shown as worded: no owner look-ups.
    with django_assert_num_queries(5):
        response = client.get("/actions/")
    assert response.context["paginator"].count == count


@pytest.mark.parametrize("count", [3, 60])
def test_overdue_action_page_query_count_is_constant(client, django_assert_num_queries, count):
    many_rows(count)
    with django_assert_num_queries(5):  # with the cache generation (page cache)
        response = client.get("/actions/?overdue=1&sort=-date")
    assert response.context["paginator"].count == count


# /overview/: tests/test_overview.py -----------------------------------------------------


def test_nav_links_to_the_new_pages():
    response = Client().get("/")
    for url in ("/resolutions/", "/actions/", "/search/", "/overview/"):
        assertContains(response, f'href="{url}"')


def test_the_only_script_is_the_static_one_suggesting_filter_choices(client, records):
    suggest = ['<script src="/static/js/suggest.js" defer>']
    expected = {"/resolutions/": suggest, "/actions/": suggest, "/search/?q=guidebook": []}
    for url, scripts in {**expected, "/overview/": []}.items():
        assert re.findall(r"<script[^>]*>", client.get(url).content.decode().lower()) == scripts


def test_action_page_default_sort_puts_soonest_deadline_first(client, records):
    response = client.get("/actions/")
    assert [a.pk for a in response.context["actions"]][0] == records.publish_guidebook.pk
    assert FollowUpAction.objects.published().count() == 4
