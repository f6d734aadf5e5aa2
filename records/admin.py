from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from records.admin_workflow import (
    MeetingWorkflowAdmin,
    RecordContentsAdmin,
    RecordContentsInline,
    export_as_csv,
)
from records.forms import ImportCorrections, RecordImportForm, sign_parsed, unsign_parsed
from records.importing import preview
from records.models import (
    AgendaItem,
    Country,
    FollowUpAction,
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
from records.services import record_import


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


class BigTableAdmin(admin.ModelAdmin):
    """A changelist over a table that grows with every meeting: newest first, by key (an
    index), and counted by estimate rather than ``COUNT(*)`` when unfiltered."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    ordering = ["-pk"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    actions = [export_as_csv]
    list_display = ["name", "code", "asean_member_since"]
    search_fields = ["name", "code"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    actions = [export_as_csv]
    list_display = ["name", "short_name", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "short_name"]
    list_select_related = ["country"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    actions = [export_as_csv]
    list_display = ["name", "honorific"]
    search_fields = ["name"]


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(admin.ModelAdmin):
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
    verbose_name = "chair or participant"
    verbose_name_plural = "chairs and participants"


class AgendaItemInline(RecordContentsInline, admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["number", "title"]


class ParagraphInline(RecordContentsInline, MeetingChildInline, admin.StackedInline):
    model = Paragraph
    extra = 0
    fields = [("number", "agenda_item"), "text"]


@admin.register(Meeting)
class MeetingAdmin(MeetingWorkflowAdmin):
    list_display = ["__str__", "title", "format", "status", "visibility", "published_at"]
    list_filter = ["status", "visibility", "series", "format", "year", "country"]
    search_fields = ["title", "venue", "series__name", "series__short_name"]
    list_select_related = ["series"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["series", "country"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["series", "sequence_number", "title", "slug"]}),
        (
            "When and where",
            {"fields": [("start_date", "end_date", "year"), "venue", "country", "format"]},
        ),
        (
            "Publication",
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
    # Adds "Import a summary record" to the changelist's tools.
    change_list_template = "admin/records/meeting/change_list.html"

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="records_meeting_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Import a summary record: paste or upload, preview and correct, then confirm.

        Nothing is saved before the officer confirms; the recognised record travels between
        the steps in a signed hidden field.
        """
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "payload" in request.POST:
            return self._import_confirm(request)
        if request.method == "POST":
            form = RecordImportForm(request.POST, request.FILES)
        else:
            form = RecordImportForm()
        if request.method == "POST" and form.is_valid():
            parsed = form.cleaned_data["parsed"]
            return self._import_preview(request, parsed, ImportCorrections(parsed))
        return TemplateResponse(
            request,
            "admin/records/meeting/import.html",
            {**self._import_context(request), "form": form},
        )

    def _import_confirm(self, request):
        try:
            parsed = unsign_parsed(request.POST["payload"])
        except signing.BadSignature:
            context = {
                **self._import_context(request),
                "form": RecordImportForm(),
                "payload_error": "The preview could not be checked: it was changed, or is more "
                "than a day old. Import the record again.",
            }
            return TemplateResponse(
                request, "admin/records/meeting/import.html", context, status=400
            )
        corrections = ImportCorrections(parsed, request.POST)
        if not corrections.is_valid():
            return self._import_preview(request, parsed, corrections)
        try:
            meeting = record_import(parsed=corrections.corrected(), user=request.user)
        except ValidationError as error:
            return self._import_preview(request, parsed, corrections, errors=error.messages)
        self.message_user(
            request,
            f"The draft “{meeting}” was created from the record. Check it before it is published.",
            messages.SUCCESS,
        )
        return redirect(reverse("admin:records_meeting_change", args=[meeting.pk]))

    def _import_preview(self, request, parsed, corrections, errors=()):
        data = preview.meeting_data(parsed, corrections.countries)
        context = {
            **self._import_context(request),
            "title": "Check the recognised record",
            "payload": sign_parsed(parsed),
            "parsed": parsed,
            "corrections": corrections,
            "title_segments": preview.segments(parsed.title, parsed.title_spans),
            "rows": [
                {**row, "segments": preview.segments(row["paragraph"].text, row["paragraph"].spans)}
                for row in corrections.rows()
            ],
            "notes": data["import"]["notes"],
            "duplicates": data["import"]["already_in_system"],
            "is_duplicate": any(d["is_same_record"] for d in data["import"]["already_in_system"]),
            "errors": errors,
        }
        return TemplateResponse(request, "admin/records/meeting/import_preview.html", context)

    def _import_context(self, request):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import a summary record",
        }


@admin.register(AgendaItem)
class AgendaItemAdmin(RecordContentsAdmin, BigTableAdmin):
    list_display = ["__str__", "meeting"]
    list_filter = ["meeting__series"]
    search_fields = ["title", "meeting__title"]
    list_select_related = ["meeting__series"]
    autocomplete_fields = ["meeting"]


@admin.register(Paragraph)
class ParagraphAdmin(RecordContentsAdmin, BigTableAdmin):
    list_display = ["__str__", "agenda_item"]
    list_filter = ["meeting__series", "meeting__status"]
    search_fields = ["text", "meeting__title"]
    list_select_related = ["meeting__series", "agenda_item"]
    autocomplete_fields = ["meeting", "agenda_item"]


class FollowUpActionInline(RecordContentsInline, admin.StackedInline):
    model = FollowUpAction
    extra = 0
    fields = [
        "description",
        ("owners", "status"),
        ("owner_countries", "owner_organisations"),
        ("due_text", "due_date", "due_precision"),
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
        "verb",
        "text",
        "party_countries",
        "party_organisations",
    ]
    inlines = [FollowUpActionInline]


class ProgressUpdateInline(RecordContentsInline, admin.StackedInline):
    model = ProgressUpdate
    extra = 0
    fields = [("meeting", "paragraph", "status"), "text"]
    autocomplete_fields = ["meeting", "paragraph"]


@admin.register(FollowUpAction)
class FollowUpActionAdmin(RecordContentsAdmin, BigTableAdmin):
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
        ("due_text", "due_date", "due_precision"),
    ]
    inlines = [ProgressUpdateInline]
