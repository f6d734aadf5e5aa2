"""A deadline entered as the record gives it: a year, a month, a quarter or a day, in one ISO
form ("2007", "2022-02", "2025-Q3", "2021-10-29"), or "next meeting"; never an arbitrary day
standing for a month or a year."""

import datetime
import re

from django import forms
from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from records import display
from records.models import ActionPrecision

FORMAT_HELP = _(
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
        kwargs.setdefault("label", _("Due"))
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
                gettext(
                    "“%(text)s” is not a deadline this form reads. Write it as a year (2007), a "
                    "month (2022-02), a quarter (2025-Q3) or a day (2021-10-29), in that ISO "
                    "form, or “next meeting”."
                )
                % {"text": text}
            ) from None


class DeadlineForm(forms.ModelForm):
    """A follow-up action's form whose deadline is one field, ``due_date`` as a ``DueField``
    (``DeadlineAdmin``), saving both the date and its precision; it shows a stored deadline
    as entered ("2022-02"). Without the field (read-only), both are left as they are."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(self.fields.get("due_date"), DueField):
            if self.instance.pk is None and self.instance.due_date is None:
                # A new action has no deadline until one is entered (not "a day", unset).
                self.instance.due_precision = ActionPrecision.NONE
            self.initial["due_date"] = (self.instance.due_date, self.instance.due_precision)

    def clean(self):
        cleaned = super().clean()
        due = cleaned.get("due_date")
        if isinstance(due, tuple):
            cleaned["due_date"], self.instance.due_precision = due
        return cleaned


class DeadlineAdmin:
    """An admin (or inline) of follow-up actions: the deadline entered in one field, as the
    record gives it (``DueField``), in place of a date and a "deadline given as" choice."""

    form = DeadlineForm

    def get_fields(self, request, obj=None):
        """Read-only, the deadline is shown at its precision ("February 2022")."""
        fields = super().get_fields(request, obj)
        if "due_date" not in self.get_readonly_fields(request, obj):
            return fields
        return [_swap(field, "due_date", "deadline") for field in fields]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "deadline"] if "due_date" in readonly else readonly

    @admin.display(description=_("Deadline"))
    def deadline(self, obj):
        return obj.due_display if obj is not None else ""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "due_date":
            return DueField(label=_("Deadline"))
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def _swap(field, old: str, new: str):
    if isinstance(field, (list, tuple)):
        return type(field)(new if name == old else name for name in field)
    return new if field == old else field
