"""Nothing of an unpublished record (draft, in review or withdrawn) appears in any list,
count, search result, export, chart or "matters arising"."""

from urllib.parse import parse_qs, urlsplit

import pytest

from records.models import Meeting
from tests.audit_data import LEAK, build_records

pytestmark = pytest.mark.django_db

# What only the unpublished record names: its words, its slug, and the country and
# organisation that appear nowhere else.
MARKERS = [LEAK, "hlm-3", "Draftonly Republic", "Draft Only Body", "draft-only-body", "Third HLM"]

URLS = [
    "/resolutions/",
    "/resolutions/?format=csv",
    "/resolutions/?party_country=JP",
    "/resolutions/?series=hlm&sort=date",
    "/resolutions/?text=guidebook",
    "/actions/",
    "/actions/?format=csv",
    "/actions/?overdue=1",
    "/actions/?overdue=1&format=csv",
    "/actions/?owner_country=JP",
    "/actions/?text=guidebook",
    "/search/?q=DRAFTLEAK",
    "/search/?q=guidebook",
    "/search/?q=guidebook&kind=action",
    "/overview/",
    "/overview/?series=hlm",
    "/meetings/hlm-2/",
    "/",
]


@pytest.fixture(params=[Meeting.Status.DRAFT, Meeting.Status.IN_REVIEW, Meeting.Status.WITHDRAWN])
def records(request):
    records = build_records()
    Meeting.objects.filter(pk=records.draft.pk).update(status=request.param)
    return records


@pytest.mark.parametrize("url", URLS)
def test_unpublished_record_appears_nowhere(client, records, url):
    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8-sig")
    # The search page repeats what was searched for; only the rest must be clean.
    for searched in parse_qs(urlsplit(url).query).get("q", []):
        text = text.replace(f'value="{searched}"', "").replace(searched, "")
    for marker in MARKERS:
        assert marker not in text, marker


def test_lists_count_only_published_rows(client, records):
    assert client.get("/resolutions/").context["paginator"].count == 4
    assert client.get("/resolutions/?verb=agreed").context["paginator"].count == 2
    assert client.get("/actions/").context["paginator"].count == 4


def test_overdue_count_leaves_out_unpublished_actions(client, records):
    # The unpublished action is long past its deadline and still open.
    assert client.get("/actions/?overdue=1").context["paginator"].count == 1
    assert client.get("/overview/").context["overdue_count"] == 1


def test_search_counts_only_published_rows(client, records):
    assert client.get("/search/?q=DRAFTLEAK").context["paginator"].count == 0


def test_overview_chart_and_table_leave_out_unpublished_meetings(client, records):
    response = client.get("/overview/")
    assert [row["meeting"].slug for row in response.context["rows"]] == ["som-1", "hlm-2", "hlm-1"]
    assert [bar.label for bar in response.context["chart"].bars] == [
        "First SOM",
        "Second HLM",
        "First HLM",
    ]


def test_overview_verb_counts_leave_out_unpublished_resolutions(client, records):
    response = client.get("/overview/")
    totals = sum(row["resolutions"] for row in response.context["rows"])
    assert totals == 4


def test_filter_choices_leave_out_what_only_unpublished_records_name(client, records):
    form = client.get("/resolutions/").context["filter"].form
    assert "hlm-3" not in [m.slug for m in form.fields["meeting"].queryset]
    assert "ZZ" not in [c.code for c in form.fields["party_country"].queryset]
    assert "draft-only-body" not in [o.slug for o in form.fields["party_organisation"].queryset]
    form = client.get("/actions/").context["filter"].form
    assert "ZZ" not in [c.code for c in form.fields["owner_country"].queryset]
    assert "draft-only-body" not in [o.slug for o in form.fields["owner_organisation"].queryset]
