"""How a record writes numbers and dates: "Third", "18–19 October 2021", "February 2022".

Dates are written in the interface's language (docs/languages.md): month names, and the
order of day, month and year, are the catalogue's; in English as records write them. These
are dates the site works out from a record's facts; the record's own words (its text, a
deadline as written) are shown as written, in whatever language it is.
"""

import calendar
import datetime

from django.conf import settings
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext, pgettext

_UNITS = [
    "",
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
    "Eleventh",
    "Twelfth",
    "Thirteenth",
    "Fourteenth",
    "Fifteenth",
    "Sixteenth",
    "Seventeenth",
    "Eighteenth",
    "Nineteenth",
]
_TENS = [
    "",
    "",
    "Twenty",
    "Thirty",
    "Forty",
    "Fifty",
    "Sixty",
    "Seventy",
    "Eighty",
    "Ninety",
]
_TENS_ORDINAL = [
    "",
    "",
    "Twentieth",
    "Thirtieth",
    "Fortieth",
    "Fiftieth",
    "Sixtieth",
    "Seventieth",
    "Eightieth",
    "Ninetieth",
]


def ordinal_word(number: int) -> str:
    """Spell an ordinal as records do: 3 → "Third", 21 → "Twenty-First", 100 → "100th"."""
    if number < 1:
        raise ValueError(f"Ordinals start at 1, not {number}.")
    if number < 20:
        return _UNITS[number]
    if number < 100:
        tens, units = divmod(number, 10)
        return _TENS_ORDINAL[tens] if units == 0 else f"{_TENS[tens]}-{_UNITS[units]}"
    suffix = (
        "th" if 11 <= number % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def ordinal(number: int) -> str:
    """A meeting's place in its series as the interface's language writes it.

    English spells it as records do ("Third"); another language writes the number in its
    catalogue's words ("ke-3", "ครั้งที่ 3"), as an ordinal word spelt in English would be
    out of place in its sentences and no catalogue can spell every number.
    """
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language.split("-")[0] == "en":
        return ordinal_word(number)
    return pgettext(
        "a meeting's place in its series, in place of an ordinal word such as 'Third'",
        "No. %(number)s",
    ) % {"number": number}


def date_range(start: datetime.date | None, end: datetime.date | None) -> str:
    """A meeting's dates as a record writes them: "18–19 October 2021"."""
    if start is None:
        return ""
    if end is None or end == start:
        return long_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return pgettext("days of one month", "%(first_day)s–%(last_day)s %(month)s %(year)s") % {
            "first_day": start.day,
            "last_day": end.day,
            "month": month_name(end),
            "year": end.year,
        }
    if start.year == end.year:
        return pgettext(
            "days of one year",
            "%(first_day)s %(first_month)s – %(last_day)s %(last_month)s %(year)s",
        ) % {
            "first_day": start.day,
            "first_month": month_name(start),
            "last_day": end.day,
            "last_month": month_name(end),
            "year": end.year,
        }
    return pgettext("from one day to another", "%(first)s – %(last)s") % {
        "first": long_date(start),
        "last": long_date(end),
    }


def month_name(day: datetime.date) -> str:
    """The name of the month of ``day`` in the interface's language: "October"."""
    return dateformat.format(day, "F")


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def period_end(day: datetime.date, precision: str) -> datetime.date:
    """The last day of the period that ``day`` falls in, at ``precision``.

    A deadline "by February 2022" is met on any day of February: it is kept as 28 February.
    """
    if precision == "month":
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if precision == "quarter":
        last_month = quarter_of(day) * 3
        return datetime.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])
    if precision == "year":
        return datetime.date(day.year, 12, 31)
    return day


def due_date(day: datetime.date | None, precision: str) -> str:
    """A deadline at its precision: "29 October 2021", "February 2022", "Q3 2025", "end of 2021"."""
    if day is None:
        return ""
    if precision == "month":
        return pgettext("a month", "%(month)s %(year)s") % {
            "month": month_name(day),
            "year": day.year,
        }
    if precision == "quarter":
        return pgettext("a quarter", "Q%(quarter)s %(year)s") % {
            "quarter": quarter_of(day),
            "year": day.year,
        }
    if precision == "year":
        return pgettext("a deadline", "end of %(year)s") % {"year": day.year}
    return long_date(day)


def long_date(moment: datetime.datetime | datetime.date) -> str:
    """A day as records write it, "3 March 2022"; a moment is read in the site's time zone."""
    if isinstance(moment, datetime.datetime):
        moment = timezone.localdate(moment)
    return pgettext("a day", "%(day)s %(month)s %(year)s") % {
        "day": moment.day,
        "month": month_name(moment),
        "year": moment.year,
    }


def chairs_heading(roles: list[str]) -> str:
    """The heading over a meeting's chairs: "Chair" for one, "Co-chairs" for co-chairs only,
    "Chair and co-chair(s)" when the record names a Chair beside them."""
    if len(roles) <= 1:
        return gettext("Chair")
    co_chairs = sum(role == "co_chair" for role in roles)
    if co_chairs == len(roles):
        return gettext("Co-chairs")
    if co_chairs > 1:
        return gettext("Chair and co-chairs")
    if co_chairs:
        return gettext("Chair and co-chair")
    return gettext("Chairs")


def excerpt(text: str, length: int) -> str:
    """``text`` cut to at most ``length`` characters at a whole word, with "…" if cut."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[: length + 1].rsplit(" ", 1)[0] if " " in text[:length] else text[:length]
    return f"{cut.rstrip(' ,;:')}…"
