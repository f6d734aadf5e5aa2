"""?format=csv on /resolutions/ and /actions/: every matching row, streamed, UTF-8 with a BOM,
with the documented columns."""

import csv
import datetime
import io
import re
from pathlib import Path

import pytest

from records import exports
from records.models import FollowUpAction, Resolution
from tests.audit_data import action, build_records, resolution
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

OPEN_DATA_DOCS = Path(__file__).resolve().parents[1] / "docs" / "open-data.md"

RESOLUTION_HEADER = [
    "meeting",
    "meeting_title",
    "series",
    "meeting_start_date",
    "meeting_year",
    "paragraph",
    "paragraph_url",
    "agenda_item",
    "order",
    "parties",
    "verb",
    "text",
    "party_countries",
    "party_organisations",
    "verb_as_written",
]
ACTION_HEADER = [
    "meeting",
    "meeting_title",
    "series",
    "meeting_start_date",
    "meeting_year",
    "paragraph",
    "paragraph_url",
    "description",
    "owners",
    "owner_countries",
    "owner_organisations",
    "due_text",
    "due_date",
    "due_precision",
    "due",
    "status",
    "overdue",
    "progress",
    "overdue_since",
    "days_overdue",
    "carried_over",
]


@pytest.fixture
def records():
    return build_records()


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.streaming
    return response, b"".join(response.streaming_content)


def rows_of(body: bytes) -> list[dict]:
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_resolution_csv_is_a_utf8_attachment(client, records):
    response, _ = download(client, "/resolutions/?format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="resolutions-\d{4}-\d\d-\d\d\.csv"', response["Content-Disposition"]
    )


def test_resolution_csv_starts_with_a_bom_then_the_stable_header(client, records):
    _, body = download(client, "/resolutions/?format=csv")
    assert body.startswith("\ufeff".encode() + b"meeting,meeting_title,")
    assert next(csv.reader(io.StringIO(body.decode("utf-8-sig")))) == RESOLUTION_HEADER


def test_resolution_csv_row_holds_the_decision_and_its_place(client, records):
    _, body = download(client, "/resolutions/?format=csv&meeting=hlm-2&verb=agreed")
    [row] = rows_of(body)
    assert row == {
        "meeting": "hlm-2",
        "meeting_title": records.hlm2.title,
        "series": "High Level Meeting",
        "meeting_start_date": "2021-06-07",
        "meeting_year": "2021",
        "paragraph": "1",
        "paragraph_url": "http://testserver/meetings/hlm-2/#p1",
        "agenda_item": "1. Urban transport",
        "order": "1",
        "parties": "ASEAN and Japan",
        "verb": "agreed",
        "text": "to continue cooperation on urban transport",
        "party_countries": "BN; JP",
        "party_organisations": "asean",
        "verb_as_written": "agreed",
    }


def test_resolution_csv_applies_the_same_filters_as_the_page(client, records):
    page = client.get("/resolutions/?party_country=JP&sort=date")
    _, body = download(client, "/resolutions/?party_country=JP&sort=date&format=csv")
    assert [row["text"] for row in rows_of(body)] == [r.text for r in page.context["resolutions"]]


def test_csv_holds_every_matching_row_not_just_one_page(client):
    meeting = MeetingFactory()
    for number in range(1, 61):
        resolution(meeting, number, Resolution.Verb.NOTED, "The Meeting", f"report {number}")
    _, body = download(client, "/resolutions/?format=csv&page=1")
    assert len(rows_of(body)) == 60


def test_csv_rows_are_right_across_chunk_boundaries(client, monkeypatch, records):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    _, body = download(client, "/resolutions/?format=csv&sort=date")
    rows = rows_of(body)
    assert [row["party_countries"] for row in rows] == ["JP", "BN; JP", "", "TH"]
    assert [row["party_organisations"] for row in rows] == ["asean", "asean", "jasca", ""]


def test_action_csv_has_the_stable_header_and_progress(client, records):
    response, body = download(client, "/actions/?format=csv&meeting=hlm-1")
    assert re.fullmatch(
        r'attachment; filename="actions-\d{4}-\d\d-\d\d\.csv"', response["Content-Disposition"]
    )
    assert next(csv.reader(io.StringIO(body.decode("utf-8-sig")))) == ACTION_HEADER
    [row] = rows_of(body)
    assert row["description"] == "Publish the Smart City Planning Guidebook."
    assert row["due_date"] == "2019-12-31"
    assert row["due_precision"] == "year"
    assert row["due"] == "end of 2019"
    assert row["status"] == "open"
    assert row["overdue"] == "yes"
    assert row["owner_countries"] == "JP"
    assert row["progress"] == (
        "Second HLM (7–8 June 2021) [In progress]: Drafting of the guidebook began."
    )


def test_action_csv_applies_overdue_filter(client, records):
    _, body = download(client, "/actions/?format=csv&overdue=1")
    assert [row["description"] for row in rows_of(body)] == [
        "Publish the Smart City Planning Guidebook."
    ]


def test_csv_keeps_accents_commas_quotes_and_line_breaks(client):
    meeting = MeetingFactory()
    text = 'to welcome “Smart JAMP”, the Viet Nam\'s "Đà Nẵng" plan,\nand more'
    resolution(meeting, 1, Resolution.Verb.WELCOMED, "Thái Lan", text)
    _, body = download(client, "/resolutions/?format=csv")
    [row] = rows_of(body)
    assert row["text"] == text
    assert row["parties"] == "Thái Lan"


def test_csv_neutralises_cells_a_spreadsheet_would_run_as_formulas(client):
    meeting = MeetingFactory()
    resolution(meeting, 1, Resolution.Verb.NOTED, '=HYPERLINK("http://x")', "+1 the report")
    _, body = download(client, "/resolutions/?format=csv")
    [row] = rows_of(body)
    assert row["parties"] == '\'=HYPERLINK("http://x")'
    assert row["text"] == "'+1 the report"


def test_csv_with_invalid_filters_is_400_saying_what_is_wrong(client, records):
    response = client.get("/resolutions/?format=csv&date_from=soon")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert (
        "Meeting from (date_from): Enter a date as YYYY-MM-DD, e.g. 2021-10-18."
        in response.content.decode()
    )


def test_unknown_export_format_is_400(client, records):
    response = client.get("/actions/?format=xlsx")
    assert response.status_code == 400
    assert "use format=csv" in response.content.decode()


@pytest.mark.parametrize(
    ("header", "section"), [(RESOLUTION_HEADER, "resolutions"), (ACTION_HEADER, "actions")]
)
def test_open_data_docs_document_every_column(header, section):
    text = OPEN_DATA_DOCS.read_text(encoding="utf-8")
    documented = text[text.index("## CSV exports") :]
    for column in header:
        assert f"`{column}`" in documented, column


@pytest.mark.parametrize("count", [3, 30])
def test_export_query_count_does_not_grow_with_rows(client, django_assert_num_queries, count):
    meeting = MeetingFactory()
    for number in range(1, count + 1):
        made = action(
            meeting, f"Task {number}.", paragraph_number=number, due=datetime.date(2030, 1, 1)
        )
        assert made.status == FollowUpAction.Status.OPEN
    # the rows, then owner countries, owner organisations and progress for the one chunk
    with django_assert_num_queries(4):
        _, body = download(client, "/actions/?format=csv")
    assert len(rows_of(body)) == count
