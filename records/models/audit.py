"""The audit trail: one row for every change to the records and every sign-in event, written
as it happens (``records/audit.py``), so “who changed what, and when” across the whole system
is one indexed table to read, not a union of every history table."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from records.text import NoSearchMarks


class AuditKind(models.TextChoices):
    CREATED = "created", _("Created")
    CHANGED = "changed", _("Changed")
    DELETED = "deleted", _("Deleted")
    MOVED = "moved", _("Workflow move")
    CORRECTED = "corrected", _("Correction note")
    SIGNED_IN = "signed_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
    LOCKED_OUT = "locked_out", _("Locked out")


# The kinds that are changes to a record's parts (the others are events of people).
RECORD_KINDS = (
    AuditKind.CREATED,
    AuditKind.CHANGED,
    AuditKind.DELETED,
    AuditKind.MOVED,
    AuditKind.CORRECTED,
)


class AuditEntry(NoSearchMarks, models.Model):
    """One change to a part of the records (a row of one of their histories), a workflow
    move, a correction note, or a sign-in event, with everything its line shows kept on it:
    who (as named then), what it was (as written then), and each field's change as the people
    who made it read it (``changes``: ``[{"field", "old", "new", "text"}]``, ``text`` when the
    field is running text, shown as a word diff).

    ``user`` is empty for changes made outside a signed-in request (a command, an import, the
    shell). ``meeting`` is the record the part belonged to; kept without a database link so
    the entry outlives a deleted draft. ``part`` and ``history_id`` name the history row the
    entry was written from, once.
    """

    Kind = AuditKind
    # On no public page: writing an entry leaves cached pages as they are (records/signals.py).
    changes_public_pages = False

    at = models.DateTimeField(verbose_name=_("at"))
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("user"),
    )
    who = models.CharField(
        max_length=300, blank=True, help_text=_("The person, as named then."), verbose_name=_("who")
    )
    part = models.CharField(
        max_length=40,
        blank=True,
        help_text=_("The model name of the part."),
        verbose_name=_("part"),
    )
    object_id = models.BigIntegerField(null=True, blank=True, verbose_name=_("object id"))
    object_label = models.CharField(max_length=500, blank=True, verbose_name=_("object label"))
    meeting = models.ForeignKey(
        "records.Meeting",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("meeting"),
    )
    record_label = models.CharField(max_length=500, blank=True, verbose_name=_("record label"))
    history_id = models.BigIntegerField(null=True, blank=True, verbose_name=_("history id"))
    changes = models.JSONField(default=list, blank=True, verbose_name=_("changes"))
    note = models.TextField(
        blank=True, help_text=_("The public correction note, if any."), verbose_name=_("note")
    )
    address = models.CharField(
        max_length=64, blank=True, help_text=_("For sign-in events."), verbose_name=_("address")
    )

    class Meta:
        ordering = ["-at", "-pk"]
        default_permissions = ("view",)
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        indexes = [
            models.Index(fields=["-at", "-id"], name="auditentry_at"),
            models.Index(fields=["user", "-at"], name="auditentry_user_at"),
            models.Index(fields=["meeting", "-at"], name="auditentry_meeting_at"),
            models.Index(fields=["part", "-at"], name="auditentry_part_at"),
            models.Index(fields=["kind", "-at"], name="auditentry_kind_at"),
            models.Index(fields=["part", "object_id"], name="auditentry_part_object"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AuditKind.values),
                name="auditentry_kind_valid",
                violation_error_message="Not a kind of audit entry.",
            ),
            models.UniqueConstraint(
                fields=["part", "history_id"],
                condition=Q(history_id__isnull=False),
                name="auditentry_one_per_history_row",
            ),
        ]

    def __str__(self):
        what = self.object_label or self.who or "someone"
        return f"{self.get_kind_display()}: {what} ({self.at:%d %b %Y %H:%M})"

    @property
    def by(self) -> str:
        """Who, as the trail shows it: for a change, “command / import” when no one was signed
        in; for a sign-in event, the username given (if any)."""
        if self.kind in RECORD_KINDS:
            return self.who or "command / import"
        return self.who or "(no username given)"
