"""Writes that span models: each one validates through ``full_clean()`` like the admin."""

from functools import partial

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import dateformat, timezone
from django.utils.text import get_text_list, slugify
from django.utils.translation import gettext

from records import audit, languages, subscriptions, versions, workflow
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
    last_change,
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
                gettext(
                    "This record is already in the system: %(matching)s of its %(total)s "
                    "paragraphs are those of “%(record)s”."
                )
                % {
                    "matching": duplicate.matching,
                    "total": duplicate.total,
                    "record": duplicate.meeting,
                }
            )
    missing = [
        what
        for what, value in [
            (gettext("the series"), parsed.series_name),
            (gettext("the meeting's number"), parsed.sequence_number),
            (gettext("the dates or the year"), parsed.start_date or parsed.year),
        ]
        if not value
    ]
    if missing:
        raise ValidationError(
            gettext("Enter %(missing)s: the record does not say.")
            % {"missing": get_text_list(missing, gettext("and"))}
        )
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
            country=countries.get_or_add(parsed.country),
            format=parsed.format,
            title=parsed.title,
            status=Meeting.Status.DRAFT,
        ),
        gettext("The meeting"),
    )
    for order, parsed_participant in enumerate(parsed.participants, start=1):
        _participant(
            meeting, parsed_participant, order, countries.get_or_add(parsed_participant.government)
        )
    agenda_items = {
        item.number: _saved(
            AgendaItem(meeting=meeting, number=item.number, title=item.title),
            gettext("Agenda item %(number)s") % {"number": item.number},
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
                    verb_word=parsed_resolution.verb_word,
                    parties=parsed_resolution.parties,
                    text=parsed_resolution.text,
                ),
                gettext("%(paragraph)s, resolution %(order)s")
                % {"paragraph": where, "order": order},
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
                gettext("%(paragraph)s, follow-up action %(number)s")
                % {"paragraph": where, "number": number},
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
        gettext("The new series"),
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
            gettext("The organisation of %(name)s") % {"name": parsed.name},
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
# record is corrected in place and gains a public correction note. Who may make each move,
# from which states, is ``records.workflow``'s. Each function locks the meeting's row, checks
# the user's permission (``user=None``: the system itself, e.g. a command), the record's state
# and, given the ``version`` its user confirmed the move on, that the record has not changed
# since; it refuses with ``PermissionDenied`` or ``ValidationError`` and then changes nothing.

Status = Meeting.Status


def _lock_and_check(
    meeting: Meeting, rule: workflow.WorkflowRule, user, version: int | None
) -> None:
    """Check ``rule`` on ``meeting`` read afresh under a row lock held to the end of the
    transaction (a change made meanwhile waits for it, or is seen)."""
    rule.check_allowed(user)
    meeting.refresh_from_db(from_queryset=Meeting.objects.select_for_update())
    if version is not None and meeting.version != version:
        raise ValidationError(_changed_since_opened(meeting))
    rule.check_state(meeting)


def _changed_since_opened(meeting: Meeting) -> str:
    """Who changed ``meeting`` last and when, as much of it as its history knows, in one
    sentence to translate whole."""
    last = last_change(meeting)
    said = {"record": meeting}
    if last is None:
        return (
            gettext("“%(record)s” was changed since you opened this page; review it again.") % said
        )
    said["when"] = dateformat.format(timezone.localtime(last.history_date), "j F Y, H:i:s T")
    if last.history_user is None:
        return (
            gettext(
                "“%(record)s” was changed at %(when)s since you opened this page; review it again."
            )
            % said
        )
    said["user"] = last.history_user
    return (
        gettext(
            "“%(record)s” was changed by %(user)s at %(when)s since you opened this page; "
            "review it again."
        )
        % said
    )


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
    meeting._history_user = user  # who moved it, in its history, whether or not in a request
    meeting.full_clean()
    meeting.save(update_fields=["status", "updated_at", *fields])
    _log(meeting, user, message)
    return meeting


@transaction.atomic
def meeting_submit_for_review(*, meeting: Meeting, user, version: int | None = None) -> Meeting:
    """A draft goes to a publisher for review."""
    _lock_and_check(meeting, workflow.SUBMIT, user, version)
    return _move(meeting, user, Status.IN_REVIEW, "Submitted for review.")


@transaction.atomic
def meeting_send_back(*, meeting: Meeting, user, version: int | None = None) -> Meeting:
    """A record in review goes back to draft for its editors to change."""
    _lock_and_check(meeting, workflow.SEND_BACK, user, version)
    return _move(meeting, user, Status.DRAFT, "Sent back to draft.")


@transaction.atomic
def meeting_publish(*, meeting: Meeting, user, version: int | None = None, when=None) -> Meeting:
    """A record in review is published: the public sees it (members only if restricted), with
    its language versions in review (``languages.versions_published_with``)."""
    _lock_and_check(meeting, workflow.PUBLISH, user, version)
    meeting = _move(
        meeting, user, Status.PUBLISHED, "Published.", published_at=when or timezone.now()
    )
    languages.versions_published_with(meeting, user=user, when=meeting.published_at)
    versions.record_version(meeting=meeting, when=meeting.published_at)
    transaction.on_commit(partial(subscriptions.notify_published, meeting_id=meeting.pk))
    return meeting


@transaction.atomic
def meeting_correct(*, meeting: Meeting, note: str, user, when=None) -> Correction:
    """Record a public correction note on a published record (its edits are made alongside,
    in the same transaction, by the admin form that asks for the note). Refused if the edits
    leave the record numbering other paragraphs than its published language versions
    (``languages.record_paragraphs_problem``)."""
    _lock_and_check(meeting, workflow.CORRECT, user, None)
    languages.check_record_paragraphs(meeting)
    correction = Correction(
        meeting=meeting, note=note.strip(), made_by=user, corrected_at=when or timezone.now()
    )
    try:
        correction.full_clean()
    except ValidationError as error:
        raise ValidationError(
            {"note": gettext("Write the correction note the public will read.")}
        ) from error
    correction.save()
    audit.correction_made(correction)
    meeting.save(update_fields=["updated_at"])
    versions.record_version(meeting=meeting, note=correction.note, when=correction.corrected_at)
    _log(meeting, user, f"Corrected: {correction.note}")
    transaction.on_commit(partial(subscriptions.notify_corrected, correction_id=correction.pk))
    return correction


@transaction.atomic
def meeting_withdraw(
    *, meeting: Meeting, reason: str, user, version: int | None = None, when=None
) -> Meeting:
    """A published record is withdrawn from the public; the reason is kept."""
    _lock_and_check(meeting, workflow.WITHDRAW, user, version)
    if not reason.strip():
        raise ValidationError(
            {"withdrawal_reason": gettext("Give the reason the record is withdrawn.")}
        )
    return _move(
        meeting,
        user,
        Status.WITHDRAWN,
        f"Withdrawn: {reason.strip()}",
        withdrawal_reason=reason.strip(),
        withdrawn_at=when or timezone.now(),
    )
