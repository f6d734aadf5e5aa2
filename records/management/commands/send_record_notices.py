from django.core.management.base import BaseCommand, CommandError

from records import subscriptions


class Command(BaseCommand):
    help = (
        "Deliver the notices of records published or corrected that the mail server could "
        "not take at the time, and delete the addresses that asked to follow records but "
        "never confirmed. Run it with send_action_reminders (docs/notifications.md)."
    )

    def handle(self, *args, **options):
        try:
            counts = subscriptions.deliver_notices()
        except subscriptions.MAIL_FAILURES as error:
            raise CommandError(
                f"The mail server failed ({error}); the next run goes on from there."
            ) from error
        purged = subscriptions.purge_unconfirmed()
        self.stdout.write(
            f"Sent {counts['sent']} notice(s); {counts['refused']} address(es) refused and "
            f"unsubscribed; {purged} unconfirmed address(es) deleted."
        )
