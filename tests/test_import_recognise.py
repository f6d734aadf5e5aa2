"""What the importer recognises in records of different shapes, and what it leaves.

The records in ``tests/records/`` were written for these tests, each in a shape summary
records take: unnumbered paragraphs, one chair, a chair and a "Co-Chairman", a list of heads
of delegation, more than two co-chairs, annexes, and a United Nations summary record.
"""

import datetime
from pathlib import Path

import pytest

from records.importing import parse_record

pytestmark = pytest.mark.django_db

RECORDS = Path(__file__).with_name("records")


def parse(name):
    return parse_record((RECORDS / name).read_text(encoding="utf-8"))


def people(record):
    return [
        (p.role, p.honorific, p.name, p.position, p.organisation, p.government)
        for p in record.participants
    ]


def decisions(record):
    return [
        (paragraph.number, r.verb, r.parties, r.text)
        for paragraph in record.paragraphs
        for r in paragraph.resolutions
    ]


def actions(record):
    return [
        (paragraph.number, a.resolution, a.owners, a.due_text, a.due_date, a.due_precision)
        for paragraph in record.paragraphs
        for a in paragraph.actions
    ]


# --- Unnumbered paragraphs, a single chair -------------------------------------------------


def test_unnumbered_record_is_split_into_its_paragraphs():
    record = parse("unnumbered_single_chair.txt")
    assert [p.number for p in record.paragraphs] == [1, 2, 3, 4]
    assert record.paragraphs[1].text.startswith("The Ministers adopted the ASEAN Plan")
    assert record.paragraphs[3].text.endswith("in the third quarter of 2008.")


def test_title_with_abbreviation_gives_series_number_and_short_name():
    record = parse("unnumbered_single_chair.txt")
    assert (record.sequence_number, record.series_name, record.series_short_name) == (
        15,
        "ASEAN Ministers on Energy Meeting",
        "AMEM",
    )


def test_single_day_meeting_in_a_capital():
    record = parse("unnumbered_single_chair.txt")
    assert (record.start_date, record.end_date) == (
        datetime.date(2007, 2, 9),
        datetime.date(2007, 2, 9),
    )
    assert (record.venue, record.country) == ("Jakarta", "Indonesia")


def test_single_chair_with_position_and_government():
    assert people(parse("unnumbered_single_chair.txt")) == [
        (
            "chair",
            "H.E. Dr.",
            "Purnomo Yusgiantoro",
            "Minister of Energy and Mineral Resources",
            "",
            "Indonesia",
        )
    ]


def test_requests_and_tasks_become_follow_ups_owned_by_whoever_is_asked():
    assert actions(parse("unnumbered_single_chair.txt")) == [
        (2, 2, "the ASEAN Centre for Energy", "", None, "none"),
        (
            3,
            2,
            "the ASEAN Council on Petroleum",
            "by the end of this year",
            datetime.date(2007, 12, 31),
            "year",
        ),
        (
            4,
            2,
            "The Ministers",
            "in the third quarter of 2008",
            datetime.date(2008, 9, 30),
            "quarter",
        ),
    ]


def test_format_not_stated_is_left_for_the_officer():
    record = parse("unnumbered_single_chair.txt")
    assert record.format == "in_person"
    assert any("does not say whether the meeting was online" in note for note in record.notes)


# --- A chair and a Co-Chairman, heads of delegation, agenda headings, an annex ------------


def test_chair_of_the_meeting_with_a_co_chairman():
    record = parse("chair_co_chairman_delegations.txt")
    assert people(record)[:2] == [
        (
            "chair",
            "H.E. Dato'",
            "Abdul Kadir Mohamad",
            "Secretary-General",
            "Ministry of Foreign Affairs",
            "Malaysia",
        ),
        (
            "co_chair",
            "H.E. Mr.",
            "Wang Yingfan",
            "Assistant Minister of Foreign Affairs",
            "",
            "China",
        ),
    ]


def test_listed_heads_of_delegation_with_their_governments():
    record = parse("chair_co_chairman_delegations.txt")
    assert people(record)[2:] == [
        (
            "head_of_delegation",
            "H.E.",
            "Pehin Dato Lim Jock Seng",
            "Permanent Secretary",
            "Ministry of Foreign Affairs",
            "Brunei Darussalam",
        ),
        (
            "head_of_delegation",
            "H.E. Mr.",
            "Sihasak Phuangketkeow",
            "Deputy Permanent Secretary",
            "Ministry of Foreign Affairs",
            "Thailand",
        ),
        ("head_of_delegation", "Dr.", "Rodolfo C. Severino", "Secretary-General of ASEAN", "", ""),
    ]


def test_numeral_ordinal_and_hyphenated_day_range():
    record = parse("chair_co_chairman_delegations.txt")
    assert record.sequence_number == 3
    assert record.series_name == "ASEAN-China Joint Cooperation Committee Meeting"
    assert (record.start_date, record.end_date) == (
        datetime.date(1997, 5, 27),
        datetime.date(1997, 5, 28),
    )
    assert (record.venue, record.country) == ("Putra World Trade Centre, Kuala Lumpur", "Malaysia")


