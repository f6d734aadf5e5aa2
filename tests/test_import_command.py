"""python manage.py import_record FILE [--dry-run] [--format json]."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from records.models import Meeting, MeetingSeries, Person
from records.seed import SOURCE
from tests.helpers import docx_bytes, scanned_pdf_bytes

pytestmark = pytest.mark.django_db

RECORDS = Path(__file__).with_name("records")


def run(*args):
    out = io.StringIO()
    call_command("import_record", *map(str, args), stdout=out)
    return out.getvalue()


def test_command_creates_the_draft_and_prints_its_admin_address():
    output = run(SOURCE)
    meeting = Meeting.objects.get()
    assert meeting.status == Meeting.Status.DRAFT
    admin_url = reverse("admin:records_meeting_change", args=[meeting.pk])
    assert output.splitlines()[-1] == f"Created the draft: {admin_url}"


def test_dry_run_json_has_the_shape_of_a_meeting_detail_and_saves_nothing(seed):
    data = json.loads(
        run(RECORDS / "chair_co_chairman_delegations.txt", "--dry-run", "--format", "json")
    )
    assert Meeting.objects.count() == 2
    assert list(data) == [
        "title",
        "series",
        "sequence_number",
        "year",
        "start_date",
        "end_date",
        "venue",
        "country",
        "format",
        "status",
        "participants",
        "agenda_items",
        "paragraphs",
        "import",
    ]
    assert data["series"] == {
        "name": "ASEAN-China Joint Cooperation Committee Meeting",
        "short_name": "",
        "slug": None,
        "is_new": True,
    }
    assert (data["start_date"], data["end_date"], data["status"]) == (
        "1997-05-27",
        "1997-05-28",
        "draft",
    )
    assert data["country"] == {"name": "Malaysia", "code": "MY", "is_new": False}
    assert data["participants"][3] == {
        "order": 4,
        "role": "head_of_delegation",
        "person": {"honorific": "H.E. Mr.", "name": "Sihasak Phuangketkeow"},
        "position": "Deputy Permanent Secretary",
        "organisation": {"name": "Ministry of Foreign Affairs", "short_name": ""},
        "government": {"name": "Thailand", "code": "TH", "is_new": False},
    }
    assert data["agenda_items"][0] == {"number": 1, "title": "Opening of the Meeting"}
    assert data["paragraphs"][3]["resolutions"] == [
        {
            "order": 1,
            "verb": "agreed",
            "verb_word": "",
            "parties": "The Meeting",
            "text": "to convene a Senior Officials' consultation by 30 June 1998",
        }
    ]
    assert data["paragraphs"][3]["follow_up_actions"] == [
        {
            "description": "Convene a Senior Officials' consultation.",
            "owners": "",
            "due_text": "by 30 June 1998",
            "due_date": "1998-06-30",
            "due_precision": "day",
            "resolution": 1,
        }
    ]
    assert data["import"]["annexes"][0]["title"].startswith("ANNEX 1")


def test_dry_run_json_reports_a_record_already_in_the_system(seed):
    data = json.loads(run(SOURCE, "--dry-run", "--format", "json"))
    assert data["import"]["already_in_system"] == [
        {
            "meeting": str(seed),
            "slug": seed.slug,
            "admin_url": f"/admin/records/meeting/{seed.pk}/change/",
            "matching_paragraphs": 6,
            "is_same_record": True,
        }
    ]
    assert data["series"]["slug"] == "asean-japan-scn-hlm"


def test_dry_run_text_lists_what_was_recognised():
    output = run(RECORDS / "unnumbered_single_chair.txt", "--dry-run")
    assert (
        "  chair: H.E. Dr. Purnomo Yusgiantoro, Minister of Energy and Mineral Resources" in output
    )
    assert "  The Meeting requested the ASEAN Council on Petroleum to submit a report" in output
    assert "  follow-up due 2007-12-31 (year): “by the end of this year”" in output
    assert output.splitlines()[-1] == "Dry run: nothing was saved."
    assert MeetingSeries.objects.count() == 0


def test_word_file_is_imported(tmp_path):
    path = tmp_path / "record.docx"
    path.write_bytes(docx_bytes((RECORDS / "un_style.txt").read_text().splitlines()))
    run(path)
    assert Meeting.objects.get().series.name == "Sixth Committee, Sixty-first session"


def test_record_already_in_the_system_is_refused(seed):
    with pytest.raises(CommandError, match="This record is already in the system"):
        run(SOURCE)
    assert Meeting.objects.count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("scan.pdf", scanned_pdf_bytes(), "looks like a scan"),
        ("empty.txt", b"", "The file is empty."),
        ("big.txt", b"a" * (20 * 1024 * 1024), "The file is 20.0 MB"),
        ("letter.txt", b"Dear Sir,\n\nThank you for your kind letter.", "no title naming"),
    ],
    ids=["scanned", "empty", "20mb", "not-a-record"],
)
def test_bad_files_are_refused_and_nothing_is_saved(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(path)
    assert (Meeting.objects.count(), Person.objects.count()) == (0, 0)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="Cannot read .*missing.txt: No such file"):
        run(tmp_path / "missing.txt")


def test_a_folder_is_refused_as_unreadable(tmp_path):
    folder = tmp_path / "record.txt"
    folder.mkdir()
    with pytest.raises(CommandError, match="Cannot read .*record.txt: Is a directory"):
        run(folder)
