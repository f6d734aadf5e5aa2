"""/overview/, what an auditor reads first: key figures, charts with their tables, the longest
overdue actions and each meeting's counts; every number is a link to a list of exactly that
many rows, and the page runs a fixed number of queries however many records there are."""

import datetime
import re

import lxml.html
import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains

from records import charts, roles
from records.models import FollowUpAction, Resolution
from tests.audit_data import action, build_records, paragraph, report, resolution
from tests.factories import MeetingFactory, MeetingSeriesFactory

pytestmark = pytest.mark.django_db

Status = FollowUpAction.Status
NUMBER = re.compile(r"\d+")


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def records():
    """The audit records, with open actions overdue for 1, 30, 31, 400 days, one done long
    ago, one of a restricted meeting, and a later meeting the first HLM's actions arise at."""
    made = build_records()
    for days in (1, 30, 31, 400):
        action(made.som1, f"Overdue by {days} days.", due=days_ago(days), owners="Thailand")
    action(made.som1, "Done late.", due=days_ago(90), status=Status.DONE)
    restricted = MeetingFactory(
        series=made.som,
        sequence_number=2,
        start_date=datetime.date(2022, 5, 2),
        visibility="restricted",
        slug="som-2",
    )
    resolution(restricted, 1, Resolution.Verb.AGREED, "The Meeting", "RESTRICTEDONLY")
    action(restricted, "RESTRICTEDONLY action.", due=days_ago(5))
    return made


def overview(client, url="/overview/"):
    response = client.get(url)
    assert response.status_code == 200
    return response, lxml.html.fromstring(response.content).find(".//main")


def counted_links(main):
    """``(href, number)`` of each link on the page whose text is a count (not a meeting or
    paragraph link, whose text holds an ordinal or a paragraph number, nor a download)."""
    links = []
    for link in main.iter("a"):
        href, numbers = link.get("href"), NUMBER.findall(link.text_content())
        if numbers and not href.startswith("/meetings/") and "format=csv" not in href:
            links.append((href, int(numbers[-1])))
    return links


def mismatches(client, links):
    """The links whose list does not hold as many rows as their number says."""
    counts = {}
    for href, _ in links:
        if href not in counts:  # asked once: a second answer comes from the page cache
            response = client.get(href)
            assert response.status_code == 200, href
            counts[href] = response.context["paginator"].count
    return [(href, number, counts[href]) for href, number in links if counts[href] != number]


def test_every_number_links_to_a_list_of_exactly_that_many_rows(client, records):
    response, main = overview(client)
    links = counted_links(main)
    # 5 key figures, 4 series' 5 counts, 5 ages, the verbs (3 totals, 3 over 3 years) and
    # each meeting's counts: enough that none of the page's parts went unchecked.
    assert len(links) >= 45
    assert mismatches(client, links) == []


def test_every_number_links_for_a_delegate_who_also_sees_restricted_records(signed_in, records):
    client = signed_in(roles.DELEGATE)
    response, main = overview(client)
    assert response.context["figures"]["overdue"].count == 6  # with the restricted one
    assert mismatches(client, counted_links(main)) == []


def test_every_count_in_a_table_or_the_key_figures_is_a_link(client, records):
    response, main = overview(client)
    cells = main.xpath(".//table//td | .//ul[@class='key-figures']/li")
    assert len(cells) >= 15
    for cell in cells:
        for link in list(cell.iter("a")):
            link.drop_tree()  # what is left is the text outside the links
        assert not NUMBER.search(cell.text_content()), cell.text_content()


def test_key_figures_count_published_decisions_actions_open_overdue_and_carried_over(
    client, records
):
    response, _ = overview(client)
    figures = {name: figure.count for name, figure in response.context["figures"].items()}
    # 4 actions of build_records (one overdue, one done) and the 5 added (one done).
    assert figures == {
        "decisions": 4,
        "actions": 9,
        "open": 7,
        "overdue": 5,
        # the guidebook, open at the Second HLM
        "carried_over": 1,
    }
    assertContains(response, '<a href="/actions/?overdue=1"><strong class="figure">5</strong>')


def test_overdue_actions_are_counted_by_how_long_they_are_overdue(client, records):
    response, _ = overview(client)
    ages = {figure.label: figure.count for figure in response.context["overdue_by_age"]}
    # 1 and 30 days; 31 days; none; 400 days; the guidebook (due at the end of 2019)
    assert list(ages.values()) == [2, 1, 0, 1, 1]
    first = response.context["overdue_by_age"][0]
    assert first.url == (f"/actions/?overdue=1&due_after={days_ago(30)}&due_before={days_ago(1)}")


def test_an_action_due_yesterday_is_one_day_overdue_and_in_the_first_age(client, records):
    response, _ = overview(client)
    first = response.context["overdue_by_age"][0]
    shown = client.get(first.url).context["actions"]
    assert {a.description for a in shown} == {"Overdue by 1 days.", "Overdue by 30 days."}
    assert sorted(a.days_overdue for a in shown) == [1, 30]


def test_actions_by_series_split_by_status_and_leave_out_drafts(client, records):
    response, _ = overview(client)
    rows = {row.short_name: row for row in response.context["series_rows"]}
    assert sorted(rows) == ["HLM", "SOM"]
    assert {s: f.count for s, f in rows["HLM"].statuses} == {
        "open": 2,
        "in_progress": 1,
        "done": 0,
        "cancelled": 0,
    }
    assert rows["SOM"].total.count == 6


