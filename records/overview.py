"""The numbers of ``/overview/``, each with the address of the list it counts.

Every count here is taken with the same conditions as the list it links to (the filters of
``/resolutions/`` and ``/actions/``, ``FollowUpAction.overdue_condition`` and
``carried_over_condition``), so following a number shows exactly that many rows. A fixed
number of queries, however many records there are.
"""

import dataclasses
import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, gettext_lazy

from records import charts
from records.models import FollowUpAction, FollowUpActionStatus, ResolutionVerb

Status = FollowUpActionStatus
OPEN_STATUSES = [Status.OPEN, Status.IN_PROGRESS]

# How long overdue: (first day, last day or None), in days overdue (1 on the first day).
OVERDUE_AGES = [
    (1, 30, gettext_lazy("Up to 30 days")),
    (31, 90, gettext_lazy("31 to 90 days")),
    (91, 365, gettext_lazy("91 days to a year")),
    (366, 730, gettext_lazy("One to two years")),
    (731, None, gettext_lazy("More than two years")),
]


@dataclasses.dataclass(frozen=True)
class Figure:
    """A number on the page and the list of what it counts."""

    label: str
    count: int
    url: str


def resolutions_url(**filters) -> str:
    return _url("records:resolution_list", filters)


def actions_url(**filters) -> str:
    return _url("records:action_list", filters)


def _url(name, filters) -> str:
    query = urlencode({key: value for key, value in filters.items() if value}, doseq=True)
    return reverse(name) + (f"?{query}" if query else "")


def _age_dates(today, first, last):
    """The due dates of actions ``first`` to ``last`` days overdue on ``today``."""
    due_after = today - datetime.timedelta(days=last) if last else None
    return due_after, today - datetime.timedelta(days=first)


def key_figures(actions, resolutions, *, today, include_restricted):
    """The headline numbers, by name, and the overdue actions by age (two queries)."""
    overdue = FollowUpAction.overdue_condition(today)
    carried = FollowUpAction.carried_over_condition(include_restricted=include_restricted)
    ages = {}
    for index, (first, last, _) in enumerate(OVERDUE_AGES):
        due_after, due_before = _age_dates(today, first, last)
        in_age = Q(due_date__lte=due_before) & (Q(due_date__gte=due_after) if due_after else Q())
        ages[f"age_{index}"] = Count("pk", filter=overdue & in_age)
    counts = actions.order_by().aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("pk", filter=overdue),
        carried_over=Count("pk", filter=carried),
        **ages,
    )
    figures = {
        "decisions": Figure(
            gettext("decisions"), resolutions.order_by().count(), resolutions_url()
        ),
        "actions": Figure(gettext("follow-up actions"), counts["total"], actions_url()),
        "open": Figure(gettext("still open"), counts["open"], actions_url(status=OPEN_STATUSES)),
        "overdue": Figure(gettext("overdue"), counts["overdue"], actions_url(overdue=1)),
        "carried_over": Figure(
            gettext("carried over to a later meeting"),
            counts["carried_over"],
            actions_url(carried_over=1),
        ),
    }
    by_age = []
    for index, (first, last, label) in enumerate(OVERDUE_AGES):
        due_after, due_before = _age_dates(today, first, last)
        url = actions_url(overdue=1, due_after=due_after, due_before=due_before)
        by_age.append(Figure(label, counts[f"age_{index}"], url))
    return figures, by_age


def overdue_chart(by_age: list[Figure]) -> charts.StackedBars:
    return charts.stacked_bars(
        [(figure.label, {"overdue": figure.count}) for figure in by_age],
        [("overdue", gettext("Overdue"))],
    )


@dataclasses.dataclass(frozen=True)
class SeriesRow:
    name: str
    short_name: str
    total: Figure
    statuses: list[tuple[str, Figure]]  # (status, its count)


def status_by_series(actions) -> list[SeriesRow]:
    """For each series with published actions, its actions by status (one query)."""
    rows = (
        actions.order_by()
        .values_list(
            "meeting__series__slug",
            "meeting__series__name",
            "meeting__series__short_name",
            "status",
        )
        .annotate(count=Count("pk"))
        .order_by("meeting__series__name")
    )
    series: dict[str, tuple[str, str, dict[str, int]]] = {}
    for slug, name, short_name, status, count in rows:
        series.setdefault(slug, (name, short_name, {}))[2][status] = count
    return [
        SeriesRow(
            name=name,
            short_name=short_name,
            total=Figure(name, sum(counts.values()), actions_url(series=slug)),
            statuses=[
                (
                    status.value,
                    Figure(
                        status.label,
                        counts.get(status.value, 0),
                        actions_url(series=slug, status=status.value),
                    ),
                )
                for status in Status
            ],
        )
        for slug, (name, short_name, counts) in series.items()
    ]


