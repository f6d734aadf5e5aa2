"""What a meeting committed to do (follow-up actions); the progress later meetings reported
on them is ``records/models/progress.py``."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from records import display
from records.models.meeting_queries import meeting_date_order
from records.models.meetings import Meeting, Paragraph
from records.models.publication import published_q
from records.models.reference import Country, Organisation
from records.models.resolutions import Resolution
from records.models.searchable import (
    RecordQuerySet,
    Searchable,
    SearchableManager,
    SearchTextField,
    search_vector_field,
)
from records.models.versioning import RecordPart, VersionedRecord


class ActionPrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("End of year")
    NEXT_MEETING = "next_meeting", _("At the next meeting")
    NONE = "none", _("No deadline")


class FollowUpActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


CLOSED_STATUSES = [FollowUpActionStatus.DONE, FollowUpActionStatus.CANCELLED]


def owner_lists(path: str = "") -> list[Prefetch]:
    """The countries and organisations named as owners of the actions at ``path`` (a lookup
    to them, or "" for the rows themselves), by name, as the lists ``listed_owner_countries``
    and ``listed_owner_organisations``: lists, as ``records.models.resolutions.party_lists``
    and for its reason."""
    prefix = f"{path}__" if path else ""
    return [
        Prefetch(
            f"{prefix}owner_countries",
            queryset=Country.objects.order_by("name"),
            to_attr="listed_owner_countries",
        ),
        Prefetch(
            f"{prefix}owner_organisations",
            queryset=Organisation.objects.order_by("name"),
            to_attr="listed_owner_organisations",
        ),
    ]


class FollowUpActionQuerySet(RecordQuerySet):
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
        return self.filter(FollowUpAction.overdue_condition(today or timezone.localdate()))

    def carried_over(self, *, include_restricted=False):
        """Carried over to a later meeting: among a later meeting's matters arising."""
        return self.filter(
            FollowUpAction.carried_over_condition(include_restricted=include_restricted)
        )

    def with_carried_over(self, *, include_restricted=False):
        """Each action with ``carried_over`` (``FollowUpAction.carried_over_condition``),
        asked row by row: a page of rows costs a few index look-ups, where the condition's
        own form (built to filter and count all rows at once) reads every action each time.
        tests/test_action_details.py checks that the two forms agree."""
        from records.models.progress import ProgressUpdate  # which refers to this module

        series = OuterRef("meeting__series_id")
        number = OuterRef("meeting__sequence_number")
        later_meeting = Meeting.objects.published(include_restricted=include_restricted).filter(
            series_id=series, sequence_number__gt=number
        )
        later_report = ProgressUpdate.objects.published(
            include_restricted=include_restricted
        ).filter(
            action_id=OuterRef("pk"), meeting__series_id=series, meeting__sequence_number__gt=number
        )
        row_by_row = (~Q(status__in=CLOSED_STATUSES) & Q(Exists(later_meeting))) | Q(
            Exists(later_report)
        )
        return self.annotate(
            carried_over=ExpressionWrapper(row_by_row, output_field=BooleanField())
        )

    def for_listing(self, *, include_restricted=False):
        """What a list row shows, with the progress reported on each action and whether it
        was carried over to a later meeting. The owners as the record words them: the
        countries and organisations they name are ``with_owners()``."""
        from records.models.progress import ProgressUpdate  # which refers to this module

        listed = self.with_carried_over(include_restricted=include_restricted)
        return listed.select_related("meeting__series", "paragraph").prefetch_related(
            Prefetch(
                "progress_updates",
                queryset=ProgressUpdate.objects.published(include_restricted=include_restricted)
                .select_related("meeting__series", "paragraph")
                .in_meeting_order(),
                to_attr="published_progress_updates",
            ),
        )

    def with_owners(self):
        """Each action with the countries and organisations its owners name, as
        ``owner_lists()`` (the API shows them beside the owners as worded)."""
        return self.prefetch_related(*owner_lists())

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
        from records.models.progress import ProgressUpdate  # which refers to this module

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


