"""The "Mark decisions" page of a record being written: its paragraphs, each with the
decisions and follow-up actions marked in it. An officer selects words in a paragraph (or, by
keyboard, chooses a sentence); the server proposes what the importer's recogniser reads there
(``records.marking``): verb, parties and clause picked out of the text, an action's owners
and deadline; the officer corrects what needs it and confirms with one click. Numbers and
order carry on by themselves. The plain change forms remain for corrections.

Nothing typed is lost: a refused form comes back with what was typed and each error beside
its field. Every save goes through the models' validation (``Resolution.clean``: a decision
says only what its paragraph says).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from records import marking, wording, workflow
from records.admin.due import DueField
from records.importing.errors import ImportProblem
from records.models import FollowUpAction, Paragraph, Resolution

KEEP_LABEL = _("Record it")


class _Kept(forms.ModelForm):
    """A proposed row: validated and saved only when its "record it" box stays ticked."""

    keep = forms.BooleanField(required=False, initial=True, label=KEEP_LABEL)

    def kept(self) -> bool:
        return self.is_bound and self.fields["keep"].widget.value_from_datadict(
            self.data, self.files, self.add_prefix("keep")
        )

    def full_clean(self):
        if self.is_bound and not self.kept():
            self._errors, self.cleaned_data = forms.utils.ErrorDict(), {"keep": False}
            return
        super().full_clean()


class DecisionForm(_Kept):
    class Meta:
        model = Resolution
        fields = ["verb", "verb_word", "parties", "text", "party_countries", "party_organisations"]
        labels = {"text": _("Clause"), "verb_word": _("Verb as written (for “other”)")}
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "party_countries": forms.MultipleHiddenInput,
            "party_organisations": forms.MultipleHiddenInput,
        }


class ActionForm(_Kept):
    due_date = DueField()
    # The decision it follows from: "new-<n>" (a decision of this form), "<pk>", or empty.
    decision = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = FollowUpAction
        fields = [
            "description",
            "owners",
            "due_text",
            "due_date",
            "owner_countries",
            "owner_organisations",
        ]
        labels = {"due_text": _("Deadline as written"), "owners": _("Who acts")}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "owner_countries": forms.MultipleHiddenInput,
            "owner_organisations": forms.MultipleHiddenInput,
        }

    def clean(self):
        cleaned = super().clean()
        due = cleaned.get("due_date")
        if isinstance(due, tuple):
            cleaned["due_date"], self.instance.due_precision = due
        return cleaned


class _RowsFormSet(forms.BaseFormSet):
    """Rows of one paragraph, each form's instance a new row of it."""

    def __init__(self, *args, paragraph, **kwargs):
        self.paragraph = paragraph
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        model = self.form._meta.model
        fields = {"paragraph": self.paragraph}
        if model is FollowUpAction:
            fields["meeting_id"] = self.paragraph.meeting_id
        return {"instance": model(**fields)}


DecisionFormSet = forms.formset_factory(DecisionForm, formset=_RowsFormSet, extra=0)
ActionFormSet = forms.formset_factory(ActionForm, formset=_RowsFormSet, extra=0)


class ParagraphsForm(forms.Form):
    text = forms.CharField(
        label=_("Paragraphs to add"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Paste the record's paragraphs as they stand, numbered (“1.”, “2.”) or "
            "separated by blank lines; unnumbered ones carry on from the last number."
        ),
    )

    def __init__(self, *args, meeting, **kwargs):
        self.meeting = meeting
        super().__init__(*args, **kwargs)

    def clean_text(self):
        try:
            found = marking.numbered_paragraphs(self.cleaned_data["text"])
        except ImportProblem as problem:
            raise ValidationError(str(problem)) from problem
        if not found:
            raise ValidationError(gettext("No paragraph was found in this text."))
        last = self.meeting.paragraphs.aggregate(last=Max("number"))["last"] or 0
        taken = set(self.meeting.paragraphs.values_list("number", flat=True))
        paragraphs = []
        for number, text in found:
            number = number or last + 1
            if number in taken:
                raise ValidationError(
                    gettext(
                        "This record already has a ¶%(number)s: correct it in the record's form, "
                        "or paste only the paragraphs it does not have."
                    )
                    % {"number": number}
                )
            taken.add(number)
            last = max(last, number)
            paragraphs.append(Paragraph(meeting=self.meeting, number=number, text=text))
        for paragraph in paragraphs:
            paragraph.full_clean()
        return paragraphs


