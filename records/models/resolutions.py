"""What a meeting decided: resolutions, each carried by an operative verb in a paragraph."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from simple_history.models import HistoricalRecords

from records.models.meetings import (
    Paragraph,
    meeting_date_order,
)
from records.models.publication import published_q
from records.models.reference import Country, Organisation
from records.models.searchable import (
    RecordQuerySet,
    Searchable,
    SearchableManager,
    search_vector_field,
)
from records.models.versioning import RecordPart, VersionedRecord


def _normalise_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


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


class ResolutionQuerySet(RecordQuerySet):
    def published(self, *, include_restricted=False):
        return self.filter(published_q("paragraph__meeting", include_restricted=include_restricted))

    def for_listing(self):
        """What a list or export row shows, in a fixed number of queries."""
        return self.select_related(
            "paragraph__meeting__series", "paragraph__agenda_item"
        ).prefetch_related(
            Prefetch("party_countries", queryset=Country.objects.order_by("name")),
            Prefetch("party_organisations", queryset=Organisation.objects.order_by("name")),
        )

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

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="resolutions")
    verb = models.CharField(max_length=30, choices=Verb.choices)
    verb_word = models.CharField(
        "verb as written",
        max_length=60,
        blank=True,
        help_text="The verb as the record writes it, when it is none of the listed ones "
        "(verb “other”), e.g. “called upon”.",
    )
    parties = models.CharField(
        max_length=300,
        help_text="The subject as the record writes it, e.g. “ASEAN and Japan”.",
    )
    party_countries = models.ManyToManyField(Country, blank=True, related_name="resolutions")
    party_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="resolutions"
    )
    text = models.TextField(
        help_text="The clause that follows the verb, copied exactly from the paragraph."
    )
    order = models.PositiveSmallIntegerField(default=1, help_text="Order within the paragraph.")
    search_vector = search_vector_field()

    objects = SearchableManager.from_queryset(ResolutionQuerySet)()
    history = HistoricalRecords(
        excluded_fields=["search_vector", "version"],
        m2m_fields=["party_countries", "party_organisations"],
    )

    class Meta:
        base_manager_name = "objects"
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
        return f"{self.parties} {self.verb} {self.text[:60]}"

    def clean(self):
        if (
            self.paragraph_id
            and self.text
            and _normalise_space(self.text) not in _normalise_space(self.paragraph.text)
        ):
            raise ValidationError(
                {
                    "text": f"This clause is not in the text of ¶{self.paragraph.number}. "
                    "Copy it exactly from the paragraph."
                }
            )

    def followers(self):
        """Its actions: they are of its paragraph, and of that paragraph's meeting."""
        actions = list(self.follow_up_actions.exclude(paragraph_id=self.paragraph_id))
        for action in actions:
            action.resolution, action.paragraph = self, self.paragraph
            action.meeting_id = self.paragraph.meeting_id
        return actions
