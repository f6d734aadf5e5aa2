"""The recognition rules one by one: dates, deadlines, mending, sentences, subjects."""

import datetime

import pytest

from records.importing.dates import find_dates, find_deadlines
from records.importing.layout import join_lines, layout, mend
from records.importing.recognise import parse_record
from records.importing.sentences import sentences

pytestmark = pytest.mark.django_db

MEETING = datetime.date(2021, 10, 18)


def dates_in(text):
    return [(text[d.start : d.end], d.first, d.last) for d in find_dates(text)]


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("October 18-19, 2021", datetime.date(2021, 10, 18), datetime.date(2021, 10, 19)),
        ("18–19 October 2021", datetime.date(2021, 10, 18), datetime.date(2021, 10, 19)),
        ("9 February 2007", datetime.date(2007, 2, 9), datetime.date(2007, 2, 9)),
        ("27-28 May 1997", datetime.date(1997, 5, 27), datetime.date(1997, 5, 28)),
        ("Tuesday, 9 February 2007", datetime.date(2007, 2, 9), datetime.date(2007, 2, 9)),
        ("February 9, 2007", datetime.date(2007, 2, 9), datetime.date(2007, 2, 9)),
        ("30 October – 1 November 2021", datetime.date(2021, 10, 30), datetime.date(2021, 11, 1)),
        ("October 30 - November 1, 2021", datetime.date(2021, 10, 30), datetime.date(2021, 11, 1)),
        ("18 and 19 October 2021", datetime.date(2021, 10, 18), datetime.date(2021, 10, 19)),
    ],
)
def test_meeting_dates_in_the_forms_records_use(text, first, last):
    assert dates_in(f"The Meeting was held on {text} in Jakarta.") == [(text, first, last)]


def test_impossible_dates_and_the_verb_may_are_not_dates():
    assert dates_in("On 31 February 2021 the Members may 2 times meet.") == []


def deadlines_in(text, meeting=MEETING):
    return [(d.text, d.due_date, d.precision) for d in find_deadlines(text, meeting)]


@pytest.mark.parametrize(
    ("text", "due", "precision"),
    [
        ("by the end of this year", datetime.date(2021, 12, 31), "year"),
        ("by February, 2022", datetime.date(2022, 2, 28), "month"),
        ("until 29 October 2021", datetime.date(2021, 10, 29), "day"),
        ("no later than March 15, 2022", datetime.date(2022, 3, 15), "day"),
        ("in the third quarter of 2025", datetime.date(2025, 9, 30), "quarter"),
        ("by Q1 2024", datetime.date(2024, 3, 31), "quarter"),
        ("by end-2022", datetime.date(2022, 12, 31), "year"),
        ("by the end of next year", datetime.date(2022, 12, 31), "year"),
        ("by 2030", datetime.date(2030, 12, 31), "year"),
        ("by February 2024", datetime.date(2024, 2, 29), "month"),
        ("at the next meeting", None, "next_meeting"),
        ("before its next session", None, "next_meeting"),
    ],
)
def test_deadline_resolved_to_the_last_day_of_its_period(text, due, precision):
    assert deadlines_in(f"The report will be submitted {text}.") == [(text, due, precision)]


def test_dates_before_the_meeting_are_history_not_deadlines():
    assert deadlines_in("The plan adopted by 2015 was completed until 30 June 2020.") == []


def test_end_of_this_year_needs_the_meeting_date():
    assert deadlines_in("The guidebook is planned by the end of this year.", meeting=None) == []


def test_holding_the_next_meeting_is_due_at_it_with_the_words_that_say_when():
    text = "They affirmed to hold the next Meeting as mutually agreed, and confirmed to go on."
    assert deadlines_in(text) == [("as mutually agreed", None, "next_meeting")]


def test_holding_the_next_meeting_on_a_date_keeps_the_date():
    text = "The Ministers agreed to hold the next Meeting in the third quarter of 2022."
    assert deadlines_in(text) == [
        ("in the third quarter of 2022", datetime.date(2022, 9, 30), "quarter")
    ]


# --- Mending the extraction ----------------------------------------------------------------


def test_hyphen_at_a_line_end_joins_without_a_space():
    assert join_lines(["held online and in-", "person at Aichi"]) == (
        "held online and in-person at Aichi"
    )


@pytest.mark.parametrize(
    ("extracted", "mended"),
    [
        ("in eachASEANMember State", "in each ASEAN Member State"),
        ("points,“forming a city”,“forming", "points, “forming a city”, “forming"),
        ("transparent”for the success", "transparent” for the success"),
        ("the Meeting.The Ministers", "the Meeting. The Ministers"),
        ("cities;and towns", "cities; and towns"),
    ],
)
def test_missing_spaces_are_put_back(extracted, mended):
    assert mend(extracted).text == mended


