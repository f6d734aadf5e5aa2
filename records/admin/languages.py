"""A record's language versions in the admin, an adapter over ``records.languages`` (the
writes) and ``records.workflow`` (who may change what, in which state).

- On the record's change page, *Language versions* lists them, and *Add a language version*
  (``LanguageVersionsOfRecordAdmin``) takes a pasted text or an uploaded file, shows its
  paragraphs beside the record's with whatever would refuse it, and saves it as a draft.
  Nothing typed is lost: the text (as read from a file too) stays in the form.
- A version's own page (``LanguageVersionWorkflowAdmin``) changes its title, flags and
  paragraphs, and moves it through the workflow with buttons confirmed as a record's are. A
  published version's change is a correction of its record: a publisher's, with the public
  note.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from records import languages, services, workflow
from records.admin.audit import CorrectionNoteInTrail
from records.admin.workflow import (
    RecordContentsFormSet,
    Transition,
    WithdrawalForm,
    _confirmed_version,
)
from records.importing import ImportProblem
from records.importing.language_versions import VersionText, read_version, read_version_file
from records.importing.text import MAX_FILE_BYTES, size_message
from records.language_tags import language_name, normalise_language, validate_language
from records.models import LanguageVersion, Meeting, VersionParagraph

Status = Meeting.Status

VERSION_TRANSITIONS = {
    transition.name: transition
    for transition in [
        Transition(
            "submit",
            "Submit for review",
            languages.language_version_submit_for_review,
            workflow.SUBMIT,
            subject="language_version",
        ),
        Transition(
            "send_back",
            "Send back to draft",
            languages.language_version_send_back,
            workflow.SEND_BACK,
            subject="language_version",
        ),
        Transition(
            "publish",
            "Publish",
            languages.language_version_publish,
            workflow.PUBLISH,
            subject="language_version",
        ),
        Transition(
            "withdraw",
            "Withdraw",
            languages.language_version_withdraw,
            workflow.WITHDRAW,
            asks_reason=True,
            subject="language_version",
        ),
    ]
}


# --- Adding a version on the record's page ------------------------------------------------


class LanguageField(forms.CharField):
    """A BCP 47 code, written in its usual case before it is checked: "ZH-hant" → "zh-Hant"."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_language(value) if value else value


class AddVersionForm(forms.Form):
    """A version's language, title and flags, and its text pasted or in a file."""

    language = LanguageField(max_length=35, help_text="Its BCP 47 code, e.g. ja, th, vi, zh-Hant.")
    title = forms.CharField(
        max_length=300,
        required=False,
        help_text="The record's title in this language. Left empty, the text before ¶1.",
    )
    authoritative = forms.BooleanField(
        required=False,
        initial=True,
        help_text="The text is authoritative in its own words (untick for a courtesy translation).",
    )
    original = forms.BooleanField(
        required=False, help_text="This version is the original of the record."
    )
    text = forms.CharField(
        required=False,
        strip=False,
        label="Paste the text of the version",
        help_text="Its title, then its paragraphs numbered as the record's (“1.”, “1)”, "
        "“１．”), or separated by blank lines.",
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100}),
    )
    file = forms.FileField(
        required=False,
        label="or upload it",
        help_text=f"A .txt, .docx or .pdf file of up to {MAX_FILE_BYTES // 1024 // 1024} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.pdf"}),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(size_message(upload.size))
        return upload

    def clean(self):
        cleaned = super().clean()
        text, upload = cleaned.get("text", ""), cleaned.get("file")
        if self.errors:
            return cleaned
        if text.strip() and upload:
            raise forms.ValidationError("Paste the text or upload a file, not both.")
        if not text.strip() and not upload:
            raise forms.ValidationError("Paste the text of the version or upload its file.")
        try:
            cleaned["read"] = (
                read_version_file(upload.name, upload.read()) if upload else read_version(text)
            )
        except ImportProblem as problem:
            raise forms.ValidationError(problem.message) from problem
        return cleaned


@dataclass
class SideBySide:
    number: int
    record: str
    version: str