def test_headings_between_paragraphs_become_agenda_items_in_order():
    record = parse("chair_co_chairman_delegations.txt")
    assert [(a.number, a.title) for a in record.agenda_items] == [
        (1, "Opening of the Meeting"),
        (2, "Adoption of the Agenda"),
        (3, "Review of Cooperation"),
    ]
    assert [p.agenda_item for p in record.paragraphs] == [1, 1, 2, 3, 3]


def test_a_new_subject_after_and_takes_the_decision():
    assert decisions(parse("chair_co_chairman_delegations.txt")) == [
        (3, "adopted", "The Meeting", "the agenda as attached in ANNEX 1"),
        (4, "agreed", "The Meeting", "to convene a Senior Officials' consultation by 30 June 1998"),
        (5, "welcomed", "the Meeting", "China's contribution to the Fund"),
    ]


def test_annex_is_kept_out_of_the_paragraphs_and_reported():
    record = parse("chair_co_chairman_delegations.txt")
    assert len(record.paragraphs) == 5
    assert [a.title for a in record.annexes] == [
        "ANNEX 1: Agenda of the 3rd ASEAN-China Joint Cooperation Committee Meeting"
    ]
    assert any(note.startswith("ANNEX 1: Agenda") for note in record.notes)


# --- More than two co-chairs, an online meeting, two annexes -------------------------------


def test_three_co_chairs_separated_by_semicolons():
    assert people(parse("three_co_chairs_annexes.txt")) == [
        (
            "co_chair",
            "H.E. Mr.",
            "Johnny G. Plate",
            "Minister of Communication and Informatics",
            "",
            "Indonesia",
        ),
        (
            "co_chair",
            "H.E. Mr.",
            "MATSUMOTO Takeaki",
            "Minister for Internal Affairs and Communications",
            "",
            "Japan",
        ),
        (
            "co_chair",
            "H.E. Mr.",
            "Lee Jong-ho",
            "Minister of Science and ICT",
            "",
            "Republic of Korea",
        ),
    ]


def test_virtual_meeting_is_online_with_no_host_country():
    record = parse("three_co_chairs_annexes.txt")
    assert (record.format, record.venue, record.country) == ("online", "", "")
    assert (record.start_date, record.end_date) == (
        datetime.date(2022, 11, 25),
        datetime.date(2022, 11, 26),
    )


def test_report_at_the_next_meeting_is_due_then_without_a_date():
    assert actions(parse("three_co_chairs_annexes.txt")) == [
        (2, 2, "the ASEAN Secretariat", "at the next meeting", None, "next_meeting")
    ]


def test_every_annex_is_reported_and_none_is_read_for_decisions():
    record = parse("three_co_chairs_annexes.txt")
    assert [a.title for a in record.annexes] == [
        "ANNEX 1: List of Participants",
        "Annex 2: Joint Statement",
    ]
    assert [verb for _, verb, _, _ in decisions(record)] == ["endorsed", "encouraged", "noted"]


# --- A United Nations summary record -------------------------------------------------------


def test_un_record_meeting_number_and_body_in_its_session():
    record = parse("un_style.txt")
    assert record.title == "Summary record of the 5th meeting"
    assert (record.sequence_number, record.series_name) == (
        5,
        "Sixth Committee, Sixty-first session",
    )


def test_un_record_date_and_place_come_from_the_heading():
    record = parse("un_style.txt")
    assert record.start_date == datetime.date(2006, 10, 9)
    assert (record.venue, record.country) == ("Headquarters, New York", "")


def test_un_record_chairperson_and_speakers():
    assert people(parse("un_style.txt")) == [
        ("chair", "Mr.", "Bühler", "", "", "Austria"),
        ("delegate", "Mr.", "Smith", "", "", "United Kingdom"),
        ("delegate", "Ms.", "Tanaka", "", "", "Japan"),
    ]


def test_un_record_agenda_item_heading_covers_its_paragraphs():
    record = parse("un_style.txt")
    assert [(a.number, a.title) for a in record.agenda_items] == [
        (79, "Report of the International Law Commission on the work of its fifty-eighth session")
    ]
    assert {p.agenda_item for p in record.paragraphs} == {79}


def test_statements_are_not_decisions_but_the_committee_decision_is():
    record = parse("un_style.txt")
    assert decisions(record) == [
        (
            4,
            "decided",
            "The Committee",
            "to resume its consideration of the item at its next meeting",
        )
    ]
    assert actions(record) == [(4, 1, "The Committee", "at its next meeting", None, "next_meeting")]


def test_un_record_times_and_unused_heading_lines_are_reported():
    record = parse("un_style.txt")
    assert (
        "“The meeting rose at 1 p.m.”: the time of the meeting has no field and was left out."
        in (record.notes)
    )
    assert not any("rose at" in p.text for p in record.paragraphs)
    assert any("“A/C.6/61/SR.5”" in note for note in record.notes)
