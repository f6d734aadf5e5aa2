"""The publication workflow's rules: who may make which move from which state, and who may
change or delete which part of a record in which state.

Nothing here writes. The services (``records.services``) check these rules when they write;
the admin asks them what to offer and what to refuse, so that no rule is written twice.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from records.models import FollowUpAction, Meeting

Status = Meeting.Status

# A record still being written: its parts are changed and deleted freely.
BEING_WRITTEN = (Status.DRAFT, Status.IN_REVIEW)


@dataclass(frozen=True)
class WorkflowRule:
    """Who may make a move of the workflow (any one of ``permissions``) and from which
    ``states``."""

    permissions: tuple[str, ...]
    states: tuple[str, ...]
    done: str  # "only a record that is … can be <done>" (lazy: translated when shown)

    def allowed_for(self, user) -> bool:
        return any(user.has_perm(f"records.{permission}") for permission in self.permissions)

    def check_allowed(self, user) -> None:
        """Refuse unless ``user`` (``None``: the system itself) may make this move."""
        if user is not None and not self.allowed_for(user):
            raise PermissionDenied(
                gettext("Your role does not allow this (%(permissions)s).")
                % {"permissions": " or ".join(self.permissions)}
            )

    def check_state(self, meeting: Meeting) -> None:
        """Refuse unless the record is in one of ``states``."""
        if meeting.status not in self.states:
            allowed = get_text_list([Status(state).label.lower() for state in self.states])
            raise ValidationError(
                gettext(
                    "“%(record)s” is %(status)s: only a record that is %(allowed)s can be %(done)s."
                )
                % {
                    "record": meeting,
                    "status": meeting.get_status_display().lower(),
                    "allowed": allowed,
                    "done": self.done,
                }
            )


SUBMIT = WorkflowRule(("submit_meeting",), (Status.DRAFT,), _("submitted"))
SEND_BACK = WorkflowRule(("submit_meeting", "publish_meeting"), (Status.IN_REVIEW,), _("sent back"))
PUBLISH = WorkflowRule(("publish_meeting",), (Status.IN_REVIEW,), _("published"))
CORRECT = WorkflowRule(("correct_meeting",), (Status.PUBLISHED,), _("corrected"))
WITHDRAW = WorkflowRule(("withdraw_meeting",), (Status.PUBLISHED,), _("withdrawn"))

# Fields that track what happened after the meeting rather than say what it adopted:
# changing them on a published record is no correction.
TRACKING_FIELDS = {FollowUpAction: frozenset({"status"})}


def tracking_fields(model) -> frozenset:
    return TRACKING_FIELDS.get(model, frozenset())


def is_being_written(record: Meeting | None) -> bool:
    """A draft or a record in review (or one not chosen yet)."""
    return record is None or record.status in BEING_WRITTEN


def may_change(user, record: Meeting | None) -> bool:
    """Whether the record's state lets ``user`` change what it says (the model permission
    aside): while it is written; once published, a publisher, who writes a correction note."""
    if is_being_written(record):
        return True
    return record.status == Status.PUBLISHED and CORRECT.allowed_for(user)


def who_may_change(user, record: Meeting | None) -> str:
    """What to tell ``user`` who may not change ``record`` about who may, or ""."""
    if record is None or may_change(user, record):
        return ""
    if record.status == Status.PUBLISHED:
        return gettext(
            "“%(record)s” is published: only a publisher can correct it, with a correction "
            "note the public reads with the record. Ask a publisher of the Secretariat."
        ) % {"record": record}
    return gettext("“%(record)s” is withdrawn: it is frozen and can no longer be changed.") % {
        "record": record
    }


def may_track(record: Meeting | None) -> bool:
    """Whether the tracking of the record's actions (their status, the progress reported on
    them) may be kept up to date: until the record is withdrawn."""
    return record is None or record.status != Status.WITHDRAWN


def may_delete(part) -> bool:
    """Published parts are never deleted (a published record is corrected or withdrawn):
    a record itself only while a draft, a part only while every record showing it is being
    written (tracking may add and correct progress, never erase it)."""
    if part is part.record:
        return part.status == Status.DRAFT
    return all(is_being_written(record) for record in part.records())


def check_not_leaving(before, after) -> None:
    """Refuse (``ValidationError``) a change of part ``before`` (as stored) into ``after`` that
    takes it off a record no longer being written: a part shown on several records (progress
    on its action's record and on the reporting meeting's) must not vanish from one of them
    because another of its links changed."""
    staying = {record.pk for record in after.records()}
    for record in before.records():
        if record.pk not in staying and not is_being_written(record):
            raise ValidationError(
                gettext(
                    "“%(record)s” is %(status)s: moving “%(part)s” off it would delete it from "
                    "that record, and a published record's parts are never deleted. Correct it "
                    "where it is."
                )
                % {"record": record, "status": record.get_status_display().lower(), "part": before}
            )


def check_change(user, *, before: Meeting | None, after: Meeting | None, note: str, corrects: bool):
    """Refuse (``ValidationError``) a change by ``user`` to a part of record ``before`` that
    leaves it in record ``after`` (the same record, unless it moves).

    ``corrects``: whether it changes what the record says, not only its tracking. Moving a
    part out of a record deletes it from that record; moving it into one changes that one.
    On a published record a change is a correction: a publisher's, with ``note``.
    """
    if before is not None and (after is None or after.pk != before.pk):
        if not is_being_written(before):
            raise ValidationError(
                gettext(
                    "“%(record)s” is %(status)s: moving this out of it would delete it from that "
                    "record, and a published record's parts are never deleted. Correct it where "
                    "it is."
                )
                % {"record": before, "status": before.get_status_display().lower()}
            )
        corrects = True
    if after is None:
        return
    if after.status == Status.WITHDRAWN:
        raise ValidationError(
            gettext("“%(record)s” is withdrawn: its record can no longer be changed.")
            % {"record": after}
        )
    if after.status != Status.PUBLISHED:
        if note:
            raise ValidationError(
                {
                    "correction_note": gettext(
                        "“%(record)s” is not published: leave the correction note empty."
                    )
                    % {"record": after}
                }
            )
    elif note or corrects:
        if not CORRECT.allowed_for(user):
            raise ValidationError(
                gettext(
                    "“%(record)s” is published: only a publisher can correct it, with a "
                    "correction note."
                )
                % {"record": after}
            )
        if not note:
            raise ValidationError(
                {
                    "correction_note": gettext(
                        "“%(record)s” is published: write the correction note the public will read."
                    )
                    % {"record": after}
                }
            )


# The records a change of reference data (a person, organisation, country or series they
# show with its current values) cannot leave silently changed.
FIXED = (Status.PUBLISHED, Status.WITHDRAWN)


def check_reference_change(user, *, row: str, changes: list[str], records, note: str) -> None:
    """Refuse (``ValidationError``) a change by ``user`` to the ``changes`` (field labels) of a
    ``row`` (its kind) that the published and withdrawn ``records`` show.

    While a withdrawn record shows it, nobody may: a withdrawn record is frozen. While a
    published one does, only a publisher may, with a correction note each of them carries.
    Otherwise (only drafts show it, or what changed no record shows) anyone may, with no note.
    """
    what = gettext("this %(row)s’s %(fields)s") % {
        "row": row,
        "fields": get_text_list(changes, gettext("and")),
    }
    withdrawn = [record for record in records if record.status == Status.WITHDRAWN]
    if not changes or not records:
        if note:
            raise ValidationError(
                {
                    "correction_note": gettext(
                        "No published record shows what you changed: leave the correction note "
                        "empty."
                    )
                }
            )
    elif withdrawn:
        raise ValidationError(
            gettext(
                "Withdrawn records show %(what)s (%(records)s): a withdrawn record is frozen, so "
                "it can no longer be changed."
            )
            % {"what": what, "records": _names(withdrawn)}
        )
    elif not CORRECT.allowed_for(user):
        raise ValidationError(
            gettext(
                "Published records show %(what)s: only a publisher can change it, with a "
                "correction note on each of them (%(records)s)."
            )
            % {"what": what, "records": _names(records)}
        )
    elif not note:
        raise ValidationError(
            {
                "correction_note": gettext(
                    "Published records show %(what)s: write the correction note the public will "
                    "read with each of them."
                )
                % {"what": what}
            }
        )


def _names(records) -> str:
    return "; ".join(f"“{record}”" for record in records)


# --- Language versions ---------------------------------------------------------------------
#
# A language version (``LanguageVersion``) moves through the record's states by the same
# rules (SUBMIT, SEND_BACK, PUBLISH, WITHDRAW), judged on its own state; a published record's
# draft version is still being written. What the public reads of it is its record's text.


def may_change_version(user, language_version) -> bool:
    """Whether ``user`` may change what ``language_version`` says (the model permission
    aside): while it is a draft or in review, unless its record is withdrawn (frozen); once
    published, a publisher, who writes a correction note of the record."""
    record = language_version.meeting if language_version.meeting_id else None
    if record is not None and record.status == Status.WITHDRAWN:
        return False
    if language_version.status in BEING_WRITTEN:
        return True
    return language_version.status == Status.PUBLISHED and CORRECT.allowed_for(user)


def who_may_change_version(user, language_version) -> str:
    """What to tell ``user`` who may not change ``language_version`` about who may, or ""."""
    if may_change_version(user, language_version):
        return ""
    if language_version.status == Status.PUBLISHED and language_version.record.status != (
        Status.WITHDRAWN
    ):
        return gettext(
            "The %(language)s version is published: only a publisher can correct it, with a "
            "correction note the public reads with the record."
        ) % {"language": language_version.name}
    return gettext("The %(language)s version is withdrawn, or its record is: it is frozen.") % {
        "language": language_version.name
    }


def check_version_change(user, language_version, *, note: str) -> None:
    """Refuse (``ValidationError``) a change by ``user`` to ``language_version`` (as stored):
    frozen once it or its record is withdrawn; a correction of the record, a publisher's with
    ``note``, once published; free, with no note, while it is being written."""
    record = language_version.meeting
    if record.status == Status.WITHDRAWN or language_version.status == Status.WITHDRAWN:
        raise ValidationError(
            gettext(
                "The %(language)s version of “%(record)s” is withdrawn, or its record is: it can "
                "no longer be changed."
            )
            % {"language": language_version.name, "record": record}
        )
    if language_version.status != Status.PUBLISHED:
        if note:
            raise ValidationError(
                {
                    "correction_note": gettext(
                        "The %(language)s version is not published: leave the correction note "
                        "empty."
                    )
                    % {"language": language_version.name}
                }
            )
        return
    if not CORRECT.allowed_for(user):
        raise ValidationError(
            gettext(
                "The %(language)s version is published: only a publisher can correct it, with a "
                "correction note."
            )
            % {"language": language_version.name}
        )
    if not note:
        raise ValidationError(
            {
                "correction_note": gettext(
                    "The %(language)s version is published: write the correction note the "
                    "public will read with the record."
                )
                % {"language": language_version.name}
            }
        )