def side_by_side(meeting: Meeting, read: VersionText) -> list[SideBySide]:
    ours = dict(meeting.paragraphs.values_list("number", "text"))
    theirs = dict(read.paragraphs)
    return [
        SideBySide(number, ours.get(number, ""), theirs.get(number, ""))
        for number in sorted(ours.keys() | theirs.keys())
    ]


class LanguageVersionsOfRecordAdmin(admin.ModelAdmin):
    """The meeting admin's part: its versions listed on its page, and the page adding one."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/versions/add/",
                self.admin_site.admin_view(self.add_version_view),
                name="records_meeting_add_version",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="Language versions")
    def language_versions(self, meeting):
        """Each version: its language, state, flags and paragraph count, linked to its page."""
        if meeting.pk is None:
            return "None: add them once the record is saved."
        rows = meeting.language_versions.annotate(paragraph_count=Count("paragraphs"))
        listed = format_html_join(
            "",
            "<li><a href='{}'>{} ({})</a>: {}, {}{}, {} paragraph(s)</li>",
            (
                (
                    reverse("admin:records_languageversion_change", args=[row.pk]),
                    row.name,
                    row.language,
                    row.get_status_display().lower(),
                    "authoritative" if row.authoritative else "not authoritative",
                    ", the original" if row.original else "",
                    row.paragraph_count,
                )
                for row in rows
            ),
        )
        own = format_html(
            "The record's own text: {} ({}), {}{}.",
            language_name(meeting.language),
            meeting.language,
            "authoritative" if meeting.authoritative else "not authoritative",
            "" if rows.filter(original=True).exists() else ", the original",
        )
        return format_html("<p>{}</p><ul class='language-versions'>{}</ul>", own, listed)

    def may_add_version(self, request, meeting) -> bool:
        return (
            meeting is not None
            and request.user.has_perm("records.add_languageversion")
            and meeting.status != Status.WITHDRAWN
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        meeting = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "may_add_version": self.may_add_version(request, meeting),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def add_version_view(self, request, object_id):
        """Paste or upload → preview beside the record's paragraphs → save as a draft."""
        meeting = self.get_object(request, object_id)
        if meeting is None:
            raise Http404("No such record.")
        if not self.may_add_version(request, meeting):
            raise PermissionDenied
        form = AddVersionForm(request.POST or None, request.FILES or None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": meeting,
            "title": f"Add a language version of “{meeting}”",
            "form": form,
        }
        if request.method != "POST" or not form.is_valid():
            return TemplateResponse(request, "admin/records/meeting/add_version.html", context)
        read = form.cleaned_data["read"]
        if form.cleaned_data.get("file"):
            # The text as read from the file stays in the form: nothing is lost on a refusal.
            data = request.POST.copy()
            data["text"] = "\n".join(
                [read.title, *(f"{number}. {text}" for number, text in read.paragraphs)]
            ).strip()
            form = AddVersionForm(data)
            form.is_valid()
            context["form"] = form
        arguments = {
            "meeting": meeting,
            "language": form.cleaned_data["language"],
            "title": form.cleaned_data["title"] or read.title,
            "paragraphs": read.paragraphs,
            "authoritative": form.cleaned_data["authoritative"],
            "original": form.cleaned_data["original"],
            "user": request.user,
        }
        try:
            with transaction.atomic():
                version = languages.language_version_add(**arguments)
                if "save" not in request.POST:
                    transaction.set_rollback(True)  # a preview: checked, not kept
        except ValidationError as error:
            refusals = error.messages
        else:
            refusals = []
            if "save" in request.POST:
                self.message_user(
                    request,
                    f"The {version.name} version was added as a draft: check it, then submit "
                    "it for review.",
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:records_languageversion_change", args=[version.pk]))
        meeting.refresh_from_db()
        context.update(
            {
                "read": read,
                "version_title": arguments["title"],
                "rows": side_by_side(meeting, read),
                "refusals": refusals,
            }
        )
        return TemplateResponse(request, "admin/records/meeting/add_version.html", context)


# --- A version's own page -------------------------------------------------------------------


class LanguageVersionForm(forms.ModelForm):
    """Refuses a change the workflow does not allow (``workflow.check_version_change``); takes
    the public correction note of a published version (``user`` is set by the admin)."""

    correction_note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Correction note",
        help_text="Only when the version is published: say what you corrected, e.g. "
        "“¶2 of the Japanese version read “日本” for “ASEAN”.” The public reads it with the "
        "record, dated.",
    )
    user = None

    def _post_clean(self):
        super()._post_clean()
        if not self.instance.pk:
            return
        stored = LanguageVersion.objects.select_related("meeting").get(pk=self.instance.pk)
        try:
            workflow.check_version_change(
                self.user, stored, note=self.cleaned_data.get("correction_note", "").strip()
            )
        except ValidationError as error:
            self.add_error(None, error)


