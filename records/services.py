"""Writes that span models: each one validates through ``full_clean()`` like the admin."""

from dataclasses import dataclass
from functools import partial

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from records import subscriptions
from records.importing import lookup
from records.importing.parsed import ParsedRecord
from records.models import (
    AgendaItem,
    Correction,
    FollowUpAction,
    Meeting,
    MeetingSeries,
    Organisation,
    OrganisationKind,
    Paragraph,
    Participant,
    Person,
    Resolution,
)

# --- Importing a summary record ------------------------------------------------------------


@transaction.atomic
def record_import(*, parsed: ParsedRecord, user=None) -> Meeting:
    """Create a draft meeting with everything recognised in ``parsed``, linked.

    All or nothing: any part that fails validation raises ``ValidationError`` naming the
    part, and nothing is saved. A text already in the system is refused.
    """
    for duplicate in lookup.find_duplicates(parsed):
        if duplicate.is_whole:
            raise ValidationError(
                f"This record is already in the system: {duplicate.matching} of its "
                f"{duplicate.total} paragraphs are those of “{duplicate.meeting}”."
            )
    missing = [
        what
        for what, value in [
            ("the series", parsed.series_name),
            ("the meeting's number", parsed.sequence_number),
            ("the dates or the year", parsed.start_date or parsed.year),
        ]
        if not value
    ]
    if missing:
        raise ValidationError(f"Enter {' and '.join(missing)}: the record does not say.")
    series = lookup.find_series(parsed.series_name) or _new_series(parsed)
    countries = lookup.Countries()
    meeting = _saved(
        Meeting(
            series=series,
            sequence_number=parsed.sequence_number,
            year=parsed.year,
            start_date=parsed.start_date,
            end_date=parsed.end_date,
            venue=parsed.venue,
            country=countries.get(parsed.country),
            format=parsed.format,
            title=parsed.title,
            status=Meeting.Status.DRAFT,
        ),
        "The meeting",
    )
    for order, parsed_participant in enumerate(parsed.participants, start=1):
        _participant(
            meeting, parsed_participant, order, countries.get(parsed_participant.government)
        )
    agenda_items = {
        item.number: _saved(
            AgendaItem(meeting=meeting, number=item.number, title=item.title),
            f"Agenda item {item.number}",
        )
        for item in parsed.agenda_items
    }
    parties = lookup.PartyMatcher()
    for parsed_paragraph in parsed.paragraphs:
        where = f"¶{parsed_paragraph.number}"
        paragraph = _saved(
            Paragraph(
                meeting=meeting,
                number=parsed_paragraph.number,
                agenda_item=agenda_items.get(parsed_paragraph.agenda_item),
                text=parsed_paragraph.text,
            ),
            where,
        )
        resolutions = {}
        for order, parsed_resolution in enumerate(parsed_paragraph.resolutions, start=1):
            resolution = _saved(
                Resolution(
                    paragraph=paragraph,
                    order=order,
                    verb=parsed_resolution.verb,
                    parties=parsed_resolution.parties,
                    text=parsed_resolution.text,
                ),
                f"{where}, resolution {order}",
            )
            countries, organisations = parties.match(
                f"{parsed_resolution.parties} {parsed_resolution.co_parties}", meeting.start_date
            )
            resolution.party_countries.set(countries)
            resolution.party_organisations.set(organisations)
            resolutions[order] = resolution
        for number, parsed_action in enumerate(parsed_paragraph.actions, start=1):
            action = _saved(
                FollowUpAction(
                    meeting=meeting,
                    paragraph=paragraph,
                    resolution=resolutions.get(parsed_action.resolution),
                    description=parsed_action.description,
                    owners=parsed_action.owners,
                    due_text=parsed_action.due_text,
                    due_date=parsed_action.due_date,
                    due_precision=parsed_action.due_precision,
                ),
                f"{where}, follow-up action {number}",
            )
            countries, organisations = parties.match(parsed_action.owners, meeting.start_date)
            action.owner_countries.set(countries)
            action.owner_organisations.set(organisations)
    if user is not None:
        LogEntry.objects.log_actions(
            user_id=user.pk,
            queryset=[meeting],
            action_flag=ADDITION,
            change_message="Imported from a summary record as a draft.",
            single_object=True,
        )
    return meeting


def _saved(instance, where: str):
    """Validate like the admin and save; a failure names the part of the record."""
    try:
        instance.full_clean()
    except ValidationError as error:
        messages = [
            f"{field}: {message}" if field != "__all__" else message
            for field, field_messages in error.message_dict.items()
            for message in field_messages
        ]
        raise ValidationError([f"{where}: {message}" for message in messages]) from error
    instance.save()
    return instance


def _new_series(parsed: ParsedRecord) -> MeetingSeries:
    name = parsed.series_name
    short_name = parsed.series_short_name or _shortened(name, 60)
    return _saved(
        MeetingSeries(
            name=name,
            short_name=short_name,
            slug=_unique_slug(MeetingSeries, short_name or name),
        ),
        "The new series",
    )


def _participant(meeting: Meeting, parsed, order: int, government) -> Participant:
    person = Person.objects.filter(honorific=parsed.honorific, name=parsed.name).first()
    if person is None:
        person = _saved(Person(honorific=parsed.honorific, name=parsed.name), parsed.name)
    organisation = None
    short_name = parsed.organisation_short_name
    if parsed.organisation:
        organisation = lookup.find_organisation(
            parsed.organisation, parsed.organisation_short_name
        ) or _saved(
            Organisation(
                name=parsed.organisation,
                short_name=parsed.organisation_short_name,
                slug=_unique_slug(Organisation, short_name or parsed.organisation),
                kind=_organisation_kind(parsed.organisation),
                country=government,
            ),
            f"The organisation of {parsed.name}",
        )
    return _saved(
        Participant(
            meeting=meeting,
            person=person,
            role=parsed.role,
            position=parsed.position,
            organisation=organisation,
            government=government,
            order=order,
        ),
        parsed.name,
    )


