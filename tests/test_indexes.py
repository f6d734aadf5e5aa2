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
