"""Dates as summary records write them, and deadlines resolved against the meeting's date.

Meeting dates: "October 18-19, 2021", "18–19 October 2021", "9 February 2007",
"27-28 May 1997", "Tuesday, 9 February 2007", "30 October – 1 November 2021".

Deadlines keep the precision the record gives them and are stored as the last day of that
period (``records.display.period_end``): "until 29 October 2021" (day), "by February, 2022"
(month), "in the third quarter of 2025" (quarter), "by the end of this year" (year, relative
to the meeting), "at the next meeting" (no date).
"""

import bisect
import datetime
import re
from dataclasses import dataclass

from records.display import period_end
from records.importing.words import ORDINAL, ordinal_number
from records.models import ActionPrecision

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"  # noqa: E501
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_DASH = r"\s*(?:-|–|—|to|until|and)\s*"

# Most specific first: a range must win over the single date inside it.
_DATE_PATTERNS = [
    # 30 October – 1 November 2021 / 27 December 2021 – 2 January 2022
    rf"(?:{_WEEKDAY})?(?P<d1>{_DAY})\s+(?P<m1>{_MONTH})(?:,?\s+(?P<y1>{_YEAR}))?{_DASH}"
    rf"(?:{_WEEKDAY})?(?P<d2>{_DAY})\s+(?P<m2>{_MONTH}),?\s+(?P<y2>{_YEAR})",
    # 18–19 October 2021, 27-28 May 1997, 18 and 19 October 2021
    rf"(?P<d1>{_DAY}){_DASH}(?P<d2>{_DAY})\s+(?:of\s+)?(?P<m2>{_MONTH}),?\s+(?P<y2>{_YEAR})",
    # October 30 – November 1, 2021
    rf"(?P<m1>{_MONTH})\s+(?P<d1>{_DAY}){_DASH}(?P<m2>{_MONTH})\s+(?P<d2>{_DAY}),?\s+(?P<y2>{_YEAR})",
    # October 18-19, 2021
    rf"(?P<m2>{_MONTH})\s+(?P<d1>{_DAY}){_DASH}(?P<d2>{_DAY}),?\s+(?P<y2>{_YEAR})",
    # Tuesday, 9 February 2007 / 9th of February, 2007
    rf"(?:{_WEEKDAY})?(?P<d2>{_DAY})\s+(?:of\s+)?(?P<m2>{_MONTH}),?\s+(?P<y2>{_YEAR})",
    # Tuesday, February 9, 2007
    rf"(?:{_WEEKDAY})?(?P<m2>{_MONTH})\s+(?P<d2>{_DAY}),?\s+(?P<y2>{_YEAR})",
]


@dataclass(frozen=True)
class DateSpan:
    """A date or date range found in a text, with where it stands."""

    start: int
    end: int
    first: datetime.date
    last: datetime.date


def _number(value: str) -> int:
    return int(re.match(r"\d+", value).group())


def _month(value: str) -> int:
    return MONTHS[value.rstrip(".").lower()]


# Months are capitalised in records: "may" and "march" in running text are not dates.
_DATE_RES = [re.compile(rf"\b{p}\b") for p in _DATE_PATTERNS]


def find_dates(text: str) -> list[DateSpan]:
    """Every date or date range in ``text``, in order, ranges taken whole."""
    found: list[DateSpan] = []
    taken: list[tuple[int, int]] = []  # sorted, never overlapping
    for pattern in _DATE_RES:
        for match in pattern.finditer(text):
            index = bisect.bisect_left(taken, (match.start(), match.start()))
            if (index and taken[index - 1][1] > match.start()) or (
                index < len(taken) and taken[index][0] < match.end()
            ):
                continue
            span = _date_span(match)
            if span:
                found.append(span)
                bisect.insort(taken, (match.start(), match.end()))
    return sorted(found, key=lambda span: span.start)


def _date_span(match: re.Match) -> DateSpan | None:
    parts = match.groupdict()
    try:
        year2 = int(parts["y2"])
        last = datetime.date(year2, _month(parts["m2"]), _number(parts["d2"]))
        if parts.get("d1"):
            year1 = int(parts["y1"]) if parts.get("y1") else year2
            month1 = _month(parts["m1"]) if parts.get("m1") else last.month
            first = datetime.date(year1, month1, _number(parts["d1"]))
        else:
            first = last
    except ValueError:  # 31 February and the like
        return None
    if first > last:
        return None
    return DateSpan(match.start(), match.end(), first, last)


@dataclass(frozen=True)
class Deadline:
    """A deadline found in a text: the words as written and the date they resolve to."""

    start: int
    end: int
    text: str
    due_date: datetime.date | None
    precision: str