def test_status_chart_draws_each_series_to_scale_with_a_title_and_description(client, records):
    response, main = overview(client)
    svg = main.xpath(".//section[@aria-labelledby='by-series-title']//svg")[0]
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "status-chart-title status-chart-desc"
    assert svg.find("title").text == "Follow-up actions by status, for each series"
    assert svg.find("desc").text == "HLM: 2 open, 1 in progress. SOM: 4 open, 2 done. "
    bars = {bar.label: bar for bar in response.context["status_chart"].bars}
    # SOM's six actions are the full width; HLM's three, half of it.
    assert sum(s.width for s in bars["SOM"].segments) == charts.BAR_WIDTH
    assert sum(s.width for s in bars["HLM"].segments) == charts.BAR_WIDTH / 2


def test_verb_chart_has_a_square_per_verb_and_year_and_the_table_links_each_count(client, records):
    response, main = overview(client)
    svg = main.xpath(".//section[@aria-labelledby='verbs-title']//svg")[0]
    assert svg.find("title").text == "Decisions by operative verb, for each year"
    # welcomed, agreed, noted over 2019, 2020 and 2021 (2020 had no meeting: an empty column)
    assert len(svg.findall(".//rect")) == 9
    labels = svg.xpath(".//text[@class='bar-label']")
    assert [label.text for label in labels] == ["agreed", "welcomed", "noted"]
    assertContains(response, '<a href="/resolutions/?year=2021&amp;verb=agreed">agreed: 2</a>')
    assertContains(response, '<a href="/resolutions/?verb=agreed">agreed: 2</a>')


def test_meeting_rows_count_decisions_by_verb_and_actions_by_status(client, records):
    response, _ = overview(client)
    rows = {row.meeting.slug: row for row in response.context["rows"]}
    assert [(f.label, f.count) for f in rows["hlm-2"].verbs] == [("agreed", 1), ("noted", 1)]
    assert [(f.label, f.count) for f in rows["som-1"].statuses] == [("open", 4), ("done", 2)]
    assert rows["som-1"].overdue.count == 4
    assert rows["hlm-1"].carried_over.count == 1
    assertContains(response, '<a href="/actions/?meeting=hlm-1&amp;carried_over=1">')


def test_longest_overdue_say_since_when_and_for_how_many_days(client, records):
    response, main = overview(client)
    first = response.context["overdue"][0]
    assert first.pk == records.publish_guidebook.pk
    text = main.xpath(".//section[@aria-labelledby='overdue-title']//ol/li")[0].text_content()
    assert "overdue since 1 January 2020" in text
    assert f"({(timezone.localdate() - datetime.date(2019, 12, 31)).days} days)" in text


def test_overview_of_an_empty_site_says_there_is_nothing_yet(client):
    response, main = overview(client)
    assert [f.count for f in response.context["figures"].values()] == [0, 0, 0, 0, 0]
    assertContains(response, "No published meeting has follow-up actions.")
    assertContains(response, "No published meeting has decisions.")
    assert main.findall(".//svg") == []


def test_heat_map_keeps_its_width_and_labels_only_what_fits_however_many_years():
    years = [str(year) for year in range(1970, 2027)]
    heat = charts.heat_map([("agreed", {"1970": 1, "2026": 8})], years)
    assert heat.width <= charts.HEAT_LABEL_WIDTH + charts.HEAT_WIDTH + 10
    xs = [x for _, x in heat.axis_labels]
    assert min(b - a for a, b in zip(xs, xs[1:], strict=False)) >= charts.MIN_LABEL_SPACING
    assert heat.axis_labels[-1][0] == "2026"
    levels = {cell.column: cell.level for cell in heat.rows[0].cells}
    assert (levels["2026"], levels["1970"], levels["1990"]) == (charts.HEAT_LEVELS, 1, 0)


def many_records(count):
    """``count`` decisions and as many actions, over four meetings of two series and years,
    with progress reported at later meetings."""
    series = [MeetingSeriesFactory(), MeetingSeriesFactory()]
    meetings = [
        MeetingFactory(
            series=series[number % 2],
            sequence_number=number + 1,
            start_date=datetime.date(2010 + number, 5, 1),
        )
        for number in range(4)
    ]
    for index in range(count):
        meeting = meetings[index % 3]
        made = resolution(
            meeting, index + 1, list(Resolution.Verb)[index % 5], "The Meeting", f"act {index}"
        )
        task = action(
            meeting,
            f"Follow up {index}.",
            paragraph_number=made.paragraph.number,
            due=datetime.date(2012, 1, 1) + datetime.timedelta(days=30 * index),
            status=list(Status)[index % 4],
        )
        later = meetings[index % 3 + 1]
        if later.series_id == meeting.series_id:
            paragraph(later, 1000 + index, "Progress was reported.")
            report(task, later, f"Progress {index}.", paragraph_number=1000 + index)


@pytest.mark.parametrize("count", [3, 60])
def test_overview_query_count_is_constant(client, django_assert_num_queries, count):
    many_records(count)
    # the cache generation (page cache); the key figures, the decisions' count, the actions
    # by series, the decisions by year and verb; the meetings' count and page, their verbs
    # and their actions; the longest overdue; the series choices
    with django_assert_num_queries(11):
        response = client.get("/overview/")
    assert response.context["figures"]["actions"].count == count
