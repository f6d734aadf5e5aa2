"""Who is told about the records, and what they were told.

Reminders of follow-up actions go to the focal points of the organisations and states that
own them, and the long overdue to the secretariat desk of each series
(``records/reminders.py``); anyone may follow a series, or every record, by email and hear
when a record is published or corrected (``records/subscriptions.py``).

Focal points and subscribers each keep the language their messages are written in
(``language``, one of the interface's, ``settings.LANGUAGES``); ``records.mail.language_for``
decides, from it, the language of each message.

None of these rows is shown on a public page: saving one leaves cached pages alone
(``changes_public_pages``, read by ``records/signals.py``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from records.models.follow_ups import FollowUpAction
from records.models.meetings import Meeting
from records.models.publication import Correction
from records.models.reference import Country, MeetingSeries, Organisation
from records.models.versioning import VersionedRecord
from records.text import NoSearchMarks


def normalise_address(email: str) -> str:
    """One spelling per mailbox: addresses are compared, and kept, in lower case."""
    return email.strip().lower()


# The choices and default of a recipient's language are read from the settings when asked,
# not frozen into a migration: adding a language to the site stays a catalogue and a line in
# ``settings.LANGUAGES`` away. For the same reason no database constraint lists the codes; a
# code the site no longer has is written to in the site's language (``mail.language_for``).
def interface_languages() -> list[tuple[str, str]]:
    """The interface's languages, each named in itself: ``settings.LANGUAGES``."""
    return settings.LANGUAGES


def site_language() -> str:
    """The site's own language, ``settings.LANGUAGE_CODE``: a recipient's until they choose."""
    return settings.LANGUAGE_CODE


def language_field(**kwargs) -> models.CharField:
    return models.CharField(
        _("language"),
        max_length=35,
        choices=interface_languages,
        default=site_language,
        **kwargs,
    )


class FocalPoint(VersionedRecord):
    """A contact person of an organisation, or of a state (at its lead agency), to whom
    reminders of the follow-up actions that organisation or state owns are sent."""

    changes_public_pages = False

    name = models.CharField(
        max_length=200,
        help_text=_("As they sign, e.g. “Ms. Siti Rahmah binti Ahmad”."),
        verbose_name=_("name"),
    )
    email = models.EmailField(verbose_name=_("email"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="focal_points",
        help_text=_("Reminders of the actions this organisation owns."),
        verbose_name=_("organisation"),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="focal_points",
        help_text=_("Or: reminders of the actions this state owns as a whole."),
        verbose_name=_("country"),
    )
    language = language_field(help_text=_("The language its reminders are written in."))

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, country__isnull=True)
                | Q(organisation__isnull=True, country__isnull=False),
                name="focalpoint_for_one_owner",
                violation_error_message="A focal point is the contact of one organisation or "
                "of one state: choose one of them.",
            ),
            models.UniqueConstraint(
                fields=["email", "organisation"],
                name="focalpoint_once_per_organisation",
                violation_error_message="This address is already a focal point of this "
                "organisation.",
            ),
            models.UniqueConstraint(
                fields=["email", "country"],
                name="focalpoint_once_per_country",
                violation_error_message="This address is already a focal point of this state.",
            ),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>, for {self.owner}"

    def clean(self):
        self.email = normalise_address(self.email)

    @property
    def owner(self):
        return self.organisation or self.country


class SecretariatDesk(VersionedRecord):
    """The secretariat desk that services a meeting series: it receives, weekly, the
    series' actions overdue past the escalation threshold."""

    changes_public_pages = False

    series = models.OneToOneField(
        MeetingSeries,
        on_delete=models.CASCADE,
        related_name="secretariat_desk",
        verbose_name=_("series"),
    )
    email = models.EmailField(
        help_text=_("The desk's shared address, e.g. scn-desk@asean.org."), verbose_name=_("email")
    )

    class Meta:
        ordering = ["series_id"]

    def __str__(self):
        return f"{self.series} desk <{self.email}>"

    def clean(self):
        self.email = normalise_address(self.email)


class SuppressionReason(models.TextChoices):
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed (the link in a reminder)")
    REFUSED = "refused", _("Refused by the mail server")
    BOUNCED = "bounced", _("Bounced (entered by staff)")


