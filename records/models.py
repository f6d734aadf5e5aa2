"""The summary record of a meeting, and what it decided.

The adopted text (``Paragraph.text``) is the authority. Resolutions, follow-up actions
and the other structured facts point into it and never replace it.
"""

import re

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from records import display


def search_vector_field():
    """A column PostgreSQL keeps up to date for full-text search (see ``records/search.py``).

    A database trigger fills it from the row's text on every insert and update, and a GIN
    index serves the searches; both are created by a PostgreSQL-only migration. On SQLite the
    column stays empty and search falls back to matching words.
    """
    return SearchVectorField(null=True, editable=False)


class VersionedRecord(models.Model):
    """A record that staff edit on its own admin page, with what it owns as inlines.

    ``version`` goes up with every save. The admin change form carries the version it was
    opened at and refuses to save over a newer one (``ConcurrentEditForm`` in
    ``records/forms.py``), so that no one's edit is silently overwritten. Writes that bypass
    ``save()`` (``QuerySet.update()``) must bump it themselves: ``version=F("version") + 1``.
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)


class Country(models.Model):
    """A state: an ASEAN Member State, a dialogue partner such as Japan, or another."""

    name = models.CharField(max_length=100, unique=True)
    code = models.CharField(
        max_length=2, unique=True, help_text="ISO 3166-1 alpha-2 code, e.g. JP."
    )
    asean_member_since = models.DateField(
        null=True,
        blank=True,
        help_text="Date of admission to ASEAN; empty for non-members.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name


class OrganisationKind(models.TextChoices):
    INTERGOVERNMENTAL = "intergovernmental", "Intergovernmental body"
    SECRETARIAT = "secretariat", "Secretariat"
    MINISTRY = "ministry", "Ministry or government agency"
    ASSOCIATION = "association", "Association or network"
    CITY = "city", "City"
    COMPANY = "company", "Company"
    OTHER = "other", "Other"


class Organisation(models.Model):
    """A ministry, secretariat, association, city or other body named in a record."""

    Kind = OrganisationKind

    name = models.CharField(max_length=255, unique=True)
    short_name = models.CharField(max_length=50, blank=True, help_text="e.g. MLIT, JASCA.")
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text="Empty for bodies that belong to no single state, such as the ASEAN Secretariat.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values),
                name="organisation_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.short_name})" if self.short_name else self.name


class Person(models.Model):
    """A person as records write them: honorific and name kept exactly, never split."""

    honorific = models.CharField(max_length=30, blank=True, help_text="e.g. Mr., Ms., Dr., H.E.")
    name = models.CharField(
        max_length=200,
        help_text="As the record writes it, e.g. “ISHIDA Masaru” (family name first) or "
        "“Haji Mohammad Nazri Bin Haji Mohammad Yusof”.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return f"{self.honorific} {self.name}".strip()


class MeetingSeries(models.Model):
    """A recurring meeting, e.g. the ASEAN-Japan Smart Cities Network High Level Meeting."""

    name = models.CharField(max_length=255, unique=True)
    short_name = models.CharField(max_length=60, help_text="e.g. ASEAN-Japan SCN HLM.")
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "meeting series"

    def __str__(self):
        return self.short_name or self.name


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    HYBRID = "hybrid", "Online and in person"


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class MeetingVisibility(models.TextChoices):
    PUBLIC = "public", "Public"
    RESTRICTED = "restricted", "Restricted to member-state delegates"


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


class MeetingQuerySet(models.QuerySet):
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
        return self.select_related("series", "country").prefetch_related(
            "corrections",
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("person", "organisation", "government"),
            ),
            "agenda_items",
            Prefetch(
                "paragraphs",
                queryset=Paragraph.objects.select_related("agenda_item").prefetch_related(
                    Prefetch(
                        "resolutions",
                        queryset=Resolution.objects.select_related("paragraph"),
                    ),
                ),
            ),
            Prefetch(
                "follow_up_actions",
                queryset=FollowUpAction.objects.select_related("paragraph", "resolution"),
            ),
            Prefetch(
                "progress_updates",
                queryset=ProgressUpdate.objects.filter(
                    published_q("action__meeting", include_restricted=include_restricted)
                ).select_related("paragraph", "action__meeting__series"),
            ),
        )

    def for_export(self, *, include_restricted=False):
        """The record page's data plus what the open-data forms (API, XML, PDF) also carry:
        the parties of each resolution, the owners of each action and the progress reported
        on it at later public meetings."""
        return self.for_record_page(include_restricted=include_restricted).prefetch_related(
            "paragraphs__resolutions__party_countries",
            "paragraphs__resolutions__party_organisations",
            "follow_up_actions__owner_countries",
            "follow_up_actions__owner_organisations",
            Prefetch(
                "follow_up_actions__progress_updates",
                queryset=ProgressUpdate.objects.published(include_restricted=include_restricted)
                .select_related("meeting__series", "paragraph")
                .in_meeting_order(),
                to_attr="published_progress_updates",
            ),
        )


class Meeting(VersionedRecord):
    """One meeting of a series and its summary record."""

    Format = MeetingFormat

    Status = MeetingStatus

    Visibility = MeetingVisibility

    series = models.ForeignKey(MeetingSeries, on_delete=models.PROTECT, related_name="meetings")
    sequence_number = models.PositiveSmallIntegerField(
        help_text="3 for the Third meeting of the series."
    )
    year = models.PositiveSmallIntegerField(
        blank=True,
        help_text="Filled from the start date; enter it alone when the dates are unknown.",
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True, help_text="Same as the start date if empty.")
    venue = models.CharField(max_length=255, blank=True, help_text="e.g. Aichi Prefecture.")
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_hosted",
        help_text="Where the meeting was held; empty for meetings held only online.",
    )
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.IN_PERSON)
    title = models.CharField(
        max_length=300,
        blank=True,
        help_text="The record's title as adopted. Left empty, it is written from the series: "
        "“Summary Record of the Third …”.",
    )
    slug = models.SlugField(
        max_length=120,
        unique=True,
        blank=True,
        help_text="The permanent address of the public page. Left empty, it is made from the "
        "series and number.",
    )
    note = models.TextField(
        blank=True,
        help_text="Shown above the record, e.g. why its text is not available.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    visibility = models.CharField(
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        help_text="Restricted records are shown only to signed-in member-state delegates.",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(
        blank=True, help_text="Why the published record was withdrawn (kept, not shown)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        ordering = ["series__name", "sequence_number"]
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


class Correction(models.Model):
    """A public note of a correction made to a record after publication (a corrigendum):
    shown with the record as “Corrected on 3 March 2022: …”."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="corrections")
    corrected_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(help_text="What was corrected, as the public will read it.")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="record_corrections",
    )

    class Meta:
        ordering = ["corrected_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(note=""), name="correction_note_not_empty"),
        ]

    def __str__(self):
        return f"Corrected on {display.long_date(self.corrected_at)}: {self.note[:60]}"

    @property
    def corrected_day(self):
        return timezone.localdate(self.corrected_at)

    @property
    def public_text(self):
        return f"Corrected on {display.long_date(self.corrected_at)}: {self.note}"


class ParticipantRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    CO_CHAIR = "co_chair", "Co-chair"
    HEAD_OF_DELEGATION = "head_of_delegation", "Head of delegation"
    DELEGATE = "delegate", "Delegate"


class Participant(models.Model):
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
        help_text="As the record writes it, e.g. “Permanent Secretary”.",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
        help_text="The ministry or body the person represented.",
    )
    government = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
    )
    order = models.PositiveSmallIntegerField(default=1, help_text="Order in the record.")

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


class AgendaItem(models.Model):
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


class Paragraph(models.Model):
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
    text = models.TextField(help_text="The adopted text, exactly as it stands in the record.")
    search_vector = search_vector_field()

    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="paragraph_unique_number",
                violation_error_message="This record already has a paragraph with this number.",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="paragraph_number_positive"),
        ]

    def __str__(self):
        return f"¶{self.number} of {self.meeting}" if self.meeting_id else f"¶{self.number}"

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


class ResolutionQuerySet(models.QuerySet):
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


class Resolution(VersionedRecord):
    """A decision carried by an operative verb in a paragraph: “ASEAN and Japan resolved to …”."""

    Verb = ResolutionVerb

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="resolutions")
    verb = models.CharField(max_length=20, choices=Verb.choices)
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

    objects = ResolutionQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["search_vector", "version"],
        m2m_fields=["party_countries", "party_organisations"],
    )

    class Meta:
        ordering = ["paragraph__meeting", "paragraph__number", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(verb__in=ResolutionVerb.values),
                name="resolution_verb_valid",
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


class ActionPrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"
    YEAR = "year", "End of year"
    NEXT_MEETING = "next_meeting", "At the next meeting"
    NONE = "none", "No deadline"


class FollowUpActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


CLOSED_STATUSES = [FollowUpActionStatus.DONE, FollowUpActionStatus.CANCELLED]


class FollowUpActionQuerySet(models.QuerySet):
    def published(self, *, include_restricted=False):
        return self.filter(published_q("meeting", include_restricted=include_restricted))

    def open(self):
        """Neither done nor cancelled."""
        return self.exclude(status__in=CLOSED_STATUSES)

    def overdue(self, today=None):
        """Past their deadline at its precision, and neither done nor cancelled.

        ``due_date`` holds the last day of the deadline's period (``display.period_end``), so
        "by February 2022" is kept as 28 February 2022 and is overdue from 1 March 2022.
        Actions due "at the next meeting" or with no deadline have no date and are never
        overdue.
        """
        today = today or timezone.localdate()
        return self.open().filter(due_date__lt=today)

    def for_listing(self, *, include_restricted=False):
        """What a list or export row shows, with the progress reported on each action."""
        return self.select_related("meeting__series", "paragraph").prefetch_related(
            Prefetch("owner_countries", queryset=Country.objects.order_by("name")),
            Prefetch("owner_organisations", queryset=Organisation.objects.order_by("name")),
            Prefetch(
                "progress_updates",
                queryset=ProgressUpdate.objects.published(include_restricted=include_restricted)
                .select_related("meeting__series", "paragraph")
                .in_meeting_order(),
                to_attr="published_progress_updates",
            ),
        )

    def by_due_date(self, *, descending=False):
        """Soonest deadline first (or last); undated actions after the dated ones."""
        if descending:
            due = F("due_date").desc(nulls_last=True)
        else:
            due = F("due_date").asc(nulls_last=True)
        return self.order_by(due, "meeting__year", "meeting__sequence_number", "pk")

    def by_meeting_date(self, *, descending=True):
        """Meetings newest (or oldest) first; within a meeting, in the order of the record."""
        return self.order_by(
            *meeting_date_order("meeting", descending=descending),
            F("paragraph__number").asc(nulls_last=True),
            "pk",
        )

    def matters_arising(self, meeting, *, include_restricted=False):
        """Published actions from earlier meetings of ``meeting``'s series still open at it.

        "Earlier" follows the series' numbering, which is known even when an old meeting's
        dates are not. An action counts as closed before ``meeting`` when the last status
        reported at an earlier meeting of the series was done or cancelled, or when it is
        done or cancelled now and nothing was reported on it at ``meeting`` or later (its
        closing is then undated, so it is not claimed to have been open).
        """
        updates = ProgressUpdate.objects.published(include_restricted=include_restricted).filter(
            action=OuterRef("pk"), meeting__series_id=meeting.series_id
        )
        status_before = Subquery(
            updates.filter(meeting__sequence_number__lt=meeting.sequence_number)
            .exclude(status="")
            .order_by("-meeting__sequence_number")
            .values("status")[:1]
        )
        reported_since = Exists(
            updates.filter(meeting__sequence_number__gte=meeting.sequence_number)
        )
        return (
            self.published(include_restricted=include_restricted)
            .filter(
                meeting__series_id=meeting.series_id,
                meeting__sequence_number__lt=meeting.sequence_number,
            )
            .alias(
                status_before=Coalesce(status_before, Value("")),
                reported_since=reported_since,
            )
            .exclude(status_before__in=CLOSED_STATUSES)
            .exclude(Q(status__in=CLOSED_STATUSES) & Q(reported_since=False))
            .select_related("meeting__series", "paragraph")
            .order_by("meeting__sequence_number", F("paragraph__number").asc(nulls_last=True), "pk")
        )

    def counts_by_meeting_and_status(self):
        """``{meeting_id: {status: count}}`` for the actions in this queryset."""
        counts: dict[int, dict[str, int]] = {}
        rows = (
            self.order_by().values_list("meeting_id", "status").annotate(count=models.Count("pk"))
        )
        for meeting_id, status, count in rows:
            counts.setdefault(meeting_id, {})[status] = count
        return counts


class FollowUpAction(VersionedRecord):
    """Something a meeting committed to do, with its owners, deadline and status."""

    Precision = ActionPrecision

    DATED = (Precision.DAY, Precision.MONTH, Precision.QUARTER, Precision.YEAR)

    Status = FollowUpActionStatus

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="follow_up_actions",
        blank=True,
        help_text="The meeting where it was committed; taken from the paragraph when empty.",
    )
    paragraph = models.ForeignKey(
        Paragraph,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_up_actions",
        help_text="Empty only when the meeting's text is not in the system.",
    )
    resolution = models.ForeignKey(
        Resolution,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_up_actions",
    )
    description = models.TextField(help_text="What was committed.")
    owners = models.CharField(
        max_length=300, blank=True, help_text="Who acts, as the record writes it."
    )
    owner_countries = models.ManyToManyField(Country, blank=True, related_name="follow_up_actions")
    owner_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="follow_up_actions"
    )
    due_text = models.CharField(
        max_length=200,
        blank=True,
        help_text="The deadline as written, e.g. “by the end of this year”.",
    )
    due_date = models.DateField(
        null=True,
        blank=True,
        help_text="Any day in the period: it is kept as the last day of the period "
        "(“by February 2022” is kept as 28 February 2022).",
    )
    due_precision = models.CharField(
        max_length=15, choices=Precision.choices, default=Precision.DAY
    )
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.OPEN)
    search_vector = search_vector_field()

    objects = FollowUpActionQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["search_vector", "version"],
        m2m_fields=["owner_countries", "owner_organisations"],
    )

    class Meta:
        ordering = ["meeting", "paragraph__number", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_precision__in=ActionPrecision.values),
                name="followupaction_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=FollowUpActionStatus.values),
                name="followupaction_status_valid",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        due_precision__in=["day", "month", "quarter", "year"],
                        due_date__isnull=False,
                    )
                    | Q(
                        due_precision__in=["next_meeting", "none"],
                        due_date__isnull=True,
                    )
                ),
                name="followupaction_date_matches_precision",
                violation_error_message="A dated deadline needs a due date; “at the next meeting” "
                "and “no deadline” take none.",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="followupaction_status_due_idx"),
            models.Index(fields=["due_date"], name="followupaction_due_idx"),
        ]

    def __str__(self):
        return self.description[:80]

    def clean(self):
        errors = {}
        # The action follows its resolution's paragraph, and the paragraph's meeting. The
        # resolution may still be unsaved here (an action entered inline with it).
        if self.resolution is not None:
            self.paragraph_id = self.resolution.paragraph_id
        if self.paragraph_id:
            self.meeting_id = self.paragraph.meeting_id
        elif self.meeting_id is None:
            errors["meeting"] = "Choose the meeting where it was committed, or its paragraph."
        if self.due_precision in self.DATED:
            if self.due_date is None:
                errors["due_date"] = (
                    "Enter a due date, or choose “At the next meeting” or “No deadline”."
                )
            else:
                self.due_date = display.period_end(self.due_date, self.due_precision)
        elif self.due_date is not None:
            errors["due_date"] = (
                f"“{self.get_due_precision_display()}” takes no date: clear the due date "
                "or choose a day, month, quarter or year."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def due_display(self):
        return self.deadline_display(self.due_date, self.due_precision)

    @classmethod
    def deadline_display(cls, due_date, precision) -> str:
        """The deadline at its precision, "February 2022", or "At the next meeting"."""
        if precision in cls.DATED:
            return display.due_date(due_date, precision)
        return cls.Precision(precision).label

    @property
    def is_closed(self):
        return self.status in CLOSED_STATUSES

    @property
    def is_overdue(self):
        """This row's answer to ``FollowUpActionQuerySet.overdue()``, judged today."""
        return self.is_overdue_on(timezone.localdate())

    def is_overdue_on(self, day):
        return not self.is_closed and self.due_date is not None and self.due_date < day


class ProgressUpdateQuerySet(models.QuerySet):
    def published(self, *, include_restricted=False):
        """Updates whose action and reporting meeting are both public."""
        return self.filter(
            published_q("meeting", include_restricted=include_restricted),
            published_q("action__meeting", include_restricted=include_restricted),
        )

    def in_meeting_order(self):
        """Oldest reporting meeting first (meetings known only by their year first in it)."""
        return self.order_by(*meeting_date_order("meeting", descending=False))


class ProgressUpdate(models.Model):
    """Progress on an action as reported at a later meeting (“reported at the Third HLM: …”)."""

    action = models.ForeignKey(
        FollowUpAction, on_delete=models.CASCADE, related_name="progress_updates"
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="progress_updates",
        help_text="The meeting at which progress was reported.",
    )
    paragraph = models.ForeignKey(
        Paragraph,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_updates",
        help_text="The paragraph of that meeting's record that reports it.",
    )
    text = models.TextField(help_text="What was reported.")
    status = models.CharField(
        max_length=15,
        choices=FollowUpActionStatus.choices,
        blank=True,
        help_text="The action's status as reported, if the record says.",
    )

    objects = ProgressUpdateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting__start_date", "pk"]
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
        return f"Reported at {self.meeting}: {self.text[:60]}"

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


class RecordsVersion(models.Model):
    """A number that goes up with every change to the records, for cached pages to key on.

    One row. Saving or deleting any record, or changing its many-to-many links, bumps it in
    the same transaction (``records/signals.py``): a page cached under the old number is never
    served for the new data, in any process. Writes that send no signals (``QuerySet.update()``,
    ``bulk_create()``, raw SQL) call ``RecordsVersion.bump()`` themselves.
    """

    number = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="recordsversion_single_row"),
        ]

    def __str__(self):
        return f"Records version {self.number}"

    @classmethod
    def bump(cls) -> None:
        if not cls.objects.filter(pk=1).update(number=F("number") + 1):
            cls.objects.get_or_create(pk=1, defaults={"number": 1})

    @classmethod
    def read(cls) -> int:
        """The current number.

        Raw SQL: the record page reads it on every view, and the ORM's query building would
        cost several times what serving the cached page does.
        """
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT number FROM {table} WHERE id = 1")
            row = cursor.fetchone()
        return row[0] if row else 0
