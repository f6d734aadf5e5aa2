"""The seed record imports into exactly the structure the project ships for it."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from records.importing import parse_record
from records.models import (
    FollowUpAction,
    Meeting,
    MeetingSeries,
    Organisation,
    ProgressUpdate,
    Resolution,
)
from records.seed import SOURCE, load_seed_records
from records.services import record_import

pytestmark = pytest.mark.django_db

SEED_TEXT = SOURCE.read_text(encoding="utf-8")


def structure(meeting: Meeting) -> dict:
    """What the issue holds the importer to, read back from the database."""
    return {
        "title": meeting.title,
        "series": meeting.series.name,
        "number": meeting.sequence_number,
        "dates": (meeting.start_date, meeting.end_date),
        "venue": meeting.venue,
        "country": meeting.country.code,
        "format": meeting.format,
        "chairs": [
            (
                p.role,
                p.person.honorific,
                p.person.name,
                p.position,
                p.organisation.name,
                p.government.code,
            )
            for p in meeting.participants.order_by("order")
        ],
        "paragraphs": [(p.number, p.text) for p in meeting.paragraphs.order_by("number")],
        "resolutions": [
            (
                r.paragraph.number,
                r.order,
                r.verb,
                r.parties,
                r.text,
                sorted(c.code for c in r.party_countries.all()),
                sorted(o.name for o in r.party_organisations.all()),
            )
            for r in Resolution.objects.filter(paragraph__meeting=meeting).order_by(
                "paragraph__number", "order"
            )
        ],
        "actions": [
            (
                a.paragraph.number,
                a.resolution.order if a.resolution else None,
                a.due_text,
                a.due_date,
                a.due_precision,
            )
            for a in FollowUpAction.objects.filter(meeting=meeting).order_by(
                "paragraph__number", "pk"
            )
        ],
    }


def clear_records():
    """Remove the meetings, series and ministries, keeping states and ASEAN's own bodies."""
    ProgressUpdate.objects.all().delete()
    Meeting.objects.all().delete()
    MeetingSeries.objects.all().delete()
    Organisation.objects.filter(kind=Organisation.Kind.MINISTRY).delete()


def reference_data():
    """What a running system holds before any import: the states and ASEAN's own bodies."""
    load_seed_records()
    clear_records()


def test_seed_text_imports_into_the_shipped_structure():
    reference_data()
    imported = structure(record_import(parsed=parse_record(SEED_TEXT)))
    clear_records()
    third = load_seed_records()
    assert imported == structure(third)


def test_seed_import_has_six_paragraphs_two_co_chairs_six_resolutions_four_actions():
    reference_data()
    meeting = record_import(parsed=parse_record(SEED_TEXT))
    assert meeting.paragraphs.count() == 6
    assert list(meeting.participants.values_list("role", flat=True)) == ["co_chair", "co_chair"]
    assert Resolution.objects.filter(paragraph__meeting=meeting).count() == 6
    assert list(
        meeting.follow_up_actions.order_by("paragraph__number", "pk").values_list(
            "due_date", "due_precision"
        )
    ) == [
        (datetime.date(2021, 12, 31), "year"),
        (datetime.date(2021, 10, 29), "day"),
        (datetime.date(2022, 2, 28), "month"),
        (None, "next_meeting"),
    ]


def test_imported_seed_is_a_draft_that_is_not_public():
    reference_data()
    meeting = record_import(parsed=parse_record(SEED_TEXT))
    assert meeting.status == Meeting.Status.DRAFT
    assert not Meeting.objects.published().filter(pk=meeting.pk).exists()


def test_seed_text_is_reported_as_already_in_the_system(seed):
    with pytest.raises(ValidationError, match="already in the system: 6 of its 6 paragraphs"):
        record_import(parsed=parse_record(SEED_TEXT))
    assert Meeting.objects.count() == 2


def test_importer_mends_exactly_the_seed_extraction_artefacts():
    mends = parse_record(SEED_TEXT).mends
    assert [(m.paragraph, m.extracted, m.mended) for m in mends] == [
        (4, "points,“forming", "points, “forming"),
        (4, "city”,“forming", "city”, “forming"),
        (4, "highly-transparent”for", "highly-transparent” for"),
        (4, "eachASEANMember", "each ASEAN Member"),
    ]
