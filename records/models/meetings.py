"""A meeting and its summary record: participants, agenda items and numbered paragraphs.

The adopted text (``Paragraph.text``) is the authority. Resolutions, follow-up actions
and the other structured facts point into it and never replace it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from records import display
from records.language_tags import validate_language
from records.models.publication import MeetingStatus, MeetingVisibility, published_q
from records.models.reference import Country, MeetingSeries, Organisation, Person
from records.models.searchable import (
    RecordQuerySet,
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


def meeting_date_order(meeting_path: str, *, descending: bool) -> list:
    """Order by the meeting reached through ``meeting_path``, newest or oldest first.

    By year, then start date (meetings known only by their year sort as the year's first),
    then number in the series and id, so that pages of a list never overlap.
    """
    prefix = f"{meeting_path}__" if meeting_path else ""
    year, start, number, pk = (
        F(f"{prefix}{name}") for name in ("year", "start_date", "sequence_number", "id")
    )
    if descending:
        return [year.desc(), start.desc(nulls_last=True), number.desc(), pk.desc()]
    return [year.asc(), start.asc(nulls_first=True), number.asc(), pk.asc()]


class MeetingQuerySet(RecordQuerySet):
    def published(self, *, include_restricted=False):
        return self.filter(published_q(include_restricted=include_restricted))

    def for_listing(self):
        return self.select_related("series", "country").order_by(
            F("start_date").desc(nulls_last=True), "-year", "-sequence_number"
        )

    def for_record_page(self, *, include_restricted=False):
        """Everything the summary record page shows, in a fixed number of queries.

        ``include_restricted``: whether progress reported on actions of restricted records
        is shown (as ``published_q``).
        """
        from records.models.follow_ups import FollowUpAction

        return self._with_record(
            FollowUpAction.objects.all(), include_restricted=include_restricted
        )

    def for_export(self, *, include_restricted=False):
        """The record page's data plus what the open-data forms (API, XML, PDF) also carry:
        the parties of each resolution, the owners of each action, whether it was carried
        over and the progress reported on it at later public meetings."""
        from records.models.follow_ups import FollowUpAction, owner_lists
        from records.models.progress import ProgressUpdate
        from records.models.resolutions import party_lists

        actions = FollowUpAction.objects.with_carried_over(include_restricted=include_restricted)
        return self._with_record(actions, include_restricted=include_restricted).prefetch_related(
            *party_lists("paragraphs__resolutions"),
            *owner_lists("follow_up_actions"),
            "published_language_versions__paragraphs",
            Prefetch(
                "follow_up_actions__progress_updates",
                queryset=ProgressUpdate.objects.published(include_restricted=include_restricted)
                .select_related("meeting__series", "paragraph")
                .in_meeting_order(),
                to_attr="published_progress_updates",
            ),
        )

    def _with_record(self, actions, *, include_restricted):
        """The meeting with the parts of its record, its own ``actions`` among them.

        Prefetched parts are joined to the rows that hold them: a resolution's paragraph is
        the paragraph it was read with, and needs no join of its own.
        """
        from records.models.archive import published_sha256, served_attachments
        from records.models.languages import LanguageVersion
        from records.models.progress import ProgressUpdate

        records = self.select_related("series", "country").prefetch_related(
            "corrections",
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("person", "organisation", "government"),
            ),
            "agenda_items",
            Prefetch(
                "paragraphs",
                queryset=Paragraph.objects.select_related("agenda_item").prefetch_related(
                    "resolutions"
                ),
            ),
            Prefetch("follow_up_actions", queryset=actions.select_related("paragraph")),
            Prefetch(
                "progress_updates",
                queryset=ProgressUpdate.objects.filter(
                    published_q("action__meeting", include_restricted=include_restricted)
                ).select_related("paragraph", "action__meeting__series"),
            ),
        )
        return records.annotate(
            published_sha256=published_sha256(),
            original_is_version=Exists(
                LanguageVersion.objects.filter(meeting=OuterRef("pk"), original=True)
            ),
        ).prefetch_related(
            served_attachments(),
            # The switch to its other languages (records/record_texts.py): a version is
            # shown once published itself; the record's own visibility is this query's.
            Prefetch(
                "language_versions",
                queryset=LanguageVersion.objects.published(include_restricted=True),
                to_attr="published_language_versions",
            ),
        )


class Meeting(VersionedRecord):
    """One meeting of a series and its summary record."""

    Format = MeetingFormat

    Status = MeetingStatus

    Visibility = MeetingVisibility

    series = models.ForeignKey(MeetingSeries, on_delete=models.PROTECT, related_name="meetings")
    sequence_number = models.PositiveSmallIntegerField(
        help_text=_("3 for the Third meeting of the series.")
    )
    year = models.PositiveSmallIntegerField(
        blank=True,
        help_text=_("Filled from the start date; enter it alone when the dates are unknown."),
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True, help_text="Same as the start date if empty.")
    venue = models.CharField(max_length=255, blank=True, help_text=_("e.g. Aichi Prefecture."))
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_hosted",
        help_text=_("Where the meeting was held; empty for meetings held only online."),
    )
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.IN_PERSON)
    title = models.CharField(
        max_length=300,
        blank=True,
        help_text="The record's title as adopted. Left empty, it is written from the series: "
        "“Summary Record of the Third …”.",
    )
    language = models.CharField(
        max_length=35,
        default="en",
        validators=[validate_language],
        help_text="The BCP 47 code of the language of the record's text below, e.g. en. Its "
        "other language versions are added on the record's page.",
    )
    authoritative = models.BooleanField(
        default=True,
        help_text="The text below is authoritative in its own words (not a courtesy translation).",
    )
    slug = models.SlugField(
        "web address",
        max_length=120,
        unique=True,
        blank=True,
        help_text="The permanent address of the public page. Left empty, it is made from the "
        "series and number.",
    )
    note = models.TextField(
        blank=True,
        help_text=_("Shown above the record, e.g. why its text is not available."),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    visibility = models.CharField(
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        help_text=_("Restricted records are shown only to signed-in member-state delegates."),
    )
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(
        blank=True, help_text=_("Why the published record was withdrawn (kept, not shown).")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

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

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CO_CHAIR)
    position = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("As the record writes it, e.g. “Permanent Secretary”."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
        help_text=_("The ministry or body the person represented."),
    )
    government = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
    )
    order = models.PositiveSmallIntegerField(default=1, help_text=_("Order in the record."))

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

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)

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

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="paragraphs")
    number = models.PositiveSmallIntegerField()
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="paragraphs",
    )
    text = models.TextField(help_text=_("The adopted text, exactly as it stands in the record."))
    search_vector = search_vector_field()
    search_text = SearchTextField(sources=["text"])

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
