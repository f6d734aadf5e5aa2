"""The import wizard's forms: the file or text to import, and the officer's corrections to
what was recognised before anything is saved."""

from django import forms
from django.core import signing
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from records.dates import IsoDateField
from records.importing import (
    ImportProblem,
    ParsedRecord,
    lookup,
    parse_record,
    text_from_file,
)
from records.importing.parsed import (
    ParsedAction,
    ParsedAgendaItem,
    ParsedParticipant,
    ParsedResolution,
)
from records.importing.text import MAX_FILE_BYTES, size_message
from records.models import (
    ActionPrecision,
    FollowUpAction,
    Meeting,
    MeetingFormat,
    MeetingSeries,
    ParticipantRole,
    ResolutionVerb,
)

PAYLOAD_SALT = "records.import.preview"
PAYLOAD_MAX_AGE = 24 * 60 * 60


class PastedOrUploadedForm(forms.Form):
    """A text pasted or in a .txt, .docx or .pdf file, one of the two: the import wizard's
    first step and the page adding a language version take it alike. A subclass names its
    text (``text_label``, ``neither_given``) and reads what was given (``read``) into
    ``cleaned_data[read_into]``; what it cannot read is the form's error."""

    text_label = _("Paste the text")
    text_help = ""
    neither_given = _("Paste the text or upload its file.")
    read_into = "read"

    text = forms.CharField(
        required=False, strip=False, widget=forms.Textarea(attrs={"rows": 16, "cols": 100})
    )
    file = forms.FileField(
        required=False,
        label=_("or upload it"),
        help_text=format_lazy(
            _("A .txt, .docx or .pdf file of up to {megabytes} MB."),
            megabytes=MAX_FILE_BYTES // 1024 // 1024,
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = self.text_label
        self.fields["text"].help_text = self.text_help

    def read(self, text: str, upload):
        """What the pasted ``text`` or the ``upload`` says; raises ``ImportProblem``."""
        raise NotImplementedError

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
            raise forms.ValidationError(gettext("Paste the text or upload a file, not both."))
        if not text.strip() and not upload:
            raise forms.ValidationError(self.neither_given)
        try:
            cleaned[self.read_into] = self.read(text, upload)
        except ImportProblem as problem:
            raise forms.ValidationError(problem.message) from problem
        return cleaned


class RecordImportForm(PastedOrUploadedForm):
    """Step 1: the record's text, pasted or in a file."""

    text_label = _("Paste the text of the record")
    neither_given = _("Paste the text of the record or upload its file.")
    read_into = "parsed"

    def read(self, text: str, upload) -> ParsedRecord:
        if upload:
            text = text_from_file(upload.name, upload.read())
        return parse_record(text)


def sign_parsed(parsed: ParsedRecord) -> str:
    """The recognised record for the preview's hidden field: signed, so it comes back as sent."""
    return signing.dumps(parsed.to_dict(), salt=PAYLOAD_SALT, compress=True)


def unsign_parsed(payload: str) -> ParsedRecord:
    """Raises ``signing.BadSignature`` (or ``SignatureExpired``) for a payload not ours."""
    return ParsedRecord.from_dict(
        signing.loads(payload, salt=PAYLOAD_SALT, max_age=PAYLOAD_MAX_AGE)
    )


class ImportMeetingForm(forms.Form):
    """Step 2: the meeting as recognised, for the officer to correct."""

    series = forms.ModelChoiceField(
        MeetingSeries.objects.all(),
        required=False,
        label=_("Series"),
        empty_label=_("— a new series, named below —"),
        help_text=_("The series the record belongs to, when it is already in the system."),
    )
    series_name = forms.CharField(
        max_length=255,
        required=False,
        label=_("New series name"),
        widget=forms.TextInput(attrs={"size": 80}),
    )
    series_short_name = forms.CharField(
        max_length=60, required=False, label=_("New series short name")
    )
    sequence_number = forms.IntegerField(min_value=1, max_value=32767, label=_("Meeting number"))
    title = forms.CharField(
        max_length=300, label=_("Title"), widget=forms.TextInput(attrs={"size": 100})
    )
    start_date = IsoDateField(required=False, label=_("Start date"))
    end_date = IsoDateField(required=False, label=_("End date"))
    year = forms.IntegerField(required=False, min_value=1900, max_value=2999, label=_("Year"))
    venue = forms.CharField(
        max_length=255, required=False, label=_("Venue"), widget=forms.TextInput(attrs={"size": 60})
    )
    country = forms.ChoiceField(required=False, label=_("Country"))
    format = forms.ChoiceField(choices=MeetingFormat.choices, label=_("Format"))

    def __init__(self, *args, countries: lookup.Countries, country_choices, **kwargs):
        super().__init__(*args, **kwargs)
        # The countries were read once for the whole preview: no query for this list.
        self.fields["country"].choices = country_choices
        self.countries = countries

    @classmethod
    def initial_from(cls, parsed: ParsedRecord, countries: lookup.Countries) -> dict:
        series = lookup.find_series(parsed.series_name)
        return {
            "series": series,
            "series_name": "" if series else parsed.series_name,
            "series_short_name": "" if series else parsed.series_short_name,
            "sequence_number": parsed.sequence_number,
            "title": parsed.title,
            "start_date": parsed.start_date,
            "end_date": parsed.end_date,
            "year": parsed.year,
            "venue": parsed.venue,
            "country": countries.value(parsed.country),
            "format": parsed.format,
        }

    def clean(self):
        cleaned = super().clean()
        series = cleaned.get("series")
        if series is None:
            name = cleaned.get("series_name", "").strip()
            if not name:
                self.add_error("series_name", gettext("Choose a series above or name the new one."))
            elif lookup.find_series(name):
                self.add_error(
                    "series_name",
                    gettext("“%(series)s” already exists: choose it in the list above.")
                    % {"series": lookup.find_series(name)},
                )
        number = cleaned.get("sequence_number")
        if series is not None and number:
            existing = Meeting.objects.filter(series=series, sequence_number=number).first()
            if existing:
                self.add_error(
                    "sequence_number",
                    gettext("This series already has meeting %(number)s: %(meeting)s.")
                    % {"number": number, "meeting": existing},
                )
        if not cleaned.get("start_date") and not cleaned.get("year"):
            self.add_error(
                "year", gettext("Enter the dates, or at least the year, of the meeting.")
            )
        return cleaned


class ImportParticipantForm(forms.Form):
    role = forms.ChoiceField(choices=ParticipantRole.choices)
    honorific = forms.CharField(max_length=30, required=False)
    name = forms.CharField(max_length=200)
    position = forms.CharField(max_length=300, required=False)
    organisation = forms.CharField(max_length=255, required=False)
    organisation_short_name = forms.CharField(max_length=50, required=False, label=_("Short name"))
    government = forms.ChoiceField(required=False)
    as_written = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, country_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        # One list for every row, read once: not a query per participant.
        self.fields["government"].choices = country_choices


class ImportAgendaItemForm(forms.Form):
    number = forms.IntegerField(min_value=1, max_value=32767)
    title = forms.CharField(max_length=300)


class ImportParagraphForm(forms.Form):
    """A paragraph is kept word for word; the officer may only leave it out."""

    number = forms.IntegerField(widget=forms.HiddenInput)


class _ParagraphChildForm(forms.Form):
    paragraph = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, paragraph_texts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.paragraph_texts = paragraph_texts or {}

    def clean_paragraph(self):
        number = self.cleaned_data["paragraph"]
        if number not in self.paragraph_texts:
            raise forms.ValidationError(gettext("This paragraph is not in the record."))
        return number


class ImportResolutionForm(_ParagraphChildForm):
    order = forms.IntegerField(widget=forms.HiddenInput)
    verb = forms.ChoiceField(choices=ResolutionVerb.choices)
    parties = forms.CharField(max_length=300)
    verb_word = forms.CharField(
        max_length=60,
        required=False,
        label=_("Verb as written"),
        help_text=_("For a verb “other”: the verb as the paragraph writes it."),
    )
    text = forms.CharField(label=_("Clause"), widget=forms.Textarea(attrs={"rows": 2, "cols": 80}))
    co_parties = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        text, number = cleaned.get("text"), cleaned.get("paragraph")
        paragraph = self.paragraph_texts.get(number, "")
        if text and paragraph and " ".join(text.split()) not in " ".join(paragraph.split()):
            self.add_error(
                "text",
                gettext("This clause is not in the text of ¶%(number)s: copy it exactly.")
                % {"number": number},
            )
        verb, word = cleaned.get("verb"), cleaned.get("verb_word", "").strip()
        if verb == ResolutionVerb.OTHER and not word:
            self.add_error("verb_word", gettext("Give the verb as the paragraph writes it."))
        elif verb and verb != ResolutionVerb.OTHER:
            cleaned["verb_word"] = ""  # only a verb "other" keeps its word
        return cleaned


class ImportActionForm(_ParagraphChildForm):
    resolution = forms.IntegerField(widget=forms.HiddenInput, required=False)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2, "cols": 80}))
    owners = forms.CharField(max_length=300, required=False)
    due_text = forms.CharField(max_length=200, required=False, label=_("Deadline as written"))
    due_date = IsoDateField(required=False)
    due_precision = forms.ChoiceField(choices=ActionPrecision.choices)

    def clean(self):
        cleaned = super().clean()
        precision, due_date = cleaned.get("due_precision"), cleaned.get("due_date")
        if "due_date" in self.errors:
            return cleaned  # refused as typed: that error says what is wrong
        if precision in FollowUpAction.DATED and due_date is None:
            self.add_error("due_date", gettext("Enter the due date for a dated deadline."))
        if precision and precision not in FollowUpAction.DATED and due_date is not None:
            self.add_error(
                "due_date", gettext("“At the next meeting” and “No deadline” take no date.")
            )
        return cleaned


