"""The records admin: the declarations of every model's pages. How they behave lives beside
them: ``history`` (the history pages), ``concurrency`` (no lost edits), ``workflow`` (the
rules of ``records.workflow`` applied: who may change what, correction notes, the workflow's
moves), ``reference`` (a change to what published records show is a public correction of
each), ``exports`` (CSV of the selected rows), ``notifications`` (focal points, desks,
subscribers, what was sent), ``delegates`` (inviting and deactivating member-state
delegates); the import wizard is
``records.importing.admin``."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from records import dates
from records.admin import (
    delegates,  # noqa: F401 (registers the member-state delegates)
    notifications,  # noqa: F401 (registers who is told of the records)
)
from records.admin.concurrency import ConcurrentEditAdmin
from records.admin.due import DeadlineAdmin
from records.admin.duplicates import LikelyDuplicateForm
from records.admin.exports import export_as_csv
from records.admin.history import RecordHistoryAdmin
from records.admin.languages import LanguageVersionWorkflowAdmin
from records.admin.marking import MarkDecisionsAdmin
from records.admin.record_versions import (
    LanguageVersionsOfRecordAdmin,
    ParagraphNumbersForm,
    RecordLanguageForm,
    RecordParagraphsFormSet,
)
from records.admin.reference import ReferenceDataAdmin
from records.admin.workflow import (
    FollowUpTrackingAdmin,
    MeetingWorkflowAdmin,
    ProgressTrackingInline,
    RecordContentsAdmin,
    RecordContentsInline,
)
from records.importing.admin import MeetingImportAdmin
from records.models import (
    AgendaItem,
    Country,
    FollowUpAction,
    LanguageVersion,
    Meeting,
    MeetingSeries,
    Organisation,
    Paragraph,
    Participant,
    Person,
    ProgressUpdate,
    Resolution,
)
from records.pagination import EstimatedCountPaginator


class MeetingOfChosenSeriesFilter(admin.RelatedFieldListFilter):
    """The meetings of the series chosen in the series filter (and the meeting chosen).

    A list of every meeting would run to thousands of links, each reading its series.
    """

    def field_choices(self, field, request, model_admin):
        condition = Q(pk__in=[value for value in self.lookup_val or [] if value.isdigit()])
        for key, value in request.GET.items():
            if key.endswith("series__id__exact") and value.isdigit():
                condition |= Q(series_id=value)
        meetings = Meeting.objects.filter(condition).select_related("series")
        return [(m.pk, str(m)) for m in meetings.order_by("series__name", "sequence_number")]

    def has_output(self):
        return bool(self.lookup_choices)


class RecordAdmin(ConcurrentEditAdmin, RecordHistoryAdmin):
    """Every records admin: who changed what and when (``history``), no lost edits
    (``concurrency``), and dates entered as ISO (``records.dates``)."""

    formfield_overrides = dates.ADMIN_DATE_FIELDS


class BigTableAdmin(RecordAdmin):
    """A changelist over a table that grows with every meeting: newest first, by key (an
    index), and counted by estimate rather than ``COUNT(*)`` when unfiltered."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    ordering = ["-pk"]


@admin.register(Country)
class CountryAdmin(ReferenceDataAdmin, RecordAdmin):
    actions = [export_as_csv]
    list_display = ["name", "code", "asean_member_since"]
    search_fields = ["name", "code"]

    def get_readonly_fields(self, request, obj=None):
        """Editors add states outside ASEAN; who joins ASEAN is not theirs to say."""
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("records.change_country"):
            readonly.append("asean_member_since")
        return readonly


@admin.register(Organisation)
class OrganisationAdmin(ReferenceDataAdmin, RecordAdmin):
    form = LikelyDuplicateForm
    actions = [export_as_csv]
    list_display = ["name", "short_name", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "short_name"]
    list_select_related = ["country"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Person)
class PersonAdmin(ReferenceDataAdmin, RecordAdmin):
    form = LikelyDuplicateForm
    actions = [export_as_csv]
    list_display = ["name", "honorific"]
    search_fields = ["name"]


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(ReferenceDataAdmin, RecordAdmin):
    actions = [export_as_csv]
    list_display = ["name", "short_name"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}


