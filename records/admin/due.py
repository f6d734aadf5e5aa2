"""A deadline entered as the record gives it: a year, a month, a quarter or a day, in one ISO
form ("2007", "2022-02", "2025-Q3", "2021-10-29"), or "next meeting"; never an arbitrary day
standing for a month or a year."""

import datetime
import re

from django import forms

from records import display
from records.models import ActionPrecision

FORMAT_HELP = (
    "As the record gives it, in ISO form: a year (2007), a month (2022-02), a quarter "
    "(2025-Q3) or a day (2021-10-29); or “next meeting”. Empty: no deadline."
)
_FORMS = [
    (re.compile(r"(\d{4})"), ActionPrecision.YEAR),
    (re.compile(r"(\d{4})-(\d{1,2})"), ActionPrecision.MONTH),
    (re.compile(r"(\d{4})-?Q([1-4])", re.IGNORECASE), ActionPrecision.QUARTER),
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), ActionPrecision.DAY),
]
_NEXT_MEETING = re.compile(r"(?:at\s+the\s+)?next\s+meeting", re.IGNORECASE)


def parse_due(text: str) -> tuple[datetime.date | None, str]:
    """``(last day of the period, precision)`` of a deadline as entered; ValueError if it is
    in none of the forms."""
    text = " ".join(text.split())
    if not text:
        return None, ActionPrecision.NONE.value
    if _NEXT_MEETING.fullmatch(text):
        return None, ActionPrecision.NEXT_MEETING.value
    for pattern, precision in _FORMS:
        match = pattern.fullmatch(text)
        if not match:
            continue
        year, *rest = (int(part) for part in match.groups())
        if precision == ActionPrecision.YEAR:
            day = datetime.date(year, 12, 1)
        elif precision == ActionPrecision.QUARTER:
            day = datetime.date(year, rest[0] * 3, 1)
        else:
            day = datetime.date(year, rest[0], rest[1] if len(rest) > 1 else 1)
        return display.period_end(day, precision), precision.value
    raise ValueError(text)


def due_as_entered(day: datetime.date | None, precision: str) -> str:
    """The inverse of ``parse_due``: "2022-02" for February 2022 at month precision."""
    if precision == ActionPrecision.NEXT_MEETING:
        return "next meeting"
    if day is None:
        return ""
    if precision == ActionPrecision.YEAR:
        return f"{day.year}"
    if precision == ActionPrecision.MONTH:
        return f"{day.year}-{day.month:02d}"
    if precision == ActionPrecision.QUARTER:
        return f"{day.year}-Q{display.quarter_of(day)}"
    return day.isoformat()


class DueField(forms.CharField):
    """A deadline at its precision; cleans to ``(date or None, precision)``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Due")
        kwargs.setdefault("help_text", FORMAT_HELP)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, tuple):
            return due_as_entered(*value)
        return super().prepare_value(value)

    def to_python(self, value):
        text = super().to_python(value)
        try:
            return parse_due(text)
        except ValueError:
            raise forms.ValidationError(
                f"“{text}” is not a deadline this form reads. Write it as a year (2007), a "
                "month (2022-02), a quarter (2025-Q3) or a day (2021-10-29), in that ISO "
                "form, or “next meeting”."
            ) from None
