"""Reminders of follow-up actions, so that no one has to chase them by hand.

Each address of a focal point gets one digest of the actions its organisations and states
own that are overdue (since when) or fall due within the window (30 days by default), each
linked to its paragraph; at most one every ``every`` days (a week by default), so that a
daily run does not repeat the same list every morning. Each secretariat desk gets, weekly,
its series' actions overdue past the escalation threshold (90 days by default).

Only the actions of published records are reminded of, public and restricted alike (the
recipients are the officials who owe them), open (neither done nor cancelled) and dated;
never a draft's. What each digest listed is kept (``ReminderSent``, unique per action,
address, kind and day), written in the transaction that sends it, so a second run the same
day sends nothing. A refused address is reported and suppressed, never retried.

The digests are computed from one query streamed in order of address (``owner_digests``,
``desk_digests``), one recipient at a time, so memory does not grow with the records.

A focal point's digest is written in the language kept for it (``FocalPoint.language``; for
an address that is the focal point of several owners, ``mail.language_for`` of theirs); a
desk's, in the site's.
"""

import datetime
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import translation
from django.utils.translation import gettext, ngettext

from records import display, mail
from records.models import (
    FocalPoint,
    FollowUpAction,
    ReminderKind,
    ReminderSent,
    SuppressedAddress,
)

# Actions of each kind listed in one message; the rest are counted, with a link to them.
DIGEST_LIMIT = 100
ESCALATION_EVERY_DAYS = 7

OWNER_KINDS = [ReminderKind.OVERDUE, ReminderKind.DUE_SOON]


@dataclass(frozen=True)
class Policy:
    """When a run is, and what it reminds of."""

    today: datetime.date
    window: int = 30
    every: int = 7
    escalate_after: int = 90

    @property
    def horizon(self) -> datetime.date:
        """The last due date a digest lists as due soon."""
        return self.today + datetime.timedelta(days=self.window)

    @property
    def escalation_cutoff(self) -> datetime.date:
        """Actions due before this day are escalated to their series' desk."""
        return self.today - datetime.timedelta(days=self.escalate_after)


@dataclass
class Item:
    """An action as a digest lists it."""

    action: FollowUpAction
    kind: str

    @property
    def overdue_since(self) -> datetime.date:
        """The first day it was overdue: the day after the last day of its deadline."""
        return self.action.due_date + datetime.timedelta(days=1)

    @property
    def overdue_since_display(self) -> str:
        return display.long_date(self.overdue_since)

    @property
    def link(self) -> str:
        """Its paragraph on the record page (or the page, for a record without its text)."""
        action = self.action
        record = mail.absolute(action.meeting.get_absolute_url())
        return f"{record}#{action.paragraph.anchor}" if action.paragraph_id else record


@dataclass
class Digest:
    """One message: to a focal point's address (``overdue`` and ``due_soon``) or to a
    secretariat desk (``escalated``)."""

    email: str
    names: list[str]
    # The language it is written in (``mail.language_for``).
    language: str
    items: dict[str, list[Item]] = field(default_factory=dict)
    # How many of each kind were left out past ``DIGEST_LIMIT``.
    more: dict[str, int] = field(default_factory=dict)

    @property
    def overdue(self) -> list[Item]:
        return self.items.get(ReminderKind.OVERDUE, [])

    @property
    def due_soon(self) -> list[Item]:
        return self.items.get(ReminderKind.DUE_SOON, [])

    @property
    def escalated(self) -> list[Item]:
        return self.items.get(ReminderKind.ESCALATED, [])

    @property
    def listed(self) -> list[Item]:
        return [item for items in self.items.values() for item in items]

    def count(self, kind: str) -> int:
        return len(self.items.get(kind, [])) + self.more.get(kind, 0)

    @property
    def is_escalation(self) -> bool:
        return ReminderKind.ESCALATED in self.items


def _due(policy: Policy):
    """Open, dated actions of published records, due by the horizon (overdue included)."""
    return (
        FollowUpAction.objects.published(include_restricted=True)
        .open()
        .filter(due_date__lte=policy.horizon)
    )