class MarkForm(forms.Form):
    """The words selected in a paragraph (filled by ``mark-decisions.js``), or a sentence."""

    selection = forms.CharField(
        required=False,
        label=_("Words selected"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Select words in the paragraph above, or type or paste them here."),
    )
    sentence = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label=_("Or choose a sentence")
    )

    def __init__(self, *args, paragraph, **kwargs):
        super().__init__(*args, **kwargs)
        self.paragraph = paragraph
        self.sentences = marking.paragraph_sentences(paragraph.text)
        self.fields["sentence"].choices = [("", "—")] + [
            (index, sentence) for index, sentence in enumerate(self.sentences)
        ]
        self.prefix = f"mark-{paragraph.number}"

    def clean(self):
        cleaned = super().clean()
        index = cleaned.get("sentence")
        if index is not None:
            cleaned["selection"] = self.sentences[index]
        if not cleaned.get("selection", "").strip():
            raise ValidationError(gettext("Select words in the paragraph, or choose a sentence."))
        proposal = marking.propose(self.paragraph, cleaned["selection"])
        if proposal is None:
            raise ValidationError(
                gettext("These words are not in ¶%(number)s: select them in its text.")
                % {"number": self.paragraph.number}
            )
        cleaned["proposal"] = proposal
        return cleaned


def _decision_initial(decision: marking.ProposedDecision) -> dict:
    return {
        "keep": decision.existing is None,
        "verb": decision.verb,
        "verb_word": decision.verb_word,
        "parties": decision.parties,
        "text": decision.text,
        "party_countries": [c.pk for c in decision.countries],
        "party_organisations": [o.pk for o in decision.organisations],
    }


def _action_initial(action: marking.ProposedAction, decisions) -> dict:
    decision = ""
    if action.decision is not None:
        existing = decisions[action.decision].existing
        decision = str(existing.pk) if existing else f"new-{action.decision}"
    return {
        "keep": True,
        "description": action.description,
        "owners": action.owners,
        "due_text": action.due_text,
        "due_date": (action.due_date, action.due_precision),
        "decision": decision,
        "owner_countries": [c.pk for c in action.countries],
        "owner_organisations": [o.pk for o in action.organisations],
    }