@pytest.mark.parametrize(
    "text",
    [
        "Japan’s McDonald and iPhone",
        "MLIT, JASCA and the ASEAN-Japan SCN HLM",
        "1,000 cities in 2021.",
        "the IIIrd Meeting of H.E. Mr. ISHIDA Masaru",
        "“Smart JAMP,” the support measures",
    ],
)
def test_well_formed_text_is_left_as_it_is(text):
    assert mend(text).text == text
    assert mend(text).mends == []


def test_mends_report_the_word_as_extracted_and_where_it_now_stands():
    result = mend("in eachASEANMember State")
    assert [(result.text[s:e], word) for s, e, word in result.mends] == [
        ("each ASEAN Member", "eachASEANMember")
    ]


def test_page_numbers_and_running_headers_of_pdf_pages_are_dropped():
    text = "\n".join(
        [
            "ASEAN Committee – Summary Record",
            "Summary Record of the Fourth Meeting of the Committee",
            "1. The Fourth Meeting of the Committee was held in Manila, Philippines on",
            "- 1 -\fASEAN Committee – Summary Record",
            "9 February 2007. It went on.",
            "2\fASEAN Committee – Summary Record",
            "2. The Meeting agreed to meet again.",
            "Page 3 of 3",
        ]
    )
    parts = layout(text)
    assert [join_lines(p.lines) for p in parts.paragraphs] == [
        "The Fourth Meeting of the Committee was held in Manila, Philippines on 9 February "
        "2007. It went on.",
        "The Meeting agreed to meet again.",
    ]
    assert parts.header == [
        "ASEAN Committee – Summary Record",
        "Summary Record of the Fourth Meeting of the Committee",
    ]
    assert parts.furniture == 5


def test_repeated_lines_of_pasted_text_are_the_records_words_and_kept():
    line = "The Meeting noted the report."
    parts = layout(f"Summary Record of the First Meeting\n1. {line}\n{line}\n{line}\n2. {line}")
    assert [join_lines(p.lines) for p in parts.paragraphs] == [f"{line} {line} {line}", line]
    assert parts.furniture == 0


def test_a_numbered_list_inside_a_paragraph_does_not_restart_the_numbering():
    parts = layout(
        "Summary Record of the First Meeting\n"
        "1. The Meeting adopted the agenda:\n"
        "1. Opening\n"
        "2. The Meeting closed."
    )
    assert [(p.number, join_lines(p.lines)) for p in parts.paragraphs] == [
        (1, "The Meeting adopted the agenda: 1. Opening"),
        (2, "The Meeting closed."),
    ]


# --- Sentences and subjects ----------------------------------------------------------------


def test_titles_and_initials_do_not_end_sentences():
    text = "It was chaired by H.E. Dr. A. Tan of the U.N. office. The Meeting closed."
    assert [text[s:e] for s, e in sentences(text)] == [
        "It was chaired by H.E. Dr. A. Tan of the U.N. office.",
        "The Meeting closed.",
    ]


def record_with(paragraph):
    return parse_record(
        "Summary Record of the First ASEAN Meeting on Testing\n\n"
        "1. The First ASEAN Meeting on Testing was held in Jakarta, Indonesia on 9 February 2007.\n"
        f"2. {paragraph}"
    )


def decisions_of(paragraph):
    return [(r.parties, r.verb, r.text) for r in record_with(paragraph).paragraphs[1].resolutions]


def test_passive_and_phrasal_uses_of_operative_verbs_are_not_decisions():
    assert (
        decisions_of(
            "The plan was adopted in 2005, as mutually agreed, and it had been noted before."
        )
        == []
    )


def test_decision_inside_another_decisions_clause_belongs_to_it():
    assert decisions_of("The Meeting noted that the Ministers adopted the plan.") == [
        ("The Meeting", "noted", "that the Ministers adopted the plan")
    ]


def test_coordinated_verbs_share_the_subject_and_split_the_clause():
    assert decisions_of(
        "Furthermore, the Ministers also warmly welcomed the report, and endorsed the plan."
    ) == [
        ("the Ministers", "welcomed", "the report"),
        ("the Ministers", "endorsed", "the plan"),
    ]


def test_american_spelling_is_filed_under_the_record_spelling():
    assert decisions_of("The Meeting recognized the work of the Secretariat.") == [
        ("The Meeting", "recognised", "the work of the Secretariat")
    ]


def test_a_subject_that_is_a_relative_clause_is_left_for_the_officer():
    assert decisions_of("Companies that joined the platform agreed to share their data.") == []