def _organisation_kind(name: str) -> str:
    first = name.split()[0].lower() if name else ""
    if first in {"ministry", "department", "office", "agency", "authority", "bureau"}:
        return OrganisationKind.MINISTRY
    if "secretariat" in name.lower():
        return OrganisationKind.SECRETARIAT
    return OrganisationKind.OTHER


def _shortened(name: str, length: int) -> str:
    if len(name) <= length:
        return name
    cut = name.rfind(" ", 0, length)
    return name[:cut].rstrip(" ,") if cut > 0 else name[:length]


def _unique_slug(model, text: str) -> str:
    base = slugify(text)[:90] or "imported"
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


# --- The publication workflow ---------------------------------------------------------------
#
# draft → in review → published → withdrawn; in review → draft (sent back); a published
# record is corrected in place and gains a public correction note. Each function checks the
# record's state and, when a user is given, that user's permission (``user=None``: the system
# itself, e.g. a command); it refuses with ``ValidationError`` or ``PermissionDenied`` and
# then changes nothing.

Status = Meeting.Status


@dataclass(frozen=True)
class WorkflowRule:
    """Who may make a move of the workflow (any one of ``permissions``) and from which
    ``states``: the services check it, the admin offers the move by it."""

    permissions: tuple[str, ...]
    states: tuple[str, ...]
    done: str  # "only a record that is … can be <done>"

    def allowed_for(self, user) -> bool:
        return any(user.has_perm(f"records.{permission}") for permission in self.permissions)

    def check(self, meeting: Meeting, user) -> None:
        """Refuse unless ``user`` (``None``: the system) may, and the record is in one of
        ``states``."""
        if user is not None and not self.allowed_for(user):
            raise PermissionDenied(
                f"Your role does not allow this ({' or '.join(self.permissions)})."
            )
        if meeting.status not in self.states:
            allowed = " or ".join(Status(state).label.lower() for state in self.states)
            raise ValidationError(
                f"“{meeting}” is {meeting.get_status_display().lower()}: only a record that is "
                f"{allowed} can be {self.done}."
            )


SUBMIT = WorkflowRule(("submit_meeting",), (Status.DRAFT,), "submitted")
SEND_BACK = WorkflowRule(("submit_meeting", "publish_meeting"), (Status.IN_REVIEW,), "sent back")
PUBLISH = WorkflowRule(("publish_meeting",), (Status.IN_REVIEW,), "published")
CORRECT = WorkflowRule(("correct_meeting",), (Status.PUBLISHED,), "corrected")
WITHDRAW = WorkflowRule(("withdraw_meeting",), (Status.PUBLISHED,), "withdrawn")


def _log(meeting: Meeting, user, message: str) -> None:
    if user is not None:
        LogEntry.objects.log_actions(
            user_id=user.pk,
            queryset=[meeting],
            action_flag=CHANGE,
            change_message=message,
            single_object=True,
        )


def _move(meeting: Meeting, user, status: str, message: str, **fields) -> Meeting:
    meeting.status = status
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    meeting.save()
    _log(meeting, user, message)
    return meeting


@transaction.atomic
def meeting_submit_for_review(*, meeting: Meeting, user) -> Meeting:
    """A draft goes to a publisher for review."""
    SUBMIT.check(meeting, user)
    return _move(meeting, user, Status.IN_REVIEW, "Submitted for review.")


@transaction.atomic
def meeting_send_back(*, meeting: Meeting, user) -> Meeting:
    """A record in review goes back to draft for its editors to change."""
    SEND_BACK.check(meeting, user)
    return _move(meeting, user, Status.DRAFT, "Sent back to draft.")


@transaction.atomic
def meeting_publish(*, meeting: Meeting, user, when=None) -> Meeting:
    """A record in review is published: the public sees it (members only if restricted)."""
    PUBLISH.check(meeting, user)
    transaction.on_commit(partial(subscriptions.notify_published, meeting_id=meeting.pk))
    return _move(meeting, user, Status.PUBLISHED, "Published.", published_at=when or timezone.now())


@transaction.atomic
def meeting_correct(*, meeting: Meeting, note: str, user, when=None) -> Correction:
    """Record a public correction note on a published record (its edits are made alongside,
    in the same transaction, by the admin form that asks for the note)."""
    CORRECT.check(meeting, user)
    correction = Correction(
        meeting=meeting, note=note.strip(), made_by=user, corrected_at=when or timezone.now()
    )
    try:
        correction.full_clean()
    except ValidationError as error:
        raise ValidationError(
            {"note": "Write the correction note the public will read."}
        ) from error
    correction.save()
    Meeting.objects.filter(pk=meeting.pk).update(updated_at=correction.corrected_at)
    _log(meeting, user, f"Corrected: {correction.note}")
    transaction.on_commit(partial(subscriptions.notify_corrected, correction_id=correction.pk))
    return correction


@transaction.atomic
def meeting_withdraw(*, meeting: Meeting, reason: str, user, when=None) -> Meeting:
    """A published record is withdrawn from the public; the reason is kept."""
    WITHDRAW.check(meeting, user)
    if not reason.strip():
        raise ValidationError({"withdrawal_reason": "Give the reason the record is withdrawn."})
    return _move(
        meeting,
        user,
        Status.WITHDRAWN,
        f"Withdrawn: {reason.strip()}",
        withdrawal_reason=reason.strip(),
        withdrawn_at=when or timezone.now(),
    )
