from django.core.management.base import BaseCommand

from records.seed import THIRD_HLM_SLUG, load_seed_records


class Command(BaseCommand):
    help = (
        "Load the records that ship with the project (the Second and Third ASEAN-Japan "
        "Smart Cities Network High Level Meetings). Records already loaded are left untouched."
    )

    def handle(self, *args, **options):
        meeting = load_seed_records()
        if meeting is None:
            self.stdout.write(
                f"The seed records are already loaded ({THIRD_HLM_SLUG}); left unchanged."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Loaded {meeting} ({meeting.get_absolute_url()}).")
            )
