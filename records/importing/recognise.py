"""Our rules for reading a summary record: what each part of the text becomes.

The rules are plain regular expressions over the record's sentences, readable one by one:

- the title gives the series and the meeting's number ("Summary Record of the Third …");
- the opening paragraph (or the heading, in United Nations records) gives the dates, the
  venue and country, the format and who chaired;
- a paragraph naming "heads of delegation" followed by a list gives them, and a statement
  "Mr. SMITH (United Kingdom) said …" a speaker (``people``);
- an operative verb with a subject gives a resolution ("ASEAN and Japan resolved to …"), and
  a deadline a follow-up action, linked to the resolution whose clause holds it
  (``decisions``).

What no rule recognises is left for the officer and said in ``ParsedRecord.notes``.
"""

import re

from django.utils.translation import gettext

from records import display
from records.importing import dates
from records.importing.budget import Budget
from records.importing.decisions import resolutions
from records.importing.errors import NotARecord
from records.importing.follow_ups import actions
from records.importing.layout import Layout, join_lines, layout, mend
from records.importing.parsed import (
    Mend,
    ParsedAgendaItem,
    ParsedAnnex,
    ParsedParagraph,
    ParsedRecord,
    Span,
)
from records.importing.people import CHAIR_ROLES, people
from records.importing.sentences import sentences
from records.importing.text import checked_text, without_invisible
from records.importing.words import (
    CAPITAL,
    MEETING_NOUNS,
    ORDINAL,
    SESSION_LINE,
    STATEMENT,
    STATEMENT_LINE,
    country_name,
    looks_like_title,
    names_a_meeting,
    ordinal_number,
)
from records.models import MeetingFormat


def parse_record(text: str) -> ParsedRecord:
    """Recognise the parts of a summary record's plain text. Saves nothing.

    Raises ``UnreadableDocument`` for text that cannot be read and ``NotARecord`` for text
    that is not a meeting's summary record.
    """
    source = text
    text, invisible = without_invisible(checked_text(text))
    parts = layout(text)
    budget = Budget(paragraphs=len(parts.paragraphs))
    budget.spend(len(parts.agenda_items) + len(parts.annexes) + len(parts.times))
    record = ParsedRecord(numbered=parts.numbered, source=source)
    _paragraphs(parts, record, budget)
    used: set[str] = set()  # the heading's lines that something was recognised in
    _title(parts.header, record, used)
    if not record.title:
        raise NotARecord(
            gettext(
                "This does not read as a summary record: no title naming a meeting was found "
                "(such as “Summary Record of the Third … Meeting”), and the first paragraph does "
                "not say which meeting was held."
            )
        )
    if not record.paragraphs:
        raise NotARecord(
            gettext(
                "No paragraphs were found: a summary record has paragraphs of text, numbered "
                "(“1.”, “2.”) or separated by blank lines."
            )
        )
    _opening(parts.header, record, used)
    people(parts.header, record, used)
    for paragraph in record.paragraphs:
        resolutions(paragraph, budget)
        actions(paragraph, record, budget)
    _notes(parts, record, used)
    if invisible:
        kinds = ", ".join(f"{name} ×{count}" for name, count in invisible.most_common())
        record.notes.append(
            gettext(
                "%(count)s invisible characters (%(kinds)s) were removed from the text: they show "
                "nothing and are no part of the words."
            )
            % {"count": sum(invisible.values()), "kinds": kinds}
        )
    return record


# --- Paragraphs ----------------------------------------------------------------------------


def _paragraphs(parts: Layout, record: ParsedRecord, budget: Budget) -> None:
    for raw in parts.paragraphs:
        mended = mend(join_lines(raw.lines))
        budget.spend(len(mended.mends))
        paragraph = ParsedParagraph(raw.number, mended.text, raw.agenda_item)
        for start, end, extracted in mended.mends:
            record.mends.append(Mend(raw.number, extracted, mended.text[start:end]))
            paragraph.spans.append(Span(start, end, "mend", f"mended from “{extracted}”"))
        record.paragraphs.append(paragraph)
    record.agenda_items = [
        ParsedAgendaItem(number, title) for number, title in sorted(parts.agenda_items.items())
    ]
    record.annexes = [ParsedAnnex(title, text) for title, text in parts.annexes]


