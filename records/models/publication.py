"""Whether a record is published, and to whom (the one definition every public read uses),
and the corrections made to it openly once published."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from records import display
from records.text import NoSearchMarks


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MeetingVisibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    RESTRICTED = "restricted", _("Restricted to member-state delegates")


def published_q(meeting_path: str = "", *, include_restricted: bool = False) -> Q:
    """The condition for a meeting to be seen, reached through ``meeting_path``.

    The one definition of "published" that every public page, list, export and search uses:
    ``Resolution.objects.filter(published_q("paragraph__meeting"))``. Published and public by
    default; ``include_restricted`` adds the published records restricted to member-state
    delegates, for a reader who may see them (``sees_restricted``).
    """
    prefix = f"{meeting_path}__" if meeting_path else ""
    condition = Q(**{f"{prefix}status": MeetingStatus.PUBLISHED})
    if not include_restricted:
        condition &= Q(**{f"{prefix}visibility": MeetingVisibility.PUBLIC})
    return condition


def sees_restricted(user) -> bool:
    """Whether ``user`` may read restricted published records on the public site."""
    return user.is_authenticated and user.has_perm("records.view_restricted_meeting")


class Correction(NoSearchMarks, models.Model):
    """A public note of a correction made to a record after publication (a corrigendum):
    shown with the record as “Corrected on 3 March 2022: …”."""

    meeting = models.ForeignKey(
        "records.Meeting",
        on_delete=models.CASCADE,
        related_name="corrections",
        verbose_name=_("meeting"),
    )
    corrected_at = models.DateTimeField(default=timezone.now, verbose_name=_("corrected at"))
    note = models.TextField(
        help_text=_("What was corrected, as the public will read it."), verbose_name=_("note")
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="record_corrections",
        verbose_name=_("made by"),
    )

    class Meta:
        ordering = ["corrected_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(note=""), name="correction_note_not_empty"),
        ]

    def __str__(self):
        return (
            f"Corrected on {display.long_date(self.corrected_at)}: {display.excerpt(self.note, 60)}"
        )

    def records_q(self) -> Q:
        """The condition for the meeting whose record shows this note."""
        return Q(pk=self.meeting_id)

    @property
    def corrected_day(self):
        return timezone.localdate(self.corrected_at)

    @property
    def public_text(self):
        return f"Corrected on {display.long_date(self.corrected_at)}: {self.note}"