class FollowUpAction(Searchable, VersionedRecord, RecordPart):
    """Something a meeting committed to do, with its owners, deadline and status."""

    Precision = ActionPrecision

    DATED = (Precision.DAY, Precision.MONTH, Precision.QUARTER, Precision.YEAR)

    Status = FollowUpActionStatus

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="follow_up_actions",
        blank=True,
        help_text=_("The meeting where it was committed; taken from the paragraph when empty."),
        verbose_name=_("meeting"),
    )
    paragraph = models.ForeignKey(
        Paragraph,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_up_actions",
        help_text=_("Empty only when the meeting's text is not in the system."),
        verbose_name=_("paragraph"),
    )
    resolution = models.ForeignKey(
        Resolution,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_up_actions",
        verbose_name=_("resolution"),
    )
    description = models.TextField(
        help_text=_("What was committed."), verbose_name=_("description")
    )
    owners = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("Who acts, as the record writes it."),
        verbose_name=_("owners"),
    )
    owner_countries = models.ManyToManyField(
        Country, blank=True, related_name="follow_up_actions", verbose_name=_("owner countries")
    )
    owner_organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="follow_up_actions",
        verbose_name=_("owner organisations"),
    )
    due_text = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("The deadline as written, e.g. “by the end of this year”."),
        verbose_name=_("due text"),
    )
    due_date = models.DateField(
        null=True,
        blank=True,
        help_text=_(
            "Any day in the period: it is kept as the last day of the period "
            "(“by February 2022” is kept as 28 February 2022)."
        ),
        verbose_name=_("due date"),
    )
    due_precision = models.CharField(
        _("deadline given as"),
        max_length=15,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text=_(
            "As the record gives it: a day, a month, a quarter, a year's end, the next "
            "meeting, or no deadline."
        ),
    )
    status = models.CharField(
        max_length=15, choices=Status.choices, default=Status.OPEN, verbose_name=_("status")
    )
    search_vector = search_vector_field(verbose_name=_("search vector"))
    search_text = SearchTextField(
        sources=["description", "owners", "due_text"], verbose_name=_("search text")
    )

    objects = SearchableManager.from_queryset(FollowUpActionQuerySet)()
    history = HistoricalRecords(
        excluded_fields=["search_vector", "search_text", "version"],
        m2m_fields=["owner_countries", "owner_organisations"],
    )

    class Meta:
        base_manager_name = "objects"
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["meeting_id", "paragraph_id", "pk"]
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
            # Latest deadline first with the undated last (``by_due_date(descending=True)``),
            # which the ascending index read backwards would put first, is indexed on
            # PostgreSQL only (followupaction_due_desc_idx, migration 0020): SQLite refuses
            # NULLS LAST in an index, so it is kept out of the models' state (migration 0023).
        ]

    def __str__(self):
        return display.excerpt(self.description, 80)

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

    # The one definition of overdue, as a query condition and for a loaded row, side by side:
    # past the last day of its deadline's period, and neither done nor cancelled.
    @staticmethod
    def overdue_condition(day) -> Q:
        return Q(due_date__lt=day) & ~Q(status__in=CLOSED_STATUSES)

    def is_overdue_on(self, day) -> bool:
        return self.due_date is not None and self.due_date < day and not self.is_closed

    # When it became overdue, from the same rule: ``due_date`` is the last day of the
    # deadline's period, so the first overdue day is the day after it ("by February 2022":
    # overdue since 1 March 2022). Empty for an action that is not overdue.
    @staticmethod
    def first_overdue_day(due_date) -> datetime.date:
        return due_date + datetime.timedelta(days=1)

    @staticmethod
    def days_overdue_on(due_date, day) -> int:
        """How many days overdue an action due by ``due_date`` is on ``day`` (1 on the first)."""
        return (day - due_date).days

    @property
    def overdue_since(self) -> datetime.date | None:
        return self.first_overdue_day(self.due_date) if self.is_overdue else None

    @property
    def days_overdue(self) -> int | None:
        return (
            self.days_overdue_on(self.due_date, timezone.localdate()) if self.is_overdue else None
        )

    @staticmethod
    def carried_over_condition(*, include_restricted=False) -> Q:
        """Carried over to a later meeting: among the matters arising of a later published
        meeting of its series (``FollowUpActionQuerySet.matters_arising``).

        That is the next published meeting of the series if the action is still open, or
        any later meeting of the series that reported on it (a report says it was still on
        the table there, even if it was closed at that meeting).
        """
        from records.models.progress import ProgressUpdate  # which refers to this module

        # Both parts are subqueries that do not depend on the row (each is run once, not per
        # action): the meetings with a later published meeting in their series, and the
        # actions reported on at a later meeting of their series.
        meetings = Meeting.objects.published(include_restricted=include_restricted)
        with_later_meeting = meetings.filter(
            Exists(
                meetings.filter(
                    series_id=OuterRef("series_id"), sequence_number__gt=OuterRef("sequence_number")
                )
            )
        )
        reported_later = ProgressUpdate.objects.published(
            include_restricted=include_restricted
        ).filter(
            meeting__series_id=F("action__meeting__series_id"),
            meeting__sequence_number__gt=F("action__meeting__sequence_number"),
        )
        return (
            ~Q(status__in=CLOSED_STATUSES) & Q(meeting_id__in=with_later_meeting.values("pk"))
        ) | Q(pk__in=reported_later.values("action_id"))
