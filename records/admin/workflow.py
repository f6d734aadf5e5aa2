"""The publication workflow in the admin: who may change what, correction notes, transitions.

- A record's contents (the meeting, its chairs and participants, agenda, paragraphs,
  resolutions and actions) may be changed while it is a draft or in review by anyone with the
  model's change permission; once published only by a publisher, who must write the public
  correction note; once withdrawn by no one.
- The state moves only through the transitions below (changelist actions and buttons on the
  change form, each with a confirmation page), which call the ``records.services`` functions.
- Everyone with view permission (auditors) may export the rows they select as CSV.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join

from records import services
from records.admin.exports import export_as_csv
from records.models import (
    AgendaItem,
    FollowUpAction,
    Meeting,
    Paragraph,
    Participant,
    ProgressUpdate,
    Resolution,
)

Status = Meeting.Status


def meeting_of(obj) -> Meeting | None:
    """The meeting whose record ``obj`` is part of (``None`` when it is not known yet)."""
    if obj is None or isinstance(obj, Meeting):
        return obj
    if isinstance(obj, ProgressUpdate):
        # Progress is entered on the form of the action it reports on: it follows that record.
        return obj.action.meeting if obj.action_id else None
    if isinstance(obj, Resolution):
        return obj.paragraph.meeting if obj.paragraph_id else None
    if isinstance(obj, Participant | AgendaItem | Paragraph | FollowUpAction):
        return obj.meeting if obj.meeting_id else None
    raise TypeError(f"{type(obj).__name__} is not part of a record")


def may_change(user, meeting: Meeting | None) -> bool:
    """Whether the record's state lets ``user`` change it (the model permission aside)."""
    if meeting is None or meeting.status in {Status.DRAFT, Status.IN_REVIEW}:
        return True
    if meeting.status == Status.PUBLISHED:
        return services.CORRECT.allowed_for(user)
    return False


class RecordContentsForm(forms.ModelForm):
    """Refuses a change the record's state does not allow; on a published record, takes the
    public correction note (``user`` is set by the admin)."""

    correction_note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Correction note",
        help_text="The record is published: say what you corrected. The public reads it with "
        "the record as “Corrected on <today>: <your note>”.",
    )
    user = None
    # Fields that track what happened after the meeting rather than say what it adopted
    # (``FollowUpTrackingAdmin``): changing them on a published record is no correction.
    tracking_fields = frozenset()

    def corrects_the_text(self) -> bool:
        """Whether this save changes the adopted record, not only the tracking of it."""
        if not self.tracking_fields:
            return True  # inlines may have changed: every save of the form counts
        untracked = {"correction_note", "opened_versions", *self.tracking_fields}
        return bool(set(self.changed_data) - untracked)

    def _post_clean(self):
        super()._post_clean()
        meeting = meeting_of(self.instance)
        note = self.cleaned_data.get("correction_note", "").strip()
        if meeting is None:
            return
        if meeting.status == Status.WITHDRAWN:
            self.add_error(None, f"“{meeting}” is withdrawn: its record can no longer be changed.")
        elif meeting.status == Status.PUBLISHED:
            if not note and not self.corrects_the_text():
                return
            if not services.CORRECT.allowed_for(self.user):
                self.add_error(
                    None,
                    f"“{meeting}” is published: only a publisher can correct it, with a "
                    "correction note.",
                )
            elif not note:
                self.add_error(
                    "correction_note",
                    f"“{meeting}” is published: write the correction note the public will read.",
                )
        elif note:
            self.add_error(
                "correction_note",
                f"“{meeting}” is not published: leave the correction note empty.",
            )


