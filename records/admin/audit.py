"""``/admin/audit/``: who changed what, and when, across the records system; newest first,
filtered by person, record, kind of part, kind of change and dates; ``?format=csv`` streams
exactly the rows shown (every page of them).

Open to those with ``records.view_auditentry`` (the Auditor and Publisher roles, see
``records/roles.py``). It reads the one ``AuditEntry`` table through an index per filter and
never counts it: pages are previous/next (``LookaheadPaginator``).
"""

import datetime
import functools

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from records.audit import history_models, note_changes, word_diff
from records.dates import IsoDateField
from records.exports import csv_lines, csv_response
from records.models import AuditEntry, AuditKind, Meeting
from records.pagination import LookaheadPaginator, PageProblem, page_of

PER_PAGE = 50
PERMISSION = "records.view_auditentry"
CSV_HEADER = [
    "when (UTC)",
    "who",
    "change",
    "kind of part",
    "part",
    "part id",
    "record",
    "record id",
    "what changed",
    "correction note",
    "address",
]


@functools.cache
def part_choices() -> list[tuple[str, str]]:
    names = [model.instance_type._meta for model in history_models()]
    return sorted(
        ((opts.model_name, capfirst(opts.verbose_name)) for opts in names),
        key=lambda choice: choice[1],
    )


def part_label(part: str) -> str:
    return _part_labels().get(part, part)


@functools.cache
def _part_labels() -> dict[str, str]:
    return dict(part_choices())


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        full = user.get_full_name().strip()
        return f"{full} ({user.get_username()})" if full else user.get_username()


class MeetingAutocomplete(AutocompleteSelect):
    """The admin's autocomplete of meetings; a value that is no key shows no choice (the form
    says it is not valid)."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [key for key in value if str(key).isdigit()], attr)


class AuditFilterForm(forms.Form):
    """The filters, each matching an index of the trail."""

    person = PersonChoiceField(
        queryset=None, required=False, label=_("Person"), empty_label=_("Anyone")
    )
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.select_related("series"), required=False, label=_("Record")
    )
    part = forms.ChoiceField(required=False, label=_("Kind of part"))
    kind = forms.ChoiceField(
        choices=[("", _("Any change")), *AuditKind.choices],
        required=False,
        label=_("Kind of change"),
    )
    since = IsoDateField(
        required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    until = IsoDateField(
        required=False, label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, admin_site=None, **kwargs):
        super().__init__(*args, **kwargs)
        User = get_user_model()
        self.fields["person"].queryset = User._default_manager.filter(is_staff=True).order_by(
            User.USERNAME_FIELD
        )
        self.fields["part"].choices = [("", gettext("Any part")), *part_choices()]
        meeting = self.fields["meeting"]
        meeting.widget = MeetingAutocomplete(
            AuditEntry._meta.get_field("meeting"), admin_site or admin.site
        )
        meeting.widget.choices = meeting.choices

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise forms.ValidationError(gettext("The “From” date is after the “To” date."))
        return cleaned

    def entries(self):
        """The entries the filters choose, newest first."""
        entries = AuditEntry.objects.all()
        data = self.cleaned_data
        if data.get("person"):
            entries = entries.filter(user=data["person"])
        if data.get("meeting"):
            entries = entries.filter(meeting_id=data["meeting"].pk)
        if data.get("part"):
            entries = entries.filter(part=data["part"])
        if data.get("kind"):
            entries = entries.filter(kind=data["kind"])
        if data.get("since"):
            entries = entries.filter(at__gte=_day_start(data["since"]))
        if data.get("until"):
            entries = entries.filter(at__lt=_day_start(data["until"] + datetime.timedelta(days=1)))
        return entries.order_by("-at", "-pk")


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def shown_changes(entry: AuditEntry) -> list[dict]:
    """Each change of ``entry``, running text that had words before as a word diff."""
    return [
        {**change, "diff": word_diff(change["old"], change["new"])}
        if change.get("text") and change["old"] and change["new"]
        else change
        for change in entry.changes
    ]


def admin_link(part: str, object_id, view: str = "change") -> str:
    if not part or object_id is None:
        return ""
    try:
        return reverse(f"admin:records_{part}_{view}", args=[object_id])
    except NoReverseMatch:
        return ""


def row_of(entry: AuditEntry) -> dict:
    """What one line of the trail shows."""
    return {
        "entry": entry,
        "part_kind": part_label(entry.part),
        "part_url": ""
        if entry.kind == AuditKind.DELETED
        else admin_link(entry.part, entry.object_id),
        "record_url": admin_link("meeting", entry.meeting_id, "history"),
        "changes": shown_changes(entry),
        "created": entry.kind == AuditKind.CREATED,
    }


def changes_text(entry: AuditEntry) -> str:
    return "\n".join(
        f"{change['field']}: {change['old']} → {change['new']}"
        if change["old"]
        else f"{change['field']}: {change['new']}"
        for change in entry.changes
    )


def csv_row(entry: AuditEntry) -> list:
    return [
        entry.at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S"),
        entry.by,
        entry.get_kind_display(),
        part_label(entry.part) if entry.part else "",
        entry.object_label,
        entry.object_id,
        entry.record_label,
        entry.meeting_id,
        changes_text(entry),
        entry.note,
        entry.address,
    ]


class CorrectionNoteInTrail:
    """For the change forms that take a correction note: the changes the form saves carry
    the note in the audit trail (and the history)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        note = request.POST.get("correction_note", "").strip() if request.method == "POST" else ""
        with note_changes(note):
            return super().changeform_view(request, object_id, form_url, extra_context)


def audit_view(request, admin_site):
    """The audit trail page, or its CSV."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied(
            gettext("Only auditors, publishers and administrators read the audit trail.")
        )
    form = AuditFilterForm(request.GET or None, admin_site=admin_site)
    valid = form.is_valid() if form.is_bound else True
    if not form.is_bound:
        form.cleaned_data = {}
    if request.GET.get("format") == "csv":
        if not valid:
            errors = "; ".join(message for messages in form.errors.values() for message in messages)
            return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
        entries = form.entries().iterator(chunk_size=1000)
        return csv_response(csv_lines(CSV_HEADER, map(csv_row, entries)), name="audit-trail")
    page = problem = None
    if valid:
        try:
            page = page_of(LookaheadPaginator(form.entries(), PER_PAGE), request.GET.get("page"))
        except PageProblem as error:
            problem = error
    context = {
        **admin_site.each_context(request),
        "title": gettext("Audit trail"),
        "subtitle": None,
        "form": form,
        "page_obj": page,
        "rows": [row_of(entry) for entry in page.object_list] if page else [],
        "page_problem": problem,
        "media": form.media,
    }
    status = 400 if not valid else (problem.status if problem else 200)
    request.current_app = admin_site.name
    return TemplateResponse(request, "admin/records/audit_trail.html", context, status=status)
