"""Progress on a follow-up action as reported at a later meeting of the series."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from records import display
from records.models.follow_ups import FollowUpAction, FollowUpActionStatus
from records.models.meeting_queries import meeting_date_order
from records.models.meetings import Meeting, Paragraph
from records.models.publication import published_q
from records.models.searchable import RecordQuerySet
from records.models.versioning import RecordPart


class ProgressUpdateQuerySet(RecordQuerySet):
    def published(self, *, include_restricted=False):
        """Updates whose action and reporting meeting are both public."""
        return self.filter(
            published_q("meeting", include_restricted=include_restricted),
            published_q("action__meeting", include_restricted=include_restricted),
        )

    def in_meeting_order(self):
        """Oldest reporting meeting first (meetings known only by their year first in it)."""
        return self.order_by(*meeting_date_order("meeting", descending=False))


class ProgressUpdate(RecordPart):
    """Progress on an action as reported at a later meeting (“reported at the Third HLM: …”)."""

    # Part of its action's record (entered on its form); the reporting meeting's shows it too.
    record_paths = ("action__meeting", "meeting")

    action = models.ForeignKey(
        FollowUpAction,
        on_delete=models.CASCADE,
        related_name="progress_updates",
        verbose_name=_("action"),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="progress_updates",
        help_text=_("The meeting at which progress was reported."),
        verbose_name=_("meeting"),
    )
    paragraph = models.ForeignKey(
        Paragraph,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_updates",
        help_text=_("The paragraph of that meeting's record that reports it."),
        verbose_name=_("paragraph"),
    )
    text = models.TextField(help_text=_("What was reported."), verbose_name=_("text"))
    status = models.CharField(
        max_length=15,
        choices=FollowUpActionStatus.choices,
        blank=True,
        help_text=_("The action's status as reported, if the record says."),
        verbose_name=_("status"),
    )

    objects = ProgressUpdateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["action_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "meeting"],
                name="progressupdate_once_per_meeting",
                violation_error_message=(
                    "Progress on this action is already recorded for this meeting."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="") | Q(status__in=FollowUpActionStatus.values),
                name="progressupdate_status_valid",
            ),
        ]

    def __str__(self):
        return f"Reported at {self.meeting}: {display.excerpt(self.text, 60)}"

    def clean(self):
        if self.paragraph_id and self.meeting_id and self.paragraph.meeting_id != self.meeting_id:
            raise ValidationError(
                {"paragraph": "Choose a paragraph of the meeting that reported it."}
            )
        if self.action_id and self.meeting_id and self.action.meeting_id == self.meeting_id:
            raise ValidationError(
                {
                    "meeting": "Progress is reported at a later meeting than the one that "
                    "committed it."
                }
            )