class MarkDecisionsAdmin(admin.ModelAdmin):
    """Adds the "Mark decisions" page to the meeting admin."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/decisions/",
                self.admin_site.admin_view(self.mark_decisions_view),
                name="records_meeting_decisions",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["may_mark"] = obj is not None and self.may_mark(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def may_mark(self, request, meeting) -> bool:
        return (
            workflow.is_being_written(meeting)
            and self.has_change_permission(request, meeting)
            and all(
                request.user.has_perm(f"records.add_{name}")
                for name in ("paragraph", "resolution", "followupaction")
            )
        )

    def mark_decisions_view(self, request, object_id):
        meeting = self.get_object(request, object_id)
        if meeting is None:
            raise Http404(gettext("No such record."))
        if not self.may_mark(request, meeting):
            raise PermissionDenied
        paragraphs = list(
            meeting.paragraphs.order_by("number").prefetch_related(
                Prefetch("resolutions", queryset=Resolution.objects.order_by("order", "pk")),
                Prefetch("follow_up_actions", queryset=FollowUpAction.objects.order_by("pk")),
            )
        )
        by_pk = {paragraph.pk: paragraph for paragraph in paragraphs}
        here = reverse("admin:records_meeting_decisions", args=[meeting.pk])
        add_form = ParagraphsForm(meeting=meeting)
        marked = None  # (paragraph, mark form, decisions formset, actions formset)
        if request.method == "POST":
            if "add_paragraphs" in request.POST:
                add_form = ParagraphsForm(request.POST, meeting=meeting)
                if add_form.is_valid():
                    with transaction.atomic():
                        for paragraph in add_form.cleaned_data["text"]:
                            paragraph.save()
                    count = len(add_form.cleaned_data["text"])
                    self.message_user(
                        request,
                        ngettext("Added %(count)s paragraph.", "Added %(count)s paragraphs.", count)
                        % {"count": count},
                    )
                    return redirect(here)
            else:
                paragraph = by_pk.get(_int(request.POST.get("paragraph")))
                if paragraph is None:
                    raise Http404(gettext("No such paragraph in this record."))
                marked = self._mark(request, paragraph)
                if marked is None:
                    return redirect(f"{here}#p{paragraph.number}")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": meeting,
            "meeting": meeting,
            "title": gettext("Mark decisions: %(record)s") % {"record": meeting},
            "add_form": add_form,
            "rows": [_row(paragraph, marked) for paragraph in paragraphs],
            "keep_label": KEEP_LABEL,
        }
        return TemplateResponse(request, "admin/records/meeting/decisions.html", context)

    def _mark(self, request, paragraph):
        """A proposal for ``paragraph`` (the page again, with its forms), or None once what
        was confirmed is saved."""
        if "confirm" not in request.POST:
            form = MarkForm(request.POST, paragraph=paragraph)
            if not form.is_valid():
                return paragraph, form, None, None
            proposal = form.cleaned_data["proposal"]
            decisions = DecisionFormSet(
                paragraph=paragraph,
                prefix="decisions",
                initial=[_decision_initial(d) for d in proposal.decisions],
            )
            actions = ActionFormSet(
                paragraph=paragraph,
                prefix="actions",
                initial=[_action_initial(a, proposal.decisions) for a in proposal.actions],
            )
            return paragraph, form, decisions, actions
        form = MarkForm(paragraph=paragraph)
        decisions = DecisionFormSet(request.POST, paragraph=paragraph, prefix="decisions")
        actions = ActionFormSet(request.POST, paragraph=paragraph, prefix="actions")
        if not (decisions.is_valid() and actions.is_valid()) or not _link_actions(
            paragraph, decisions, actions
        ):
            return paragraph, form, decisions, actions
        with transaction.atomic():
            decisions_saved = actions_saved = 0
            for kept in (f for f in decisions.forms if f.kept()):
                kept.save()
                decisions_saved += 1
            for kept in (f for f in actions.forms if f.kept()):
                kept.save()
                actions_saved += 1
            _in_text_order(paragraph)
        said = []
        if decisions_saved:
            said.append(
                ngettext("%(count)s decision", "%(count)s decisions", decisions_saved)
                % {"count": decisions_saved}
            )
        if actions_saved:
            said.append(
                ngettext("%(count)s follow-up action", "%(count)s follow-up actions", actions_saved)
                % {"count": actions_saved}
            )
        if said:
            message = gettext("Recorded %(what)s in ¶%(number)s.") % {
                "what": get_text_list(said, gettext("and")),
                "number": paragraph.number,
            }
        else:
            message = gettext("Recorded nothing in ¶%(number)s.") % {"number": paragraph.number}
        self.message_user(request, message, messages.SUCCESS if said else messages.WARNING)
        return None


def _row(paragraph, marked):
    """A paragraph of the page: its mark form, and its proposal's forms if it has one."""
    if marked and marked[0] is paragraph:
        return paragraph, marked[1], marked[2:] if marked[2] is not None else None
    return paragraph, MarkForm(paragraph=paragraph), None


def _in_text_order(paragraph) -> None:
    """Number the paragraph's decisions in the order their clauses stand in its text, however
    they were marked (the record is being written: its numbers are not yet published)."""
    decisions = list(Resolution.objects.filter(paragraph=paragraph))

    def position(decision):
        found = wording.span(decision.text, paragraph.text)
        return (found[0] if found else len(paragraph.text), decision.order, decision.pk)

    for order, decision in enumerate(sorted(decisions, key=position), start=1):
        if decision.order != order:
            decision.order = order
            decision.save(update_fields=["order"])


def _link_actions(paragraph, decisions, actions) -> bool:
    """Point each kept action at the decision it follows from; False (with the error on the
    action) when that decision is not kept."""
    ok = True
    for form in (f for f in actions.forms if f.kept()):
        reference = form.cleaned_data.get("decision", "")
        if not reference:
            continue
        if reference.startswith("new-"):
            index = _int(reference[4:])
            if index is None or index >= len(decisions.forms) or not decisions.forms[index].kept():
                form.add_error(
                    None,
                    gettext(
                        "It follows from a decision you did not keep: keep that decision, or "
                        "untick this action."
                    ),
                )
                ok = False
                continue
            form.instance.resolution = decisions.forms[index].instance
        else:
            form.instance.resolution = paragraph.resolutions.filter(pk=_int(reference)).first()
    return ok


def _int(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None
