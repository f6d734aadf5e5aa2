"""A record's language versions: the same record in another language, in its own words.

A meeting's own title and paragraphs are one version of its record, in ``Meeting.language``.
Each ``LanguageVersion`` is another: its own title and numbered paragraphs, its language,
whether it is authoritative, and whether it is the original (none is: the meeting's own text
is). Decisions and follow-up actions stay one set per record, on the meeting's paragraphs; a
version's paragraphs carry the same numbers, so ¶4 of every version is the same paragraph.

A version reaches the public only once it is itself published and its record is; there is no
fallback from one language to another.

A record has at most one version in each language that stands (is not withdrawn): a
withdrawn version is kept, frozen, in the record's history and audit trail, and a new version
in its language may then replace it (``LanguageVersionQuerySet.standing``).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from records.language_tags import language_name, normalise_language, validate_language
from records.models.meetings import Meeting
from records.models.publication import MeetingStatus, published_q
from records.models.searchable import (
    RecordQuerySet,
    Searchable,
    SearchableManager,
    SearchTextField,
    search_vector_field,
)
from records.models.versioning import VersionedRecord
from records.text import NoSearchMarks

# The versions that stand: every one not withdrawn. The constraints hold among them only.
STANDING = ~Q(status=MeetingStatus.WITHDRAWN)


class LanguageVersionQuerySet(RecordQuerySet):
    def standing(self):
        """The versions not withdrawn: at most one in each language."""
        return self.filter(STANDING)

    def in_language(self, language: str):
        """The version in ``language`` that stands, else the one withdrawn last, or None."""
        return (
            self.filter(language=language)
            .order_by(Case(When(STANDING, then=Value(0)), default=Value(1)), "-created_at", "-pk")
            .first()
        )

    def published(self, *, include_restricted=False):
        """The versions the public sees: published, of a published record."""
        return self.filter(
            published_q("meeting", include_restricted=include_restricted),
            status=MeetingStatus.PUBLISHED,
        )


class LanguageVersion(VersionedRecord):
    """A record in another language than the meeting's own text: its title and paragraphs."""

    Status = MeetingStatus

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="language_versions",
        verbose_name=_("meeting"),
    )
    language = models.CharField(
        max_length=35,
        validators=[validate_language],
        help_text=_("Its BCP 47 language code, e.g. ja, th, vi, zh-Hant."),
        verbose_name=_("language"),
    )
    title = models.CharField(
        max_length=300, help_text=_("The record's title in this language."), verbose_name=_("title")
    )
    authoritative = models.BooleanField(
        default=True,
        help_text=_("The text is authoritative in its own words (not a courtesy translation)."),
        verbose_name=_("authoritative"),
    )
    original = models.BooleanField(
        default=False,
        help_text=_(
            "This version is the original; left unticked on every version, the "
            "record's own text is."
        ),
        verbose_name=_("original"),
    )
    status = models.CharField(
        max_length=10,
        choices=MeetingStatus.choices,
        default=MeetingStatus.DRAFT,
        verbose_name=_("status"),
    )
    published_at = models.DateTimeField(null=True, blank=True, verbose_name=_("published at"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = LanguageVersionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        ordering = ["meeting_id", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "language"],
                condition=STANDING,
                name="languageversion_unique_language",
                violation_error_message="This record already has a version in this language: "
                "withdraw it (or delete it, a draft) before adding another.",
            ),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(original=True) & STANDING,
                name="languageversion_one_original",
                violation_error_message="Another version of this record is its original.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=MeetingStatus.values),
                name="languageversion_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="languageversion_published_has_date",
                violation_error_message="A published version needs its publication date.",
            ),
        ]

    def __str__(self):
        return f"{language_name(self.language)} version of {self.meeting}"

    def get_absolute_url(self):
        return reverse(
            "records:language_version",
            kwargs={"slug": self.meeting.slug, "language": self.language},
        )

    def validate_constraints(self, exclude=None):
        """The constraints hold among the versions that stand, judged by the version's stored
        record, language and state even where a form leaves them out (its admin page shows
        them read-only): left out, Django would skip the conditional ones, and the database
        would refuse the save instead of the form."""
        kept = {"meeting", "language", "status"}
        super().validate_constraints(exclude=set(exclude or ()) - kept or None)

    def clean(self):
        if self.language:
            self.language = normalise_language(self.language)
        if self.meeting_id and self.language == self.meeting.language:
            raise ValidationError(
                {
                    "language": f"The record's own text is in {language_name(self.language)}: "
                    "a version adds another language."
                }
            )

    @property
    def record(self) -> Meeting:
        return self.meeting

    @property
    def name(self) -> str:
        return language_name(self.language)

    @property
    def local_name(self) -> str:
        return language_name(self.language, local=True)

    def paragraph_numbers_problem(self, numbers=None) -> str:
        """Why this version's paragraphs (or ``numbers``) don't match the record's, or "".

        Every version numbers the same paragraphs as the record, so that decisions, which
        point at the record's paragraphs, point at the same words in every version."""
        if numbers is None:
            numbers = self.paragraphs.values_list("number", flat=True)
        theirs = sorted(numbers)
        ours = sorted(self.meeting.paragraphs.values_list("number", flat=True))
        if theirs == ours:
            return ""
        return ngettext(
            "The %(language)s version has %(count)s paragraph (%(numbers)s); the record has "
            "%(record_count)s (%(record_numbers)s). Every version numbers the same paragraphs.",
            "The %(language)s version has %(count)s paragraphs (%(numbers)s); the record has "
            "%(record_count)s (%(record_numbers)s). Every version numbers the same paragraphs.",
            len(theirs),
        ) % {
            "language": self.name,
            "count": len(theirs),
            "numbers": _numbers(theirs),
            "record_count": len(ours),
            "record_numbers": _numbers(ours),
        }


def _numbers(numbers: list[int]) -> str:
    if not numbers:
        return gettext("none")
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"¶{numbers[0]}–{numbers[-1]}" if len(numbers) > 1 else f"¶{numbers[0]}"
    return ", ".join(f"¶{number}" for number in numbers)


class VersionParagraph(NoSearchMarks, Searchable, models.Model):
    """A numbered paragraph of a language version, word for word as adopted in it."""

    language_version = models.ForeignKey(
        LanguageVersion,
        on_delete=models.CASCADE,
        related_name="paragraphs",
        verbose_name=_("language version"),
    )
    number = models.PositiveSmallIntegerField(verbose_name=_("number"))
    text = models.TextField(
        help_text=_("The text in this language, exactly as it stands."), verbose_name=_("text")
    )
    search_vector = search_vector_field(verbose_name=_("search vector"))
    search_text = SearchTextField(sources=["text"], verbose_name=_("search text"))

    objects = SearchableManager()
    history = HistoricalRecords(excluded_fields=["search_vector", "search_text"])

    class Meta:
        base_manager_name = "objects"
        ordering = ["language_version_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["language_version", "number"],
                name="versionparagraph_unique_number",
                violation_error_message="This version already has a paragraph with this number.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="versionparagraph_number_positive"
            ),
        ]

    def __str__(self):
        return f"¶{self.number} ({self.language_version.language})"

    @property
    def record(self) -> Meeting:
        return self.language_version.meeting

    @property
    def anchor(self):
        return f"p{self.number}"