# --- Title: series and number --------------------------------------------------------------

_TITLE_ORDINAL = re.compile(rf"\b(?:the\s+)?(?P<ordinal>{ORDINAL})\s+(?P<rest>.+)$", re.IGNORECASE)
_MEETING_OF = re.compile(rf"^{MEETING_NOUNS}\s+of\s+(?:the\s+)?(?=\S)", re.IGNORECASE)
_GENERIC_MEETING = re.compile(r"^(?:plenary\s+)?meeting$", re.IGNORECASE)
# A place before a date is a few words ("in Bandar Seri Begawan, Brunei Darussalam, 8 …"); a
# short name has no brackets inside. Unbounded, both scanned to the end of the title at
# every "in" or "(" of a title that had no end.
_HELD_IN_TITLE = re.compile(
    r"(?:,|\s+held\b|\s+in\s+[A-Z][\w\s,]{0,100}?\d{1,2}\b).*$|\s*\((?P<short>[^()]*)\)\s*$"
)
_OPENING_SUBJECT = re.compile(
    rf"^The\s+(?P<ordinal>{ORDINAL})\s+(?P<rest>.+?{MEETING_NOUNS})\s+(?:was|were)\s+"
    r"(?:held|convened|organised|organized)",
    re.IGNORECASE,
)
_NOT_A_BODY = re.compile(
    r"^(?:United Nations|Official Records|Distr\.|General$|Original:|Summary record|Contents"
    r"|Held\b|Chair|President|[^/]*+/.*\d|.*\bsession$)",
    re.IGNORECASE,
)


def _title(header: list[str], record: ParsedRecord, used: set[str]) -> None:
    start = next(
        (i for i, line in enumerate(header) if re.search(r"summary\s+record", line, re.I)), None
    )
    if start is None:
        start = next((i for i, line in enumerate(header) if looks_like_title(line)), None)
    if start is None and _statement_title(header, record, used):
        return
    if start is not None:
        title = header[start]
        used.add(title)
        for line in header[start + 1 : start + 3]:
            complete = _TITLE_ORDINAL.search(title) or names_a_meeting(title)
            if dates.find_dates(line) or (
                complete and not re.search(r"\b(?:of|the|for|on)$", title, re.IGNORECASE)
            ):
                break  # "Paris, 7–8 June 2023" under a title is where and when, not the title
            # "Summary Record of" / "The Third …": the article is lower case inside a title.
            title += " " + (re.sub(r"^The\b", "the", line) if title.endswith(" of") else line)
            used.add(line)
        if not re.search(rf"\b{MEETING_NOUNS}\b", title, re.IGNORECASE):
            title = ""
    else:
        title = ""
    opening = _OPENING_SUBJECT.search(record.paragraphs[0].text) if record.paragraphs else None
    if not title and opening:
        title = f"Summary Record of the {opening.group('ordinal')} {opening.group('rest')}"
    if not title:
        return
    record.title = title
    match = _TITLE_ORDINAL.search(title)
    if not match:
        record.series_name = re.sub(
            rf"^(?:summary\s+record|{STATEMENT})\s+(?:of|on)\s+(?:the\s+)?",
            "",
            title,
            flags=re.IGNORECASE,
        )
        return
    record.sequence_number = ordinal_number(match.group("ordinal"))
    record.title_spans.append(
        Span(
            match.start("ordinal"),
            match.end("ordinal"),
            "number",
            f"meeting number {record.sequence_number}",
        )
    )
    rest = match.group("rest").strip(" .,:")
    cut = _HELD_IN_TITLE.search(rest)
    if cut and cut.group("short"):
        record.series_short_name = re.sub(
            rf"^{ORDINAL}\s+", "", cut.group("short"), flags=re.IGNORECASE
        )
    series = rest[: cut.start()] if cut else rest
    if _GENERIC_MEETING.match(series):
        # United Nations: "Summary record of the 5th meeting" of a body in a session.
        body = next((line for line in reversed(header[:start]) if not _NOT_A_BODY.match(line)), "")
        session = next((line for line in header[:start] if SESSION_LINE.match(line)), "")
        series = ", ".join(part for part in (body, session) if part)
        used.update((body, session))
    else:
        offset = match.start("rest")
        # "the Second Meeting of the Mekong Health Ministers": the series is the body that
        # meets, named as the next meeting's title will name it.
        meeting_of = _MEETING_OF.match(series)
        if meeting_of:
            series, offset = series[meeting_of.end() :], offset + meeting_of.end()
        record.title_spans.append(Span(offset, offset + len(series), "series", "series"))
    record.series_name = series


