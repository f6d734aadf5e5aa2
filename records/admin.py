from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import ModelChange
from simple_history.template_utils import HistoricalRecordContextHelper

from records.admin_workflow import (
    FollowUpTrackingAdmin,
    MeetingWorkflowAdmin,
    ProgressTrackingInline,
    RecordContentsAdmin,
    RecordContentsInline,
    export_as_csv,
)
from records.forms import (
    ConcurrentEditForm,
    ImportCorrections,
    RecordImportForm,
    sign_parsed,
    unsign_parsed,
)
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
    VersionedRecord,
)
from records.pagination import EstimatedCountPaginator
from records.services import record_import

# Longer than any field's text: a change in the history is shown whole.
WHOLE_VALUE = 1_000_000


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


class RecordAdmin(SimpleHistoryAdmin):
    """Every records admin: who changed what and when, and no lost edits.

    *History* lists each change to the record with its author, time and the fields it changed
    (old → new), together with the changes to the rows the page edits as inlines (a meeting's
    paragraphs, participants and agenda items), newest first. It is for reading: nobody
    reverts from it (``SIMPLE_HISTORY_REVERT_DISABLED``, and its form refuses a POST).

    The change form is saved only over the version it was opened at (``ConcurrentEditForm``):
    ``versioned_records()`` names the records whose version guards the page.
    """

    object_history_template = "admin/records/record_history.html"
    history_list_per_page = 100

    def versioned_records(self, obj) -> list[VersionedRecord]:
        """The records whose version guards this change page: a save made from an older
        version of any is refused, and every save bumps them all."""
        return [obj] if isinstance(obj, VersionedRecord) else []

    # --- No lost edits

    def guards_edits(self, request, obj) -> bool:
        return (
            obj is not None
            and self.has_change_permission(request, obj)
            and bool(self.versioned_records(obj))
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.guards_edits(request, obj) and "opened_versions" not in flatten_fieldsets(
            fieldsets
        ):
            (name, options), *rest = fieldsets
            fields = [*options["fields"], "opened_versions"]
            fieldsets = [(name, {**options, "fields": fields}), *rest]
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self.guards_edits(request, obj):
            form = kwargs.get("form", self.form)
            kwargs["form"] = type(
                f"Concurrent{form.__name__}",
                (ConcurrentEditForm, form),
                {"versioned_records": staticmethod(self.versioned_records)},
            )
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request, obj, form, change):
        """Bump the versions locked and checked by the form, in its transaction."""
        for (model, pk), version in getattr(form, "locked_versions", {}).items():
            if model is type(obj) and pk == obj.pk:
                obj.version = version  # save() makes it version + 1
            else:
                # Saved (not updated) so that its history says who changed it through here.
                model.objects.get(pk=pk).save(update_fields=["version"])
        super().save_model(request, obj, form, change)

    # --- History

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A past version, to read. Never saved back: refused whatever the permissions."""
        if request.method not in {"GET", "HEAD"}:
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        """The record's changes and those of its inlines' rows, newest first."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} with the key {object_id}.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        sources = [(self.model, self.opts.pk.attname, None)]
        for inline in self.get_inline_instances(request, obj):
            fk = inline.get_formset(request, obj).fk
            sources.append((inline.model, fk.attname, fk.name))
        entries = []
        for model, key, parent_field in sources:
            relations = [f.name for f in model.history.model.tracked_fields if f.many_to_one]
            records = (
                model.history.filter(**{key: obj.pk})
                .select_related("history_user", *relations)
                .order_by("history_date", "history_id")
            )
            previous = {}
            for record in records:
                row_pk = getattr(record, model._meta.pk.attname)
                entries.append((record, previous.get(row_pk), model, parent_field))
                previous[row_pk] = record
        entries.sort(key=lambda entry: (entry[0].history_date, entry[0].history_id), reverse=True)
        page = Paginator(entries, self.history_list_per_page).get_page(request.GET.get("p"))
        page.object_list = [self._history_entry(obj, *entry) for entry in page.object_list]
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {obj}",
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "module_name": capfirst(self.opts.verbose_name_plural),
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "inline_names": [model._meta.verbose_name_plural for model, *_ in sources[1:]],
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def _history_entry(self, obj, record, previous, model, parent_field) -> dict:
        """One row of the history page: when, who, which row, and its field changes."""
        # The row as it was, its relations taken from the history query, the parent being
        # ``obj`` itself: showing it costs no query per row.
        row = model(**{f.attname: getattr(record, f.attname) for f in record.tracked_fields})
        for field in record.tracked_fields:
            if field.is_relation and field.name == parent_field:
                field.set_cached_value(row, obj)
            elif field.is_relation and field.is_cached(record):
                field.set_cached_value(row, field.get_cached_value(record))
        # Whole values, never shortened: an auditor reads all a paragraph said before.
        helper = HistoricalRecordContextHelper(
            model, record, max_displayed_delta_change_chars=WHOLE_VALUE
        )
        if record.history_type == "~" and previous is not None:
            delta = record.diff_against(previous, foreign_keys_are_objs=True)
            changes = helper.context_for_delta_changes(delta)
        elif record.history_type == "+":
            changes = [
                helper.format_delta_change(ModelChange(field.name, "", getattr(record, field.name)))
                for field in record.tracked_fields
                if field.name != parent_field
                and not field.primary_key
                and getattr(record, field.attname) not in (None, "")
            ]
        else:
            changes = []
        return {
            "record": record,
            "kind": "" if model is self.model else model._meta.verbose_name,
            "row": row,
            "changes": changes,
            # Written in bulk or before history was kept: what it was before is unknown.
            "no_earlier_state": record.history_type == "~" and previous is None,
        }