def _recently_sent(kinds, since: datetime.date) -> set[str]:
    return set(
        ReminderSent.objects.filter(kind__in=kinds, day__gte=since)
        .order_by()
        .values_list("email", flat=True)
        .distinct()
    )


def _suppressed() -> set[str]:
    return set(SuppressedAddress.objects.order_by().values_list("email", flat=True))


def _digest(email, names, language, rows, kinds_of) -> Digest:
    """A digest in ``language`` of ``rows`` (``(action id, due date)``, soonest first), sorted
    into kinds by ``kinds_of(due date)``, the first ``DIGEST_LIMIT`` of each loaded."""
    digest = Digest(email=email, names=sorted(names), language=language)
    chosen: dict[str, list[int]] = {}
    seen = set()
    for action_id, due in rows:
        if action_id in seen:  # owned by two of the recipient's organisations or states
            continue
        seen.add(action_id)
        kind = kinds_of(due)
        if len(chosen.setdefault(kind, [])) < DIGEST_LIMIT:
            chosen[kind].append(action_id)
        else:
            digest.more[kind] = digest.more.get(kind, 0) + 1
    actions = FollowUpAction.objects.select_related("meeting__series", "paragraph").in_bulk(
        [action_id for ids in chosen.values() for action_id in ids]
    )
    for kind in sorted(chosen, key=list(ReminderKind).index):
        digest.items[kind] = [Item(actions[action_id], kind) for action_id in chosen[kind]]
    return digest


def owner_digests(policy: Policy, *, skip: set[str] = frozenset()) -> Iterator[Digest]:
    """A digest for each focal point's address with actions overdue or due soon, but those
    in ``skip``, in order of address."""
    due = _due(policy).values("pk")
    action = "{owner}__follow_up_actions"
    columns = ("email", "name", "language", action, f"{action}__due_date")
    owned = [
        FocalPoint.objects.filter(**{f"{owner}__follow_up_actions__in": due}).values_list(
            *(column.format(owner=owner) for column in columns)
        )
        for owner in ("organisation", "country")
    ]
    rows = owned[0].union(owned[1], all=True).order_by("email")
    today = policy.today

    def kinds_of(due_date):
        # Overdue as FollowUpAction.overdue_condition has it (the rows are open already).
        return ReminderKind.OVERDUE if due_date < today else ReminderKind.DUE_SOON

    for email, group in itertools.groupby(rows.iterator(chunk_size=5_000), key=lambda r: r[0]):
        if email in skip:
            continue
        group = list(group)
        names = {name for _, name, _, _, _ in group}
        language = mail.language_for(*(language for _, _, language, _, _ in group))
        ordered = sorted(((action_id, due) for *_, action_id, due in group), key=_by_due)
        yield _digest(email, names, language, ordered, kinds_of)


def _by_due(row):
    action_id, due = row
    return due, action_id


def desk_digests(policy: Policy, *, skip: set[str] = frozenset()) -> Iterator[Digest]:
    """A digest for each secretariat desk whose series has actions overdue past the
    escalation threshold, but those in ``skip``."""
    desk = "meeting__series__secretariat_desk__email"
    rows = (
        FollowUpAction.objects.published(include_restricted=True)
        .open()
        .filter(due_date__lt=policy.escalation_cutoff, **{f"{desk}__isnull": False})
        .values_list(desk, "meeting__series__name", "pk", "due_date")
        .order_by(desk, "due_date", "pk")
    )
    for email, group in itertools.groupby(rows.iterator(chunk_size=5_000), key=lambda r: r[0]):
        if email in skip:
            continue
        group = list(group)
        names = {series for _, series, _, _ in group}
        ordered = [(action_id, due) for *_, action_id, due in group]
        yield _digest(
            email, names, mail.language_for(), ordered, lambda due: ReminderKind.ESCALATED
        )


