"""The filters of the public lists: one definition each, shared by the pages and the API.

Every filterset works on a queryset of published rows (the view or API passes it) and turns
bad input into form errors, never exceptions: unknown slugs and codes are "not one of the
available choices", dates and numbers are checked, text is limited in length and may not
hold null characters. Several values of one parameter match any of them
(``?verb=agreed&verb=noted``); different parameters must all match. An empty parameter
(``?series=``, ``?verb=``) is no filter, as if it were left out.

URL parameters of ``ResolutionFilter`` (``/resolutions/``): ``meeting`` (meeting slug),
``series`` (series slug), ``year``, ``date_from`` and ``date_to`` (the meeting's start date,
``YYYY-MM-DD``, inclusive), ``verb``, ``party_country`` (ISO code, e.g. ``JP``),
``party_organisation`` (organisation slug, e.g. ``asean``), ``agenda_item`` (words of the
agenda item's title), ``text`` (search words in the clause and its parties) and ``sort``.

URL parameters of ``FollowUpActionFilter`` (``/actions/``): ``status``, ``owner_country``,
``owner_organisation``, ``meeting``, ``series``, ``due_after`` and ``due_before`` (compared
with the last day of the deadline's period, inclusive), ``overdue=1``, ``carried_over=1``,
``text`` and ``sort``.
"""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

from records import search
from records.dates import IsoDateField
from records.models import (
    Country,
    FollowUpAction,
    FollowUpActionStatus,
    Meeting,
    MeetingSeries,
    Organisation,
    Resolution,
    ResolutionVerb,
    meeting_date_order,
    sees_restricted,
)

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
        raise ValidationError("Use 1 to switch this on, or leave it out.", code="invalid")


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


def many(**kwargs):
    """Several values of one parameter match any of them.

    With ``to_field_name``, ``field_name`` ends in that field (``meeting__slug``): the filter
    compares the chosen rows' slugs or codes.
    """
    kwargs.setdefault("widget", forms.SelectMultiple(attrs={"size": 4}))
    return django_filters.ModelMultipleChoiceFilter(distinct=False, **kwargs)


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


# Choices: only what published records name ----------------------------------------------


def _include_restricted(request) -> bool:
    """Whether the reader of the page also sees restricted records (the API never does)."""
    return request is not None and sees_restricted(request.user)


def published_meetings(request=None):
    return (
        Meeting.objects.published(include_restricted=_include_restricted(request))
        .select_related("series")
        .order_by("series__name", "-sequence_number")
    )


def published_series(request=None):
    return MeetingSeries.objects.filter(
        Exists(
            Meeting.objects.published(include_restricted=_include_restricted(request)).filter(
                series=OuterRef("pk")
            )
        )
    ).order_by("name")


def _named_in(model, relation, *, source, target, rows):
    """``model`` rows that ``relation`` links to any of ``rows``."""
    links = relation.through.objects.filter(**{target: OuterRef("pk"), f"{source}__in": rows})
    return model.objects.filter(Exists(links)).order_by("name")


def resolution_party_countries(request=None):
    return _named_in(
        Country,
        Resolution.party_countries,
        source="resolution",
        target="country",
        rows=Resolution.objects.published(include_restricted=_include_restricted(request)),
    )


def resolution_party_organisations(request=None):
    return _named_in(
        Organisation,
        Resolution.party_organisations,
        source="resolution",
        target="organisation",
        rows=Resolution.objects.published(include_restricted=_include_restricted(request)),
    )


def action_owner_countries(request=None):
    return _named_in(
        Country,
        FollowUpAction.owner_countries,
        source="followupaction",
        target="country",
        rows=FollowUpAction.objects.published(include_restricted=_include_restricted(request)),
    )


def action_owner_organisations(request=None):
    return _named_in(
        Organisation,
        FollowUpAction.owner_organisations,
        source="followupaction",
        target="organisation",
        rows=FollowUpAction.objects.published(include_restricted=_include_restricted(request)),
    )


def linked_to_any(relation, *, source, target):
    """A filter method: rows that the many-to-many ``relation`` links to any chosen value."""

    def method(queryset, name, value):
        if not value:
            return queryset
        links = relation.through.objects.filter(**{source: OuterRef("pk"), f"{target}__in": value})
        return queryset.filter(Exists(links))

    return method


class SortFilter(django_filters.ChoiceFilter):
    """The order of the result; applied by ``SortedFilterSet.filter_queryset``."""

    def __init__(self, **kwargs):
        super().__init__(empty_label=None, label="Sort by", **kwargs)

    def filter(self, qs, value):
        return qs


# Filtersets ------------------------------------------------------------------------------


def without_empty_values(data):
    """``data`` (a query, or a plain dict) without its empty and blank values."""
    if not isinstance(data, MultiValueDict):
        return {name: value for name, value in data.items() if str(value).strip()}
    kept = QueryDict(mutable=True)
    for name, values in data.lists():
        if values := [value for value in values if value.strip()]:
            kept.setlist(name, values)
    return kept


class SortedFilterSet(django_filters.FilterSet):
    """The base of the public filtersets: an empty parameter is no filter (on the pages and
    in the API alike), and the ``sort`` choice (or its default) orders the result."""

    default_sort = ""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(None if data is None else without_empty_values(data), *args, **kwargs)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return self.order(queryset, self.form.cleaned_data.get("sort") or self.default_sort)

    def order(self, queryset, sort):
        raise NotImplementedError