class VersionParagraphFormSet(BaseInlineFormSet):
    """A version's paragraphs: once it is in review or published, they must number the
    record's paragraphs (``LanguageVersion.paragraph_numbers_problem``); a draft may be
    mended row by row, and is checked when submitted."""

    def clean(self):
        super().clean()
        if self.instance.status not in (Status.IN_REVIEW, Status.PUBLISHED):
            return
        numbers = [
            form.cleaned_data["number"]
            for form in self.forms
            if form.cleaned_data.get("number") is not None and not self._should_delete_form(form)
        ]
        if problem := self.instance.paragraph_numbers_problem(numbers):
            raise ValidationError(problem)


class VersionParagraphInline(admin.StackedInline):
    model = VersionParagraph
    formset = VersionParagraphFormSet
    extra = 0
    fields = ["number", "text"]

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (
            obj is None or workflow.may_change_version(request.user, obj)
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or workflow.may_change_version(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or obj.status in workflow.BEING_WRITTEN
        )


class LanguageVersionWorkflowAdmin(CorrectionNoteInTrail, admin.ModelAdmin):
    """A version's title, flags and paragraphs, and its moves. Added on its record's page."""

    list_display = ["__str__", "language", "status", "authoritative", "original", "published_at"]
    list_filter = ["status", "language", "authoritative"]
    search_fields = ["title", "meeting__title", "language"]
    list_select_related = ["meeting__series"]
    readonly_fields = ["meeting", "language", "status", "published_at", "created_at"]
    fieldsets = [
        (None, {"fields": ["meeting", "language", "title", ("authoritative", "original")]}),
        ("Publication", {"fields": [("status", "published_at"), "created_at"]}),
    ]
    inlines = [VersionParagraphInline]
    change_form_template = "admin/records/languageversion/change_form.html"

    def has_add_permission(self, request):
        return False  # added on its record's page, which reads its text and checks its numbers

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or workflow.may_change_version(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or (obj.status == Status.DRAFT and obj.record.status != Status.WITHDRAWN)
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        asks_note = (
            obj is not None
            and obj.status == Status.PUBLISHED
            and workflow.CORRECT.allowed_for(request.user)
        )
        if asks_note:
            fieldsets = [*fieldsets, ("Correction", {"fields": ["correction_note"]})]
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = type("LanguageVersionForm", (LanguageVersionForm, self.form), {"user": request.user})
        return super().get_form(request, obj, change, form=base, **kwargs)

    def save_related(self, request, form, formsets, change):
        # After the paragraphs: the correction's published version freezes what was saved.
        super().save_related(request, form, formsets, change)
        note = form.cleaned_data.get("correction_note", "").strip()
        if note:
            services.meeting_correct(meeting=form.instance.meeting, note=note, user=request.user)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/workflow/<slug:transition>/",
                self.admin_site.admin_view(self.transition_view),
                name="records_languageversion_transition",
            ),
            *super().get_urls(),
        ]

    def transitions_for(self, request, language_version):
        return [
            transition
            for transition in VERSION_TRANSITIONS.values()
            if language_version is not None
            and language_version.status in transition.states
            and transition.allowed_for(request.user)
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        language_version = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "transitions": self.transitions_for(request, language_version),
            "correction_notice": workflow.who_may_change_version(request.user, language_version)
            if language_version is not None
            else "",
            "numbers_problem": language_version.paragraph_numbers_problem()
            if language_version is not None
            else "",
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def transition_view(self, request, object_id, transition):
        """A version's move: a confirmation page, then the move on POST."""
        transition = VERSION_TRANSITIONS.get(transition)
        language_version = self.get_object(request, object_id)
        if transition is None or language_version is None:
            raise Http404("No such version or transition.")
        if not self.has_view_permission(request, language_version):
            raise PermissionDenied
        if not transition.allowed_for(request.user):
            raise PermissionDenied
        change_url = reverse("admin:records_languageversion_change", args=[language_version.pk])
        confirmed = request.method == "POST" and "confirm" in request.POST
        form = WithdrawalForm(request.POST if confirmed else None)
        if confirmed and (not transition.asks_reason or form.is_valid()):
            reason = form.cleaned_data["reason"] if transition.asks_reason else ""
            try:
                version = _confirmed_version(request.POST, language_version)
                transition.apply(language_version, request.user, version, reason)
            except ValidationError as error:
                for message in error.messages:
                    self.message_user(request, message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"The {language_version.name} version is now "
                    f"{language_version.get_status_display().lower()}.",
                    messages.SUCCESS,
                )
            return redirect(change_url)
        posted = request.POST if confirmed else {}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": transition.question,
            "transition": transition,
            "meetings": [language_version],
            "versions": [
                (
                    language_version,
                    posted.get(f"version-{language_version.pk}") or language_version.version,
                )
            ],
            "refused": [] if language_version.status in transition.states else [language_version],
            "form": form if transition.asks_reason else None,
            "single": True,
            "cancel_url": change_url,
            "changelist_url": reverse("admin:records_languageversion_changelist"),
        }
        return TemplateResponse(request, "admin/records/meeting/transition.html", context)


