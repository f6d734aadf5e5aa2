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
from operator import itemgetter as value

from django.db.models import BooleanField, DateField, ExpressionWrapper, Value
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from records import display
from records.models import FollowUpAction, FollowUpActionStatus, ProgressUpdate, Resolution

BOM = "\ufeff"
CHUNK_SIZE = 2000
# A cell starting with one of these is a formula to a spreadsheet: "=HYPERLINK(…)". Such
# cells get a leading apostrophe (OWASP "CSV injection"), which Excel shows as plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _iso(day) -> str:
    return day.isoformat() if day else ""


# The columns of each export, in order: a name and the cell it makes of a row's values.
MEETING_COLUMNS = {
    "meeting": value("meeting"),
    "meeting_title": value("meeting_title"),
    "series": value("series"),
    "meeting_start_date": lambda row: _iso(row["meeting_start_date"]),
    "meeting_year": value("meeting_year"),
    "paragraph": value("paragraph"),
    "paragraph_url": value("paragraph_url"),
}

RESOLUTION_COLUMNS = {
    **MEETING_COLUMNS,
    "agenda_item": lambda row: (
        f"{row['agenda_number']}. {row['agenda_title']}" if row["agenda_number"] else ""
    ),
    "order": value("order"),
    "parties": value("parties"),
    "verb": value("verb"),
    "text": value("text"),
    "party_countries": value("party_countries"),
    "party_organisations": value("party_organisations"),
    # "agreed", or for the verb "other" the record's own word ("called upon").
    "verb_as_written": lambda row: row["verb_word"] or row["verb"],
}

ACTION_COLUMNS = {
    **MEETING_COLUMNS,
    "description": value("description"),
    "owners": value("owners"),
    "owner_countries": value("owner_countries"),
    "owner_organisations": value("owner_organisations"),
    "due_text": value("due_text"),
    "due_date": lambda row: _iso(row["due_date"]),
    "due_precision": value("due_precision"),
    "due": lambda row: FollowUpAction.deadline_display(row["due_date"], row["due_precision"]),
    "status": value("status"),
    "overdue": lambda row: "yes" if row["overdue"] else "no",
    "progress": value("progress"),
    "overdue_since": lambda row: (
        _iso(FollowUpAction.first_overdue_day(row["due_date"])) if row["overdue"] else ""
    ),
    "days_overdue": lambda row: (
        FollowUpAction.days_overdue_on(row["due_date"], row["today"]) if row["overdue"] else ""
    ),
    "carried_over": lambda row: "yes" if row["carried_over"] else "no",
}


class _Line:
    """A file-like object whose ``write`` hands back what it was given."""

    def write(self, text):
        return text


