"""The record as an archive: each publication and correction frozen as a published version."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from records import display
from records.models.meetings import Meeting
from records.models.versioning import RecordPart, VersionedRecord
from records.text import NoSearchMarks


class PublishedVersion(NoSearchMarks, models.Model):
    """A record as the public saw it after a publication or a correction, frozen.

    ``content`` is the canonical serialisation of what was published (``records/versions.py``,
    defined in ``docs/archive.md``) and ``sha256`` its hash; ``previous_sha256`` is the hash of
    the version before it, so a record's versions form a chain. The database refuses to
    change or delete a row (a trigger made by migration 0009), not only this code.
    """

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="published_versions",
        verbose_name=_("meeting"),
    )
    number = models.PositiveIntegerField(verbose_name=_("number"))
    made_at = models.DateTimeField(verbose_name=_("made at"))
    note = models.TextField(
        blank=True,
        help_text=_("The correction note; empty for the first publication."),
        verbose_name=_("note"),
    )
    content = models.TextField(
        help_text=_("The canonical serialisation of what was published."), verbose_name=_("content")
    )
    sha256 = models.CharField(max_length=64, verbose_name=_("sha256"))
    previous_sha256 = models.CharField(max_length=64, blank=True, verbose_name=_("previous sha256"))
    signature = models.TextField(
        blank=True,
        help_text=_(
            "The secretariat's Ed25519 signature of ``sha256``, base64; empty if unsigned."
        ),
        verbose_name=_("signature"),
    )

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

    def records_q(self) -> Q:
        """The condition for the meeting this is a version of."""
        return Q(pk=self.meeting_id)

    @property
    def is_correction(self):
        """Made by a correction (with its note), not by the first publication."""
        return bool(self.note)


def published_sha256() -> Subquery:
    """The SHA-256 of the last published version of the meeting of the outer query (``None``
    if it has none): ``Meeting.objects.annotate(published_sha256=published_sha256())``."""
    latest = PublishedVersion.objects.filter(meeting=OuterRef("pk")).order_by("-number")
    return Subquery(latest.values("sha256")[:1])


class AttachmentKind(models.TextChoices):
    SIGNED_ORIGINAL = "signed_original", _("Signed original")
    ANNEX = "annex", _("Annex")
    PARTICIPANTS = "participants", _("List of participants")
    PRESENTATION = "presentation", _("Presentation")
    STATEMENT = "statement", _("Statement")
    OTHER = "other", _("Other")


class AttachmentScan(models.TextChoices):
    NOT_SCANNED = "not_scanned", _("Not scanned (no scanner configured)")
    PENDING = "pending", _("Pending: not served until scanned clean")
    CLEAN = "clean", _("Scanned clean")
    INFECTED = "infected", _("Infected: never served")


class Attachment(VersionedRecord, RecordPart):
    """A file that belongs to a record: its signed original, an annex, a presentation given at
    the meeting. Its type is read from its bytes and its SHA-256 taken on upload
    (``records/attachments.py``); it is served only to who may read the record."""

    Kind = AttachmentKind

    Scan = AttachmentScan

    SERVED = (AttachmentScan.NOT_SCANNED, AttachmentScan.CLEAN)

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("meeting")
    )
    agenda_item = models.ForeignKey(
        "records.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("agenda item"),
    )
    paragraph = models.ForeignKey(
        "records.Paragraph",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("paragraph"),
    )
    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.ANNEX, verbose_name=_("kind")
    )
    title = models.CharField(max_length=300, verbose_name=_("title"))
    language = models.CharField(
        max_length=10, default="en", help_text=_("e.g. en, fr, ja."), verbose_name=_("language")
    )
    file = models.FileField(upload_to="attachments/%Y/%m/", max_length=255, verbose_name=_("file"))
    size = models.PositiveBigIntegerField(editable=False, verbose_name=_("size"))
    content_type = models.CharField(max_length=100, editable=False, verbose_name=_("content type"))
    sha256 = models.CharField(max_length=64, editable=False, verbose_name=_("sha256"))
    scan = models.CharField(
        max_length=12,
        choices=AttachmentScan.choices,
        default=AttachmentScan.NOT_SCANNED,
        verbose_name=_("scan"),
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("uploaded at"))

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["meeting_id", "kind", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AttachmentKind.values), name="attachment_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(scan__in=AttachmentScan.values), name="attachment_scan_valid"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_kind_display()})"

    def get_absolute_url(self):
        return reverse("records:attachment", kwargs={"slug": self.meeting.slug, "pk": self.pk})

    def clean(self):
        from records.attachments import inspect, scan_upload

        if self.file and not getattr(self.file, "_committed", True):
            self.file.seek(0)
            data = self.file.read()
            self.file.seek(0)
            try:
                self.content_type, self.sha256 = inspect(self.file.name, data)
                self.scan = scan_upload(data)
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from error
            self.size = len(data)
        for part in (self.agenda_item, self.paragraph):
            if part is not None and part.meeting_id != self.meeting_id:
                raise ValidationError("Choose an agenda item and paragraph of the same record.")


def served_attachments() -> Prefetch:
    """A record's attachments that may be served (scanned clean, or no scanner configured):
    ``Meeting.objects.prefetch_related(served_attachments())``."""
    return Prefetch("attachments", queryset=Attachment.objects.filter(scan__in=Attachment.SERVED))