ParticipantFormSet = forms.formset_factory(ImportParticipantForm, extra=0, can_delete=True)
AgendaItemFormSet = forms.formset_factory(ImportAgendaItemForm, extra=0, can_delete=True)
ParagraphFormSet = forms.formset_factory(ImportParagraphForm, extra=0, can_delete=True)
ResolutionFormSet = forms.formset_factory(ImportResolutionForm, extra=0, can_delete=True)
ActionFormSet = forms.formset_factory(ImportActionForm, extra=0, can_delete=True)


class ImportCorrections:
    """Step 2's forms together: the meeting, and formsets of everything recognised in it.

    Built from the signed parsed record; ``corrected()`` applies what the officer changed
    or dropped and returns the record to import.
    """

    def __init__(self, parsed: ParsedRecord, data=None):
        self.parsed = parsed
        texts = {p.number: p.text for p in parsed.paragraphs}
        self.countries = lookup.Countries()
        named = [parsed.country, *(p.government for p in parsed.participants)]
        country_choices = self.countries.choices(named)
        self.meeting = ImportMeetingForm(
            data,
            prefix="meeting",
            initial=ImportMeetingForm.initial_from(parsed, self.countries),
            countries=self.countries,
            country_choices=country_choices,
        )
        self.participants = ParticipantFormSet(
            data,
            prefix="participants",
            initial=self._participants(),
            form_kwargs={"country_choices": country_choices},
        )
        self.agenda_items = AgendaItemFormSet(
            data,
            prefix="agenda",
            initial=[{"number": a.number, "title": a.title} for a in parsed.agenda_items],
        )
        self.paragraphs = ParagraphFormSet(
            data, prefix="paragraphs", initial=[{"number": p.number} for p in parsed.paragraphs]
        )
        self.resolutions = ResolutionFormSet(
            data,
            prefix="resolutions",
            initial=[
                {"paragraph": p.number, "order": order, **vars(r)}
                for p in parsed.paragraphs
                for order, r in enumerate(p.resolutions, start=1)
            ],
            form_kwargs={"paragraph_texts": texts},
        )
        self.actions = ActionFormSet(
            data,
            prefix="actions",
            initial=[
                {"paragraph": p.number, **vars(a)} for p in parsed.paragraphs for a in p.actions
            ],
            form_kwargs={"paragraph_texts": texts},
        )

    def _participants(self) -> list[dict]:
        return [
            {
                **vars(p),
                "government": self.countries.value(p.government),
                "as_written": p.government,
            }
            for p in self.parsed.participants
        ]

    @property
    def formsets(self):
        return [
            self.participants,
            self.agenda_items,
            self.paragraphs,
            self.resolutions,
            self.actions,
        ]

    def is_valid(self) -> bool:
        results = [self.meeting.is_valid(), *(formset.is_valid() for formset in self.formsets)]
        return all(results)

    def rows(self) -> list[dict]:
        """Each paragraph with its form and the forms of its resolutions and actions."""
        return [
            {
                "paragraph": paragraph,
                "form": form,
                "resolutions": [
                    f for f in self.resolutions if f.initial.get("paragraph") == paragraph.number
                ],
                "actions": [
                    f for f in self.actions if f.initial.get("paragraph") == paragraph.number
                ],
            }
            for paragraph, form in zip(self.parsed.paragraphs, self.paragraphs, strict=True)
        ]

    def corrected(self) -> ParsedRecord:
        """The parsed record with the officer's corrections. Call after ``is_valid()``."""
        parsed = ParsedRecord.from_dict(self.parsed.to_dict())
        meeting = self.meeting.cleaned_data
        series = meeting["series"]
        parsed.series_name = series.name if series else meeting["series_name"].strip()
        parsed.series_short_name = "" if series else meeting["series_short_name"].strip()
        for field in ("sequence_number", "title", "start_date", "end_date", "venue", "format"):
            setattr(parsed, field, meeting[field])
        parsed.year = meeting["start_date"].year if meeting["start_date"] else meeting["year"]
        parsed.country = self.countries.name_of(meeting["country"])
        parsed.participants = [
            ParsedParticipant(
                role=d["role"],
                honorific=d["honorific"],
                name=d["name"],
                position=d["position"],
                organisation=d["organisation"],
                organisation_short_name=d["organisation_short_name"],
                government=self.countries.name_of(d["government"]),
            )
            for d in _kept(self.participants)
        ]
        parsed.agenda_items = [
            ParsedAgendaItem(d["number"], d["title"]) for d in _kept(self.agenda_items)
        ]
        agenda_numbers = {item.number for item in parsed.agenda_items}
        kept = {d["number"] for d in _kept(self.paragraphs)}
        paragraphs = [p for p in parsed.paragraphs if p.number in kept]
        resolutions = _kept(self.resolutions)
        actions = _kept(self.actions)
        for paragraph in paragraphs:
            orders = {}
            paragraph.resolutions = []
            for d in resolutions:
                if d["paragraph"] == paragraph.number:
                    paragraph.resolutions.append(
                        ParsedResolution(
                            d["verb"],
                            d["parties"],
                            d["text"],
                            d.get("co_parties", ""),
                            d["verb_word"].strip(),
                        )
                    )
                    orders[d["order"]] = len(paragraph.resolutions)
            paragraph.actions = [
                ParsedAction(
                    description=d["description"],
                    owners=d["owners"],
                    due_text=d["due_text"],
                    due_date=d["due_date"],
                    due_precision=d["due_precision"],
                    resolution=orders.get(d["resolution"]),
                )
                for d in actions
                if d["paragraph"] == paragraph.number
            ]
            if paragraph.agenda_item not in agenda_numbers:
                paragraph.agenda_item = None
        if not parsed.numbered:
            for number, paragraph in enumerate(paragraphs, start=1):
                paragraph.number = number
        parsed.paragraphs = paragraphs
        return parsed


def _kept(formset) -> list[dict]:
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