def _batched(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _names(relation, source: str, shown: str, order: str) -> Callable[[list[int]], dict]:
    """For the ids of a chunk, the ``shown`` values of the rows ``relation`` links each to."""

    def fetch(ids: list[int]) -> dict[int, str]:
        joined = defaultdict(list)
        links = relation.through.objects.filter(**{f"{source}_id__in": ids})
        for owner, name in links.order_by(order).values_list(f"{source}_id", shown):
            joined[owner].append(name)
        return {owner: "; ".join(names) for owner, names in joined.items()}

    return fetch


def _countries_and_organisations(role: str, model) -> dict[str, Callable]:
    """The ``<role>_countries`` (ISO codes) and ``<role>_organisations`` (slugs) of each row."""
    source = model._meta.model_name
    countries = getattr(model, f"{role}_countries")
    organisations = getattr(model, f"{role}_organisations")
    return {
        f"{role}_countries": _names(countries, source, "country__code", "country__name"),
        f"{role}_organisations": _names(
            organisations, source, "organisation__slug", "organisation__name"
        ),
    }


def _progress(*, include_restricted: bool) -> Callable[[list[int]], dict]:
    """For the ids of a chunk, the progress on each action that its list page shows the same
    reader, in its order (``FollowUpActionQuerySet.for_listing``), a line per report."""
    statuses = dict(FollowUpActionStatus.choices)
    shown = ProgressUpdate.objects.published(
        include_restricted=include_restricted
    ).in_meeting_order()

    def fetch(ids: list[int]) -> dict[int, str]:
        lines = defaultdict(list)
        updates = shown.filter(action_id__in=ids).values_list(
            "action_id",
            "text",
            "status",
            "meeting__sequence_number",
            "meeting__series__short_name",
            "meeting__start_date",
            "meeting__end_date",
            "meeting__year",
        )
        for action_id, text, status, number, series, start, end, year in updates:
            dates = display.date_range(start, end) or str(year)
            reported = f" [{statuses[status]}]" if status else ""
            meeting = f"{display.ordinal_word(number)} {series} ({dates})"
            lines[action_id].append(f"{meeting}{reported}: {text}")
        return {action_id: "\n".join(reports) for action_id, reports in lines.items()}

    return fetch


def _meeting_fields(meeting: str) -> dict[str, str]:
    return {
        "meeting": f"{meeting}__slug",
        "meeting_title": f"{meeting}__title",
        "series": f"{meeting}__series__name",
        "meeting_start_date": f"{meeting}__start_date",
        "meeting_year": f"{meeting}__year",
        "paragraph": "paragraph__number",
    }


def _meeting_url(link: Callable) -> Callable[[str], str]:
    @functools.lru_cache(maxsize=1024)
    def url(slug: str) -> str:
        return link(reverse("records:meeting_detail", kwargs={"slug": slug}))

    return url


def export_rows(
    queryset, columns: dict, *, meeting: str, fields: dict, linked: dict, link: Callable
) -> Iterator[list]:
    """The cells of ``columns`` for each row of ``queryset``, in its order: the one row builder
    of every export.

    Each row's values are read as plain values: the meeting's (reached through ``meeting``)
    and paragraph's, and ``fields`` (lookups or expressions, by name), ``CHUNK_SIZE`` rows at a
    time; for each chunk, each function of ``linked`` fetches by name what those rows link to
    (one query each). ``link`` makes a path absolute (``request.build_absolute_uri``).
    """
    fields = {"pk": "pk", **_meeting_fields(meeting), **fields}
    rows = queryset.prefetch_related(None).values_list(*fields.values())
    meeting_url = _meeting_url(link)
    cells = list(columns.values())
    for chunk in _batched(rows.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        chunk = [dict(zip(fields, row, strict=True)) for row in chunk]
        fetched = {name: fetch([row["pk"] for row in chunk]) for name, fetch in linked.items()}
        for row in chunk:
            row.update((name, values.get(row["pk"], "")) for name, values in fetched.items())
            number = row["paragraph"]
            row["paragraph_url"] = f"{meeting_url(row['meeting'])}#p{number}" if number else ""
            yield [make(row) for make in cells]


def cell(content) -> str | int:
    if content is None:
        return ""
    if isinstance(content, int):
        return content
    text = str(content)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """The CSV text of ``rows``, a few hundred lines at a time, starting with the BOM."""
    writer = csv.writer(_Line())
    yield BOM + writer.writerow(header)
    for batch in _batched(rows, 500):
        yield "".join(writer.writerow([cell(content) for content in row]) for row in batch)


def csv_response(lines: Iterable[str], *, name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    filename = f"{name}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def resolutions_csv(queryset, *, link: Callable) -> StreamingHttpResponse:
    """All resolutions of ``queryset`` (published, filtered, ordered) as a CSV download."""
    rows = export_rows(
        queryset,
        RESOLUTION_COLUMNS,
        meeting="paragraph__meeting",
        fields={
            "agenda_number": "paragraph__agenda_item__number",
            "agenda_title": "paragraph__agenda_item__title",
            "order": "order",
            "parties": "parties",
            "verb": "verb",
            "text": "text",
            "verb_word": "verb_word",
        },
        linked=_countries_and_organisations("party", Resolution),
        link=link,
    )
    return csv_response(csv_lines(list(RESOLUTION_COLUMNS), rows), name="resolutions")


def actions_csv(
    queryset, *, link: Callable, include_restricted: bool = False
) -> StreamingHttpResponse:
    """All follow-up actions of ``queryset`` (published, filtered, ordered) as CSV, with the
    progress their page shows a reader who does (or does not) see restricted records."""
    today = timezone.localdate()
    rows = export_rows(
        queryset,
        ACTION_COLUMNS,
        meeting="meeting",
        fields={
            "description": "description",
            "owners": "owners",
            "due_text": "due_text",
            "due_date": "due_date",
            "due_precision": "due_precision",
            "status": "status",
            "overdue": ExpressionWrapper(
                FollowUpAction.overdue_condition(today), output_field=BooleanField()
            ),
            "carried_over": ExpressionWrapper(
                FollowUpAction.carried_over_condition(include_restricted=include_restricted),
                output_field=BooleanField(),
            ),
            "today": Value(today, output_field=DateField()),
        },
        linked={
            **_countries_and_organisations("owner", FollowUpAction),
            "progress": _progress(include_restricted=include_restricted),
        },
        link=link,
    )
    return csv_response(csv_lines(list(ACTION_COLUMNS), rows), name="actions")
