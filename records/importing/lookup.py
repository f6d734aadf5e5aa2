"""What the names in a parsed record are in the database: reads only, nothing is saved."""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Count, Q

from records.importing.parsed import ParsedRecord
from records.importing.words import COUNTRY_CODES, COUNTRY_NAMES, country_name
from records.models import Country, Meeting, MeetingSeries, Organisation


def _key(name: str) -> str:
    """ "High-Level Meeting" and "High Level Meeting" are the same series; so are "Meeting of
    the Mekong Health Ministers", "Mekong Health Ministers' Meeting" and "Mekong Health
    Ministers"."""
    key = re.sub(r"[^a-z0-9]+", "", name.lower())
    key = re.sub(r"^meetingof(?:the)?(?=.)", "", key)
    return re.sub(r"(?<=.)meeting$", "", key)


def find_series(name: str) -> MeetingSeries | None:
    """The series named ``name`` (or so abbreviated), spelt as it may be: one query."""
    if not name:
        return None
    key = _key(name)
    for series in MeetingSeries.objects.all():
        if key in {_key(series.name), _key(series.short_name)}:
            return series
    return None


class Countries:
    """Every country, read once, found by any name records use for it ("Kingdom of Thailand").

    A state a record names that is not in the table yet ("Australia", "United States") can be
    added with its ISO code (``new_code``): the preview offers it as "new:<name>", and the
    import adds it (``get_or_add``).
    """

    NEW = "new:"

    def __init__(self):
        self.by_name: dict[str, Country] = {}
        self.by_pk: dict[int, Country] = {}
        self.codes: set[str] = set()
        for country in Country.objects.order_by("name"):
            self._know(country)

    def _know(self, country: Country) -> None:
        self.by_pk[country.pk] = country
        self.codes.add(country.code)
        filed = country_name(country.name) or country.name
        for alias in {country.name, filed, *COUNTRY_NAMES.get(filed, [])}:
            self.by_name.setdefault(alias.lower(), country)

    def choices(self, named: list[str] = ()) -> list[tuple[str, str]]:
        """The countries in the table, then the states of ``named`` that may be added."""
        new = dict.fromkeys(country_name(n) for n in named if self.new_code(n))
        return [
            ("", "---------"),
            *((str(pk), c.name) for pk, c in self.by_pk.items()),
            *((f"{self.NEW}{name}", f"{name} (new: add to the countries table)") for name in new),
        ]

    def value(self, name: str) -> str:
        """The choice for the state ``name``: its pk, "new:<name>" to add it, or ""."""
        found = self.get(name)
        if found:
            return str(found.pk)
        return f"{self.NEW}{country_name(name)}" if self.new_code(name) else ""

    def name_of(self, value: str) -> str:
        """The state a choice stands for, by the name it is (or will be) filed under."""
        if value.startswith(self.NEW):
            return value.removeprefix(self.NEW)
        country = self.by_pk.get(int(value)) if value.isdigit() else None
        return country.name if country else ""

    def get(self, name: str) -> Country | None:
        if not name:
            return None
        return self.by_name.get(name.lower()) or self.by_name.get(country_name(name).lower())

    def new_code(self, name: str) -> str | None:
        """The ISO code to add the state ``name`` with, when it is a state that is not in the
        table (and its code is free); otherwise None."""
        code = COUNTRY_CODES.get(country_name(name))
        if not name or self.get(name) or code is None or code in self.codes:
            return None
        return code

    def get_or_add(self, name: str) -> Country | None:
        """The country ``name``, added to the table with its ISO code if it is a known state
        not yet there; None for a name that is no known state."""
        found = self.get(name)
        code = None if found else self.new_code(name)
        if code is None:
            return found
        country = Country(name=country_name(name), code=code)
        country.full_clean()
        country.save()
        self._know(country)
        return country


def find_organisation(name: str, short_name: str = "") -> Organisation | None:
    if not name:
        return None
    query = Q(name__iexact=name)
    if short_name:
        query |= Q(short_name__iexact=short_name)
    return Organisation.objects.filter(query).first()


@dataclass
class Duplicate:
    """A meeting already in the system whose paragraphs the imported text repeats."""

    meeting: Meeting
    matching: int
    total: int

    @property
    def is_whole(self) -> bool:
        """More than half of the record is already there: it is the same record."""
        return self.matching * 2 > self.total


def find_duplicates(parsed: ParsedRecord) -> list[Duplicate]:
    """Meetings that already hold paragraphs of this text, most matching first: one query."""
    texts = [paragraph.text for paragraph in parsed.paragraphs]
    if not texts:
        return []
    meetings = (
        Meeting.objects.filter(paragraphs__text__in=texts)
        .annotate(matching=Count("paragraphs"))
        .select_related("series")
        .order_by("-matching", "pk")
    )
    return [Duplicate(meeting, meeting.matching, len(texts)) for meeting in meetings]


class PartyMatcher:
    """The countries and organisations a subject names: "ASEAN and Japan" → ASEAN, Japan.

    "ASEAN Member States" (or "AMS", "each ASEAN Member State") stands for the members on
    the meeting's date. Longer names are matched first, so "ASEAN Secretariat" is not also
    read as "ASEAN".
    """

    _MEMBERS = re.compile(r"\b(?:(?:each\s+)?ASEAN\s+Member\s+States?|AMS)\b")

    def __init__(self):
        self.countries = list(Country.objects.all())
        self.organisations = list(Organisation.objects.all())
        names: list[tuple[str, Country | Organisation]] = []
        for country in self.countries:
            for alias in [country.name, *COUNTRY_NAMES.get(country.name, [])]:
                names.append((alias, country))
        for organisation in self.organisations:
            names.append((organisation.name, organisation))
            if organisation.short_name:
                names.append((organisation.short_name, organisation))
        names.sort(key=lambda pair: len(pair[0]), reverse=True)
        self.patterns = [
            (re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])"), thing) for name, thing in names
        ]

    def match(
        self, text: str, day: datetime.date | None
    ) -> tuple[list[Country], list[Organisation]]:
        countries: list[Country] = []
        organisations: list[Organisation] = []
        if self._MEMBERS.search(text):
            countries.extend(
                c
                for c in self.countries
                if c.asean_member_since and (day is None or c.asean_member_since <= day)
            )
            text = self._MEMBERS.sub(" ", text)
        for pattern, thing in self.patterns:
            if pattern.search(text):
                text = pattern.sub(" ", text)
                found = countries if isinstance(thing, Country) else organisations
                if thing not in found:
                    found.append(thing)
        return countries, organisations