def _statement_title(header: list[str], record: ParsedRecord, used: set[str]) -> bool:
    """A joint statement headed by its meeting, then what it is: "G20 Digital Economy
    Ministers' Meeting" / "Joint Statement". The meeting's line names the series."""
    for index, line in enumerate(header[:6]):
        if not STATEMENT_LINE.match(line):
            continue
        for other in (index - 1, index + 1):
            if 0 <= other < len(header) and names_a_meeting(header[other]):
                first, last = sorted((index, other))
                record.title = f"{header[first]} {header[last]}"
                record.series_name = header[other]
                used.update((line, header[other]))
                return True
    return False


# --- Opening: dates, place, format, chairs -------------------------------------------------

_FORMAT_RULES = [
    (
        r"\b(?:online\s+and\s+in[-\s]person|in[-\s]person\s+and\s+(?:online|virtual(?:ly)?)"
        r"|physically\s+and\s+virtually|in\s+(?:a\s+)?hybrid\s+(?:format|mode)|hybrid)\b",
        MeetingFormat.HYBRID,
    ),
    (
        r"\b(?:online|virtual(?:ly)?|via\s+video\s*conference|by\s+video\s*conference"
        r"|videoconference)\b",
        MeetingFormat.ONLINE,
    ),
    (r"\b(?:in[-\s]person|physically|face[-\s]to[-\s]face)\b", MeetingFormat.IN_PERSON),
]
_HELD = re.compile(r"\b(?:held|convened|took\s+place|met)\b", re.IGNORECASE)
_PLACE_BEFORE_DATE = re.compile(rf"\b(?:at|in)\s+(?=(?:the\s+)?{CAPITAL})")
_PLACE_AFTER_DATE = re.compile(
    rf"^,?\s*(?:at|in)\s+(?P<place>(?:the\s+)?{CAPITAL}[^.;]*?)"
    r"(?=[.;]|,?\s+(?:and|under|with|chaired|co-chaired|hosted|by)\b|$)"
)
_TIME = re.compile(r"\bat\s+(?P<time>\d{1,2}(?:[.:]\d{2})?\s*[ap]\.\s?m\.)", re.IGNORECASE)


def _opening(header: list[str], record: ParsedRecord, used: set[str]) -> None:
    opening = record.paragraphs[0]
    found = dates.find_dates(opening.text)
    where = opening
    text = opening.text
    if not found:
        held = next((line for line in header if _HELD.search(line) and dates.find_dates(line)), "")
        held = held or next((line for line in header if dates.find_dates(line)), "")
        found, where, text = dates.find_dates(held), None, held
        used.add(held)
    if found:
        span = found[0]
        record.start_date, record.end_date = span.first, span.last
        record.year = span.first.year
        if where:
            where.spans.append(
                Span(
                    span.start,
                    span.end,
                    "date",
                    f"dates: {display.date_range(span.first, span.last)}",
                )
            )
        _place(text, span, where, record)
        time = _TIME.search(text, span.end)
        if time:
            record.notes.append(
                gettext(
                    "The time of the meeting (%(time)s) has no field in the record and was left "
                    "out."
                )
                % {"time": time.group("time")}
            )
    held_sentences = [b for b in sentences(opening.text) if _HELD.search(opening.text, *b)]
    start, end = held_sentences[0] if held_sentences else (0, len(opening.text))
    for pattern, value in _FORMAT_RULES:
        match = re.compile(pattern, re.IGNORECASE).search(opening.text, start, end)
        if match:
            record.format = value.value
            opening.spans.append(
                Span(match.start(), match.end(), "format", f"format: {value.label}")
            )
            break
    else:
        record.format = MeetingFormat.IN_PERSON.value
        record.notes.append(
            gettext(
                "The record does not say whether the meeting was online: it is set as held in "
                "person. Check the format."
            )
        )
    if record.format == MeetingFormat.ONLINE and record.country:
        record.notes.append(
            gettext("The meeting was held online, so its host country (%(country)s) is not set.")
            % {"country": record.country}
        )
        record.country = ""


