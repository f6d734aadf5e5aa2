"""The fields and widgets of the public filters: search words, switches, ISO dates, long
choice lists that suggest as one types, and forms whose date ranges must be in order."""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django_filters.fields import ModelChoiceIterator

from records import search
from records.dates import IsoDateField

MAX_TEXT_LENGTH = search.MAX_QUERY_LENGTH


# Fields and widgets ---------------------------------------------------------------------


class SearchTermsField(forms.CharField):
    """Search words, parsed (``records.search.parse``) into terms when the form is cleaned."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_TEXT_LENGTH)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return search.parse(value) if value else None


class SearchTermsFilter(django_filters.CharFilter):
    field_class = SearchTermsField


class FlagInput(forms.CheckboxInput):
    """A checkbox that submits ``1`` and hands the raw value to the field to judge."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=lambda value: FlagField.is_on(value))

    def format_value(self, value):
        return "1"

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class FlagField(forms.Field):
    """A switch in a URL: ``1``, ``true``, ``on``, ``yes`` set it; empty, ``0``, ``false``,
    ``off``, ``no`` or leaving it out clear it; anything else is an error."""

    widget = FlagInput
    ON = {"1", "true", "on", "yes"}
    OFF = {"", "0", "false", "off", "no"}

    @classmethod
    def is_on(cls, value):
        return str(value).strip().lower() in cls.ON

    def to_python(self, value):
        if value is None or value is True:
            return True if value else None
        text = str(value).strip().lower()
        if text in self.ON:
            return True
        if text in self.OFF:
            return None
        raise ValidationError(gettext("Use 1 to switch this on, or leave it out."), code="invalid")


class FlagFilter(django_filters.Filter):
    field_class = FlagField


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class IsoDateInput(forms.DateInput):
    """A browser date picker (``type="date"``), which may only hold an ISO date.

    A value that is not one (a mistyped ``?date_from=18-10-2021``) is left out of the
    input, which would be invalid HTML; the field's error says what was wrong.
    """

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")

    def format_value(self, value):
        value = super().format_value(value)
        return value if value and _ISO_DATE.fullmatch(str(value)) else None


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class IsoDateFilter(django_filters.DateFilter):
    field_class = IsoDateField


def date_filter(field_name, lookup_expr, label):
    return IsoDateFilter(
        field_name=field_name,
        lookup_expr=lookup_expr,
        label=label,
        widget=IsoDateInput(),
        help_text="YYYY-MM-DD",
    )


class SuggestInput(forms.Widget):
    """A long choice list as text inputs that suggest as one types, without loading it.

    One input per chosen value (``?meeting=a&meeting=b``) and one more, empty, to add a
    value; each is tied to a ``<datalist>`` that ``static/js/suggest.js`` fills from the
    filter's suggestions (``records.views.FilterChoicesView``) as the reader types. The
    page never lists every choice: a list of thousands of meetings costs nothing to render,
    and the field checks only the values given. Without script, the value (a slug or code)
    can be typed; the summary of active filters names what it chose.
    """

    template_name = "records/widgets/suggest.html"

    def __init__(self, *, source: str, attrs=None):
        super().__init__(attrs)
        self.source = source  # the URL of its suggestions (``SortedFilterSet`` sets it)
        self.label = ""

    def value_from_datadict(self, data, files, name):
        if hasattr(data, "getlist"):
            return data.getlist(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data

    def format_value(self, value):
        if value is None:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [str(v) for v in values if str(v).strip()]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["values"] = [*self.format_value(value), ""]
        context["widget"]["source"] = self.source
        context["widget"]["label"] = self.label
        return context


class Select(forms.Select):
    """Django's select, its options written in one loop (``records/widgets/select.html``): the
    same HTML, without a template included for each option and each option's attributes."""

    template_name = "records/widgets/select.html"


class SelectMultiple(forms.SelectMultiple):
    """A multiple select written as ``Select`` is."""

    template_name = "records/widgets/select.html"


class ChoiceRows(ModelChoiceIterator):
    """A choice list's rows read in one plain query. Django reads them through a server-side
    cursor, which on PostgreSQL is three round trips (declare, fetch, close) for a few rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for row in self.queryset.all():
            yield self.choice(row)


class ModelMultipleChoiceField(django_filters.fields.ModelMultipleChoiceField):
    iterator = ChoiceRows


class ModelMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = ModelMultipleChoiceField


def many(*, suggest: tuple[str, ...] = (), **kwargs):
    """Several values of one parameter match any of them.

    With ``to_field_name``, ``field_name`` ends in that field (``meeting__slug``): the filter
    compares the chosen rows' slugs or codes. With ``suggest`` (the fields a typed word is
    looked for in), the choices are never listed on the page: a ``SuggestInput`` asks for
    the few that match what the reader types.
    """
    if suggest:
        kwargs.setdefault("widget", SuggestInput(source=""))
    kwargs.setdefault("widget", SelectMultiple(attrs={"size": 4}))
    choice = ModelMultipleChoiceFilter(distinct=False, **kwargs)
    choice.suggest = suggest
    return choice


class FilterForm(forms.Form):
    """A filter form whose ``(start, end)`` pairs in ``ranges`` must be in order."""

    ranges: tuple[tuple[str, str], ...] = ()

    def clean(self):
        cleaned = super().clean()
        for start, end in self.ranges:
            if cleaned.get(start) and cleaned.get(end) and cleaned[start] > cleaned[end]:
                self.add_error(
                    end,
                    f"“{self.fields[end].label}” must not be before “{self.fields[start].label}”.",
                )
        return cleaned


class ResolutionFilterForm(FilterForm):
    ranges = (("date_from", "date_to"),)


class FollowUpActionFilterForm(FilterForm):
    ranges = (("due_after", "due_before"),)
