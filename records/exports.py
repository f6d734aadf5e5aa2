"""CSV exports of the filtered lists: every matching row, streamed, for Excel and scripts.

Column names are stable and documented in docs/open-data.md ("CSV exports"); add columns at the end,
never rename or reorder them. The file is UTF-8 with a byte order mark, so that Excel reads
accents and dashes correctly, with CRLF line ends (RFC 4180).

Rows are read as plain values, ``CHUNK_SIZE`` at a time; for each chunk one query per
many-valued column (parties, owners, progress) fetches what those rows link to. Memory stays
flat however many rows match, and no model instance is built per row.
"""

import csv
import functools
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from records import display
from records.models import (
    CLOSED_STATUSES,
    FollowUpAction,
    FollowUpActionStatus,
    ProgressUpdate,
    Resolution,
)

BOM = "\ufeff"
CHUNK_SIZE = 2000
# A cell starting with one of these is a formula to a spreadsheet: "=HYPERLINK(…)". Such
# cells get a leading apostrophe (OWASP "CSV injection"), which Excel shows as plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

RESOLUTION_COLUMNS = [
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
]

ACTION_COLUMNS = [
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
]


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


def _batched(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _linked(relation, source: str, ids: list[int], value: str, order: str) -> dict[int, str]:
    """For each id in ``ids``, the ``value`` of the rows ``relation`` links it to, joined."""
    joined = defaultdict(list)
    links = relation.through.objects.filter(**{f"{source}_id__in": ids})
    for owner, shown in links.order_by(order).values_list(f"{source}_id", value):
        joined[owner].append(shown)
    return {owner: "; ".join(values) for owner, values in joined.items()}


def _meeting_url(link: Callable) -> Callable[[str], str]:
    @functools.lru_cache(maxsize=1024)
    def url(slug: str) -> str:
        return link(reverse("records:meeting_detail", kwargs={"slug": slug}))

    return url


def _paragraph_url(meeting_url, slug, number):
    return f"{meeting_url(slug)}#p{number}" if number is not None else ""


def _iso(day) -> str:
    return day.isoformat() if day else ""


def _meeting_fields(prefix: str) -> dict[str, str]:
    return {
        "meeting": f"{prefix}slug",
        "meeting_title": f"{prefix}title",
        "series": f"{prefix}series__name",
        "meeting_start_date": f"{prefix}start_date",
        "meeting_year": f"{prefix}year",
    }


def resolution_rows(queryset, link: Callable) -> Iterator[list]:
    """The cells of each resolution of ``queryset``, in ``RESOLUTION_COLUMNS`` order."""
    fields = {
        "pk": "pk",
        **_meeting_fields("paragraph__meeting__"),
        "paragraph": "paragraph__number",
        "agenda_number": "paragraph__agenda_item__number",
        "agenda_title": "paragraph__agenda_item__title",
        "order": "order",
        "parties": "parties",
        "verb": "verb",
        "text": "text",
    }
    rows = queryset.prefetch_related(None).values_list(*fields.values())
    meeting_url = _meeting_url(link)
    for chunk in _batched(rows.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        chunk = [dict(zip(fields, row, strict=True)) for row in chunk]
        ids = [row["pk"] for row in chunk]
        countries = _linked(
            Resolution.party_countries, "resolution", ids, "country__code", "country__name"
        )
        organisations = _linked(
            Resolution.party_organisations,
            "resolution",
            ids,
            "organisation__slug",
            "organisation__name",
        )
        for row in chunk:
            agenda = (
                f"{row['agenda_number']}. {row['agenda_title']}" if row["agenda_number"] else ""
            )
            yield [
                row["meeting"],
                row["meeting_title"],
                row["series"],
                _iso(row["meeting_start_date"]),
                row["meeting_year"],
                row["paragraph"],
                _paragraph_url(meeting_url, row["meeting"], row["paragraph"]),
                agenda,
                row["order"],
                row["parties"],
                row["verb"],
                row["text"],
                countries.get(row["pk"], ""),
                organisations.get(row["pk"], ""),
            ]


def _progress(ids: list[int]) -> dict[int, str]:
    """The published progress on each action, oldest first, a line per report."""
    lines = defaultdict(list)
    statuses = dict(FollowUpActionStatus.choices)
    updates = (
        ProgressUpdate.objects.published()
        .filter(action_id__in=ids)
        .order_by("meeting__year", "meeting__start_date", "meeting__sequence_number", "pk")
        .values_list(
            "action_id",
            "text",
            "status",
            "meeting__sequence_number",
            "meeting__series__short_name",
            "meeting__start_date",
            "meeting__end_date",
            "meeting__year",
        )
    )
    for action_id, text, status, number, series, start, end, year in updates:
        dates = display.date_range(start, end) or str(year)
        shown = f" [{statuses[status]}]" if status else ""
        lines[action_id].append(f"{display.ordinal_word(number)} {series} ({dates}){shown}: {text}")
    return {action_id: "\n".join(reports) for action_id, reports in lines.items()}


def action_rows(queryset, link: Callable) -> Iterator[list]:
    """The cells of each follow-up action of ``queryset``, in ``ACTION_COLUMNS`` order."""
    fields = {
        "pk": "pk",
        **_meeting_fields("meeting__"),
        "paragraph": "paragraph__number",
        "description": "description",
        "owners": "owners",
        "due_text": "due_text",
        "due_date": "due_date",
        "due_precision": "due_precision",
        "status": "status",
    }
    rows = queryset.prefetch_related(None).values_list(*fields.values())
    meeting_url = _meeting_url(link)
    precisions = dict(FollowUpAction.Precision.choices)
    today = timezone.localdate()
    for chunk in _batched(rows.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        chunk = [dict(zip(fields, row, strict=True)) for row in chunk]
        ids = [row["pk"] for row in chunk]
        countries = _linked(
            FollowUpAction.owner_countries, "followupaction", ids, "country__code", "country__name"
        )
        organisations = _linked(
            FollowUpAction.owner_organisations,
            "followupaction",
            ids,
            "organisation__slug",
            "organisation__name",
        )
        progress = _progress(ids)
        for row in chunk:
            due_date, precision = row["due_date"], row["due_precision"]
            overdue = row["status"] not in CLOSED_STATUSES and due_date and due_date < today
            yield [
                row["meeting"],
                row["meeting_title"],
                row["series"],
                _iso(row["meeting_start_date"]),
                row["meeting_year"],
                row["paragraph"],
                _paragraph_url(meeting_url, row["meeting"], row["paragraph"]),
                row["description"],
                row["owners"],
                countries.get(row["pk"], ""),
                organisations.get(row["pk"], ""),
                row["due_text"],
                _iso(due_date),
                precision,
                display.due_date(due_date, precision) if due_date else precisions[precision],
                row["status"],
                "yes" if overdue else "no",
                progress.get(row["pk"], ""),
            ]


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """The CSV text of ``rows``, a few hundred lines at a time, starting with the BOM."""
    writer = csv.writer(_Line())
    yield BOM + writer.writerow(header)
    for batch in _batched(rows, 500):
        yield "".join(writer.writerow([cell(value) for value in row]) for row in batch)


def csv_response(lines: Iterable[str], *, name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    filename = f"{name}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def resolutions_csv(queryset, *, link: Callable) -> StreamingHttpResponse:
    """All resolutions of ``queryset`` (published, filtered, ordered) as a CSV download.

    ``link`` makes a path absolute (``request.build_absolute_uri``).
    """
    lines = csv_lines(RESOLUTION_COLUMNS, resolution_rows(queryset, link))
    return csv_response(lines, name="resolutions")


def actions_csv(queryset, *, link: Callable) -> StreamingHttpResponse:
    """All follow-up actions of ``queryset`` (published, filtered, ordered) as CSV."""
    return csv_response(csv_lines(ACTION_COLUMNS, action_rows(queryset, link)), name="actions")