class ResolutionFilter(SortedFilterSet):
    """Published resolutions by meeting, series, date, verb, party, agenda item and text."""

    meeting = many(
        field_name="paragraph__meeting__slug",
        to_field_name="slug",
        queryset=published_meetings,
        label="Meeting",
    )
    series = many(
        field_name="paragraph__meeting__series__slug",
        to_field_name="slug",
        queryset=published_series,
        label="Series",
    )
    year = IntegerFilter(
        field_name="paragraph__meeting__year",
        label="Year",
        min_value=1,
        max_value=9999,
        widget=forms.NumberInput(attrs={"min": 1967, "max": 9999}),
    )
    date_from = date_filter("paragraph__meeting__start_date", "gte", "Meeting from")
    date_to = date_filter("paragraph__meeting__start_date", "lte", "Meeting to")
    verb = django_filters.MultipleChoiceFilter(
        choices=ResolutionVerb.choices,
        distinct=False,
        label="Operative verb",
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    party_country = many(
        queryset=resolution_party_countries,
        to_field_name="code",
        method=linked_to_any(Resolution.party_countries, source="resolution", target="country"),
        label="Party: country",
    )
    party_organisation = many(
        queryset=resolution_party_organisations,
        to_field_name="slug",
        method=linked_to_any(
            Resolution.party_organisations, source="resolution", target="organisation"
        ),
        label="Party: organisation",
    )
    agenda_item = django_filters.CharFilter(
        field_name="paragraph__agenda_item__title",
        lookup_expr="icontains",
        max_length=MAX_TEXT_LENGTH,
        label="Agenda item",
        help_text="Words of its title",
    )
    text = SearchTermsFilter(method="filter_text", label="Words in the decision")
    sort = SortFilter(
        choices=[
            ("-date", "Newest meeting first"),
            ("date", "Oldest meeting first"),
            ("verb", "Verb, A to Z"),
            ("-verb", "Verb, Z to A"),
        ]
    )

    default_sort = "-date"

    class Meta:
        model = Resolution
        fields = []
        form = ResolutionFilterForm

    def filter_text(self, queryset, name, value):
        return search.matching(queryset, value, fields=["text", "parties"]) if value else queryset

    def order(self, queryset, sort):
        if sort in {"verb", "-verb"}:
            return queryset.by_verb(descending=sort == "-verb")
        return queryset.by_meeting_date(descending=sort == "-date")


class FollowUpActionFilter(SortedFilterSet):
    """Published follow-up actions by status, owner, meeting, deadline, overdue and text."""

    status = django_filters.MultipleChoiceFilter(
        choices=FollowUpActionStatus.choices,
        distinct=False,
        label="Status",
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    owner_country = many(
        queryset=action_owner_countries,
        to_field_name="code",
        method=linked_to_any(
            FollowUpAction.owner_countries, source="followupaction", target="country"
        ),
        label="Owner: country",
    )
    owner_organisation = many(
        queryset=action_owner_organisations,
        to_field_name="slug",
        method=linked_to_any(
            FollowUpAction.owner_organisations, source="followupaction", target="organisation"
        ),
        label="Owner: organisation",
    )
    meeting = many(
        field_name="meeting__slug",
        to_field_name="slug",
        queryset=published_meetings,
        label="Committed at",
    )
    series = many(
        field_name="meeting__series__slug",
        to_field_name="slug",
        queryset=published_series,
        label="Series",
    )
    due_after = date_filter("due_date", "gte", "Due on or after")
    due_before = date_filter("due_date", "lte", "Due on or before")
    overdue = FlagFilter(method="filter_overdue", label="Overdue only")
    carried_over = FlagFilter(method="filter_carried_over", label="Carried over to a later meeting")
    text = SearchTermsFilter(method="filter_text", label="Words in the action")
    sort = SortFilter(
        choices=[
            ("due", "Soonest deadline first"),
            ("-due", "Latest deadline first"),
            ("-date", "Newest meeting first"),
            ("date", "Oldest meeting first"),
        ]
    )

    default_sort = "due"

    class Meta:
        model = FollowUpAction
        fields = []
        form = FollowUpActionFilterForm

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset

    def filter_carried_over(self, queryset, name, value):
        """Among a later meeting's matters arising (``FollowUpAction.carried_over_condition``)."""
        if not value:
            return queryset
        return queryset.carried_over(include_restricted=_include_restricted(self.request))

    def filter_text(self, queryset, name, value):
        if not value:
            return queryset
        return search.matching(queryset, value, fields=["description", "owners", "due_text"])

    def order(self, queryset, sort):
        if sort in {"date", "-date"}:
            return queryset.by_meeting_date(descending=sort == "-date")
        return queryset.by_due_date(descending=sort == "-due")


class MeetingFilter(SortedFilterSet):
    """Published meetings by series and year (the overview's rows)."""

    series = many(
        field_name="series__slug", to_field_name="slug", queryset=published_series, label="Series"
    )
    year = IntegerFilter(
        field_name="year",
        label="Year",
        min_value=1,
        max_value=9999,
        widget=forms.NumberInput(attrs={"min": 1967, "max": 9999}),
    )

    class Meta:
        model = Meeting
        fields = []

    def order(self, queryset, sort):
        return queryset.order_by(*meeting_date_order("", descending=True))