_ORDINAL_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2}
_ORDINAL_QUARTERS.update({"3rd": 3, "4th": 4, "last": 4, "final": 4})
_BY = r"(?:by|until|till|before|no later than|not later than)"
_MEETING_NOUN = r"(?:meeting|session|summit|conference|HLM|SOM|AMM)"

# "… Meeting of the ASEAN Transport Ministers": who meets, in capitals (whatever the case of
# the rest of the rule).
_CAPITALISED = r"[A-Z][\w'’-]*"
_OF_BODY = (
    rf"(?-i:(?:\s+of\s+(?:the\s+)?{_CAPITALISED}"
    rf"(?:(?:\s+(?:and|on|for))?\s+{_CAPITALISED}){{0,8}})?)"
)

_DEADLINE_RULES: list[tuple[str, str]] = [
    # "by the end of this year", "by end of the year", "by end-2022", "by the end of 2022"
    (rf"{_BY}\s+(?:the\s+)?end(?:\s+of\s+|-)(?:(?:this|the)\s+year|(?P<year>{_YEAR}))", "year"),
    (rf"{_BY}\s+(?:the\s+)?end\s+of\s+next\s+year", "next_year"),
    # "in the third quarter of 2025", "by Q3 2025"
    (
        rf"(?:in|by|during|before|within|until)\s+(?:the\s+)?(?:end\s+of\s+the\s+)?"
        rf"(?P<quarter>first|second|third|fourth|last|final|1st|2nd|3rd|4th)\s+quarter\s+"
        rf"(?:of\s+)?(?P<year>{_YEAR})",
        "quarter",
    ),
    (rf"(?:in|by|during|before|until)\s+Q(?P<quarter>[1-4])\s+(?P<year>{_YEAR})", "quarter"),
    # "until 29 October 2021", "by 30 June 2031", "no later than October 29, 2021"
    (
        rf"{_BY}\s+(?:{_WEEKDAY})?(?:(?P<day>{_DAY})\s+(?:of\s+)?(?P<month>{_MONTH})"
        rf"|(?P<month2>{_MONTH})\s+(?P<day2>{_DAY})),?\s+(?P<year>{_YEAR})",
        "day",
    ),
    # A dated event: "on 27 October 2021", "on Tuesday, 5–6 May 2025", "on May 6, 2025"
    (
        rf"on\s+(?:{_WEEKDAY})?(?:(?:{_DAY})\s*(?:-|–|—|and)\s*)?(?:(?P<day>{_DAY})\s+(?:of\s+)?"
        rf"(?P<month>{_MONTH})|(?P<month2>{_MONTH})\s+(?:{_DAY}\s*(?:-|–|—)\s*)?(?P<day2>{_DAY}))"
        rf",?\s+(?P<year>{_YEAR})",
        "event",
    ),
    # "by February, 2022", "in March 2022", "by the end of June 2023"
    (
        rf"(?:{_BY}|in|during)\s+(?:the\s+end\s+of\s+)?(?P<month>{_MONTH}),?\s+(?P<year>{_YEAR})",
        "month",
    ),
    # "by 2030"
    (rf"{_BY}\s+(?P<year>{_YEAR})(?![\d/–-])", "year"),
    # "at the next meeting", "before its next session", "to the 4th SOM"
    (
        rf"(?:at|by|before|to|for|during|prior\s+to|until)\s+(?:the|its|their)\s+next\s+"
        rf"(?:[A-Z][\w-]*\s+){{0,10}}?{_MEETING_NOUN}{_OF_BODY}",
        "next_meeting",
    ),
    # "at its eighty-first session", "by the Fifth ADGMIN Meeting": kept only when the number
    # is the next one's (see ``find_deadlines``)
    (
        rf"(?:at|by|before|to|for|during|prior\s+to|until)\s+(?:the|its|their)\s+"
        rf"(?P<ordinal>{ORDINAL})\s+(?:[A-Z][\w-]*\s+){{0,6}}?{_MEETING_NOUN}",
        "next_number",
    ),
]
_DEADLINE_RES = [(re.compile(rf"\b{p}\b", re.IGNORECASE), kind) for p, kind in _DEADLINE_RULES]

# Holding the next meeting is itself a commitment due at that meeting.
_HOLD_NEXT_RE = re.compile(
    rf"\bhold\s+(?:the\s+|its\s+|their\s+)?next\s+(?:[\w-]+\s+){{0,10}}?{_MEETING_NOUN}\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[.;]\s|[.;]$|,\s+and\s")
