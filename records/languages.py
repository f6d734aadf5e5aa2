"""Writes of a record's language versions: adding one, and its moves through the workflow.

A version is added as a draft (``language_version_add``), submitted for review, and published
by a publisher like a record; a version added to a record already published is published on
its own, and the record's public history then says so (“Japanese version added on 7 December
2026”: a new published version of the record, ``records.versions``, freezes its text with the
record's). A version in review when its record is published is published with it
(``versions_published_with``, called by ``services.meeting_publish``). A published version
taken down (``language_version_withdraw``) leaves a line in the history too. Its text is
corrected on its admin page, as the record's is: a correction note of the record.

Every version numbers the record's paragraphs (``LanguageVersion.paragraph_numbers_problem``):
one that does not is refused when added, submitted or published. Who may make which move
from which state is ``records.workflow``'s (the meeting's rules, judged on the version).
"""

import unicodedata

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from records import audit, display, versions, workflow
from records.language_tags import normalise_language, validate_language
from records.models import LanguageVersion, Meeting, VersionParagraph

Status = Meeting.Status


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def _log(obj, user, message: str, flag=CHANGE) -> None:
    if user is not None:
        LogEntry.objects.log_actions(
            user_id=user.pk,
            queryset=[obj],
            action_flag=flag,
            change_message=message,
            single_object=True,
        )


