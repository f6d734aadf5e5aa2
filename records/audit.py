"""The audit trail's bookkeeping: what writes ``AuditEntry`` rows, and how a change reads.

- Every history row django-simple-history writes for a records model (a form, a service, a
  command, the shell: whatever saved it) gets its entry, in the same transaction, with each
  field's change as the people who made it read it: choices by their labels, linked rows by
  their names, running text as a word diff (``word_diff``).
- A change with no field changed (a save that touched only untracked fields) gets none.
- A meeting's status change is a workflow move; a correction note is its own entry, and the
  changes saved with it by the admin carry it too (``note_changes``).
- Sign-ins, sign-in failures and lockouts come from Django's and django-axes' signals, so
  they are recorded whichever way people sign in.

``backfill()`` writes the entries of history kept before the trail existed (its migration).
"""

import contextlib
import contextvars
import datetime
import difflib
import re

from axes.signals import user_locked_out
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import dateformat, timezone
from simple_history.models import HistoricalChanges
from simple_history.signals import post_create_historical_record

from asean_meetings.accounts import lockout_username
from asean_meetings.client_address import client_address
from records import display
from records.models import (
    AuditEntry,
    AuditKind,
    LanguageVersion,
    Meeting,
    RecordPart,
    VersionParagraph,
)

Kind = AuditKind

# The correction note the changes being saved carry (set by the admin around its save).
_note = contextvars.ContextVar("audit_correction_note", default="")

# Running text longer than this many words on either side of a change is shortened.
CONTEXT_WORDS = 8
# Words standing unchanged between two changes that are taken into them.
MERGED_WORDS = 2


@contextlib.contextmanager
def note_changes(note: str):
    """Within this block, every change recorded carries the correction ``note``."""
    token = _note.set(note or "")
    try:
        yield
    finally:
        _note.reset(token)


def person(user) -> str:
    """A person as the trail names them: full name, else username."""
    if user is None:
        return ""
    return user.get_full_name().strip() or user.get_username()


# --- Reading a value as people read it ------------------------------------------------------


def shown(field, value) -> str:
    """``value`` of ``field`` (as stored on a history row) as a person reads it."""
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.many_to_one:
        row = field.related_model._base_manager.filter(pk=value).first()
        return str(row) if row is not None else f"#{value} (deleted)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return dateformat.format(timezone.localtime(value), "j F Y, H:i T")
    if isinstance(value, datetime.date):
        return display.long_date(value)
    return str(value)


def _linked_names(field, rows) -> str:
    target = field.m2m_reverse_field_name()
    ids = [row[target] for row in rows]
    names = {row.pk: str(row) for row in field.related_model._base_manager.filter(pk__in=ids)}
    return ", ".join(sorted(names.get(pk, f"#{pk} (deleted)") for pk in ids))


def _change(field, old, new) -> dict:
    return {
        "field": str(field.verbose_name),
        "old": old,
        "new": new,
        "text": isinstance(field, models.TextField),
    }


def changes_between(previous, current) -> list[dict]:
    """The fields that differ from ``previous`` to ``current`` (history rows), as read."""
    model = current.instance_type
    delta = current.diff_against(previous)
    changes = []
    for change in delta.changes:
        field = model._meta.get_field(change.field)
        if field.many_to_many:
            old, new = _linked_names(field, change.old), _linked_names(field, change.new)
        else:
            old, new = shown(field, change.old), shown(field, change.new)
        if old != new:
            changes.append(_change(field, old, new))
    fields = [*model._meta.fields, *model._meta.many_to_many]
    position = {str(field.verbose_name): index for index, field in enumerate(fields)}
    changes.sort(key=lambda change: position.get(change["field"], len(position)))
    return changes


def values_of(row) -> list[dict]:
    """A new row's filled fields, as read."""
    changes = []
    for field in row.tracked_fields:
        if field.primary_key:
            continue
        value = shown(field, getattr(row, field.attname))
        if value:
            changes.append(_change(field, "", value))
    return changes


# --- Word diff -------------------------------------------------------------------------------

_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> list[dict]:
    """What changed from ``old`` to ``new``, word by word: ``[{"op", "text"}]`` with ``op``
    ``same``, ``del`` or ``ins``. A word or two left standing between changes is taken into
    them (a rewritten sentence reads as removed, then added, not as confetti); long unchanged
    stretches keep only a few words either side of a change, with “…” for the rest. The
    template marks ``del`` and ``ins`` up."""
    old_words, new_words = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    chunks = []  # [same, old tokens, new tokens]
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        same = op == "equal"
        kept = sum(not token.isspace() for token in old_words[i1:i2])
        if same and chunks and kept <= MERGED_WORDS and i2 < len(old_words):
            same = False  # a word or two between changes: part of the change
        if chunks and not same and not chunks[-1][0]:
            chunks[-1][1] += old_words[i1:i2]
            chunks[-1][2] += new_words[j1:j2]
        else:
            chunks.append([same, old_words[i1:i2], new_words[j1:j2]])
    segments = []
    for index, (same, removed, added) in enumerate(chunks):
        if same:
            text = _shortened(removed, index, len(chunks))
            segments.append({"op": "same", "text": text})
            continue
        if removed:
            segments.append({"op": "del", "text": "".join(removed)})
        if added:
            segments.append({"op": "ins", "text": "".join(added)})
    return segments


