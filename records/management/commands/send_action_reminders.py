import datetime

from django.core.mail import get_connection
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from records import reminders
from records.subscriptions import MAIL_FAILURES


def day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--today takes a day as YYYY-MM-DD, not {value!r}.") from error


def days(value) -> int:
    value = str(value)
    if not value.isdigit() or int(value) < 1:
        raise CommandError(f"Give a whole number of days from 1, not {value!r}.")
    return int(value)


class Command(BaseCommand):
    help = (
        "Send each focal point a digest of the follow-up actions it owns that are overdue or "
        "due soon, and each series' secretariat desk, weekly, its actions long overdue. Run "
        "it daily (docs/notifications.md): a second run the same day sends nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Compute the digests and say what would be sent; send and record nothing.",
        )
        parser.add_argument(
            "--today", type=str, help="Run as on this day, YYYY-MM-DD (default: today)."
        )
        parser.add_argument(
            "--window",
            type=str,
            default="30",
            help="List actions due within this many days (default 30).",
        )
        parser.add_argument(
            "--every",
            type=str,
            default="7",
            help="Days between two digests to one focal point (default 7; 1 for daily).",
        )
        parser.add_argument(
            "--escalate-after",
            type=str,
            default="90",
            help="Days overdue before an action is listed to its series' desk (default 90).",
        )

    def handle(self, *args, dry_run, today, window, every, escalate_after, **options):
        policy = reminders.Policy(
            today=day(today) if today else timezone.localdate(),
            window=days(window),
            every=days(every),
            escalate_after=days(escalate_after),
        )
        try:
            if dry_run:
                report = reminders.send_reminders(policy, dry_run=True)
            else:
                with get_connection() as connection:
                    report = reminders.send_reminders(policy, connection=connection)
        except MAIL_FAILURES as error:
            raise CommandError(
                f"The mail server failed ({error}); what was sent before is recorded, the "
                "rest is sent by the next run."
            ) from error
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(
            f"{verb} {report.digests} digest(s) listing {report.actions_listed} action(s): "
            f"{report.digests - report.escalations} to focal points, {report.escalations} to "
            "secretariat desks."
        )
        if report.already_sent:
            self.stdout.write(f"{report.already_sent} already sent today by another run.")
        for address, answer in report.refused:
            self.stdout.write(
                self.style.WARNING(f"Refused: {address} ({answer}); suppressed, not retried.")
            )
        unowned = reminders.overdue_without_focal_point(policy)
        self.stdout.write(
            f"{unowned} overdue action(s) have no focal point among their owners; "
            f"{report.suppressed} address(es) are suppressed."
        )
