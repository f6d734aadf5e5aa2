"""Show what was recognised: as JSON (``import_record --dry-run``) and as highlighted text.

Nothing here writes to the database, and nothing here builds HTML: the highlighted text is a
list of plain-text segments that the template escapes.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext

from records.importing import lookup
from records.importing.parsed import ParsedRecord, Span
from records.models import MeetingStatus


def meeting_data(parsed: ParsedRecord, countries: lookup.Countries | None = None) -> dict:
    """The recognised record in the shape of a meeting's detail, with the database's names.

    Dates are ISO 8601; due dates are the last day of their period, with their precision.
    Under ``import`` are what the importer mended, what it left for the officer, and any
    meeting already holding this text.
    """
    data = parsed.to_dict()
    notes = list(parsed.notes)
    series = lookup.find_series(parsed.series_name)
    named: dict[str, dict | None] = {}
    filed = countries or lookup.Countries()

    def country(name: str) -> dict | None:
        if not name:
            return None
        if name not in named:
            found, code = filed.get(name), filed.new_code(name)
            if code:
                notes.append(
                    gettext(
                        "“%(country)s” is not in the countries table: it is added (code "
                        "%(code)s) with the draft, unless you leave it out."
                    )
                    % {"country": name, "code": code}
                )
            elif found is None:
                notes.append(
                    gettext("“%(country)s” is not in the countries table: add it, or leave it out.")
                    % {"country": name}
                )
            named[name] = {
                "name": found.name if found else name,
                "code": found.code if found else code,
                "is_new": found is None,
            }
        return named[name]

    return {
        "title": parsed.title,
        "series": {
            "name": series.name if series else parsed.series_name,
            "short_name": series.short_name if series else parsed.series_short_name,
            "slug": series.slug if series else None,
            "is_new": series is None,
        },
        "sequence_number": parsed.sequence_number,
        "year": parsed.year,
        "start_date": data["start_date"],
        "end_date": data["end_date"],
        "venue": parsed.venue,
        "country": country(parsed.country),
        "format": parsed.format,
        "status": MeetingStatus.DRAFT.value,
        "participants": [
            {
                "order": order,
                "role": p.role,
                "person": {"honorific": p.honorific, "name": p.name},
                "position": p.position,
                "organisation": (
                    {"name": p.organisation, "short_name": p.organisation_short_name}
                    if p.organisation
                    else None
                ),
                "government": country(p.government),
            }
            for order, p in enumerate(parsed.participants, start=1)
        ],
        "agenda_items": data["agenda_items"],
        "paragraphs": [
            {
                "number": p["number"],
                "agenda_item": p["agenda_item"],
                "text": p["text"],
                "resolutions": [
                    {"order": order, **{k: r[k] for k in ("verb", "verb_word", "parties", "text")}}
                    for order, r in enumerate(p["resolutions"], start=1)
                ],
                "follow_up_actions": p["actions"],
            }
            for p in data["paragraphs"]
        ],
        "import": {
            "mends": data["mends"],
            "notes": notes,
            "annexes": data["annexes"],
            "already_in_system": [
                {
                    "meeting": str(d.meeting),
                    "slug": d.meeting.slug,
                    "admin_url": reverse("admin:records_meeting_change", args=[d.meeting.pk]),
                    "matching_paragraphs": d.matching,
                    "is_same_record": d.is_whole,
                }
                for d in lookup.find_duplicates(parsed)
            ],
        },
    }


@dataclass
class Segment:
    """A run of text with the same recognised parts over it."""

    text: str
    kinds: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    # Labels of the parts that end here, shown after the segment.
    ends: list[str] = field(default_factory=list)

    @property
    def css(self) -> str:
        return " ".join(f"import-{kind}" for kind in self.kinds)


def segments(text: str, spans: list[Span]) -> list[Segment]:
    """Cut ``text`` where recognised parts start and end; overlapping parts stack."""
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    order = {id(span): index for index, span in enumerate(spans)}
    starting: dict[int, list[Span]] = {}
    for span in spans:
        starting.setdefault(span.start, []).append(span)
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    active: list[Span] = []
    result = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        active = [s for s in active if s.end > start] + starting.get(start, [])
        over = sorted(active, key=lambda span: order[id(span)])
        result.append(
            Segment(
                text=text[start:end],
                kinds=sorted({s.kind for s in over}),
                labels=list(dict.fromkeys(s.label for s in over)),
                # A resolution's label follows its clause, not also its verb.
                ends=list(
                    dict.fromkeys(s.label for s in over if s.end == end and s.kind != "verb")
                ),
            )
        )
    return result
