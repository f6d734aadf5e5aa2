"""Admin changelists stay fast on tables that grow with every meeting."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from records.models import FollowUpAction, Paragraph, Resolution
from records.pagination import EstimatedCountPaginator
from tests.factories import (
    FollowUpActionFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "/admin/records/meeting/",
    "/admin/records/paragraph/",
    "/admin/records/resolution/",
    "/admin/records/followupaction/",
    "/admin/records/agendaitem/",
]


def make_records(meetings):
    series = MeetingSeriesFactory()
    for meeting in MeetingFactory.create_batch(meetings, series=series):
        resolution = ResolutionFactory(paragraph__meeting=meeting)
        FollowUpActionFactory(paragraph=resolution.paragraph, resolution=resolution)
    return series


def filters(client, url, params=None):
    """The changelist's filter sidebar."""
    page = client.get(url, params or {}).content.decode()
    start = page.index('<nav id="changelist-filter"')
    return page[start : page.index("</nav>", start)]


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured]


@pytest.mark.parametrize("url", CHANGELISTS)
def test_changelist_queries_do_not_grow_with_the_number_of_meetings(admin_client, url):
    make_records(2)
    few = len(queries_of(admin_client, url))
    make_records(12)
    assert len(queries_of(admin_client, url)) == few


@pytest.mark.parametrize("url", ["/admin/records/resolution/", "/admin/records/followupaction/"])
def test_meeting_filter_lists_only_the_meetings_of_the_chosen_series(admin_client, url):
    chosen = make_records(2)
    other = make_records(3)
    series_key = "paragraph__meeting__series" if "resolution" in url else "meeting__series"
    page = filters(admin_client, url, {f"{series_key}__id__exact": chosen.pk})
    for meeting in chosen.meetings.all():
        assert str(meeting) in page
    for meeting in other.meetings.all():
        assert str(meeting) not in page


def test_meeting_filter_is_left_out_until_a_series_is_chosen(admin_client):
    series = make_records(2)
    page = filters(admin_client, "/admin/records/resolution/")
    for meeting in series.meetings.all():
        assert str(meeting) not in page


def test_a_meeting_chosen_without_its_series_still_shows_as_chosen(admin_client):
    series = make_records(2)
    meeting = series.meetings.first()
    page = filters(
        admin_client, "/admin/records/followupaction/", {"meeting__id__exact": meeting.pk}
    )
    assert str(meeting) in page
    assert str(series.meetings.last()) not in page


@pytest.mark.parametrize(
    ("url", "model"),
    [
        ("/admin/records/resolution/", Resolution),
        ("/admin/records/followupaction/", FollowUpAction),
        ("/admin/records/paragraph/", Paragraph),
    ],
)
def test_changelists_of_big_tables_show_the_newest_rows_first(admin_client, url, model):
    make_records(3)
    response = admin_client.get(url)
    shown = [row.pk for row in response.context["cl"].result_list]
    assert shown == list(model.objects.order_by("-pk").values_list("pk", flat=True))


def test_changelist_does_not_count_the_whole_table_twice(admin_client):
    make_records(3)
    counts = [q for q in queries_of(admin_client, "/admin/records/resolution/") if "COUNT(" in q]
    assert len(counts) <= 1


def test_big_unfiltered_table_is_counted_by_estimate_on_postgresql(admin_client, monkeypatch):
    make_records(30)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE records_resolution")
    make_records(5)  # not yet in the planner's statistics
    monkeypatch.setattr(EstimatedCountPaginator, "exact_below", 10)
    response = admin_client.get("/admin/records/resolution/")
    if connection.vendor == "postgresql":
        assert response.context["cl"].result_count == 30
    else:
        assert response.context["cl"].result_count == 35  # SQLite has no estimate


def test_filtered_list_is_counted_exactly(admin_client, monkeypatch):
    make_records(30)
    monkeypatch.setattr(EstimatedCountPaginator, "exact_below", 10)
    response = admin_client.get("/admin/records/resolution/", {"verb__exact": "agreed"})
    assert response.context["cl"].result_count == 30
    response = admin_client.get("/admin/records/resolution/", {"verb__exact": "noted"})
    assert response.context["cl"].result_count == 0


def test_estimate_is_not_used_below_the_threshold(admin_client):
    make_records(3)
    response = admin_client.get("/admin/records/resolution/")
    assert response.context["cl"].result_count == 3
