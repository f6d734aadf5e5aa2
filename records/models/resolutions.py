"""What a meeting decided: resolutions, each carried by an operative verb in a paragraph."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from records import display, wording
from records.models.meeting_queries import meeting_date_order
from records.models.meetings import Paragraph
from records.models.publication import published_q
from records.models.reference import Country, Organisation
from records.models.searchable import (
    RecordQuerySet,
    Searchable,
    SearchableManager,
    SearchTextField,
    search_vector_field,
)
from records.models.versioning import RecordPart, VersionedRecord


class ResolutionVerb(models.TextChoices):
    RESOLVED = "resolved", "resolved"
    AGREED = "agreed", "agreed"
    DECIDED = "decided", "decided"
    ADOPTED = "adopted", "adopted"
    WELCOMED = "welcomed", "welcomed"
    RECOGNISED = "recognised", "recognised"
    AFFIRMED = "affirmed", "affirmed"
    REAFFIRMED = "reaffirmed", "reaffirmed"
    CONFIRMED = "confirmed", "confirmed"
    NOTED = "noted", "noted"
    ENDORSED = "endorsed", "endorsed"
    REQUESTED = "requested", "requested"
    TASKED = "tasked", "tasked"
    ENCOURAGED = "encouraged", "encouraged"
    UNDERTOOK = "undertook", "undertook"
    EXPRESSED_APPRECIATION = "expressed appreciation", "expressed appreciation"
    OTHER = "other", "other (its word kept)"


# The plain form of each verb, from which the forms a record may write are made.
_PLAIN_FORMS = {
    "resolved": "resolve",
    "agreed": "agree",
    "decided": "decide",
    "adopted": "adopt",
    "welcomed": "welcome",
    "recognised": "recognise",
    "affirmed": "affirm",
    "reaffirmed": "reaffirm",
    "confirmed": "confirm",
    "noted": "note",
    "endorsed": "endorse",
    "requested": "request",
    "tasked": "task",
    "encouraged": "encourage",
    "undertook": "undertake",
}


# The words a record puts between "expressed" and "appreciation".
_APPRECIATION_WORDS = (
    r"(?:its|their|his|her|our|sincere|deep|deepest|profound|great|greatest|warm|warmest|high"
    r"|highest|heartfelt|full|special|utmost|and)"
)


def verb_forms(verb: str) -> list[str]:
    """The words that carry ``verb`` in a record: "agreed", "agree", "agrees", "agreeing";
    "recognised" also as "recognized"."""
    plain = _PLAIN_FORMS.get(verb)
    if plain is None:
        return [verb]
    stem = plain[:-1] if plain.endswith("e") and not plain.endswith("ee") else plain
    forms = [verb, plain, f"{plain}s", f"{stem}ing"]
    if verb == "undertook":
        forms.append("undertaken")
    if "recognis" in verb:
        forms += [form.replace("recognis", "recogniz") for form in forms]
    return forms


def verb_pattern(verb: str, verb_word: str = "") -> str:
    """A regular expression for the words that carry the verb in its paragraph."""
    if verb == ResolutionVerb.OTHER:
        return r"\s+".join(re.escape(word) for word in wording.normalised(verb_word).split(" "))
    if verb == ResolutionVerb.EXPRESSED_APPRECIATION:
        # "expressed appreciation", "expressed their sincere appreciation", "express …"
        return rf"express(?:ed|es|ing)?\s+(?:{_APPRECIATION_WORDS}\s+){{0,3}}appreciation"
    return "|".join(re.escape(form) for form in verb_forms(verb))


def party_lists(path: str = "") -> list[Prefetch]:
    """The countries and organisations named as parties of the resolutions at ``path`` (a
    lookup to them, or "" for the rows themselves), by name, as the lists
    ``listed_party_countries`` and ``listed_party_organisations``.

    Lists (``to_attr``), not the relations' managers: handing a prefetched manager its rows
    makes a new queryset for every resolution, which costs more than reading the rows.
    """
    prefix = f"{path}__" if path else ""
    return [
        Prefetch(
            f"{prefix}party_countries",
            queryset=Country.objects.order_by("name"),
            to_attr="listed_party_countries",
        ),
        Prefetch(
            f"{prefix}party_organisations",
            queryset=Organisation.objects.order_by("name"),
            to_attr="listed_party_organisations",
        ),
    ]


class ResolutionQuerySet(RecordQuerySet):
    def published(self, *, include_restricted=False):
        return self.filter(published_q("paragraph__meeting", include_restricted=include_restricted))

    def for_listing(self):
        """What a list row shows, in a fixed number of queries: its parties as
        ``listed_party_countries`` and ``listed_party_organisations`` (``party_lists()``)."""
        return self.select_related(
            "paragraph__meeting__series", "paragraph__agenda_item"
        ).prefetch_related(*party_lists())

    def by_meeting_date(self, *, descending=True):
        """Meetings newest (or oldest) first; within a meeting, in the order of the record."""
        return self.order_by(
            *meeting_date_order("paragraph__meeting", descending=descending),
            "paragraph__number",
            "order",
            "pk",
        )

    def by_verb(self, *, descending=False):
        """By operative verb, then newest meeting first."""
        return self.order_by(
            F("verb").desc() if descending else F("verb").asc(),
            *meeting_date_order("paragraph__meeting", descending=True),
            "paragraph__number",
            "order",
            "pk",
        )

    def counts_by_meeting_and_verb(self):
        """``{meeting_id: {verb: count}}`` for the resolutions in this queryset."""
        counts: dict[int, dict[str, int]] = {}
        rows = (
            self.order_by()
            .values_list("paragraph__meeting_id", "verb")
            .annotate(count=models.Count("pk"))
        )
        for meeting_id, verb, count in rows:
            counts.setdefault(meeting_id, {})[verb] = count
        return counts


class Resolution(Searchable, VersionedRecord, RecordPart):
    """A decision carried by an operative verb in a paragraph: “ASEAN and Japan resolved to …”."""

    Verb = ResolutionVerb
    record_paths = ("paragraph__meeting",)

    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.CASCADE, related_name="resolutions", verbose_name=_("paragraph")
    )
    verb = models.CharField(max_length=30, choices=Verb.choices, verbose_name=_("verb"))
    verb_word = models.CharField(
        _("verb as written"),
        max_length=60,
        blank=True,
        help_text=_(
            "The verb as the record writes it, when it is none of the listed ones "
            "(verb “other”), e.g. “called upon”."
        ),
    )
    parties = models.CharField(
        max_length=300,
        help_text=_("The subject as the record writes it, e.g. “ASEAN and Japan”."),
        verbose_name=_("parties"),
    )
    party_countries = models.ManyToManyField(
        Country, blank=True, related_name="resolutions", verbose_name=_("party countries")
    )
    party_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="resolutions", verbose_name=_("party organisations")
    )
    text = models.TextField(
        _("clause"),
        help_text=_("The clause that follows the verb, copied exactly from the paragraph."),
    )
    order = models.PositiveSmallIntegerField(
        blank=True,
        help_text=_(
            "Order within the paragraph; left empty, it comes after the paragraph's others."
        ),
        verbose_name=_("order"),
    )
    search_vector = search_vector_field(verbose_name=_("search vector"))
    search_text = SearchTextField(sources=["parties", "text"], verbose_name=_("search text"))

    objects = SearchableManager.from_queryset(ResolutionQuerySet)()
    history = HistoricalRecords(
        excluded_fields=["search_vector", "search_text", "version"],
        m2m_fields=["party_countries", "party_organisations"],
    )

    class Meta:
        base_manager_name = "objects"
        # "Decisions" in every page and the admin; the model, its URL (/resolutions/) and its
        # data keep the name "resolution".
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["paragraph_id", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(verb__in=ResolutionVerb.values),
                name="resolution_verb_valid",
            ),
            models.CheckConstraint(
                condition=(Q(verb=ResolutionVerb.OTHER) & ~Q(verb_word=""))
                | (~Q(verb=ResolutionVerb.OTHER) & Q(verb_word="")),
                name="resolution_verb_word_only_for_other",
            ),
        ]
        indexes = [models.Index(fields=["verb"], name="resolution_verb_idx")]

    def __str__(self):
        return f"{self.parties} {self.verb_as_written} {display.excerpt(self.text, 60)}"

    def save(self, *args, **kwargs):
        if self.order is None:
            self.order = self._next_order()
        super().save(*args, **kwargs)

    @property
    def verb_as_written(self) -> str:
        """The verb as the record writes it: "agreed", or for other its own word."""
        return self.verb_word if self.verb == ResolutionVerb.OTHER else self.verb

    def clean(self):
        """It says only what its paragraph says: its verb, parties and clause are found there
        (``records.wording``), and it is not a second copy of a decision of that paragraph.
        The parties and clause are kept as the paragraph writes them."""
        if not self.paragraph_id:
            return
        paragraph = self.paragraph.text
        where = f"¶{self.paragraph.number}"
        errors = {}
        if self.verb == ResolutionVerb.OTHER and not self.verb_word.strip():
            errors["verb_word"] = "Give the verb as the record writes it, e.g. “called upon”."
        elif self.verb != ResolutionVerb.OTHER and self.verb_word.strip():
            errors["verb_word"] = "Only a verb “other” keeps its own word: leave this empty."
        elif self.verb in ResolutionVerb.values and not wording.contains_phrase(
            paragraph, verb_pattern(self.verb, self.verb_word)
        ):
            written = self.verb_as_written
            nearest = wording.nearest(written, paragraph)
            errors["verb_word" if self.verb == ResolutionVerb.OTHER else "verb"] = (
                f"“{written}” is not in the text of {where}"
                + (f" (its nearest words: “{nearest}”)." if nearest else ".")
                + " Choose the verb the paragraph uses."
            )
        if self.parties.strip():
            found = wording.locate(self.parties, paragraph, ignore_case=True)
            if found is None:
                errors["parties"] = (
                    f"“{self.parties.strip()}” is not in the text of {where} (its nearest "
                    f"words: “{wording.nearest(self.parties, paragraph)}”). Write the parties "
                    "as the paragraph names them."
                )
            else:
                self.parties = found
        if self.text.strip():
            found = wording.locate(self.text, paragraph)
            if found is None:
                shared, theirs, ours = wording.parting(self.text, paragraph)
                errors["text"] = (
                    f"This clause is not in the text of {where}: copy it exactly from the "
                    "paragraph. "
                    + (
                        f"After “…{shared}” the paragraph reads “{theirs}…”, the clause “{ours}…”."
                        if shared
                        else f"Its nearest words: “{wording.nearest(self.text, paragraph)}”."
                    )
                )
            else:
                self.text = found
        if not errors and self._duplicates().exists():
            errors["text"] = f"{where} already has this decision ({self}): it is recorded once."
        if errors:
            raise ValidationError(errors)

    def _duplicates(self):
        return (
            Resolution.objects.filter(paragraph_id=self.paragraph_id, verb=self.verb)
            .filter(text=self.text, verb_word=self.verb_word)
            .exclude(pk=self.pk)
        )

    def _next_order(self) -> int:
        others = Resolution.objects.filter(paragraph_id=self.paragraph_id).exclude(pk=self.pk)
        return (others.aggregate(last=models.Max("order"))["last"] or 0) + 1

    def followers(self):
        """Its actions: they are of its paragraph, and of that paragraph's meeting."""
        actions = list(self.follow_up_actions.exclude(paragraph_id=self.paragraph_id))
        for action in actions:
            action.resolution, action.paragraph = self, self.paragraph
            action.meeting_id = self.paragraph.meeting_id
        return actions
