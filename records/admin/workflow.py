"""The publication workflow in the admin, an adapter over ``records.workflow`` (the rules:
who may change or delete what, in which state) and ``records.services`` (the moves).

- A record's contents are changed as ``workflow.may_change`` allows; on a published record the
  form asks for the public correction note, and ``workflow.check_change`` judges each save,
  including one that moves a part to another record.
- The state moves only through the transitions below (changelist actions and buttons on the
  change form), each confirmed on a page that carries the version of each record it shows:
  the move is refused if the record changed after the page was opened.
- Everyone with view permission (auditors) may export the rows they select as CSV.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from records import dates, services, workflow
from records.admin.audit import CorrectionNoteInTrail
from records.admin.exports import export_as_csv
from records.models import Meeting

Status = Meeting.Status


def _record(obj) -> Meeting | None:
    return obj.record if obj is not None else None


class RecordContentsForm(forms.ModelForm):
    """Refuses a change the workflow does not allow (``workflow.check_change``); takes the
    public correction note of a published record (``user`` is set by the admin)."""

    correction_note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Correction note"),
        help_text=_(
            "Only when the record is published, or you move this into a published "
            "record: say what you corrected, e.g. “¶2 read “Japan” for “ASEAN”.” The public "
            "reads it with the record, dated: “Corrected on 12 November 2021: ¶2 read “Japan” "
            "for “ASEAN”.”"
        ),
    )
    user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The record as stored: a save that moves the part out of it is judged against it.
        self.record_before = self.instance.record if self.instance.pk else None

    def corrects_the_text(self) -> bool:
        """Whether this save changes the adopted record, not only the tracking of it."""
        tracking = workflow.tracking_fields(self._meta.model)
        if not tracking:
            return True  # inlines may have changed: every save of the form counts
        untracked = {"correction_note", "opened_versions", *tracking}
        return bool(set(self.changed_data) - untracked)

    def _post_clean(self):
        super()._post_clean()
        try:
            workflow.check_change(
                self.user,
                before=self.record_before,
                after=self.instance.record,
                note=self.cleaned_data.get("correction_note", "").strip(),
                corrects=self.corrects_the_text(),
            )
        except ValidationError as error:
            self.add_error(None, error)


class RecordContentsAdmin(CorrectionNoteInTrail, admin.ModelAdmin):
    """The admin of a model that is part of a record: the record's state decides whether it
    may be changed or deleted, a published record's form asks for the correction note, and
    every list exports its selected rows as CSV."""

    actions = [export_as_csv]

    def _asks_for_note(self, request, obj):
        if not workflow.CORRECT.allowed_for(request.user):
            return False
        if obj is None or obj is not obj.record:
            # A part's record is chosen in its form: it may be, or become, a published one.
            return self.model is not Meeting
        return obj.status == Status.PUBLISHED

    def record_allows_change(self, request, obj) -> bool:
        """Whether the state of the record ``obj`` belongs to lets this user change it."""
        return workflow.may_change(request.user, _record(obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.record_allows_change(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or workflow.may_delete(obj)
        )

    def get_fields(self, request, obj=None):
        return [field for field in super().get_fields(request, obj) if field != "correction_note"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self._asks_for_note(request, obj):
            fieldsets = [*fieldsets, (_("Correction"), {"fields": ["correction_note"]})]
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = type(self.form.__name__, (RecordContentsForm, self.form), {"user": request.user})
        return super().get_form(request, obj, change, form=base, **kwargs)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["correction_notice"] = workflow.who_may_change(request.user, _record(obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        # After the inlines: the correction's published version freezes all the form saved.
        super().save_related(request, form, formsets, change)
        note = form.cleaned_data.get("correction_note", "").strip()
        if note:
            services.meeting_correct(meeting=form.instance.record, note=note, user=request.user)


class RecordContentsFormSet(BaseInlineFormSet):
    """An inline's rows: a row the workflow keeps (``workflow.may_delete``) is not deleted,
    nor moved off a record it is shown on (``workflow.check_not_leaving``). Checked per row, as
    a row may be shown on another record than the page's."""

    def clean(self):
        super().clean()
        for form in self.forms:
            if form.instance.pk is None or not (
                form.has_changed() or self._should_delete_form(form)
            ):
                continue
            stored = self.model._base_manager.get(pk=form.instance.pk)
            if not self._should_delete_form(form):
                workflow.check_not_leaving(stored, form.instance)
            elif not workflow.may_delete(stored):
                raise ValidationError(
                    gettext(
                        "“%(part)s” is on a published record: it can be corrected, never deleted."
                    )
                    % {"part": stored}
                )