_HOLD_WHEN_RE = re.compile(
    r"\b(?:as\s+(?:mutually\s+)?agreed(?:\s+upon)?"
    r"|at\s+a\s+(?:date|time|venue)[\w\s,]{0,40}?to\s+be\s+(?:mutually\s+)?"
    r"(?:agreed|determined|decided|confirmed)(?:\s+upon)?)",
    re.IGNORECASE,
)


def find_deadlines(
    text: str,
    meeting_date: datetime.date | None,
    meeting_end: datetime.date | None = None,
    next_numbers: frozenset[int] = frozenset(),
) -> list[Deadline]:
    """The deadlines set in ``text``, resolved against the meeting's (first) date.

    Dates before the meeting are history, not deadlines, and are left out; so are events on
    the meeting's own days ("held … on 18 October 2021"), and events without a meeting date.
    Without a meeting date, deadlines relative to it ("by the end of this year") are left
    out too. A meeting named by its number ("at its eighty-first session") is the next
    meeting when its number is in ``next_numbers``, and is otherwise left out.
    """
    found: list[Deadline] = []
    taken: list[tuple[int, int]] = []  # the found spans, kept sorted: they never overlap

    def overlaps(start, end):
        index = bisect.bisect_left(taken, (start, start))
        before = index > 0 and taken[index - 1][1] > start
        return before or (index < len(taken) and taken[index][0] < end)

    def add(deadline):
        found.append(deadline)
        bisect.insort(taken, (deadline.start, deadline.end))

    for pattern, kind in _DEADLINE_RES:
        for match in pattern.finditer(text):
            if overlaps(match.start(), match.end()):
                continue
            if kind == "next_number" and ordinal_number(match["ordinal"]) not in next_numbers:
                continue
            resolved = _resolve(match, kind, meeting_date)
            if resolved is None:
                continue
            due_date, precision = resolved
            if due_date is not None and meeting_date is not None and due_date < meeting_date:
                continue
            if kind == "event" and (
                meeting_date is None or due_date <= (meeting_end or meeting_date)
            ):
                continue
            add(Deadline(match.start(), match.end(), match.group(), due_date, precision))
    # Clause ends, found once: none starts inside another, so these are all of them.
    clause_ends = [stop.start() for stop in _CLAUSE_END.finditer(text)]
    when, looked_in = None, None  # the last "as mutually agreed" found, and in which clause
    for match in _HOLD_NEXT_RE.finditer(text):
        index = bisect.bisect_left(clause_ends, match.end())
        clause_end = clause_ends[index] if index < len(clause_ends) else len(text)
        if overlaps(match.start(), clause_end):
            continue  # "hold the next Meeting in the third quarter of 2008": dated already
        # Look again only when the clause changes or the holding has passed what was found:
        # a clause of a thousand "hold the next meeting" is read once, not a thousand times.
        if looked_in != clause_end or (when is not None and when.start() < match.end()):
            when = _HOLD_WHEN_RE.search(text, match.end(), clause_end)
            looked_in = clause_end
        start, end = (when.start(), when.end()) if when else (match.start(), match.end())
        if not overlaps(start, end):
            add(Deadline(start, end, text[start:end], None, ActionPrecision.NEXT_MEETING.value))
    return sorted(found, key=lambda d: d.start)


def _resolve(match: re.Match, kind: str, meeting_date: datetime.date | None):
    parts = {k: v for k, v in match.groupdict().items() if v}
    try:
        if kind in {"next_meeting", "next_number"}:
            return None, ActionPrecision.NEXT_MEETING.value
        if kind == "next_year":
            if meeting_date is None:
                return None
            return datetime.date(meeting_date.year + 1, 12, 31), ActionPrecision.YEAR.value
        if kind == "year":
            if "year" in parts:
                year = int(parts["year"])
            elif meeting_date is not None:
                year = meeting_date.year
            else:
                return None
            return datetime.date(year, 12, 31), ActionPrecision.YEAR.value
        if kind == "quarter":
            quarter = parts["quarter"].lower()
            number = int(quarter) if quarter.isdigit() else _ORDINAL_QUARTERS[quarter]
            day = datetime.date(int(parts["year"]), number * 3, 1)
            return period_end(day, ActionPrecision.QUARTER), ActionPrecision.QUARTER.value
        if kind in {"day", "event"}:
            day = _number(parts.get("day") or parts["day2"])
            month = _month(parts.get("month") or parts["month2"])
            return datetime.date(int(parts["year"]), month, day), ActionPrecision.DAY.value
        if kind == "month":
            day = datetime.date(int(parts["year"]), _month(parts["month"]), 1)
            return period_end(day, ActionPrecision.MONTH), ActionPrecision.MONTH.value
    except ValueError:  # 31 February and the like
        return None
    raise AssertionError(f"Unknown deadline kind {kind}")
