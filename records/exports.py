"""CSV exports of the filtered lists: every matching row, streamed, for Excel and scripts.

Column names are stable and documented in README.md ("CSV exports"); add columns at the end,
never rename or reorder them. The file is UTF-8 with a byte order mark, so that Excel reads
accents and dashes correctly, with CRLF line ends (RFC 4180).
"""

import csv
import dataclasses
from collections.abc import Callable, Iterable, Iterator

from django.http import StreamingHttpResponse
from django.utils import timezone

from records.models import FollowUpAction

BOM = "\ufeff"
CHUNK_SIZE = 2000
# A cell starting with one of these is a formula to a spreadsheet: "=HYPERLINK(…)". Such
# cells get a leading apostrophe (OWASP "CSV injection"), which Excel shows as plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclasses.dataclass(frozen=True)
class Column:
    name: str
    value: Callable


class _Line:
    """A file-like object whose ``write`` hands back what it was given."""

    def write(self, text):
        return text


def cell(value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, int):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _meeting_columns(meeting: Callable) -> list[Column]:
    return [
        Column("meeting", lambda row, link: meeting(row).slug),
        Column("meeting_title", lambda row, link: meeting(row).title),
        Column("series", lambda row, link: meeting(row).series.name),
        Column(
            "meeting_start_date",
            lambda row, link: meeting(row).start_date and meeting(row).start_date.isoformat(),
        ),
        Column("meeting_year", lambda row, link: meeting(row).year),
    ]


def _paragraph_url(meeting, paragraph, link):
    return link(f"{meeting.get_absolute_url()}#{paragraph.anchor}") if paragraph else ""


RESOLUTION_COLUMNS = [
    *_meeting_columns(lambda resolution: resolution.paragraph.meeting),
    Column("paragraph", lambda row, link: row.paragraph.number),
    Column(
        "paragraph_url",
        lambda row, link: _paragraph_url(row.paragraph.meeting, row.paragraph, link),
    ),
    Column(
        "agenda_item",
        lambda row, link: str(row.paragraph.agenda_item) if row.paragraph.agenda_item else "",
    ),
    Column("order", lambda row, link: row.order),
    Column("parties", lambda row, link: row.parties),
    Column("verb", lambda row, link: row.verb),
    Column("text", lambda row, link: row.text),
    Column(
        "party_countries",
        lambda row, link: "; ".join(country.code for country in row.party_countries.all()),
    ),
    Column(
        "party_organisations",
        lambda row, link: "; ".join(org.slug for org in row.party_organisations.all()),
    ),
]


def _progress(action: FollowUpAction) -> str:
    lines = []
    for update in action.published_progress_updates:
        meeting = update.meeting
        status = f" [{update.get_status_display()}]" if update.status else ""
        lines.append(
            f"{meeting.ordinal} {meeting.series.short_name} ({meeting.dates_display}){status}: "
            f"{update.text}"
        )
    return "\n".join(lines)


def action_columns() -> list[Column]:
    return [
        *_meeting_columns(lambda action: action.meeting),
        Column("paragraph", lambda row, link: row.paragraph.number if row.paragraph else ""),
        Column("paragraph_url", lambda row, link: _paragraph_url(row.meeting, row.paragraph, link)),
        Column("description", lambda row, link: row.description),
        Column("owners", lambda row, link: row.owners),
        Column(
            "owner_countries",
            lambda row, link: "; ".join(country.code for country in row.owner_countries.all()),
        ),
        Column(
            "owner_organisations",
            lambda row, link: "; ".join(org.slug for org in row.owner_organisations.all()),
        ),
        Column("due_text", lambda row, link: row.due_text),
        Column("due_date", lambda row, link: row.due_date and row.due_date.isoformat()),
        Column("due_precision", lambda row, link: row.due_precision),
        Column("due", lambda row, link: row.due_display),
        Column("status", lambda row, link: row.status),
        Column("overdue", lambda row, link: "yes" if row.is_overdue else "no"),
        Column("progress", lambda row, link: _progress(row)),
    ]


def rows_csv(rows: Iterable, columns: list[Column], link: Callable) -> Iterator[str]:
    """The CSV text of ``rows``, a few hundred lines at a time, starting with the BOM."""
    writer = csv.writer(_Line())
    yield BOM + writer.writerow([column.name for column in columns])
    batch = []
    for row in rows:
        batch.append(writer.writerow([cell(column.value(row, link)) for column in columns]))
        if len(batch) >= 500:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def csv_response(rows: Iterable, columns: list[Column], *, name: str, link: Callable):
    """A streamed CSV download; ``link`` makes a path absolute."""
    response = StreamingHttpResponse(
        rows_csv(rows, columns, link), content_type="text/csv; charset=utf-8"
    )
    filename = f"{name}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def resolutions_csv(queryset, *, link: Callable):
    """All resolutions of ``queryset`` as a CSV download.

    ``queryset`` is already published, filtered and shaped with ``for_listing()``.
    """
    rows = queryset.iterator(chunk_size=CHUNK_SIZE)
    return csv_response(rows, RESOLUTION_COLUMNS, name="resolutions", link=link)


def actions_csv(queryset, *, link: Callable):
    """All follow-up actions of ``queryset`` as a CSV download.

    ``queryset`` is already published, filtered and shaped with ``for_listing()``.
    """
    rows = queryset.iterator(chunk_size=CHUNK_SIZE)
    return csv_response(rows, action_columns(), name="actions", link=link)
