"""A meeting and its summary record: participants, agenda items and numbered paragraphs.

The adopted text (``Paragraph.text``) is the authority. Resolutions, follow-up actions
and the other structured facts point into it and never replace it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from records import display
from records.language_tags import validate_language
from records.models.meeting_queries import MeetingQuerySet
from records.models.publication import MeetingStatus, MeetingVisibility
from records.models.reference import Country, MeetingSeries, Organisation, Person
from records.models.searchable import (
    Searchable,
    SearchableManager,
    SearchTextField,
    search_vector_field,
)
from records.models.versioning import RecordPart, VersionedRecord


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Online and in person")


class Meeting(VersionedRecord):
    """One meeting of a series and its summary record."""

    Format = MeetingFormat

    Status = MeetingStatus

    Visibility = MeetingVisibility

    series = models.ForeignKey(
        MeetingSeries, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("series")
    )
    sequence_number = models.PositiveSmallIntegerField(
        help_text=_("3 for the Third meeting of the series."), verbose_name=_("sequence number")
    )
    year = models.PositiveSmallIntegerField(
        blank=True,
        help_text=_("Filled from the start date; enter it alone when the dates are unknown."),
        verbose_name=_("year"),
    )
    start_date = models.DateField(null=True, blank=True, verbose_name=_("start date"))
    end_date = models.DateField(
        null=True,
        blank=True,
        help_text=_("Same as the start date if empty."),
        verbose_name=_("end date"),
    )
    venue = models.CharField(
        max_length=255, blank=True, help_text=_("e.g. Aichi Prefecture."), verbose_name=_("venue")
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_hosted",
        help_text=_("Where the meeting was held; empty for meetings held only online."),
        verbose_name=_("country"),
    )
    format = models.CharField(
        max_length=10, choices=Format.choices, default=Format.IN_PERSON, verbose_name=_("format")
    )
    title = models.CharField(
        max_length=300,
        blank=True,
        help_text=_(
            "The record's title as adopted. Left empty, it is written from the series: "
            "“Summary Record of the Third …”."
        ),
        verbose_name=_("title"),
    )
    language = models.CharField(
        max_length=35,
        default="en",
        validators=[validate_language],
        help_text=_(
            "The BCP 47 code of the language of the record's text below, e.g. en. Its "
            "other language versions are added on the record's page."
        ),
        verbose_name=_("language"),
    )
    authoritative = models.BooleanField(
        default=True,
        help_text=_(
            "The text below is authoritative in its own words (not a courtesy translation)."
        ),
        verbose_name=_("authoritative"),
    )
    slug = models.SlugField(
        _("web address"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_(
            "The permanent address of the public page. Left empty, it is made from the "
            "series and number."
        ),
    )
    note = models.TextField(
        blank=True,
        help_text=_("Shown above the record, e.g. why its text is not available."),
        verbose_name=_("note"),
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status")
    )
    visibility = models.CharField(
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        help_text=_("Restricted records are shown only to signed-in member-state delegates."),
        verbose_name=_("visibility"),
    )
    published_at = models.DateTimeField(null=True, blank=True, verbose_name=_("published at"))
    withdrawn_at = models.DateTimeField(null=True, blank=True, verbose_name=_("withdrawn at"))
    withdrawal_reason = models.TextField(
        blank=True,
        help_text=_("Why the published record was withdrawn (kept, not shown)."),
        verbose_name=_("withdrawal reason"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        ordering = ["series_id", "sequence_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "sequence_number"],
                name="meeting_unique_number_in_series",
                violation_error_message="This series already has a meeting with this number.",
            ),
            models.CheckConstraint(
                condition=Q(sequence_number__gte=1),
                name="meeting_number_positive",
                violation_error_message="Meetings are numbered from 1.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="meeting_end_not_before_start",
                violation_error_message="The end date cannot be before the start date.",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(start_date__year=F("year")),
                name="meeting_year_matches_start",
                violation_error_message="The year must be the year of the start date.",
            ),
            models.CheckConstraint(
                condition=Q(format__in=MeetingFormat.values),
                name="meeting_format_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=MeetingStatus.values),
                name="meeting_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="meeting_published_has_date",
                violation_error_message="A published record needs its publication date.",
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=MeetingVisibility.values),
                name="meeting_visibility_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | (~Q(withdrawal_reason="")),
                name="meeting_withdrawn_has_reason",
                violation_error_message="A withdrawn record needs the reason it was withdrawn.",
            ),
        ]
        permissions = [
            ("submit_meeting", "Can submit a draft record for review"),
            ("publish_meeting", "Can publish a record in review, or send it back to draft"),
            ("correct_meeting", "Can correct a published record, with a public note"),
            ("withdraw_meeting", "Can withdraw a published record, giving a reason"),
            ("view_restricted_meeting", "Can read restricted records on the public site"),
        ]
        indexes = [
            models.Index(fields=["status", "-start_date"], name="meeting_status_start_idx"),
            models.Index(fields=["year"], name="meeting_year_idx"),
            # The lists' order by meeting (``meeting_date_order``), newest first or, read
            # backwards, oldest first, is indexed on PostgreSQL only (meeting_date_order_idx,
            # migration 0020): SQLite refuses NULLS LAST in an index, so it is kept out of
            # the models' state (migration 0023), where any table SQLite remakes would bring
            # it back.
        ]

    def __str__(self):
        dates = display.date_range(self.start_date, self.end_date) or str(self.year)
        return f"{self.ordinal} {self.series}, {dates}"

    def get_absolute_url(self):
        return reverse("records:meeting_detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.start_date and not self.end_date:
            self.end_date = self.start_date
        if self.end_date and not self.start_date:
            raise ValidationError({"start_date": "Enter the start date as well as the end date."})
        if self.start_date:
            if self.year and self.year != self.start_date.year:
                raise ValidationError(
                    {"year": f"The meeting started in {self.start_date.year}, not {self.year}."}
                )
            self.year = self.start_date.year
        elif not self.year:
            raise ValidationError({"year": "Enter the year, or the dates, of the meeting."})
        if self.series_id and self.sequence_number:
            if not self.title:
                self.title = f"Summary Record of the {self.ordinal} {self.series.name}"
            if not self.slug:
                self.slug = slugify(f"{self.series.slug}-{self.sequence_number}")
        if self.format == self.Format.ONLINE and self.country_id:
            raise ValidationError(
                {
                    "country": "A meeting held only online has no host country; choose a format "
                    "of “Online and in person” or clear the country."
                }
            )
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()

    @property
    def ordinal(self):
        return display.ordinal_word(self.sequence_number)

    @property
    def name_in_series_display(self):
        """Named within its series in the interface's words: "Third Meeting, 2021",
        "การประชุมครั้งที่ 3, 2021" (the breadcrumbs)."""
        return gettext("%(ordinal)s Meeting, %(year)s") % {
            "ordinal": display.ordinal(self.sequence_number),
            "year": self.year,
        }

    @property
    def short_name_display(self):
        """Named in the interface's words: "Third ASEAN-Japan SCN HLM", "… ครั้งที่ 3"."""
        return pgettext(
            "a meeting: its place in its series and the series' short name",
            "%(ordinal)s %(series)s",
        ) % {"ordinal": display.ordinal(self.sequence_number), "series": self.series.short_name}

    @property
    def dates_display(self):
        return display.date_range(self.start_date, self.end_date) or str(self.year)

    @property
    def is_public(self):
        """Published and public: what anyone may read and what the API, feed and sitemap
        carry (a restricted record's page is shown only to member-state delegates)."""
        return self.status == self.Status.PUBLISHED and self.visibility == self.Visibility.PUBLIC

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def changed_at(self):
        """When the record last changed: its publication, or a later edit of the meeting."""
        return max(moment for moment in (self.published_at, self.updated_at) if moment)

    @property
    def record(self):
        """A meeting is its own record (its parts answer ``record`` with their meeting)."""
        return self


class ParticipantRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-chair")
    HEAD_OF_DELEGATION = "head_of_delegation", _("Head of delegation")
    DELEGATE = "delegate", _("Delegate")


class Participant(RecordPart):
    """A person at a meeting, with the position, ministry and government they held there.

    Positions change; the record must not, so they are kept per meeting.
    """

    Role = ParticipantRole

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="participants", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="participations", verbose_name=_("person")
    )
    role = models.CharField(
        max_length=20, choices=Role.choices, default=Role.CO_CHAIR, verbose_name=_("role")
    )
    position = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("As the record writes it, e.g. “Permanent Secretary”."),
        verbose_name=_("position"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
        help_text=_("The ministry or body the person represented."),
        verbose_name=_("organisation"),
    )
    government = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("government"),
    )
    order = models.PositiveSmallIntegerField(
        default=1, help_text=_("Order in the record."), verbose_name=_("order")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="participant_once_per_meeting",
                violation_error_message="This person is already listed for this meeting.",
            ),
            models.CheckConstraint(
                condition=Q(role__in=ParticipantRole.values),
                name="participant_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"

    @property
    def is_chair(self):
        return self.role in {self.Role.CHAIR, self.Role.CO_CHAIR}


class AgendaItem(RecordPart):
    """A numbered item on a meeting's agenda."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    number = models.PositiveSmallIntegerField(verbose_name=_("number"))
    title = models.CharField(max_length=300, verbose_name=_("title"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="agendaitem_unique_number",
                violation_error_message="This meeting already has an agenda item with this number.",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="agendaitem_number_positive"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def clean(self):
        if self.pk and self.paragraphs.exclude(meeting_id=self.meeting_id).exists():
            raise ValidationError(
                {
                    "meeting": "Paragraphs of its record are filed under this item: file them "
                    "under another item before moving it to another record."
                }
            )


class Paragraph(Searchable, RecordPart):
    """A numbered paragraph of a summary record, word for word as adopted."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="paragraphs", verbose_name=_("meeting")
    )
    number = models.PositiveSmallIntegerField(verbose_name=_("number"))
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="paragraphs",
        verbose_name=_("agenda item"),
    )
    text = models.TextField(
        help_text=_("The adopted text, exactly as it stands in the record."), verbose_name=_("text")
    )
    search_vector = search_vector_field(verbose_name=_("search vector"))
    search_text = SearchTextField(sources=["text"], verbose_name=_("search text"))

    objects = SearchableManager()
    history = HistoricalRecords(excluded_fields=["search_vector", "search_text"])

    class Meta:
        base_manager_name = "objects"
        ordering = ["meeting_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="paragraph_unique_number",
                violation_error_message="This record already has a paragraph with this number.",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="paragraph_number_positive"),
        ]

    def __str__(self):
        # Its words beside its number, so a picker shows which paragraph it is.
        words = f": “{display.excerpt(self.text, 60)}”" if self.text else ""
        return f"¶{self.number} of {self.meeting}{words}" if self.meeting_id else f"¶{self.number}"

    def get_absolute_url(self):
        return f"{self.meeting.get_absolute_url()}#{self.anchor}"

    def clean(self):
        if self.agenda_item_id and self.agenda_item.meeting_id != self.meeting_id:
            raise ValidationError(
                {"agenda_item": "Choose an agenda item of this paragraph's own meeting."}
            )

    @property
    def anchor(self):
        return f"p{self.number}"

    def followers(self):
        """Its actions (its resolutions follow it by themselves) and the progress reported in
        it: they are of the paragraph's meeting."""
        actions = list(self.follow_up_actions.exclude(meeting_id=self.meeting_id))
        for action in actions:
            action.paragraph, action.meeting_id = self, self.meeting_id
        reported = list(self.progress_updates.exclude(meeting_id=self.meeting_id))
        for update in reported:
            update.paragraph, update.meeting_id = self, self.meeting_id
        return [*actions, *reported]