def _place(text: str, span: dates.DateSpan, where: ParsedParagraph | None, record) -> None:
    sentence_start = next((s for s, e in sentences(text) if s <= span.start < e), 0)
    held = ([None, *_HELD.finditer(text, sentence_start, span.start)])[-1]
    place, place_start = "", None
    if held:
        at = _PLACE_BEFORE_DATE.search(text, held.end(), span.start)
        if at:
            place_start = at.end()
            place = text[place_start : span.start]
            place = re.sub(r"[,\s]*(?:\b(?:on|from)\b)?[,\s]*$", "", place)
    if not place:
        after = _PLACE_AFTER_DATE.search(text[span.end :])
        if after:
            place_start = span.end + after.start("place")
            place = after.group("place")
    if not place:
        return
    article = re.match(r"the\s+", place)
    if article:  # "held at the Putra World Trade Centre": the venue is the Centre
        place = place[article.end() :]
        place_start = place_start + article.end() if place_start is not None else None
    segments = [segment.strip() for segment in place.split(",")]
    country = country_name(segments[-1])
    if country:
        record.country = country
        record.venue = ", ".join(segments[:-1])
    else:
        record.venue = place
    if where is not None and place_start is not None:
        label = f"venue: {record.venue or '—'} · country: {record.country or 'not recognised'}"
        where.spans.append(Span(place_start, place_start + len(place), "place", label))


# --- What is left for the officer ----------------------------------------------------------

_EARLIER_MEETING = re.compile(
    r"\b(?:previous|last|preceding|earlier)\s+(?:[A-Z][\w-]*\s+){0,8}?(?:meeting|session|HLM)\b",
    re.IGNORECASE,
)


def _notes(parts: Layout, record: ParsedRecord, used: set[str]) -> None:
    notes = record.notes
    if record.sequence_number is None:
        notes.insert(0, gettext("The meeting's number was not recognised in the title: enter it."))
    if record.start_date is None:
        notes.insert(
            0, gettext("The meeting's dates were not recognised: enter them, or the year.")
        )
    if not any(p.role in CHAIR_ROLES for p in record.participants):
        notes.append(gettext("No chair or co-chairs were recognised: add them in the admin."))
    if not record.agenda_items:
        notes.append(
            gettext("The record has no agenda headings: add agenda items in the admin if needed.")
        )
    for paragraph in record.paragraphs:
        if _EARLIER_MEETING.search(paragraph.text):
            notes.append(
                gettext(
                    "¶%(number)s reports on an earlier meeting: link its progress to that "
                    "meeting's follow-up actions in the admin."
                )
                % {"number": paragraph.number}
            )
    for times in parts.times:
        notes.append(
            gettext("“%(time)s”: the time of the meeting has no field and was left out.")
            % {"time": times}
        )
    if parts.furniture:
        notes.append(
            gettext(
                "%(count)s lines of page furniture (page numbers, running headers) were left out."
            )
            % {"count": parts.furniture}
        )
    for annex in record.annexes:
        lines = annex.text.count("\n") + 1 if annex.text else 0
        notes.append(
            gettext(
                "%(annex)s (%(count)s lines) is not imported: the record keeps paragraphs only. "
                "Keep the annex with the original document."
            )
            % {"annex": annex.title, "count": lines}
        )
    unused = [line for line in parts.header if line not in used]
    if unused:
        shown = "”, “".join(unused[:8]) + ("”, …" if len(unused) > 8 else "”")
        notes.append(gettext("Not imported from the heading: “%(lines)s.") % {"lines": shown})