class MeetingChildInline:
    """Inlines whose agenda-item and paragraph choices are limited to the meeting being edited."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in {"agenda_item", "paragraph"}:
            meeting_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = db_field.related_model.objects.filter(meeting_id=meeting_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ParticipantInline(RecordContentsInline, admin.TabularInline):
    model = Participant
    extra = 0
    fields = ["order", "role", "person", "position", "organisation", "government"]
    autocomplete_fields = ["person", "organisation", "government"]
    verbose_name = _("chair or participant")
    verbose_name_plural = _("chairs and participants")


class AgendaItemInline(RecordContentsInline, admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["number", "title"]


class ParagraphInline(RecordContentsInline, MeetingChildInline, admin.StackedInline):
    model = Paragraph
    formset = RecordParagraphsFormSet  # a published record's versions number its paragraphs
    extra = 0
    fields = [("number", "agenda_item"), "text"]


@admin.register(Meeting)
class MeetingAdmin(
    MeetingImportAdmin,
    MarkDecisionsAdmin,
    LanguageVersionsOfRecordAdmin,
    MeetingWorkflowAdmin,
    RecordAdmin,
):
    form = RecordLanguageForm
    list_display = ["__str__", "title", "format", "status", "visibility", "published_at"]
    list_filter = ["status", "visibility", "series", "format", "year", "country"]
    search_fields = ["title", "venue", "series__name", "series__short_name"]
    list_select_related = ["series"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["series", "country"]
    readonly_fields = ["created_at", "updated_at", "language_versions"]
    fieldsets = [
        (None, {"fields": ["series", "sequence_number", "title", "slug"]}),
        (_("Language"), {"fields": [("language", "authoritative"), "language_versions"]}),
        (
            _("When and where"),
            {"fields": [("start_date", "end_date", "year"), "venue", "country", "format"]},
        ),
        (
            _("Publication"),
            {
                "fields": [
                    ("status", "visibility"),
                    ("published_at", "withdrawn_at"),
                    "withdrawal_reason",
                    "note",
                    "public_corrections",
                    ("created_at", "updated_at"),
                ]
            },
        ),
    ]
    inlines = [ParticipantInline, AgendaItemInline, ParagraphInline]

    class Media:
        js = ["js/admin-numbering.js"]  # rows added are numbered on

    # Adds "Import a summary record" to the changelist's tools.
    change_list_template = "admin/records/meeting/change_list.html"


@admin.register(AgendaItem)
class AgendaItemAdmin(RecordContentsAdmin, BigTableAdmin):
    list_display = ["__str__", "meeting"]
    list_filter = ["meeting__series"]
    search_fields = ["title", "meeting__title"]
    list_select_related = ["meeting__series"]
    autocomplete_fields = ["meeting"]

    def versioned_records(self, obj):
        return [obj.meeting]  # the meeting's change form edits it too


@admin.register(Paragraph)
class ParagraphAdmin(RecordContentsAdmin, BigTableAdmin):
    form = ParagraphNumbersForm
    list_display = ["__str__", "agenda_item"]
    list_filter = ["meeting__series", "meeting__status"]
    search_fields = ["text", "meeting__title"]
    list_select_related = ["meeting__series", "agenda_item"]
    autocomplete_fields = ["meeting", "agenda_item"]

    def versioned_records(self, obj):
        return [obj.meeting]  # the meeting's change form edits it too

    def get_search_results(self, request, queryset, search_term):
        """Its words, its record's title, or its number ("3", "¶3")."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        number = search_term.strip().lstrip("¶").strip()
        if number.isdigit():
            results |= queryset.filter(number=int(number))
        return results, may_have_duplicates


class FollowUpActionInline(DeadlineAdmin, RecordContentsInline, admin.StackedInline):
    model = FollowUpAction
    extra = 0
    fields = [
        "description",
        ("owners", "status"),
        ("owner_countries", "owner_organisations"),
        ("due_text", "due_date"),
    ]
    autocomplete_fields = ["owner_countries", "owner_organisations"]


@admin.register(Resolution)
class ResolutionAdmin(RecordContentsAdmin, BigTableAdmin):
    list_display = ["__str__", "verb", "paragraph"]
    list_filter = [
        "verb",
        "paragraph__meeting__series",
        ("paragraph__meeting", MeetingOfChosenSeriesFilter),
    ]
    search_fields = ["text", "parties", "paragraph__meeting__title"]
    list_select_related = ["paragraph__meeting__series"]
    autocomplete_fields = ["paragraph", "party_countries", "party_organisations"]
    fields = [
        "paragraph",
        "order",
        "parties",
        ("verb", "verb_word"),
        "text",
        "party_countries",
        "party_organisations",
    ]
    inlines = [FollowUpActionInline]


class ProgressUpdateInline(ProgressTrackingInline, admin.StackedInline):
    model = ProgressUpdate
    extra = 0
    fields = [("meeting", "paragraph", "status"), "text"]
    autocomplete_fields = ["meeting", "paragraph"]


@admin.register(FollowUpAction)
class FollowUpActionAdmin(DeadlineAdmin, FollowUpTrackingAdmin, BigTableAdmin):
    list_display = ["__str__", "meeting", "due_date", "due_precision", "status"]
    list_filter = [
        "status",
        "due_precision",
        "meeting__series",
        ("meeting", MeetingOfChosenSeriesFilter),
    ]
    search_fields = ["description", "owners", "meeting__title"]
    list_select_related = ["meeting__series"]
    date_hierarchy = "due_date"
    autocomplete_fields = [
        "meeting",
        "paragraph",
        "resolution",
        "owner_countries",
        "owner_organisations",
    ]
    fields = [
        ("meeting", "paragraph", "resolution"),
        "description",
        ("owners", "status"),
        ("owner_countries", "owner_organisations"),
        ("due_text", "due_date"),
    ]
    inlines = [ProgressUpdateInline]

    def versioned_records(self, obj):
        # Its resolution's change form edits it too.
        return [obj, obj.resolution] if obj.resolution_id else [obj]


@admin.register(LanguageVersion)
class LanguageVersionAdmin(LanguageVersionWorkflowAdmin, RecordAdmin):
    """A record's version in another language; added on the record's page."""


from records.admin import attachments  # noqa: E402,F401  (registers AttachmentAdmin)
