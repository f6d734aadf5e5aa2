"""A language version's own admin page, an adapter over ``records.languages`` (the writes)
and ``records.workflow`` (who may change what, in which state): it changes the version's title,
flags and paragraphs, and moves it through the workflow with buttons confirmed as a record's
are. A published version's change is a correction of its record: a publisher's, with the
public note. Adding a version is on the record's page (``records/admin/record_versions.py``).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from records import languages, services, workflow
from records.admin.audit import CorrectionNoteInTrail
from records.admin.workflow import (
    Transition,
    WithdrawalForm,
    _confirmed_version,
)
from records.models import LanguageVersion, Meeting, VersionParagraph

Status = Meeting.Status

VERSION_TRANSITIONS = {
    transition.name: transition
    for transition in [
        Transition(
            "submit",
            _("Submit for review"),
            languages.language_version_submit_for_review,
            workflow.SUBMIT,
            subject="language_version",
        ),
        Transition(
            "send_back",
            _("Send back to draft"),
            languages.language_version_send_back,
            workflow.SEND_BACK,
            subject="language_version",
        ),
        Transition(
            "publish",
            _("Publish"),
            languages.language_version_publish,
            workflow.PUBLISH,
            subject="language_version",
        ),
        Transition(
            "withdraw",
            _("Withdraw"),
            languages.language_version_withdraw,
            workflow.WITHDRAW,
            asks_reason=True,
            subject="language_version",
        ),
    ]
}


# --- A version's own page -------------------------------------------------------------------


class LanguageVersionForm(forms.ModelForm):
    """Refuses a change the workflow does not allow (``workflow.check_version_change``); takes
    the public correction note of a published version (``user`` is set by the admin)."""

    correction_note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Correction note"),
        help_text=_(
            "Only when the version is published: say what you corrected, e.g. "
            "“¶2 of the Japanese version read “日本” for “ASEAN”.” The public reads it with the "
            "record, dated."
        ),
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
        (_("Publication"), {"fields": [("status", "published_at"), "created_at"]}),
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
            fieldsets = [*fieldsets, (_("Correction"), {"fields": ["correction_note"]})]
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
            raise Http404(gettext("No such version or transition."))
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
                    gettext("The %(language)s version is now %(status)s.")
                    % {
                        "language": language_version.name,
                        "status": language_version.get_status_display().lower(),
                    },
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
