"""Every filter and ordering of the find-and-audit pages has an index to use."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

# table, the leading columns of an index it needs, what uses it
NEEDED = [
    ("records_meeting", ["slug"], "meeting=<slug>"),
    ("records_meeting", ["status", "start_date"], "published meetings; date_from/date_to; by date"),
    ("records_meeting", ["year"], "year="),
    ("records_meeting", ["series_id", "sequence_number"], "series=; matters arising"),
    ("records_meetingseries", ["slug"], "series=<slug>"),
    ("records_paragraph", ["meeting_id", "number"], "a meeting's paragraphs, in order"),
    ("records_paragraph", ["agenda_item_id"], "agenda_item="),
    ("records_resolution", ["paragraph_id"], "resolutions of the published paragraphs"),
    ("records_resolution", ["verb"], "verb=; sort=verb; counts by verb"),
    ("records_resolution_party_countries", ["resolution_id", "country_id"], "party_country="),
    ("records_resolution_party_countries", ["country_id"], "country choices"),
    (
        "records_resolution_party_organisations",
        ["resolution_id", "organisation_id"],
        "party_organisation=",
    ),
    ("records_resolution_party_organisations", ["organisation_id"], "organisation choices"),
    ("records_country", ["code"], "party_country=<code>"),
    ("records_organisation", ["slug"], "party_organisation=<slug>"),
    ("records_followupaction", ["meeting_id"], "actions of the published meetings; meeting="),
    ("records_followupaction", ["status", "due_date"], "status=; overdue=1"),
    ("records_followupaction", ["due_date"], "due_after/due_before; sort=due"),
    (
        "records_followupaction_owner_countries",
        ["followupaction_id", "country_id"],
        "owner_country=",
    ),
    (
        "records_followupaction_owner_organisations",
        ["followupaction_id", "organisation_id"],
        "owner_organisation=",
    ),
    ("records_progressupdate", ["action_id", "meeting_id"], "progress per action; matters arising"),
]


def index_columns(table):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [c["columns"] for c in constraints.values() if c["index"] or c["unique"]]


@pytest.mark.parametrize(
    ("table", "columns", "use"), NEEDED, ids=[f"{t}:{'+'.join(c)}" for t, c, _ in NEEDED]
)
def test_an_index_leads_with_the_columns_filtered_on(table, columns, use):
    assert any(found[: len(columns)] == columns for found in index_columns(table)), use


# The plans, at a realistic size ------------------------------------------------------------

# The tables that grow with the records: no page of a list may read one of them whole.
BIG_TABLES = [
    "records_resolution",
    "records_paragraph",
    "records_followupaction",
    "records_resolution_party_countries",
    "records_followupaction_owner_countries",
]
RESOLUTION_QUERIES = [
    "",
    "sort=date",
    "meeting={meeting}",
    "series={series}",
    "year={year}",
    "date_from={year}-01-01&date_to={year}-12-31",
    "verb=agreed",
    "party_country=JP",
]
ACTION_QUERIES = ["", "sort=-due", "sort=-date", "overdue=1", "status=open", "meeting={meeting}"]


@pytest.fixture(scope="module")
def sample_records(django_db_blocker, django_db_setup):
    """200 meetings and 20,000 resolutions of sample data, analysed, for the module."""
    from django.db import transaction

    from records.models import Meeting
    from records.sample_data import generate_sample_data

    with django_db_blocker.unblock(), transaction.atomic():
        generate_sample_data(meetings=200, resolutions=20_000, seed=1)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        meeting = Meeting.objects.published().select_related("series").order_by("-year").first()
        yield {"meeting": meeting.slug, "series": meeting.series.slug, "year": meeting.year}
        transaction.set_rollback(True)


def page_plan(filterset_class, queryset, query: str) -> str:
    """The plan of the rows of a list's first page, as the page asks for them."""
    from django.http import QueryDict

    filterset = filterset_class(QueryDict(query), queryset=queryset)
    assert filterset.is_valid(), filterset.form.errors
    return filterset.qs[:51].explain()


def seq_scans(plan: str) -> list[str]:
    return [table for table in BIG_TABLES if f"Seq Scan on {table} " in plan]


@pytest.mark.parametrize("query", RESOLUTION_QUERIES)
def test_a_page_of_resolutions_reads_no_big_table_whole(sample_records, query):
    from records.filters import ResolutionFilter
    from records.models import Resolution

    rows = Resolution.objects.published().for_listing()
    plan = page_plan(ResolutionFilter, rows, query.format(**sample_records))
    assert seq_scans(plan) == [], plan


@pytest.mark.parametrize("query", ACTION_QUERIES)
def test_a_page_of_actions_reads_no_big_table_whole(sample_records, query):
    from records.filters import FollowUpActionFilter
    from records.models import FollowUpAction

    rows = FollowUpAction.objects.published().for_listing()
    plan = page_plan(FollowUpActionFilter, rows, query.format(**sample_records))
    assert seq_scans(plan) == [], plan


def test_the_newest_resolutions_are_read_in_the_order_of_the_meeting_index(sample_records):
    from records.filters import ResolutionFilter
    from records.models import Resolution

    plan = page_plan(ResolutionFilter, Resolution.objects.published().for_listing(), "")
    assert "meeting_date_order_idx" in plan, plan
