"""A year of the audit trail, in bulk: what a secretariat's staff would leave in it while
keeping the sample records (edits to paragraphs, resolutions and actions, workflow moves,
corrections, sign-ins and a few failures), so ``/admin/audit/`` is measured at its size."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from records.models import AuditEntry, FollowUpAction, Meeting, Paragraph, Resolution
from records.sample_data.rows import write_rows

# About 200 entries a working day: a secretariat of a dozen people entering and correcting.
ENTRIES_PER_YEAR = 50_000
STAFF = [
    ("sample-editor-1", "Siti", "Rahman"),
    ("sample-editor-2", "NGUYEN", "Van An"),
    ("sample-editor-3", "Maria", "Santos"),
    ("sample-editor-4", "Somchai", "Prasert"),
    ("sample-publisher-1", "Aung", "Kyaw"),
    ("sample-publisher-2", "Dewi", "Lestari"),
    ("sample-auditor-1", "Chan", "Wei Ming"),
]
STATUSES = [("Draft", "In review"), ("In review", "Published"), ("In review", "Draft")]
ACTION_STATUSES = ["Not started", "In progress", "Completed", "Ongoing"]


def create_sample_audit_trail(*, seed: int, entries: int = ENTRIES_PER_YEAR) -> int:
    """Write ``entries`` audit entries over the year to now; returns how many."""
    rng = random.Random(seed)
    User = get_user_model()
    staff = []
    for username, first, last in STAFF:
        user, _ = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "is_staff": True}
        )
        staff.append(user)
    meetings = list(Meeting.objects.values_list("pk", "slug"))
    if not meetings:
        return 0
    parts = {
        "paragraph": list(Paragraph.objects.values_list("pk", "meeting_id", "number")[:20_000]),
        "resolution": list(
            Resolution.objects.values_list("pk", "paragraph__meeting_id", "order")[:20_000]
        ),
        "followupaction": list(
            FollowUpAction.objects.values_list("pk", "meeting_id", "pk")[:20_000]
        ),
    }
    parts = {part: rows for part, rows in parts.items() if rows}
    names = dict(meetings)
    now = timezone.now()
    rows = []
    for number in range(entries):
        at = now - datetime.timedelta(seconds=rng.randrange(365 * 24 * 3600))
        user = rng.choice(staff)
        roll = rng.random()
        entry = AuditEntry(at=at, user=user, who=f"{user.first_name} {user.last_name}")
        if roll < 0.08:
            failed = rng.random() < 0.1
            entry.kind = AuditEntry.Kind.SIGN_IN_FAILED if failed else AuditEntry.Kind.SIGNED_IN
            entry.address = f"203.0.113.{rng.randrange(1, 255)}"
        elif roll < 0.12 or not parts:
            pk, slug = rng.choice(meetings)
            old, new = rng.choice(STATUSES)
            entry.kind = AuditEntry.Kind.MOVED
            entry.part, entry.object_id, entry.meeting_id = "meeting", pk, pk
            entry.object_label = entry.record_label = names[pk]
            entry.changes = [{"field": "status", "old": old, "new": new, "text": False}]
        else:
            part = rng.choice(list(parts))
            pk, meeting_id, order = rng.choice(parts[part])
            entry.kind = AuditEntry.Kind.CHANGED
            entry.part, entry.object_id, entry.meeting_id = part, pk, meeting_id
            entry.object_label = f"{part} {order} of {names.get(meeting_id, meeting_id)}"
            entry.record_label = names.get(meeting_id, "")
            if part == "followupaction":
                old, new = rng.sample(ACTION_STATUSES, 2)
                entry.changes = [{"field": "status", "old": old, "new": new, "text": False}]
            else:
                old = f"The Meeting noted the progress of item {number}."
                new = old.replace("noted", "welcomed")
                entry.changes = [{"field": "text", "old": old, "new": new, "text": True}]
                if rng.random() < 0.1:
                    entry.note = "Corrected the operative verb to the one adopted."
        rows.append(entry)
    write_rows(AuditEntry, rows)
    return len(rows)
