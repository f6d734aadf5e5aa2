"""Check that every published record still says what was published, and that its versions'
hashes and chain hold: ``manage.py verify_records [SLUG …]``."""

from django.core.management.base import BaseCommand, CommandError

from records import versions
from records.models import Meeting


class Command(BaseCommand):
    help = (
        "Recompute each record's current text and each published version's SHA-256 and "
        "chain; exit non-zero naming every record that differs from its last published version."
    )

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", metavar="SLUG", help="Only these records.")

    def handle(self, *args, slugs, **options):
        meetings = Meeting.objects.filter(published_versions__isnull=False).distinct()
        if slugs:
            meetings = Meeting.objects.filter(slug__in=slugs)
            unknown = sorted(set(slugs) - set(meetings.values_list("slug", flat=True)))
            if unknown:
                raise CommandError(f"No record has the address {', '.join(unknown)}.")
        unversioned = Meeting.objects.published(include_restricted=True).filter(
            published_versions__isnull=True
        )
        if slugs:
            unversioned = unversioned.filter(slug__in=slugs)
        for meeting in unversioned.order_by("slug"):
            self.stdout.write(f"{meeting.slug}: published without a version, nothing to check")
        failed = []
        checked = 0
        for meeting in meetings.order_by("slug"):
            checked += 1
            for problem in versions.problems(meeting):
                failed.append(meeting.slug)
                self.stderr.write(f"{meeting.slug}: {problem}")
        if failed:
            names = ", ".join(dict.fromkeys(failed))
            raise CommandError(
                f"{len(set(failed))} record(s) differ from what was published: {names}"
            )
        self.stdout.write(f"{checked} record(s) verified: each says what was last published.")
