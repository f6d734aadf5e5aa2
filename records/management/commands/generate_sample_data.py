import time

from django.core.management.base import BaseCommand, CommandError

from records.models import Meeting
from records.sample_data import flush_records, generate_sample_data


class Command(BaseCommand):
    help = (
        "Fill the database with realistic sample records: several meeting series with "
        "co-chairs, agenda items, paragraphs, resolutions with every operative verb and their "
        "parties, follow-up actions at every precision and status, and progress reported at "
        "later meetings. The same seed gives the same records. For benchmarks and demos only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--meetings", type=int, required=True, help="How many meetings to generate."
        )
        parser.add_argument(
            "--resolutions",
            type=int,
            required=True,
            help="How many resolutions to generate in all, spread over the meetings.",
        )
        parser.add_argument("--seed", type=int, default=0, help="Random seed (default 0).")
        parser.add_argument(
            "--flush",
            action="store_true",
            help="Delete every record already in the database first (countries, people and "
            "organisations included).",
        )

    def handle(self, *args, meetings, resolutions, seed, flush, verbosity, **options):
        # The progress bar is a development tool (requirements-dev.txt), not installed in
        # production, where this command has no use.
        try:
            from tqdm import tqdm
        except ImportError as error:
            raise CommandError(
                f"generate_sample_data needs the development requirements ({error}): "
                "pip install -r requirements-dev.txt (make test, make bench install them)."
            ) from error
        if meetings < 1:
            raise CommandError("--meetings must be at least 1.")
        if resolutions < 0:
            raise CommandError("--resolutions cannot be negative.")
        if flush:
            flush_records()
        elif existing := Meeting.objects.count():
            raise CommandError(
                f"The database already holds {existing} meetings. Sample data goes into an "
                "empty database: use --flush to delete every record first."
            )
        started = time.perf_counter()
        with tqdm(
            total=resolutions,
            unit=" resolutions",
            file=self.stderr,
            disable=verbosity == 0,
            unit_scale=True,
        ) as bar:
            counts = generate_sample_data(
                meetings=meetings, resolutions=resolutions, seed=seed, progress=bar.update
            )
        elapsed = time.perf_counter() - started
        if verbosity:
            summary = ", ".join(f"{n:,} {name}" for name, n in sorted(counts.items()))
            self.stdout.write(self.style.SUCCESS(f"Generated in {elapsed:.1f} s: {summary}."))
