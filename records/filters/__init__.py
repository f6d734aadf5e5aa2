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

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from records import search
from records.filters.fields import (
    MAX_TEXT_LENGTH,
    FlagFilter,
    FollowUpActionFilterForm,
    IntegerFilter,
    ResolutionFilterForm,
    SearchTermsFilter,
    Select,
    SelectMultiple,
    SuggestInput,
    date_filter,
    many,
)
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
    published_q,
    sees_restricted,
)

# Choices: only what published records name ----------------------------------------------

# Where a typed word is looked for, to suggest a choice (``SuggestInput``).
MEETING_WORDS = ("title", "slug", "series__name", "series__short_name", "venue")
COUNTRY_WORDS = ("name", "code")
ORGANISATION_WORDS = ("name", "short_name", "slug")


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


def _named_in(model, relation, *, source, meeting, request):
    """``model`` rows that ``relation`` links to a row of a published meeting (reached from
    the link by ``source`` and then ``meeting``).

    The condition follows each link to its meeting, so that asked of a few rows (the values
    a reader chose, or the rows naming the words typed) it is a few index look-ups.
    """
    links = relation.through.objects.filter(
        published_q(f"{source}__{meeting}", include_restricted=_include_restricted(request)),
        **{relation.field.m2m_reverse_field_name(): OuterRef("pk")},
    )
    return model.objects.filter(Exists(links)).order_by("name")


def resolution_party_countries(request=None):
    return _named_in(
        Country,
        Resolution.party_countries,
        source="resolution",
        meeting="paragraph__meeting",
        request=request,
    )


def resolution_party_organisations(request=None):
    return _named_in(
        Organisation,
        Resolution.party_organisations,
        source="resolution",
        meeting="paragraph__meeting",
        request=request,
    )


def action_owner_countries(request=None):
    return _named_in(
        Country,
        FollowUpAction.owner_countries,
        source="followupaction",
        meeting="meeting",
        request=request,
    )


