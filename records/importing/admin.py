"""The import wizard in the admin: paste or upload a summary record, check and correct what
was recognised, then confirm; the meeting is saved as a draft only then."""

from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext

from records.importing import preview
from records.importing.forms import ImportCorrections, RecordImportForm, sign_parsed, unsign_parsed
from records.services import record_import


class MeetingImportAdmin(admin.ModelAdmin):
    """Adds "Import a summary record" to the meetings' admin."""

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
            if "edit" in request.POST:
                return self._import_edit(request)
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

    def _import_edit(self, request):
        """Back to the first step with the record's text, to mend it and recognise it again."""
        try:
            parsed = unsign_parsed(request.POST["payload"])
        except signing.BadSignature:
            return self._payload_refused(request)
        form = RecordImportForm(initial={"text": parsed.source})
        return TemplateResponse(
            request,
            "admin/records/meeting/import.html",
            {**self._import_context(request), "form": form},
        )

    def _payload_refused(self, request):
        context = {
            **self._import_context(request),
            "form": RecordImportForm(),
            "payload_error": gettext(
                "The preview could not be checked: it was changed, or is more than a day old. "
                "Import the record again."
            ),
        }
        return TemplateResponse(request, "admin/records/meeting/import.html", context, status=400)

    def _import_confirm(self, request):
        try:
            parsed = unsign_parsed(request.POST["payload"])
        except signing.BadSignature:
            return self._payload_refused(request)
        corrections = ImportCorrections(parsed, request.POST)
        if not corrections.is_valid():
            return self._import_preview(request, parsed, corrections)
        try:
            meeting = record_import(parsed=corrections.corrected(), user=request.user)
        except ValidationError as error:
            return self._import_preview(request, parsed, corrections, errors=error.messages)
        self.message_user(
            request,
            gettext(
                "The draft “%(record)s” was created from the record. Check it before it is "
                "published."
            )
            % {"record": meeting},
            messages.SUCCESS,
        )
        return redirect(reverse("admin:records_meeting_change", args=[meeting.pk]))

    def _import_preview(self, request, parsed, corrections, errors=()):
        data = preview.meeting_data(parsed, corrections.countries)
        context = {
            **self._import_context(request),
            "title": gettext("Check the recognised record"),
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
            "title": gettext("Import a summary record"),
        }
