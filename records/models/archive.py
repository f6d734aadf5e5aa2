"""The record as an archive: each publication and correction frozen as a published version."""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from records import display
from records.models.meetings import Meeting


class PublishedVersion(models.Model):
    """A record as the public saw it after a publication or a correction, frozen.

    ``content`` is the canonical serialisation of what was published (``records/versions.py``,
    defined in ``docs/archive.md``) and ``sha256`` its hash; ``previous_sha256`` is the hash of
    the version before it, so a record's versions form a chain. The database refuses to
    change or delete a row (a trigger made by migration 0009), not only this code.
    """

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="published_versions"
    )
    number = models.PositiveIntegerField()
    made_at = models.DateTimeField()
    note = models.TextField(
        blank=True, help_text="The correction note; empty for the first publication."
    )
    content = models.TextField(help_text="The canonical serialisation of what was published.")
    sha256 = models.CharField(max_length=64)
    previous_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["meeting_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="publishedversion_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="publishedversion_number_positive"
            ),
        ]

    def __str__(self):
        return f"Version {self.number} of {self.meeting}, {display.long_date(self.made_at)}"

    def get_absolute_url(self):
        return reverse(
            "records:version_detail", kwargs={"slug": self.meeting.slug, "number": self.number}
        )

    @property
    def is_correction(self):
        """Made by a correction (with its note), not by the first publication."""
        return bool(self.note)