def status_chart(rows: list[SeriesRow]) -> charts.StackedBars:
    return charts.action_status_bars(
        [
            (row.short_name, {status: figure.count for status, figure in row.statuses})
            for row in rows
        ]
    )


@dataclasses.dataclass(frozen=True)
class YearRow:
    year: int
    total: Figure
    verbs: list[Figure]  # only the verbs used that year


def verbs_by_year(resolutions):
    """Decisions by year and operative verb (one query): the rows of the table (latest year
    first), the verbs used at all with their totals, and the heat map."""
    rows = (
        resolutions.order_by()
        .values_list("paragraph__meeting__year", "verb")
        .annotate(count=Count("pk"))
    )
    counts: dict[int, dict[str, int]] = {}
    for year, verb, count in rows:
        counts.setdefault(year, {})[verb] = count
    used = [verb for verb in ResolutionVerb if any(verb.value in c for c in counts.values())]
    years = list(range(min(counts), max(counts) + 1)) if counts else []
    table = [
        YearRow(
            year=year,
            total=Figure(str(year), sum(counts[year].values()), resolutions_url(year=year)),
            verbs=[
                Figure(
                    verb.label,
                    counts[year][verb.value],
                    resolutions_url(year=year, verb=verb.value),
                )
                for verb in used
                if verb.value in counts[year]
            ],
        )
        for year in reversed(years)
        if year in counts
    ]
    totals = [
        Figure(
            verb.label,
            sum(c.get(verb.value, 0) for c in counts.values()),
            resolutions_url(verb=verb.value),
        )
        for verb in used
    ]
    heat = charts.heat_map(
        [
            (verb.label, {str(year): c.get(verb.value, 0) for year, c in counts.items()})
            for verb in used
        ],
        [str(year) for year in years],
    )
    return table, totals, heat


@dataclasses.dataclass(frozen=True)
class MeetingRow:
    meeting: object
    decisions: Figure
    verbs: list[Figure]  # only the verbs it used
    actions: Figure
    statuses: list[Figure]  # only the statuses its actions have
    overdue: Figure
    carried_over: Figure


def meeting_rows(meetings, resolutions, actions, *, today, include_restricted) -> list[MeetingRow]:
    """For each of ``meetings``, its decisions by verb and its actions by status, overdue
    and carried over (two queries)."""
    ids = [meeting.pk for meeting in meetings]
    if not ids:
        return []
    verb_counts = resolutions.filter(paragraph__meeting__in=ids).counts_by_meeting_and_verb()
    action_counts = (
        actions.filter(meeting__in=ids)
        .order_by()
        .values_list("meeting_id", "status")
        .annotate(
            count=Count("pk"),
            overdue=Count("pk", filter=FollowUpAction.overdue_condition(today)),
            carried_over=Count(
                "pk",
                filter=FollowUpAction.carried_over_condition(include_restricted=include_restricted),
            ),
        )
    )
    by_status: dict[int, dict[str, int]] = {}
    flagged: dict[int, list[int]] = {}
    for meeting_id, status, count, overdue, carried_over in action_counts:
        by_status.setdefault(meeting_id, {})[status] = count
        totals = flagged.setdefault(meeting_id, [0, 0])
        totals[0] += overdue
        totals[1] += carried_over
    rows = []
    for meeting in meetings:
        slug = meeting.slug
        verbs = verb_counts.get(meeting.pk, {})
        statuses = by_status.get(meeting.pk, {})
        overdue, carried_over = flagged.get(meeting.pk, [0, 0])
        rows.append(
            MeetingRow(
                meeting=meeting,
                decisions=Figure(
                    gettext("decisions"), sum(verbs.values()), resolutions_url(meeting=slug)
                ),
                verbs=[
                    Figure(
                        verb.label,
                        verbs[verb.value],
                        resolutions_url(meeting=slug, verb=verb.value),
                    )
                    for verb in ResolutionVerb
                    if verb.value in verbs
                ],
                actions=Figure(
                    gettext("actions"), sum(statuses.values()), actions_url(meeting=slug)
                ),
                statuses=[
                    Figure(
                        status.label.lower(),
                        statuses[status.value],
                        actions_url(meeting=slug, status=status.value),
                    )
                    for status in Status
                    if status.value in statuses
                ],
                overdue=Figure(gettext("overdue"), overdue, actions_url(meeting=slug, overdue=1)),
                carried_over=Figure(
                    gettext("carried over"), carried_over, actions_url(meeting=slug, carried_over=1)
                ),
            )
        )
    return rows