def _messages(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {field: list(ValidationError(e).messages) for field, e in error.error_dict.items()}
    return {"__all__": list(error.messages)}


# --- Adding a version ----------------------------------------------------------------------


@transaction.atomic
def language_version_add(
    *,
    meeting: Meeting,
    language: str,
    title: str,
    paragraphs: list[tuple[int, str]],
    authoritative: bool = True,
    original: bool = False,
    user=None,
) -> LanguageVersion:
    """Add ``meeting``'s version in ``language`` as a draft: its ``title`` and ``(number,
    text)`` paragraphs, kept NFC.

    Refused (``ValidationError``, by field: ``language``, ``title``, ``paragraphs``), and
    nothing saved: a language that is no BCP 47 tag, the record's own or one it has a version
    in already; no title; paragraphs numbering other paragraphs than the record's; a second
    original. A withdrawn record is frozen; ``user`` needs the permission to add versions.
    """
    if user is not None and not user.has_perm("records.add_languageversion"):
        raise PermissionDenied(gettext("Your role does not allow adding a language version."))
    meeting.refresh_from_db(from_queryset=Meeting.objects.select_for_update())
    if meeting.status == Status.WITHDRAWN:
        raise ValidationError(
            gettext("“%(record)s” is withdrawn: it is frozen, no version can be added.")
            % {"record": meeting}
        )
    language = normalise_language(language or "")
    try:
        validate_language(language)
    except ValidationError as error:
        raise ValidationError({"language": error.messages}) from error
    language_version = LanguageVersion(
        meeting=meeting,
        language=language,
        title=_nfc(title),
        authoritative=authoritative,
        original=original,
        status=Status.DRAFT,
    )
    errors: dict[str, list[str]] = {}
    try:
        language_version.full_clean()
    except ValidationError as error:
        errors.update(_messages(error))
    numbers = [number for number, _ in paragraphs]
    if not paragraphs:
        errors.setdefault("paragraphs", []).append(gettext("The version has no paragraphs."))
    elif len(set(numbers)) != len(numbers):
        repeated = sorted({number for number in numbers if numbers.count(number) > 1})
        errors.setdefault("paragraphs", []).append(
            gettext("The text numbers %(numbers)s twice.")
            % {"numbers": ", ".join(f"¶{n}" for n in repeated)}
        )
    elif problem := language_version.paragraph_numbers_problem(numbers):
        errors.setdefault("paragraphs", []).append(problem)
    if errors:
        raise ValidationError(errors)
    language_version.save()
    for number, text in paragraphs:
        paragraph = VersionParagraph(
            language_version=language_version, number=number, text=_nfc(text)
        )
        try:
            paragraph.full_clean()
        except ValidationError as error:
            raise ValidationError(
                {"paragraphs": [f"¶{number}: {message}" for message in error.messages]}
            ) from error
        paragraph.save()
    _log(language_version, user, "Added as a draft.", ADDITION)
    return language_version


# --- The workflow ---------------------------------------------------------------------------


def _lock_and_check(
    language_version: LanguageVersion, rule: workflow.WorkflowRule, user, version: int | None
) -> Meeting:
    """Check ``rule`` on ``language_version`` read afresh under row locks (its record's
    first, as the record's own moves take it) held to the end of the transaction; its
    record, locked."""
    rule.check_allowed(user)
    meeting = Meeting.objects.select_for_update().get(pk=language_version.meeting_id)
    language_version.refresh_from_db(from_queryset=LanguageVersion.objects.select_for_update())
    language_version.meeting = meeting
    if version is not None and language_version.version != version:
        raise ValidationError(
            gettext(
                "The %(language)s version of “%(record)s” was changed since you opened this "
                "page; review it again."
            )
            % {"language": language_version.name, "record": meeting}
        )
    rule.check_state(language_version)
    if meeting.status == Status.WITHDRAWN:
        raise ValidationError(
            gettext("“%(record)s” is withdrawn: it and its versions are frozen.")
            % {"record": meeting}
        )
    return meeting


def _check_numbers(language_version: LanguageVersion) -> None:
    if problem := language_version.paragraph_numbers_problem():
        raise ValidationError(problem)


def _move(language_version, user, status: str, message: str, **fields) -> LanguageVersion:
    language_version.status = status
    for name, value in fields.items():
        setattr(language_version, name, value)
    language_version._history_user = user
    language_version.full_clean()
    language_version.save(update_fields=["status", "updated_at", *fields])
    _log(language_version, user, message)
    return language_version


def added_note(language_version: LanguageVersion, when) -> str:
    """The line of the record's public history that a version added after it was published
    reads: “Japanese version added on 7 December 2026”."""
    return f"{language_version.name} version added on {display.long_date(when)}"


def withdrawn_note(language_version: LanguageVersion, when, reason: str) -> str:
    return f"{language_version.name} version withdrawn on {display.long_date(when)}: {reason}"


def _in_history(meeting: Meeting, user, note: str, when) -> None:
    """A new published version of ``meeting`` with ``note``, as a correction makes one."""
    meeting._history_user = user
    meeting.save(update_fields=["updated_at"])
    versions.record_version(meeting=meeting, note=note, when=when)
    _log(meeting, user, note)


@transaction.atomic
def language_version_submit_for_review(
    *, language_version: LanguageVersion, user, version: int | None = None
) -> LanguageVersion:
    """A draft version goes to a publisher for review; it must number the record's
    paragraphs."""
    _lock_and_check(language_version, workflow.SUBMIT, user, version)
    _check_numbers(language_version)
    return _move(language_version, user, Status.IN_REVIEW, "Submitted for review.")


@transaction.atomic
def language_version_send_back(
    *, language_version: LanguageVersion, user, version: int | None = None
) -> LanguageVersion:
    """A version in review goes back to draft for its editors to change."""
    _lock_and_check(language_version, workflow.SEND_BACK, user, version)
    return _move(language_version, user, Status.DRAFT, "Sent back to draft.")


@transaction.atomic
def language_version_publish(
    *, language_version: LanguageVersion, user, version: int | None = None, when=None
) -> LanguageVersion:
    """A version in review of a published record is published: the record's public history
    gains “<Language> version added on <date>”, a published version freezing it with the
    record. A record not yet published publishes its versions in review with it
    (``services.meeting_publish``), so they are refused here."""
    meeting = _lock_and_check(language_version, workflow.PUBLISH, user, version)
    if meeting.status != Status.PUBLISHED:
        raise ValidationError(
            gettext(
                "“%(record)s” is %(status)s: its versions in review are published with it, "
                "when the record is published."
            )
            % {"record": meeting, "status": meeting.get_status_display().lower()}
        )
    _check_numbers(language_version)
    when = when or timezone.now()
    note = added_note(language_version, when)
    with audit.note_changes(note):
        _move(language_version, user, Status.PUBLISHED, "Published.", published_at=when)
        _in_history(meeting, user, note, when)
    return language_version


@transaction.atomic
def language_version_withdraw(
    *, language_version: LanguageVersion, reason: str, user, version: int | None = None, when=None
) -> LanguageVersion:
    """A published version is taken down with a reason; the record's public history says so
    (“Japanese version withdrawn on …: <reason>”). Withdrawn, it is frozen, as a record is."""
    meeting = _lock_and_check(language_version, workflow.WITHDRAW, user, version)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": gettext("Give the reason the version is withdrawn.")})
    when = when or timezone.now()
    note = withdrawn_note(language_version, when, reason)
    with audit.note_changes(note):
        _move(language_version, user, Status.WITHDRAWN, f"Withdrawn: {reason}")
        if meeting.status == Status.PUBLISHED:
            _in_history(meeting, user, note, when)
    return language_version


def versions_published_with(meeting: Meeting, *, user, when) -> list[LanguageVersion]:
    """Publish ``meeting``'s versions in review with it (``services.meeting_publish``, under
    its lock, before the record's first published version is made). A version numbering other
    paragraphs than the record's refuses the whole publication: the publisher confirmed it
    with the record."""
    in_review = list(
        LanguageVersion.objects.select_for_update().filter(meeting=meeting, status=Status.IN_REVIEW)
    )
    for language_version in in_review:
        language_version.meeting = meeting
        if problem := language_version.paragraph_numbers_problem():
            raise ValidationError(
                gettext(
                    "%(problem)s Send the %(language)s version back to draft, or correct it, "
                    "before the record is published."
                )
                % {"problem": problem, "language": language_version.name}
            )
    for language_version in in_review:
        _move(
            language_version,
            user,
            Status.PUBLISHED,
            "Published with its record.",
            published_at=when,
        )
    return in_review


# --- The record's paragraphs and its published versions -----------------------------------


def record_paragraphs_problem(meeting: Meeting, numbers) -> str:
    """Why ``meeting``'s paragraphs numbered ``numbers`` would not match its published
    versions, or "".

    A correction that adds or removes (or renumbers) a paragraph of a record with published
    versions is refused, rather than leaving those versions numbering other paragraphs than
    the record, silently, or corrected in the same change: a translation is not written in
    a correction note. Withdraw the versions first, or correct the paragraph in place."""
    numbers = sorted(numbers)
    for language_version in meeting.language_versions.filter(status=Status.PUBLISHED):
        theirs = sorted(language_version.paragraphs.values_list("number", flat=True))
        if theirs != numbers:
            return gettext(
                "“%(record)s” has a published %(language)s version numbering %(count)s "
                "paragraphs; after this change the record would number %(record_count)s. A "
                "correction cannot add, remove or renumber a paragraph while published versions "
                "number the record's paragraphs: correct the paragraph in place, or withdraw the "
                "versions first."
            ) % {
                "record": meeting,
                "language": language_version.name,
                "count": len(theirs),
                "record_count": len(numbers),
            }
    return ""


def check_record_paragraphs(meeting: Meeting) -> None:
    """Refuse (``ValidationError``) ``meeting`` as stored now if its paragraphs no longer
    match its published versions (``services.meeting_correct``, after the change is saved)."""
    problem = record_paragraphs_problem(
        meeting, meeting.paragraphs.values_list("number", flat=True)
    )
    if problem:
        raise ValidationError(problem)