class RecordContentsAdmin(admin.ModelAdmin):
    """The admin of a model that is part of a record: the record's state decides whether it
    may be changed or deleted, a published record's form asks for the correction note, and
    every list exports its selected rows as CSV."""

    actions = [export_as_csv]
    tracking_fields = ()

    def _asks_for_note(self, request, obj):
        if not services.CORRECT.allowed_for(request.user):
            return False
        meeting = meeting_of(obj)
        # On an add form the record is chosen in the form: it may be a published one.
        return (
            obj is None
            and self.model is not Meeting
            or (meeting is not None and meeting.status == Status.PUBLISHED)
        )

    def record_allows_change(self, request, obj) -> bool:
        """Whether the state of the record ``obj`` belongs to lets this user change it."""
        return may_change(request.user, meeting_of(obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.record_allows_change(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        # A published record is corrected or withdrawn, never deleted in part or whole.
        meeting = meeting_of(obj)
        if isinstance(obj, Meeting) and meeting.status != Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj) and (
            meeting is None or meeting.status in {Status.DRAFT, Status.IN_REVIEW}
        )

    def get_fields(self, request, obj=None):
        return [field for field in super().get_fields(request, obj) if field != "correction_note"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self._asks_for_note(request, obj):
            fieldsets = [*fieldsets, ("Correction", {"fields": ["correction_note"]})]
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = type(
            self.form.__name__,
            (RecordContentsForm, self.form),
            {"user": request.user, "tracking_fields": frozenset(self.tracking_fields)},
        )
        return super().get_form(request, obj, change, form=base, **kwargs)

    def save_related(self, request, form, formsets, change):
        # After the inlines: the correction's published version freezes all the form saved.
        super().save_related(request, form, formsets, change)
        note = form.cleaned_data.get("correction_note", "").strip()
        if note:
            services.meeting_correct(
                meeting=meeting_of(form.instance), note=note, user=request.user
            )


class RecordContentsInline:
    """An inline of a record's part: addable, changeable and deletable only while the record
    (the parent form's object) may be changed."""

    def record_allows_change(self, request, obj) -> bool:
        return may_change(request.user, meeting_of(obj))

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self.record_allows_change(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.record_allows_change(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.record_allows_change(
            request, obj
        )


def tracks_progress(meeting: Meeting | None) -> bool:
    """Whether the progress of the record's actions may be tracked: until it is withdrawn."""
    return meeting is None or meeting.status != Status.WITHDRAWN


class FollowUpTrackingAdmin(RecordContentsAdmin):
    """A follow-up action, whose progress is tracked long after its record is published.

    Its ``tracking_fields`` (the status) and the progress later meetings reported on it
    (``ProgressTrackingInline``) are not the adopted text: staff who may change actions keep
    them up to date on a published record without a correction note, and the history keeps
    who did and when. The rest of the action is the record's text and follows its state.
    """

    tracking_fields = ("status",)

    def record_allows_change(self, request, obj) -> bool:
        meeting = meeting_of(obj)
        if meeting is not None and meeting.status == Status.PUBLISHED:
            return True
        return super().record_allows_change(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if may_change(request.user, meeting_of(obj)):
            return readonly
        return [
            *readonly,
            *(
                field
                for field in flatten(self.fields)
                if field not in self.tracking_fields and field not in readonly
            ),
        ]


class ProgressTrackingInline(RecordContentsInline):
    """Progress reported on an action: tracked until its record is withdrawn."""

    def record_allows_change(self, request, obj) -> bool:
        return tracks_progress(meeting_of(obj))


# --- Transitions --------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    """A move of the workflow as the admin offers it: the service that makes it and the
    service's ``rule`` (who may, from which states)."""

    name: str
    label: str  # the button and the action
    service: Callable
    rule: services.WorkflowRule
    asks_reason: bool = False

    @property
    def question(self):
        return f"{self.label}?"

    @property
    def states(self):
        return self.rule.states

    def allowed_for(self, user) -> bool:
        return self.rule.allowed_for(user)

    def apply(self, meeting, user, reason=""):
        extra = {"reason": reason} if self.asks_reason else {}
        return self.service(meeting=meeting, user=user, **extra)


TRANSITIONS = {
    transition.name: transition
    for transition in [
        Transition(
            "submit", "Submit for review", services.meeting_submit_for_review, services.SUBMIT
        ),
        Transition(
            "send_back", "Send back to draft", services.meeting_send_back, services.SEND_BACK
        ),
        Transition("publish", "Publish", services.meeting_publish, services.PUBLISH),
        Transition(
            "withdraw", "Withdraw", services.meeting_withdraw, services.WITHDRAW, asks_reason=True
        ),
    ]
}


class WithdrawalForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Reason for withdrawal",
        help_text="Kept with the record; required.",
    )


def _transition_action(transition: Transition):
    def action(modeladmin, request, queryset):
        return modeladmin.confirm_transition(request, transition, list(queryset))

    action.__name__ = transition.name
    return admin.action(description=f"{transition.label}…", permissions=[transition.name])(action)


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

    @admin.display(description="Corrections")
    def public_corrections(self, meeting):
        """The public correction notes, as the record shows them; written by the change form
        of a published record, never edited."""
        corrections = meeting.corrections.select_related("made_by") if meeting.pk else []
        return (
            format_html_join(
                "",
                "<p>{} <span class='quiet'>({})</span></p>",
                ((c.public_text, c.made_by or "the system") for c in corrections),
            )
            or "None"
        )

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
            raise Http404("No such record or transition.")
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
                    transition.apply(meeting, request.user, reason)
                except ValidationError as error:
                    for message in error.messages:
                        self.message_user(request, message, messages.ERROR)
                else:
                    done.append(meeting)
            if done:
                status = done[0].get_status_display().lower()
                names = "; ".join(f"“{meeting}”" for meeting in done)
                self.message_user(request, f"Now {status}: {names}.", messages.SUCCESS)
            if single:
                return redirect(reverse("admin:records_meeting_change", args=[meetings[0].pk]))
            return None  # back to the changelist
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": transition.question,
            "transition": transition,
            "meetings": meetings,
            "refused": [m for m in meetings if m.status not in transition.states],
            "form": form if transition.asks_reason else None,
            "single": single,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/records/meeting/transition.html", context)
