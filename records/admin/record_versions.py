"""A record's language versions on the record's own admin page, an adapter over
``records.languages`` (the writes):

- *Language versions* lists them, and *Add a language version* (``LanguageVersionsOfRecordAdmin``)
  takes a pasted text or an uploaded file, shows its paragraphs beside the record's with
  whatever would refuse it, and saves it as a draft. Nothing typed is lost: the text (as read
  from a file too) stays in the form.
- The record's paragraphs and language are checked against its versions: a correction may not
  renumber the paragraphs its published versions number, nor take a version's language.

A version's own page is ``records/admin/languages.py``.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from records import languages
from records.admin.workflow import (
    RecordContentsFormSet,
)
from records.importing.forms import PastedOrUploadedForm
from records.importing.language_versions import VersionText, read_version, read_version_file
from records.language_tags import language_name, normalise_language, validate_language
from records.models import Meeting

Status = Meeting.Status


# --- Adding a version on the record's page ------------------------------------------------


class LanguageField(forms.CharField):
    """A BCP 47 code, written in its usual case before it is checked: "ZH-hant" → "zh-Hant"."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_language(value) if value else value


class AddVersionForm(PastedOrUploadedForm):
    """A version's language, title and flags, and its text pasted or in a file."""

    text_label = _("Paste the text of the version")
    text_help = _(
        "Its title, then its paragraphs numbered as the record's (“1.”, “1)”, “１．”), or "
        "separated by blank lines."
    )
    neither_given = _("Paste the text of the version or upload its file.")
    read_into = "read"
    field_order = ["language", "title", "authoritative", "original", "text", "file"]

    language = LanguageField(
        max_length=35,
        label=_("Language"),
        help_text=_("Its BCP 47 code, e.g. ja, th, vi, zh-Hant."),
    )
    title = forms.CharField(
        max_length=300,
        required=False,
        label=_("Title"),
        help_text=_("The record's title in this language. Left empty, the text before ¶1."),
    )
    authoritative = forms.BooleanField(
        required=False,
        initial=True,
        label=_("Authoritative"),
        help_text=_(
            "The text is authoritative in its own words (untick for a courtesy translation)."
        ),
    )
    original = forms.BooleanField(
        required=False,
        label=_("Original"),
        help_text=_("This version is the original of the record."),
    )

    def read(self, text: str, upload) -> VersionText:
        return read_version_file(upload.name, upload.read()) if upload else read_version(text)


def _authority(authoritative: bool) -> str:
    return gettext("authoritative") if authoritative else gettext("not authoritative")


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

    @admin.display(description=_("Language versions"))
    def language_versions(self, meeting):
        """Each version: its language, state, flags and paragraph count, linked to its page."""
        if meeting.pk is None:
            return gettext("None: add them once the record is saved.")
        rows = meeting.language_versions.annotate(paragraph_count=Count("paragraphs"))
        listed = format_html_join(
            "",
            "<li><a href='{}'>{} ({})</a>: {}, {}{}, {}</li>",
            (
                (
                    reverse("admin:records_languageversion_change", args=[row.pk]),
                    row.name,
                    row.language,
                    row.get_status_display().lower(),
                    _authority(row.authoritative),
                    gettext(", the original") if row.original else "",
                    ngettext(
                        "%(count)s paragraph(s)", "%(count)s paragraph(s)", row.paragraph_count
                    )
                    % {"count": row.paragraph_count},
                )
                for row in rows
            ),
        )
        own = format_html(
            gettext("The record's own text: {language} ({code}), {authority}{original}."),
            language=language_name(meeting.language),
            code=meeting.language,
            authority=_authority(meeting.authoritative),
            original="" if rows.filter(original=True).exists() else gettext(", the original"),
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
            raise Http404(gettext("No such record."))
        if not self.may_add_version(request, meeting):
            raise PermissionDenied
        form = AddVersionForm(request.POST or None, request.FILES or None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": meeting,
            "title": gettext("Add a language version of “%(record)s”") % {"record": meeting},
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
                    gettext(
                        "The %(language)s version was added as a draft: check it, then submit it "
                        "for review."
                    )
                    % {"language": version.name},
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
        label=capfirst(Meeting._meta.get_field("language").verbose_name),
        help_text=Meeting._meta.get_field("language").help_text,
    )

    def clean_language(self):
        language = self.cleaned_data["language"]
        if self.instance.pk and self.instance.language_versions.filter(language=language).exists():
            raise ValidationError(
                gettext(
                    "This record has a %(language)s version: its own text is in another language."
                )
                % {"language": language_name(language)}
            )
        return language