def _shortened(tokens: list[str], index: int, count: int) -> str:
    words = [i for i, token in enumerate(tokens) if not token.isspace()]
    keep = 2 * CONTEXT_WORDS if 0 < index < count - 1 else CONTEXT_WORDS
    if len(words) <= keep + 2:
        return "".join(tokens)
    head = "".join(tokens[: words[CONTEXT_WORDS - 1] + 1]) if index > 0 else ""
    tail = "".join(tokens[words[-CONTEXT_WORDS] :]) if index < count - 1 else ""
    return (
        f"{head} … {tail}".strip(" ") if head and tail else (f"{head} …" if head else f"… {tail}")
    )


# --- Writing the entries ---------------------------------------------------------------------


def _record_of(instance) -> Meeting | None:
    try:
        if isinstance(instance, Meeting):
            return instance
        if isinstance(instance, (RecordPart, LanguageVersion, VersionParagraph)):
            return instance.record
    except ObjectDoesNotExist:
        return None
    return None


def entry_for(row, previous, *, note: str = "") -> AuditEntry | None:
    """The entry of history ``row`` (``previous``: the part's history row before it, if
    any); ``None`` when the save changed nothing the history tracks."""
    if row.history_type == "~":
        if previous is not None:
            changes = changes_between(previous, row)
            if not changes:
                return None
        else:
            changes = []  # written in bulk or before history was kept: earlier state unknown
        kind = Kind.CHANGED
    elif row.history_type == "+":
        changes, kind = values_of(row), Kind.CREATED
    else:
        changes, kind = [], Kind.DELETED
    instance = row.instance
    moved = any(change["field"] == "status" for change in changes)
    if kind == Kind.CHANGED and isinstance(instance, (Meeting, LanguageVersion)) and moved:
        kind = Kind.MOVED
    record = _record_of(instance)
    user = row.history_user
    return AuditEntry(
        at=row.history_date,
        kind=kind,
        user=user,
        who=person(user),
        part=instance._meta.model_name,
        object_id=instance.pk,
        object_label=str(instance)[:500],
        meeting_id=record.pk if record is not None else None,
        record_label=str(record)[:500] if record is not None else "",
        history_id=row.history_id,
        changes=changes,
        note=note,
    )


def history_row_created(sender, history_instance, **kwargs):
    entry = entry_for(history_instance, history_instance.prev_record, note=_note.get())
    if entry is not None:
        entry.save()


def correction_made(correction) -> AuditEntry:
    """The entry of a public correction note (``services.meeting_correct``)."""
    meeting = correction.meeting
    return AuditEntry.objects.create(
        at=correction.corrected_at,
        kind=Kind.CORRECTED,
        user=correction.made_by,
        who=person(correction.made_by),
        part=meeting._meta.model_name,
        object_id=meeting.pk,
        object_label=str(meeting)[:500],
        meeting_id=meeting.pk,
        record_label=str(meeting)[:500],
        note=correction.note,
    )


def _event(kind, request, *, user=None, who=""):
    AuditEntry.objects.create(
        at=timezone.now(),
        kind=kind,
        user=user,
        who=(person(user) or who)[:300],
        address=client_address(request) if request is not None else "",
    )


def _user_named(username):
    if not username:
        return None
    User = get_user_model()
    return User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()


def signed_in(sender, request, user, **kwargs):
    _event(Kind.SIGNED_IN, request, user=user)


def sign_in_failed(sender, credentials, request=None, **kwargs):
    # The login as typed (a username or an email address), and the account it names, as the
    # lockout counts it.
    typed = str(credentials.get("username") or credentials.get("email") or "")
    account = lockout_username(request, credentials)
    _event(Kind.SIGN_IN_FAILED, request, user=_user_named(account), who=typed)


def locked_out(sender, request, username=None, ip_address=None, **kwargs):
    _event(Kind.LOCKED_OUT, request, user=_user_named(username), who=username or "")


def history_models() -> list:
    """The history model of every records model that keeps one."""
    return [
        model
        for model in apps.get_app_config("records").get_models()
        if issubclass(model, HistoricalChanges)
        and any(field.name == "history_type" for field in model._meta.fields)
    ]


def connect() -> None:
    for model in history_models():
        post_create_historical_record.connect(
            history_row_created, sender=model, dispatch_uid=f"audit-{model._meta.label_lower}"
        )
    user_logged_in.connect(signed_in, dispatch_uid="audit-signed-in")
    user_login_failed.connect(sign_in_failed, dispatch_uid="audit-sign-in-failed")
    user_locked_out.connect(locked_out, dispatch_uid="audit-locked-out")


def backfill(batch: int = 1000) -> int:
    """Write the entries of every history row that has none (history kept before the trail),
    each against the row before it; returns how many were written."""
    written = 0
    for model in history_models():
        part = model.instance_type._meta.model_name
        done = set(
            AuditEntry.objects.filter(part=part, history_id__isnull=False).values_list(
                "history_id", flat=True
            )
        )
        key = model.instance_type._meta.pk.attname
        rows = model.objects.select_related("history_user").order_by(
            key, "history_date", "history_id"
        )
        previous, pending = None, []
        for row in rows.iterator(chunk_size=batch):
            if previous is not None and getattr(previous, key) != getattr(row, key):
                previous = None
            if row.history_id not in done:
                entry = entry_for(row, previous)
                if entry is not None:
                    pending.append(entry)
            previous = row
            if len(pending) >= batch:
                written += len(AuditEntry.objects.bulk_create(pending, ignore_conflicts=True))
                pending = []
        written += len(AuditEntry.objects.bulk_create(pending, ignore_conflicts=True))
    return written
