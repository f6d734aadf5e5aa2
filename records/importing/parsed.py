"""What the importer recognised in a record: plain data, before anything is saved.

Every class converts to and from plain JSON types (``to_dict``/``from_dict``), so a parsed
record can travel between the admin's preview and confirmation steps inside a signed form
field, and be printed by ``import_record --dry-run``.
"""

import dataclasses
import datetime
from dataclasses import dataclass, field


@dataclass
class Span:
    """A recognised part of a text: characters ``start``–``end``, what kind, what it became."""

    start: int
    end: int
    kind: str
    label: str


@dataclass
class Mend:
    """A repair of PDF extraction damage, e.g. "eachASEANMember" → "each ASEAN Member"."""

    paragraph: int
    extracted: str
    mended: str


@dataclass
class ParsedParticipant:
    role: str
    honorific: str
    name: str
    position: str = ""
    organisation: str = ""
    organisation_short_name: str = ""
    government: str = ""


@dataclass
class ParsedAgendaItem:
    number: int
    title: str


@dataclass
class ParsedResolution:
    verb: str
    parties: str
    text: str
    # Who else the decision binds, as written after "agreed with …"; used to link countries.
    co_parties: str = ""
    # The verb as written, for a verb none of the listed ones (verb "other"): "called upon".
    verb_word: str = ""


@dataclass
class ParsedAction:
    description: str
    owners: str = ""
    due_text: str = ""
    due_date: datetime.date | None = None
    due_precision: str = "none"
    # The resolution of the same paragraph it follows from: its 1-based order, or None.
    resolution: int | None = None


@dataclass
class ParsedParagraph:
    number: int
    text: str
    agenda_item: int | None = None
    resolutions: list[ParsedResolution] = field(default_factory=list)
    actions: list[ParsedAction] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)


@dataclass
class ParsedAnnex:
    title: str
    text: str


@dataclass
class ParsedRecord:
    """A summary record as recognised: the meeting, its people, its paragraphs and decisions.

    ``notes`` says, in words for the officer, what was not recognised or was left out.
    """

    title: str = ""
    series_name: str = ""
    series_short_name: str = ""
    sequence_number: int | None = None
    year: int | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    venue: str = ""
    country: str = ""
    format: str = "in_person"
    # Whether the record numbers its paragraphs; if not, the numbers are ours to change.
    numbered: bool = True
    participants: list[ParsedParticipant] = field(default_factory=list)
    agenda_items: list[ParsedAgendaItem] = field(default_factory=list)
    paragraphs: list[ParsedParagraph] = field(default_factory=list)
    annexes: list[ParsedAnnex] = field(default_factory=list)
    mends: list[Mend] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    title_spans: list[Span] = field(default_factory=list)
    # The text as it was pasted or read from the file, for the officer to edit and recognise
    # again: what was typed is never lost.
    source: str = ""

    def to_dict(self) -> dict:
        return _plain(dataclasses.asdict(self))

    @classmethod
    def from_dict(cls, data: dict) -> "ParsedRecord":
        data = dict(data)
        data["start_date"] = _date(data.get("start_date"))
        data["end_date"] = _date(data.get("end_date"))
        data["participants"] = [ParsedParticipant(**p) for p in data.get("participants", [])]
        data["agenda_items"] = [ParsedAgendaItem(**a) for a in data.get("agenda_items", [])]
        data["annexes"] = [ParsedAnnex(**a) for a in data.get("annexes", [])]
        data["mends"] = [Mend(**m) for m in data.get("mends", [])]
        data["title_spans"] = [Span(**s) for s in data.get("title_spans", [])]
        data["paragraphs"] = [
            ParsedParagraph(
                **{
                    **p,
                    "resolutions": [ParsedResolution(**r) for r in p.get("resolutions", [])],
                    "actions": [
                        ParsedAction(**{**a, "due_date": _date(a.get("due_date"))})
                        for a in p.get("actions", [])
                    ],
                    "spans": [Span(**s) for s in p.get("spans", [])],
                }
            )
            for p in data.get("paragraphs", [])
        ]
        return cls(**data)


def _plain(value):
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None