def action_owner_organisations(request=None):
    return _named_in(
        Organisation,
        FollowUpAction.owner_organisations,
        source="followupaction",
        meeting="meeting",
        request=request,
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
        super().__init__(empty_label=None, label=_("Sort by"), widget=Select, **kwargs)

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
    choices_route = ""  # the URL name of ``FilterChoicesView`` for this filterset

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(None if data is None else without_empty_values(data), *args, **kwargs)
        for name, field in self.form.fields.items():
            if isinstance(field.widget, SuggestInput):
                field.widget.source = reverse(self.choices_route, kwargs={"field": name})
                field.widget.label = field.label

    @classmethod
    def suggestions(cls, field: str, words: str, *, request=None, limit: int = 20):
        """Up to ``limit`` choices of ``field`` that name all of ``words``, as
        ``(value, label)`` pairs; None if ``field`` takes no suggestions."""
        choice = cls.base_filters.get(field)
        if not getattr(choice, "suggest", None):
            return None
        rows = choice.extra["queryset"](request)
        named = rows.model.objects.all()
        for word in words.split()[:5]:
            matches = Q()
            for path in choice.suggest:
                matches |= Q(**{f"{path}__icontains": word})
            named = named.filter(matches)
        # The rows that name the words first, then which of those the filter takes: asked
        # of a few rows, "named in a published record" is a few index look-ups, where asked
        # of the whole table it would join every published row.
        candidates = list(named.order_by().values_list("pk", flat=True)[: limit * 5])
        key = choice.extra["to_field_name"]
        return [(getattr(row, key), str(row)) for row in rows.filter(pk__in=candidates)[:limit]]

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
        label=_("Meeting"),
        suggest=MEETING_WORDS,
    )
    series = many(
        field_name="paragraph__meeting__series__slug",
        to_field_name="slug",
        queryset=published_series,
        label=_("Series"),
    )
    year = IntegerFilter(
        field_name="paragraph__meeting__year",
        label=_("Year"),
        min_value=1,
        max_value=9999,
        widget=forms.NumberInput(attrs={"min": 1967, "max": 9999}),
    )
    date_from = date_filter("paragraph__meeting__start_date", "gte", _("Meeting from"))
    date_to = date_filter("paragraph__meeting__start_date", "lte", _("Meeting to"))
    verb = django_filters.MultipleChoiceFilter(
        choices=ResolutionVerb.choices,
        distinct=False,
        label=_("Operative verb"),
        widget=SelectMultiple(attrs={"size": 4}),
    )
    party_country = many(
        queryset=resolution_party_countries,
        to_field_name="code",
        suggest=COUNTRY_WORDS,
        method=linked_to_any(Resolution.party_countries, source="resolution", target="country"),
        label=_("Party: country"),
    )
    party_organisation = many(
        queryset=resolution_party_organisations,
        to_field_name="slug",
        suggest=ORGANISATION_WORDS,
        method=linked_to_any(
            Resolution.party_organisations, source="resolution", target="organisation"
        ),
        label=_("Party: organisation"),
    )
    agenda_item = django_filters.CharFilter(
        field_name="paragraph__agenda_item__title",
        lookup_expr="icontains",
        max_length=MAX_TEXT_LENGTH,
        label=_("Agenda item"),
        help_text=_("Words of its title"),
    )
    text = SearchTermsFilter(method="filter_text", label=_("Words in the decision"))
    sort = SortFilter(
        choices=[
            ("-date", _("Newest meeting first")),
            ("date", _("Oldest meeting first")),
            ("verb", _("Verb, A to Z")),
            ("-verb", _("Verb, Z to A")),
        ]
    )

    default_sort = "-date"
    choices_route = "records:resolution_choices"

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
        label=_("Status"),
        widget=SelectMultiple(attrs={"size": 4}),
    )
    owner_country = many(
        queryset=action_owner_countries,
        to_field_name="code",
        suggest=COUNTRY_WORDS,
        method=linked_to_any(
            FollowUpAction.owner_countries, source="followupaction", target="country"
        ),
        label=_("Owner: country"),
    )
    owner_organisation = many(
        queryset=action_owner_organisations,
        to_field_name="slug",
        suggest=ORGANISATION_WORDS,
        method=linked_to_any(
            FollowUpAction.owner_organisations, source="followupaction", target="organisation"
        ),
        label=_("Owner: organisation"),
    )
    meeting = many(
        field_name="meeting__slug",
        to_field_name="slug",
        queryset=published_meetings,
        label=_("Committed at"),
        suggest=MEETING_WORDS,
    )
    series = many(
        field_name="meeting__series__slug",
        to_field_name="slug",
        queryset=published_series,
        label=_("Series"),
    )
    due_after = date_filter("due_date", "gte", _("Due on or after"))
    due_before = date_filter("due_date", "lte", _("Due on or before"))
    overdue = FlagFilter(method="filter_overdue", label=_("Overdue only"))
    carried_over = FlagFilter(
        method="filter_carried_over", label=_("Carried over to a later meeting")
    )
    text = SearchTermsFilter(method="filter_text", label=_("Words in the action"))
    sort = SortFilter(
        choices=[
            ("due", _("Soonest deadline first")),
            ("-due", _("Latest deadline first")),
            ("-date", _("Newest meeting first")),
            ("date", _("Oldest meeting first")),
        ]
    )

    default_sort = "due"
    choices_route = "records:action_choices"

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
        field_name="series__slug",
        to_field_name="slug",
        queryset=published_series,
        label=_("Series"),
    )
    year = IntegerFilter(
        field_name="year",
        label=_("Year"),
        min_value=1,
        max_value=9999,
        widget=forms.NumberInput(attrs={"min": 1967, "max": 9999}),
    )

    class Meta:
        model = Meeting
        fields = []

    def order(self, queryset, sort):
        return queryset.order_by(*meeting_date_order("", descending=True))