class RecordContentsInline:
    """An inline of a record's part: addable and changeable only while the record (the parent
    form's object) may be changed, deletable only while it is being written."""

    formset = RecordContentsFormSet
    formfield_overrides = dates.ADMIN_DATE_FIELDS

    def record_allows_change(self, request, obj) -> bool:
        return workflow.may_change(request.user, _record(obj))

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self.record_allows_change(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.record_allows_change(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and workflow.is_being_written(
            _record(obj)
        )


class FollowUpTrackingAdmin(RecordContentsAdmin):
    """A follow-up action, whose progress is tracked long after its record is published.

    Its tracking fields (``workflow.tracking_fields``: the status) and the progress later
    meetings reported on it (``ProgressTrackingInline``) are not the adopted text: staff who
    may change actions keep them up to date on a published record without a correction note,
    and the history keeps who did and when. The rest of the action is the record's text and
    follows its state.
    """

    def record_allows_change(self, request, obj) -> bool:
        return workflow.may_track(_record(obj))

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if workflow.may_change(request.user, _record(obj)):
            return readonly
        tracking = workflow.tracking_fields(self.model)
        return [
            *readonly,
            *(
                field
                for field in flatten(self.fields)
                if field not in tracking and field not in readonly
            ),
        ]


class ProgressTrackingInline(RecordContentsInline):
    """Progress reported on an action: added and corrected until its record is withdrawn."""

    def record_allows_change(self, request, obj) -> bool:
        return workflow.may_track(_record(obj))


# --- Transitions --------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    """A move of the workflow as the admin offers it: the service that makes it and its
    ``rule`` (who may, from which states); ``subject``: the service's argument naming what
    moves (a meeting, or a language version)."""

    name: str
    label: str  # the button and the action (lazy: translated when shown)
    service: Callable
    rule: workflow.WorkflowRule
    asks_reason: bool = False
    subject: str = "meeting"

    @property
    def question(self):
        return gettext("%(label)s?") % {"label": self.label}

    @property
    def states(self):
        return self.rule.states

    def allowed_for(self, user) -> bool:
        return self.rule.allowed_for(user)

    def apply(self, moved, user, version: int, reason=""):
        extra = {"reason": reason} if self.asks_reason else {}
        return self.service(**{self.subject: moved}, user=user, version=version, **extra)


TRANSITIONS = {
    transition.name: transition
    for transition in [
        Transition(
            "submit", _("Submit for review"), services.meeting_submit_for_review, workflow.SUBMIT
        ),
        Transition(
            "send_back", _("Send back to draft"), services.meeting_send_back, workflow.SEND_BACK
        ),
        Transition("publish", _("Publish"), services.meeting_publish, workflow.PUBLISH),
        Transition(
            "withdraw",
            _("Withdraw"),
            services.meeting_withdraw,
            workflow.WITHDRAW,
            asks_reason=True,
        ),
    ]
}


def _confirmed_version(data, meeting) -> int:
    """The version of ``meeting`` the confirmation page showed, as posted back."""
    version = data.get(f"version-{meeting.pk}", "")
    if not version.isdigit():
        raise ValidationError(
            gettext(
                "This page does not say which version of “%(record)s” you confirmed: open it again."
            )
            % {"record": meeting}
        )
    return int(version)


class WithdrawalForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Reason for withdrawal"),
        help_text=_("Kept with the record; required."),
    )


def _transition_action(transition: Transition):
    def action(modeladmin, request, queryset):
        return modeladmin.confirm_transition(request, transition, list(queryset))

    action.__name__ = transition.name
    description = format_lazy("{}…", transition.label)
    return admin.action(description=description, permissions=[transition.name])(action)


class MeetingWorkflowAdmin(RecordContentsAdmin):
    """Meeting admin: status changes only through the transitions, each confirmed."""

    actions = [
        *(_transition_action(transition) for transition in TRANSITIONS.values()),
        export_as_csv,
    ]
    change_form_template = "admin/records/meeting/change_form.html"

    def get_readonly_fields(self, request, obj=None):
        return [
            *super().get_readonly_fields(request, obj),
            "status",
            "published_at",
            "withdrawn_at",
            "withdrawal_reason",
            "public_corrections",
        ]

    @admin.display(description=_("Corrections"))
    def public_corrections(self, meeting):
        """The public correction notes, as the record shows them; written by the change form
        of a published record, never edited."""
        corrections = meeting.corrections.select_related("made_by") if meeting.pk else []
        return format_html_join(
            "",
            "<p>{} <span class='quiet'>({})</span></p>",
            ((c.public_text, c.made_by or gettext("the system")) for c in corrections),
        ) or gettext("None")

    def has_submit_permission(self, request):
        return TRANSITIONS["submit"].allowed_for(request.user)

    def has_send_back_permission(self, request):
        return TRANSITIONS["send_back"].allowed_for(request.user)

    def has_publish_permission(self, request):
        return TRANSITIONS["publish"].allowed_for(request.user)

    def has_withdraw_permission(self, request):
        return TRANSITIONS["withdraw"].allowed_for(request.user)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/workflow/<slug:transition>/",
                self.admin_site.admin_view(self.transition_view),
                name="records_meeting_transition",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        meeting = self.get_object(request, object_id)
        transitions = [
            transition
            for transition in TRANSITIONS.values()
            if meeting is not None
            and meeting.status in transition.states
            and transition.allowed_for(request.user)
        ]
        extra_context = {**(extra_context or {}), "transitions": transitions}
        return super().change_view(request, object_id, form_url, extra_context)

    def transition_view(self, request, object_id, transition):
        """One record's transition: a confirmation page, then the change on POST."""
        transition = TRANSITIONS.get(transition)
        meeting = self.get_object(request, object_id)
        if transition is None or meeting is None:
            raise Http404(gettext("No such record or transition."))
        if not self.has_view_permission(request, meeting):
            raise PermissionDenied
        return self.confirm_transition(request, transition, [meeting], single=True)

    def confirm_transition(self, request, transition, meetings, *, single=False):
        if not transition.allowed_for(request.user):
            raise PermissionDenied
        confirmed = request.method == "POST" and "confirm" in request.POST
        form = WithdrawalForm(request.POST if confirmed else None)
        if confirmed and (not transition.asks_reason or form.is_valid()):
            reason = form.cleaned_data["reason"] if transition.asks_reason else ""
            done = []
            for meeting in meetings:
                try:
                    version = _confirmed_version(request.POST, meeting)
                    transition.apply(meeting, request.user, version, reason)
                except ValidationError as error:
                    for message in error.messages:
                        self.message_user(request, message, messages.ERROR)
                else:
                    done.append(meeting)
            if done:
                status = done[0].get_status_display().lower()
                names = "; ".join(f"“{meeting}”" for meeting in done)
                self.message_user(
                    request,
                    gettext("Now %(status)s: %(records)s.") % {"status": status, "records": names},
                    messages.SUCCESS,
                )
            if single:
                return redirect(reverse("admin:records_meeting_change", args=[meetings[0].pk]))
            return None  # back to the changelist
        posted = request.POST if confirmed else {}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": transition.question,
            "transition": transition,
            "meetings": meetings,
            # Shown again after an error, the page keeps the versions it was first opened at.
            "versions": [
                (meeting, posted.get(f"version-{meeting.pk}") or meeting.version)
                for meeting in meetings
            ],
            "refused": [m for m in meetings if m.status not in transition.states],
            "form": form if transition.asks_reason else None,
            "single": single,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "cancel_url": reverse("admin:records_meeting_change", args=[meetings[0].pk])
            if single
            else reverse("admin:records_meeting_changelist"),
            "changelist_url": reverse("admin:records_meeting_changelist"),
            "published_with": [
                version
                for meeting in meetings
                for version in meeting.language_versions.filter(status=Status.IN_REVIEW)
            ]
            if transition.name == "publish"
            else [],
        }
        return TemplateResponse(request, "admin/records/meeting/transition.html", context)
