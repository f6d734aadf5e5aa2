"""record_import: the one write of an import, all or nothing, a draft with everything linked."""

import datetime
from pathlib import Path

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.exceptions import ValidationError

from records.importing import parse_record
from records.models import (
    FollowUpAction,
    Meeting,
    MeetingSeries,
    Organisation,
    Paragraph,
    Person,
    Resolution,
)
from records.services import record_import
from tests.factories import CountryFactory, MeetingFactory, MeetingSeriesFactory

pytestmark = pytest.mark.django_db

RECORDS = Path(__file__).with_name("records")

FOURTH_HLM = """Summary Record of the Fourth ASEAN-Japan Smart Cities Network High-Level Meeting

1. The Fourth ASEAN-Japan Smart Cities Network High-Level Meeting was held online on
December 1, 2022. The meeting was co-chaired by Mr. ISHIDA Masaru, Vice-Minister, Ministry of
Land, Infrastructure, Transport and Tourism (MLIT), Government of Japan, and Ms. Dewi Sari,
Director, Ministry of Home Affairs, Government of Indonesia.

2. ASEAN and Japan welcomed the ASEAN Smart City Planning Guidebook and agreed to publish it
by March 2023.
"""


def parsed(name):
    return parse_record((RECORDS / name).read_text(encoding="utf-8"))


def test_record_in_a_known_series_joins_it(seed):
    meeting = record_import(parsed=parse_record(FOURTH_HLM))
    assert meeting.series == seed.series
    assert (meeting.sequence_number, meeting.slug) == (4, "asean-japan-scn-hlm-4")
    assert MeetingSeries.objects.count() == 1


def test_known_people_and_ministries_are_reused_and_new_ones_created(seed):
    meeting = record_import(parsed=parse_record(FOURTH_HLM))
    ishida, dewi = meeting.participants.order_by("order")
    assert ishida.person == seed.participants.get(order=1).person
    assert ishida.organisation.slug == "mlit"
    assert (dewi.person.name, dewi.organisation.name, dewi.government.name) == (
        "Dewi Sari",
        "Ministry of Home Affairs",
        "Indonesia",
    )
    assert dewi.organisation.kind == Organisation.Kind.MINISTRY
    assert dewi.organisation.country.code == "ID"


def test_parties_are_linked_to_countries_and_organisations(seed):
    meeting = record_import(parsed=parse_record(FOURTH_HLM))
    agreed = Resolution.objects.get(paragraph__meeting=meeting, verb="agreed")
    assert [c.code for c in agreed.party_countries.all()] == ["JP"]
    assert [o.short_name for o in agreed.party_organisations.all()] == ["ASEAN"]
    action = agreed.follow_up_actions.get()
    assert (action.due_date, action.due_precision) == (datetime.date(2023, 3, 31), "month")
    assert [c.code for c in action.owner_countries.all()] == ["JP"]


def test_new_series_gets_its_short_name_from_the_title():
    meeting = record_import(parsed=parsed("unnumbered_single_chair.txt"))
    assert (meeting.series.name, meeting.series.short_name, meeting.series.slug) == (
        "ASEAN Ministers on Energy Meeting",
        "AMEM",
        "amem",
    )
    assert meeting.slug == "amem-15"


def test_a_meeting_number_already_taken_saves_nothing():
    series = MeetingSeriesFactory(name="ASEAN Ministers on Energy Meeting", short_name="AMEM")
    MeetingFactory(series=series, sequence_number=15)
    with pytest.raises(ValidationError, match="already has a meeting with this number"):
        record_import(parsed=parsed("unnumbered_single_chair.txt"))
    assert Meeting.objects.count() == 1
    assert Person.objects.count() == 0


def test_a_clause_not_in_its_paragraph_fails_whole_and_names_the_part():
    record = parsed("unnumbered_single_chair.txt")
    record.paragraphs[2].resolutions[1].text = "to do something the record never said"
    with pytest.raises(ValidationError, match=r"¶3, resolution 2: text: This clause is not"):
        record_import(parsed=record)
    assert (Meeting.objects.count(), Paragraph.objects.count(), MeetingSeries.objects.count()) == (
        0,
        0,
        0,
    )


def test_record_without_a_number_or_dates_asks_for_them():
    record = parsed("unnumbered_single_chair.txt")
    record.sequence_number, record.start_date, record.end_date, record.year = None, None, None, None
    with pytest.raises(
        ValidationError, match="Enter the meeting's number and the dates or the year"
    ):
        record_import(parsed=record)
    assert Meeting.objects.count() == 0


def test_online_meeting_is_saved_without_a_country():
    CountryFactory(code="ID", name="Indonesia")
    meeting = record_import(parsed=parsed("three_co_chairs_annexes.txt"))
    assert (meeting.format, meeting.country) == ("online", None)
    assert meeting.participants.count() == 3


def test_actions_keep_precision_and_link_to_their_resolution():
    meeting = record_import(parsed=parsed("unnumbered_single_chair.txt"))
    assert list(
        FollowUpAction.objects.filter(meeting=meeting)
        .order_by("paragraph__number")
        .values_list("paragraph__number", "resolution__verb", "due_date", "due_precision")
    ) == [
        (2, "tasked", None, "none"),
        (3, "requested", datetime.date(2007, 12, 31), "year"),
        (4, "agreed", datetime.date(2008, 9, 30), "quarter"),
    ]


def test_agenda_headings_are_linked_to_their_paragraphs():
    meeting = record_import(parsed=parsed("un_style.txt"))
    item = meeting.agenda_items.get()
    assert item.number == 79
    assert set(meeting.paragraphs.values_list("agenda_item", flat=True)) == {item.pk}


def test_import_by_a_user_is_logged_as_an_addition(admin_user):
    meeting = record_import(parsed=parsed("unnumbered_single_chair.txt"), user=admin_user)
    entry = LogEntry.objects.get()
    assert (entry.user, entry.object_id, entry.action_flag) == (
        admin_user,
        str(meeting.pk),
        ADDITION,
    )
    assert entry.change_message == "Imported from a summary record as a draft."
