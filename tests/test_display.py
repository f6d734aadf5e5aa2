import datetime

import pytest

from records import display


@pytest.mark.parametrize(
    ("number", "word"),
    [
        (1, "First"),
        (2, "Second"),
        (3, "Third"),
        (12, "Twelfth"),
        (15, "Fifteenth"),
        (20, "Twentieth"),
        (21, "Twenty-First"),
        (43, "Forty-Third"),
        (99, "Ninety-Ninth"),
        (101, "101st"),
        (112, "112th"),
        (123, "123rd"),
    ],
)
def test_ordinal_word_spells_meeting_numbers_as_records_do(number, word):
    assert display.ordinal_word(number) == word


def test_ordinal_word_refuses_zero():
    with pytest.raises(ValueError):
        display.ordinal_word(0)


@pytest.mark.parametrize(
    ("start", "end", "written"),
    [
        ((2021, 10, 18), (2021, 10, 19), "18–19 October 2021"),
        ((2007, 2, 9), (2007, 2, 9), "9 February 2007"),
        ((2019, 9, 30), (2019, 10, 1), "30 September – 1 October 2019"),
        ((2021, 12, 31), (2022, 1, 1), "31 December 2021 – 1 January 2022"),
    ],
)
def test_date_range_is_written_like_a_record(start, end, written):
    assert display.date_range(datetime.date(*start), datetime.date(*end)) == written


def test_date_range_of_unknown_dates_is_empty():
    assert display.date_range(None, None) == ""


@pytest.mark.parametrize(
    ("day", "precision", "end"),
    [
        ((2022, 2, 1), "month", (2022, 2, 28)),
        ((2024, 2, 10), "month", (2024, 2, 29)),
        ((2025, 7, 15), "quarter", (2025, 9, 30)),
        ((2025, 11, 1), "quarter", (2025, 12, 31)),
        ((2021, 3, 4), "year", (2021, 12, 31)),
        ((2021, 10, 29), "day", (2021, 10, 29)),
    ],
)
def test_period_end_is_the_last_day_of_the_period(day, precision, end):
    assert display.period_end(datetime.date(*day), precision) == datetime.date(*end)


@pytest.mark.parametrize(
    ("day", "precision", "written"),
    [
        ((2021, 10, 29), "day", "29 October 2021"),
        ((2022, 2, 28), "month", "February 2022"),
        ((2025, 9, 30), "quarter", "Q3 2025"),
        ((2021, 12, 31), "year", "end of 2021"),
    ],
)
def test_due_date_is_written_at_its_precision(day, precision, written):
    assert display.due_date(datetime.date(*day), precision) == written


@pytest.mark.parametrize(
    ("roles", "heading"),
    [
        (["chair"], "Chair"),
        (["co_chair", "co_chair"], "Co-chairs"),
        (["chair", "co_chair"], "Chair and co-chair"),
        (["chair", "co_chair", "co_chair"], "Chair and co-chairs"),
    ],
)
def test_the_chairs_panel_is_headed_by_the_roles_the_record_names(roles, heading):
    assert display.chairs_heading(roles) == heading


@pytest.mark.parametrize(
    ("text", "length", "cut"),
    [
        ("The Meeting agreed to meet.", 27, "The Meeting agreed to meet."),
        ("The Meeting agreed to strengthen co-operation", 23, "The Meeting agreed to…"),
        ("The Meeting, agreed", 15, "The Meeting…"),
        ("Unbreakablewordlongerthanthelimit", 10, "Unbreakabl…"),
    ],
)
def test_an_excerpt_is_cut_at_a_whole_word(text, length, cut):
    assert display.excerpt(text, length) == cut