def overdue_without_focal_point(policy: Policy) -> int:
    """Overdue actions of published records none of whose owners has a focal point."""
    overdue = FollowUpAction.objects.published(include_restricted=True).overdue(policy.today)
    for owner in ("organisation", "country"):
        overdue = overdue.exclude(
            Exists(FocalPoint.objects.filter(**{f"{owner}__follow_up_actions": OuterRef("pk")}))
        )
    return overdue.count()


def digest_message(digest: Digest, policy: Policy):
    """The email of ``digest``, in its language whoever's request sends it."""
    with translation.override(digest.language):
        return _digest_message(digest, policy)


def _digest_message(digest: Digest, policy: Policy):
    context = {
        "digest": digest,
        "policy": policy,
        "today": display.long_date(policy.today),
        "horizon": display.long_date(policy.horizon),
        "counts": {kind.value: digest.count(kind) for kind in ReminderKind},
    }
    if digest.is_escalation:
        count = digest.count(ReminderKind.ESCALATED)
        subject = ngettext(
            "%(count)s follow-up action overdue for more than %(days)s days: %(names)s",
            "%(count)s follow-up actions overdue for more than %(days)s days: %(names)s",
            count,
        ) % {"count": count, "days": policy.escalate_after, "names": ", ".join(digest.names)}
        template = "escalation_digest"
    else:
        parts = []
        if overdue := digest.count(ReminderKind.OVERDUE):
            parts.append(gettext("%(count)s overdue") % {"count": overdue})
        if soon := digest.count(ReminderKind.DUE_SOON):
            parts.append(
                gettext("%(count)s due by %(day)s")
                % {"count": soon, "day": display.long_date(policy.horizon)}
            )
        subject = gettext("Follow-up actions: %(counts)s") % {
            "counts": gettext(" and ").join(parts)
        }
        template = "reminder_digest"
    return mail.message(
        to=digest.email,
        subject=subject,
        template=template,
        context=context,
        unsubscribe=mail.unsubscribe_url(address=digest.email),
    )


@dataclass
class Report:
    """What a run did (or, dry, would do)."""

    digests: int = 0
    actions_listed: int = 0
    escalations: int = 0
    already_sent: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)
    suppressed: int = 0


def send_reminders(policy: Policy, *, connection=None, dry_run: bool = False) -> Report:
    """Send (or, ``dry_run``, only compute and render) every digest due today."""
    report = Report()
    suppressed = _suppressed()
    report.suppressed = len(suppressed)
    owners_waiting = _recently_sent(
        OWNER_KINDS, policy.today - datetime.timedelta(days=policy.every - 1)
    )
    desks_waiting = _recently_sent(
        [ReminderKind.ESCALATED],
        policy.today - datetime.timedelta(days=ESCALATION_EVERY_DAYS - 1),
    )
    digests = itertools.chain(
        owner_digests(policy, skip=suppressed | owners_waiting),
        desk_digests(policy, skip=suppressed | desks_waiting),
    )
    for digest in digests:
        email = digest_message(digest, policy)
        if not dry_run:
            try:
                _send_recorded(connection, email, digest, policy.today)
            except IntegrityError:
                report.already_sent += 1  # another run sent it today
                continue
            except mail.Refused as refusal:
                report.refused.append((digest.email, str(refusal)))
                SuppressedAddress.objects.get_or_create(
                    email=digest.email,
                    defaults={"reason": SuppressedAddress.Reason.REFUSED, "detail": str(refusal)},
                )
                continue
        report.digests += 1
        report.escalations += digest.is_escalation
        report.actions_listed += len(digest.listed)
    return report


def _send_recorded(connection, email, digest: Digest, day: datetime.date) -> None:
    """Record what ``digest`` lists, then send it; a failure to send records nothing."""
    with transaction.atomic():
        ReminderSent.objects.bulk_create(
            ReminderSent(action=item.action, email=digest.email, kind=item.kind, day=day)
            for item in digest.listed
        )
        mail.send(connection, email)
