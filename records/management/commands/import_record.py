import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from records.importing import ImportProblem, parse_record, text_from_file
from records.importing.language_versions import read_version_file
from records.importing.preview import meeting_data
from records.importing.text import MAX_FILE_BYTES, size_message
from records.languages import language_version_add
from records.models import Meeting
from records.services import record_import


class Command(BaseCommand):
    help = (
        "Import a summary record from a .txt, .docx or .pdf file as a draft meeting and print "
        "its admin address. With --dry-run, print what was recognised and save nothing. "
        "With --version-of SLUG --language CODE, add the file as that record's version in "
        "that language instead, as a draft."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The record: a .txt, .docx or .pdf file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Recognise the record and print it; save nothing.",
        )
        parser.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help="json: the recognised record in the shape of a meeting's detail "
            "(see docs/importing.md).",
        )
        version = parser.add_argument_group("a language version of a record in the system")
        version.add_argument(
            "--version-of",
            metavar="SLUG",
            help="Add the file as a language version of the record at this address.",
        )
        version.add_argument("--language", help="The version's BCP 47 code, e.g. ja, th, vi.")
        version.add_argument(
            "--title", help="The version's title (default: the text before its ¶1)."
        )
        version.add_argument(
            "--authoritative",
            action="store_true",
            default=True,
            help="The version is authoritative in its own words (the default).",
        )
        version.add_argument(
            "--not-authoritative",
            dest="authoritative",
            action="store_false",
            help="The version is a courtesy translation, not authoritative.",
        )
        version.add_argument(
            "--original", action="store_true", help="The version is the record's original."
        )

    def _read(self, path: Path) -> bytes:
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise CommandError(size_message(size))
            return path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error

    def handle(self, *args, **options):
        if options["version_of"] or options["language"]:
            return self._add_version(options)
        path = Path(options["file"])
        data = self._read(path)
        try:
            parsed = parse_record(text_from_file(path.name, data))
        except ImportProblem as problem:
            raise CommandError(problem.message) from problem
        data = meeting_data(parsed)
        if not options["dry_run"]:
            try:
                meeting = record_import(parsed=parsed)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            data["admin_url"] = reverse("admin:records_meeting_change", args=[meeting.pk])
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        self._write_text(data)
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was saved.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Created the draft: {data['admin_url']}"))

    def _write_text(self, data):
        out = self.stdout.write
        series = data["series"]
        out(data["title"])
        out(
            f"  series: {series['name']}{' (new)' if series['is_new'] else ''}; "
            f"number {data['sequence_number']}"
        )
        dates = data["start_date"] or data["year"]
        if data["end_date"] and data["end_date"] != data["start_date"]:
            dates = f"{data['start_date']} to {data['end_date']}"
        country = data["country"]["name"] if data["country"] else ""
        place = ", ".join(part for part in (data["venue"], country) if part)
        out(f"  dates: {dates}; format: {data['format']}; place: {place or '—'}")
        for person in data["participants"]:
            government = person["government"]["name"] if person["government"] else ""
            name = f"{person['person']['honorific']} {person['person']['name']}".strip()
            details = ", ".join(part for part in (name, person["position"], government) if part)
            out(f"  {person['role']}: {details}")
        for paragraph in data["paragraphs"]:
            out(f"¶{paragraph['number']}: {paragraph['text'][:70]}…")
            for resolution in paragraph["resolutions"]:
                verb = resolution["verb_word"] or resolution["verb"]
                out(f"  {resolution['parties']} {verb} {resolution['text']}")
            for action in paragraph["follow_up_actions"]:
                due = action["due_date"] or action["due_precision"].replace("_", " ")
                written = f": “{action['due_text']}”" if action["due_text"] else ""
                out(f"  follow-up due {due} ({action['due_precision']}){written}")
        for note in data["import"]["notes"]:
            out(f"Note: {note}")

    def _add_version(self, options):
        """The file as a language version of a record, added as a draft (or, ``--dry-run``,
        checked as it would be added and rolled back): the service's refusals stop the
        command."""
        if not (options["version_of"] and options["language"]):
            raise CommandError("Give both --version-of SLUG and --language CODE.")
        meeting = Meeting.objects.filter(slug=options["version_of"]).first()
        if meeting is None:
            raise CommandError(f"No record has the address “{options['version_of']}”.")
        path = Path(options["file"])
        try:
            read = read_version_file(path.name, self._read(path))
        except ImportProblem as problem:
            raise CommandError(problem.message) from problem
        title = options["title"] or read.title
        try:
            with transaction.atomic():
                version = language_version_add(
                    meeting=meeting,
                    language=options["language"],
                    title=title,
                    paragraphs=read.paragraphs,
                    authoritative=options["authoritative"],
                    original=options["original"],
                )
                if options["dry_run"]:
                    transaction.set_rollback(True)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        out = self.stdout.write
        kind = "authoritative" if version.authoritative else "not authoritative"
        original = ", the original" if version.original else ""
        out(f"{version.name} ({version.language}) version of “{meeting}” ({kind}{original})")
        out(f"  title: {version.title}")
        for number, text in read.paragraphs:
            out(f"¶{number}: {text[:70]}{'…' if len(text) > 70 else ''}")
        for note in read.notes:
            out(f"Note: {note}")
        if options["dry_run"]:
            out("Dry run: nothing was saved.")
            return
        admin_url = reverse("admin:records_languageversion_change", args=[version.pk])
        out(self.style.SUCCESS(f"Created the draft version: {admin_url}"))