class SuppressedAddress(VersionedRecord):
    """An address reminders are no longer sent to: its owner unsubscribed, our mail server
    refused it, or staff entered a bounce. Delete the row to write to it again."""

    changes_public_pages = False

    Reason = SuppressionReason

    email = models.EmailField(unique=True, verbose_name=_("email"))
    reason = models.CharField(
        max_length=15, choices=Reason.choices, default=Reason.BOUNCED, verbose_name=_("reason")
    )
    detail = models.TextField(
        blank=True,
        help_text=_("What the mail server answered, if it did."),
        verbose_name=_("detail"),
    )
    since = models.DateTimeField(default=timezone.now, verbose_name=_("since"))

    class Meta:
        ordering = ["-since", "pk"]
        verbose_name_plural = _("suppressed addresses")
        constraints = [
            models.CheckConstraint(
                condition=Q(reason__in=SuppressionReason.values),
                name="suppressedaddress_reason_valid",
            ),
        ]

    def __str__(self):
        return f"{self.email} ({self.get_reason_display().lower()})"

    def clean(self):
        self.email = normalise_address(self.email)


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    ESCALATED = "escalated", _("Long overdue, to the secretariat desk")


class ReminderSent(NoSearchMarks, models.Model):
    """That a digest listed ``action`` to ``email`` on ``day``: what was sent, and the guard
    against sending it twice."""

    changes_public_pages = False

    Kind = ReminderKind

    action = models.ForeignKey(
        FollowUpAction,
        on_delete=models.CASCADE,
        related_name="reminders_sent",
        verbose_name=_("action"),
    )
    email = models.EmailField(verbose_name=_("email"))
    kind = models.CharField(max_length=10, choices=Kind.choices, verbose_name=_("kind"))
    day = models.DateField(verbose_name=_("day"))
    sent_at = models.DateTimeField(default=timezone.now, verbose_name=_("sent at"))

    class Meta:
        ordering = ["-day", "email", "pk"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "email", "kind", "day"], name="remindersent_once_a_day"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values), name="remindersent_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["email", "day"], name="remindersent_email_day_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.email} on {self.day}"


class Subscription(NoSearchMarks, models.Model):
    """Someone who follows a series (or every record) by email, to hear when a record is
    published or corrected. The address is kept for this only, listed to staff with the
    *view subscription* permission, and deleted when they unsubscribe."""

    changes_public_pages = False

    email = models.EmailField(verbose_name=_("email"))
    series = models.ForeignKey(
        MeetingSeries,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        help_text=_("Empty: every record."),
        verbose_name=_("series"),
    )
    requested_at = models.DateTimeField(
        default=timezone.now,
        help_text=_("When the confirmation link was last sent."),
        verbose_name=_("requested at"),
    )
    confirmed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("confirmed at"))
    language = language_field(
        help_text=_(
            "The language its messages are written in: the page's it was asked from, "
            "until its reader changes it on the page its unsubscribe link opens."
        )
    )

    class Meta:
        ordering = ["email", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "series"], name="subscription_once_per_series"
            ),
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(series__isnull=True),
                name="subscription_once_for_every_record",
            ),
        ]

    def __str__(self):
        return f"{self.email} follows {self.followed}"

    def clean(self):
        self.email = normalise_address(self.email)

    @property
    def followed(self) -> str:
        return self.series.name if self.series_id else gettext("every summary record")


class RecordNoticeKind(models.TextChoices):
    PUBLISHED = "published", _("Published")
    CORRECTED = "corrected", _("Corrected")


class RecordNotice(NoSearchMarks, models.Model):
    """That a public record was published or corrected: told once to each address that
    followed its series, or every record, when it happened.

    Delivery goes through the subscribers in order of address; ``delivered_through`` is
    the last one written to, so a delivery cut short (the mail server went away) resumes
    where it stopped (``manage.py send_record_notices``).
    """

    changes_public_pages = False

    Kind = RecordNoticeKind

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="notices", verbose_name=_("meeting")
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, verbose_name=_("kind"))
    correction = models.ForeignKey(
        Correction,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name=_("correction"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    delivered_through = models.EmailField(blank=True, verbose_name=_("delivered through"))
    delivered_at = models.DateTimeField(null=True, blank=True, verbose_name=_("delivered at"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=RecordNoticeKind.values), name="recordnotice_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind=RecordNoticeKind.CORRECTED, correction__isnull=False)
                | Q(kind=RecordNoticeKind.PUBLISHED, correction__isnull=True),
                name="recordnotice_correction_when_corrected",
            ),
        ]

    def __str__(self):
        return f"{self.meeting}: {self.get_kind_display().lower()}"