# --- The record's paragraphs, against its published versions ------------------------------


class RecordParagraphsFormSet(RecordContentsFormSet):
    """The paragraphs on a record's page: a correction may not leave them numbering other
    paragraphs than the record's published versions (``languages.record_paragraphs_problem``)."""

    def clean(self):
        super().clean()
        if self.instance.pk is None or self.instance.status != Status.PUBLISHED:
            return
        shown = {form.instance.pk for form in self.forms if form.instance.pk}
        numbers = list(
            self.instance.paragraphs.exclude(pk__in=shown).values_list("number", flat=True)
        )
        numbers += [
            form.cleaned_data["number"]
            for form in self.forms
            if form.cleaned_data.get("number") is not None and not self._should_delete_form(form)
        ]
        if problem := languages.record_paragraphs_problem(self.instance, numbers):
            raise ValidationError(problem)


class ParagraphNumbersForm(forms.ModelForm):
    """A paragraph's own page: adding one to a published record, or renumbering one, may not
    leave the record numbering other paragraphs than its published versions."""

    def clean(self):
        cleaned = super().clean()
        meeting, number = cleaned.get("meeting"), cleaned.get("number")
        if meeting is None or number is None or meeting.status != Status.PUBLISHED:
            return cleaned
        numbers = list(
            meeting.paragraphs.exclude(pk=self.instance.pk).values_list("number", flat=True)
        )
        if problem := languages.record_paragraphs_problem(meeting, [*numbers, number]):
            raise ValidationError(problem)
        return cleaned


# --- The record's own language --------------------------------------------------------------


class RecordLanguageForm(forms.ModelForm):
    """The meeting's form: its own text's language, which none of its versions may be in."""

    language = LanguageField(
        max_length=35,
        validators=[validate_language],
        initial=Meeting._meta.get_field("language").default,
        help_text=Meeting._meta.get_field("language").help_text,
    )

    def clean_language(self):
        language = self.cleaned_data["language"]
        if self.instance.pk and self.instance.language_versions.filter(language=language).exists():
            raise ValidationError(
                f"This record has a {language_name(language)} version: its own text is in "
                "another language."
            )
        return language
