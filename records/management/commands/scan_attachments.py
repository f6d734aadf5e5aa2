"""Scan the attachments still pending (clamd was not reachable when they were uploaded):
``manage.py scan_attachments``. Clean ones are served from then on; infected ones never."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from records.attachments import ScannerUnavailable, scan
from records.models import Attachment


class Command(BaseCommand):
    help = "Scan the pending attachments with clamd (CLAMD_ADDRESS); name the infected ones."

    def handle(self, *args, **options):
        if not settings.CLAMD_ADDRESS:
            raise CommandError("Set CLAMD_ADDRESS to clamd's host:port or Unix socket.")
        infected = []
        for attachment in Attachment.objects.filter(scan=Attachment.Scan.PENDING):
            with attachment.file.open("rb") as file:
                data = file.read()
            try:
                virus = scan(data)
            except ScannerUnavailable as error:
                raise CommandError(f"clamd does not answer: {error}") from error
            attachment.scan = Attachment.Scan.INFECTED if virus else Attachment.Scan.CLEAN
            attachment.save(update_fields=["scan"])
            if virus:
                infected.append(f"{attachment.meeting.slug}: “{attachment.title}” has {virus}")
        for line in infected:
            self.stderr.write(line)
        if infected:
            raise CommandError(f"{len(infected)} infected attachment(s), never served.")
        self.stdout.write("Every pending attachment is scanned clean.")