class BigTableAdmin(RecordAdmin):
    """A changelist over a table that grows with every meeting: newest first, by key (an
    index), and counted by estimate rather than ``COUNT(*)`` when unfiltered."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    ordering = ["-pk"]


@admin.register(Country)
class CountryAdmin(RecordAdmin):
    actions = [export_as_csv]
    list_display = ["name", "code", "asean_member_since"]
    search_fields = ["name", "code"]


@admin.register(Organisation)
class OrganisationAdmin(RecordAdmin):
    actions = [export_as_csv]
    list_display = ["name", "short_name", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "short_name"]
    list_select_related = ["country"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Person)
class PersonAdmin(RecordAdmin):
    actions = [export_as_csv]
    list_display = ["name", "honorific"]
    search_fields = ["name"]


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(RecordAdmin):
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
class MeetingAdmin(MeetingWorkflowAdmin, RecordAdmin):
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

    def versioned_records(self, obj):
        return [obj.meeting]  # the meeting's change form edits it too


@admin.register(Paragraph)
class ParagraphAdmin(RecordContentsAdmin, BigTableAdmin):
    list_display = ["__str__", "agenda_item"]
    list_filter = ["meeting__series", "meeting__status"]
    search_fields = ["text", "meeting__title"]
    list_select_related = ["meeting__series", "agenda_item"]
    autocomplete_fields = ["meeting", "agenda_item"]

    def versioned_records(self, obj):
        return [obj.meeting]  # the meeting's change form edits it too


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


class ProgressUpdateInline(ProgressTrackingInline, admin.StackedInline):
    model = ProgressUpdate
    extra = 0
    fields = [("meeting", "paragraph", "status"), "text"]
    autocomplete_fields = ["meeting", "paragraph"]


@admin.register(FollowUpAction)
class FollowUpActionAdmin(FollowUpTrackingAdmin, BigTableAdmin):
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

    def versioned_records(self, obj):
        # Its resolution's change form edits it too.
        return [obj, obj.resolution] if obj.resolution_id else [obj]
