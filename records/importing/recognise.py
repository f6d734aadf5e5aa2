"""Our rules for reading a summary record: what each part of the text becomes.

The rules are plain regular expressions over the record's sentences, readable one by one:

- the title gives the series and the meeting's number ("Summary Record of the Third …");
- the opening paragraph (or the heading, in United Nations records) gives the dates, the
  venue and country, the format and who chaired;
- a paragraph naming "heads of delegation" followed by a list gives them;
- a statement "Mr. SMITH (United Kingdom) said …" gives a speaker;
- an operative verb with a subject gives a resolution ("ASEAN and Japan resolved to …");
- a deadline gives a follow-up action, linked to the resolution whose clause holds it.

What no rule recognises is left for the officer and said in ``ParsedRecord.notes``.
"""

import bisect
import re

from records import display
from records.importing import dates
from records.importing.errors import NotARecord
from records.importing.layout import Layout, join_lines, layout, mend
from records.importing.parsed import (
    Mend,
    ParsedAction,
    ParsedAgendaItem,
    ParsedAnnex,
    ParsedParagraph,
    ParsedParticipant,
    ParsedRecord,
    ParsedResolution,
    Span,
)
from records.importing.text import checked_text
from records.importing.words import (
    HONORIFIC,
    MEETING_NOUNS,
    OPERATIVE_VERBS,
    ORDINAL,
    REPORTING_VERBS,
    SESSION_LINE,
    country_name,
    looks_like_title,
    ordinal_number,
)
from records.models import ActionPrecision, MeetingFormat, ParticipantRole, ResolutionVerb


def parse_record(text: str) -> ParsedRecord:
    """Recognise the parts of a summary record's plain text. Saves nothing.

    Raises ``UnreadableDocument`` for text that cannot be read and ``NotARecord`` for text
    that is not a meeting's summary record.
    """
    parts = layout(checked_text(text))
    record = ParsedRecord(numbered=parts.numbered)
    _paragraphs(parts, record)
    used: set[str] = set()  # the heading's lines that something was recognised in
    _title(parts.header, record, used)
    if not record.title:
        raise NotARecord(
            "This does not read as a summary record: no title naming a meeting was found "
            "(such as “Summary Record of the Third … Meeting”), and the first paragraph does "
            "not say which meeting was held."
        )
    if not record.paragraphs:
        raise NotARecord(
            "No paragraphs were found: a summary record has paragraphs of text, numbered "
            "(“1.”, “2.”) or separated by blank lines."
        )
    _opening(parts.header, record, used)
    _people(parts.header, record, used)
    for paragraph in record.paragraphs:
        _resolutions(paragraph)
        _actions(paragraph, record)
    _notes(parts, record, used)
    return record


# --- Paragraphs ----------------------------------------------------------------------------


def _paragraphs(parts: Layout, record: ParsedRecord) -> None:
    for raw in parts.paragraphs:
        mended = mend(join_lines(raw.lines))
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
_GENERIC_MEETING = re.compile(r"^(?:plenary\s+)?meeting$", re.IGNORECASE)
_HELD_IN_TITLE = re.compile(
    r"(?:,|\s+held\b|\s+in\s+[A-Z][\w\s,]*?\d{1,2}\b).*$|\s*\((?P<short>[^)]*)\)\s*$"
)
_OPENING_SUBJECT = re.compile(
    rf"^The\s+(?P<ordinal>{ORDINAL})\s+(?P<rest>.+?{MEETING_NOUNS})\s+(?:was|were)\s+"
    r"(?:held|convened|organised|organized)",
    re.IGNORECASE,
)
_NOT_A_BODY = re.compile(
    r"^(?:United Nations|Official Records|Distr\.|General$|Original:|Summary record|Contents"
    r"|Held\b|Chair|President|.*/.*\d|.*\bsession$)",
    re.IGNORECASE,
)


def _title(header: list[str], record: ParsedRecord, used: set[str]) -> None:
    start = next(
        (i for i, line in enumerate(header) if re.search(r"summary\s+record", line, re.I)), None
    )
    if start is None:
        start = next((i for i, line in enumerate(header) if looks_like_title(line)), None)
    if start is not None:
        title = header[start]
        used.add(title)
        for line in header[start + 1 : start + 3]:
            if _TITLE_ORDINAL.search(title) and not re.search(
                r"\b(?:of|the|for|on)$", title, re.IGNORECASE
            ):
                break
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
            r"^summary\s+record\s+of\s+(?:the\s+)?", "", title, flags=re.IGNORECASE
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
        record.title_spans.append(Span(offset, offset + len(series), "series", "series"))
    record.series_name = series


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
]
_HELD = re.compile(r"\b(?:held|convened|took\s+place|met)\b", re.IGNORECASE)
_PLACE_BEFORE_DATE = re.compile(r"\b(?:at|in)\s+(?=(?:the\s+)?[A-Z])")
_PLACE_AFTER_DATE = re.compile(
    r"^,?\s*(?:at|in)\s+(?P<place>(?:the\s+)?[A-Z][^.;]*?)"
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
                f"The time of the meeting ({time.group('time')}) has no field in the record "
                "and was left out."
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
            "The record does not say whether the meeting was online: it is set as held in "
            "person. Check the format."
        )
    if record.format == MeetingFormat.ONLINE and record.country:
        record.notes.append(
            f"The meeting was held online, so its host country ({record.country}) is not set."
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


# --- People --------------------------------------------------------------------------------

_CO_CHAIRED = re.compile(r"\bco-?chaired\s+by\s+(?P<people>.+)$", re.IGNORECASE)
_CHAIRED_BY = re.compile(
    r"\bchaired\s+by\s+(?P<people>.+?)(?:,?\s+with\s+(?P<co>.+?),?\s+as\s+(?:the\s+)?"
    r"Co-?Chair(?:man|person|woman)?)?\.?$",
    re.IGNORECASE,
)
_CHAIRED_THE = re.compile(
    r"^(?P<people>.+?),?\s+chaired\s+the\s+(?:Meeting|Session|Summit|Conference)"
    r"(?:,?\s+with\s+(?P<co>.+?),?\s+as\s+(?:the\s+)?Co-?Chair(?:man|person|woman)?)?",
    re.IGNORECASE,
)
_CHAIR_LINE = re.compile(
    r"^(?:Chair(?:person|man|woman)?|President|Co-Chairs?)\s*:\s*(?P<people>.+)$"
)
_DELEGATION_LIST = re.compile(
    r"\bheads?\s+of\s+(?:the\s+)?delegations?\b[^:]*:\s*(?P<list>.+)$", re.IGNORECASE
)
_SPEAKER = re.compile(
    rf"^(?P<person>{HONORIFIC}(?P<name>[^\s(][^()]{{0,60}}?)\s+\((?P<where>[^)]+)\))"
    r"(?:,[^,]{0,150},)?\s+(?:said|asked|noted|stated|recalled|expressed|welcomed|introduced"
    r"|explained|observed|suggested|proposed|agreed|requested|drew|made)\b"
)
_PERSON_START = re.compile(rf"(?<![\w.])(?={HONORIFIC})")
_LIST_ITEM = re.compile(r"^(?:\(?[a-z0-9]{1,3}\)|[-•–*])\s*")
_GOVERNMENT = re.compile(
    r"(?:,\s*|\s+of\s+)(?:the\s+)?Government\s+of\s+(?:the\s+)?(?P<government>[^,;]+?)\s*$"
)
_ORGANISATION = re.compile(
    r"(?:^|,\s*|\s+of\s+(?:the\s+)?|\s+at\s+(?:the\s+)?)(?P<organisation>(?:Ministry|Department"
    r"|Office|Agency|Secretariat|Authority|Commission|Bureau|Embassy|Permanent\s+Mission"
    r"|Mission)\b.*)$"
)


# More names than any meeting has: past this, a list is not a list of people.
_MAX_PARTICIPANTS = 300
_CHAIR_ROLES = {ParticipantRole.CHAIR.value, ParticipantRole.CO_CHAIR.value}


def _people(header: list[str], record: ParsedRecord, used: set[str]) -> None:
    for line in header:
        chair = _CHAIR_LINE.match(line)
        if chair:
            used.add(line)
            role = ParticipantRole.CO_CHAIR if line.startswith("Co-") else ParticipantRole.CHAIR
            for entry, _, _ in _split_people(chair.group("people"), 0):
                _add(record, role, _person(entry))
    for paragraph in record.paragraphs[:3]:
        if any(p.role in _CHAIR_ROLES for p in record.participants):
            break
        for start, end in sentences(paragraph.text):
            if _chairs(paragraph, start, end, record):
                break
    for paragraph in record.paragraphs:
        _delegations(paragraph, record)
        _speaker(paragraph, record)


def _chairs(paragraph: ParsedParagraph, start: int, end: int, record: ParsedRecord) -> bool:
    sentence = paragraph.text[start:end]
    co = _CO_CHAIRED.search(sentence)
    if co:
        groups = [(co, "people", ParticipantRole.CO_CHAIR)]
    else:
        match = _CHAIRED_BY.search(sentence) or _CHAIRED_THE.search(sentence)
        if not match:
            return False
        groups = [(match, "people", ParticipantRole.CHAIR), (match, "co", ParticipantRole.CO_CHAIR)]
    found = False
    for match, group, role in groups:
        if not match.group(group):
            continue
        for entry, entry_start, entry_end in _split_people(
            match.group(group), start + match.start(group)
        ):
            participant = _person(entry)
            if participant and _add(record, role, participant):
                found = True
                number = sum(1 for p in record.participants if p.role == role)
                paragraph.spans.append(
                    Span(
                        entry_start,
                        entry_end,
                        "participant",
                        f"{role.label.lower()} {number}: {participant.honorific} "
                        f"{participant.name}".replace("  ", " "),
                    )
                )
    return found


def _delegations(paragraph: ParsedParagraph, record: ParsedRecord) -> None:
    match = _DELEGATION_LIST.search(paragraph.text)
    if not match:
        return
    items = re.split(r";\s*(?:and\s+)?|\s+[-•–*]\s+|\s+(?=\([a-z]\)\s)", match.group("list"))
    offset = match.start("list")
    for item in items:
        position = paragraph.text.find(item, offset)
        offset = position + len(item)
        entry = _LIST_ITEM.sub("", item.strip()).strip(" .;")
        participant = _person(entry)
        if (
            participant
            and participant.honorific
            and _add(record, ParticipantRole.HEAD_OF_DELEGATION, participant)
        ):
            entry_start = paragraph.text.find(entry, position)
            paragraph.spans.append(
                Span(
                    entry_start,
                    entry_start + len(entry),
                    "participant",
                    f"head of delegation: {participant.honorific} {participant.name}",
                )
            )


def _speaker(paragraph: ParsedParagraph, record: ParsedRecord) -> None:
    match = _SPEAKER.match(paragraph.text)
    if not match:
        return
    participant = _person(match.group("person"))
    if participant and _add(record, ParticipantRole.DELEGATE, participant):
        paragraph.spans.append(
            Span(
                0,
                match.end("person"),
                "participant",
                f"speaker: {participant.honorific} {participant.name}",
            )
        )


def _add(record: ParsedRecord, role: str, participant: ParsedParticipant) -> bool:
    """Add a participant once; a chair named again as a speaker keeps the chair's role."""
    if participant is None or len(record.participants) >= _MAX_PARTICIPANTS:
        return False
    if any(existing.name == participant.name for existing in record.participants):
        return False
    participant.role = role.value if hasattr(role, "value") else role
    record.participants.append(participant)
    return True


def _split_people(text: str, offset: int) -> list[tuple[str, int, int]]:
    """Split "Mr. A, Minister …, and Mr. B, …" into its people, with where each stands."""
    starts = [0]
    for match in _PERSON_START.finditer(text):
        before = text[max(0, match.start() - 8) : match.start()].rstrip()
        if match.start() and (before.endswith((",", ";")) or re.search(r"\band$", before)):
            starts.append(match.start())
    entries = []
    for begin, finish in zip(starts, [*starts[1:], len(text)], strict=True):
        chunk = text[begin:finish]
        entry = re.sub(r"(?:[,;]?\s*\band)?[\s,;.]*$", "", chunk).strip()
        if entry:
            lead = len(chunk) - len(chunk.lstrip())
            entries.append((entry, offset + begin + lead, offset + begin + lead + len(entry)))
    return entries


def _person(entry: str) -> ParsedParticipant | None:
    entry = entry.strip(" ,;.")
    match = re.match(
        rf"^(?P<honorific>{HONORIFIC})?(?P<name>[^,(]{{1,120}}?)\s*(?:\((?P<paren>[^)]{{1,120}})\))?"
        r"\s*(?:,\s*(?P<rest>.*))?$",
        entry,
    )
    if not match or not match.group("honorific") or not match.group("name").strip():
        return None
    name = match.group("name").strip()
    if len(name.split()) > 8 or not name[:1].isupper():
        return None
    participant = ParsedParticipant(
        role="",
        honorific=re.sub(r"\s+", " ", (match.group("honorific") or "").strip()),
        name=name,
    )
    paren = (match.group("paren") or "").strip()
    if paren:
        if country_name(paren):
            participant.government = country_name(paren)
        else:
            participant.organisation = paren
    rest = (match.group("rest") or "").strip(" ,")
    if rest:
        government = _GOVERNMENT.search(rest)
        if government:
            participant.government = country_name(government.group("government")) or (
                government.group("government").strip()
            )
            rest = rest[: government.start()]
        else:
            participant.government, rest = _trailing_country(rest)
        organisation = _ORGANISATION.search(rest)
        if organisation:
            participant.position = rest[: organisation.start()].strip(" ,")
            name, short = _short_name(organisation.group("organisation").strip(" ,"))
            participant.organisation, participant.organisation_short_name = name, short
        else:
            participant.position = rest.strip(" ,")
    return participant


def _trailing_country(text: str) -> tuple[str, str]:
    """ "Minister of Industry and Trade of Viet Nam" → ("Viet Nam", "Minister of Industry and
    Trade"); ("", text) when the text does not end with a country."""
    if country_name(text):
        return country_name(text), ""
    # Leftmost first, so "… of the People's Republic of China" is not read as "… of China";
    # no state's name is longer than the tail looked at.
    tail = max(0, len(text) - 80)
    for split in re.compile(r",\s*|\s+of\s+(?:the\s+)?").finditer(text, tail):
        country = country_name(text[split.end() :])
        if country:
            return country, text[: split.start()]
    return "", text


def _short_name(organisation: str) -> tuple[str, str]:
    short = re.search(r"\s*\((?P<short>[A-Z][A-Za-z&.-]{1,15})\)$", organisation)
    if short:
        return organisation[: short.start()], short.group("short")
    return organisation, ""


# --- Sentences -----------------------------------------------------------------------------

_ABBREVIATIONS = {
    "mr",
    "ms",
    "mrs",
    "dr",
    "prof",
    "h.e",
    "st",
    "no",
    "nos",
    "jr",
    "sr",
    "hon",
    "mdm",
    "e.g",
    "i.e",
    "cf",
    "vs",
    "art",
    "para",
    "paras",
    "rev",
    "vol",
    "pp",
    "a.m",
    "p.m",
    "u.s",
    "u.n",
    "co",
    "ltd",
    "inc",
}
_SENTENCE_END = re.compile(r"[.!?][”\"’)]*(?=\s+[“\"(]?[A-Z0-9])")


def sentences(text: str) -> list[tuple[int, int]]:
    """Where each sentence of ``text`` starts and ends; "Mr." and "H.E." end none."""
    bounds, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        word_start = max(text.rfind(" ", start, match.start()) + 1, start)
        word = text[word_start : match.start()].lower().lstrip('(“"')
        if word in _ABBREVIATIONS or re.fullmatch(r"[a-z]|(?:[a-z]\.)+[a-z]", word):
            continue
        bounds.append((start, match.end()))
        start = match.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


# --- Resolutions ---------------------------------------------------------------------------

_VERBS = sorted({*OPERATIVE_VERBS, *REPORTING_VERBS}, key=len, reverse=True)
_VERB = re.compile(r"\b(?P<verb>" + "|".join(_VERBS) + r")\b")
_ADVERBS = (
    r"(?:also|further|furthermore|warmly|strongly|fully|unanimously|duly|jointly|again|"
    r"therefore|thus|hence|highly|greatly|sincerely|formally|officially|collectively|"
    r"respectively|subsequently|then|finally|additionally)"
)
_TRAILING_ADVERBS = re.compile(rf"(?:\s*\b{_ADVERBS})+\s*$")
# A verb after these words is passive, perfect or part of a phrase: "as mutually agreed".
_NOT_A_DECISION = {
    "as",
    "be",
    "been",
    "being",
    "is",
    "was",
    "were",
    "are",
    "has",
    "have",
    "had",
    "mutually",
    "previously",
    "already",
    "not",
    "it",
    "to",
    "once",
    "recently",
}
_SUBJECT_STOPWORDS = {
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "is",
    "was",
    "were",
    "are",
    "be",
    "been",
    "has",
    "have",
    "had",
    "would",
    "will",
    "should",
    "could",
    "may",
    "might",
    "must",
}
_DANGLING = re.compile(r"\b(?:the|a|an|of|to|for|by|as|in|on|at|with|from|and|or)$", re.I)
_CLAUSE_END = re.compile(
    r"(?:,?\s+and\s+(?:also\s+|further\s+)?|;\s+(?:and\s+)?)(?=(?:"
    + "|".join(_VERBS)
    + r")\b(?!\s+by\b))|,\s+(?=(?:"
    + "|".join(OPERATIVE_VERBS)
    + r")\b(?!\s+by\b))"
)


def _resolutions(paragraph: ParsedParagraph) -> None:
    text = paragraph.text
    for start, end in sentences(text):
        subject = None
        for match in _VERB.finditer(text, start, end):
            verb = match.group("verb")
            # A subject is a few words: look at most this far back (and stay linear).
            window = max(start, match.start() - _SUBJECT_REACH)
            prefix = text[window : match.start()]
            previous = re.search(r"(\S+)\s*$", _TRAILING_ADVERBS.sub("", prefix))
            if previous and previous.group(1).lower().strip(",") in _NOT_A_DECISION:
                continue
            coordinated = re.search(rf"(?:,|\band)(?:\s+{_ADVERBS})*\s*$", prefix)
            if coordinated and prefix.strip():
                parties = subject
            else:
                parties = _subject(prefix, whole=window == start)
                if parties and subject is None:
                    subject = parties
            if verb not in OPERATIVE_VERBS or not parties:
                continue
            clause_start = match.end()
            while clause_start < end and text[clause_start].isspace():
                clause_start += 1
            stop = _CLAUSE_END.search(text, clause_start, end)
            clause_end = stop.start() if stop else end
            clause = text[clause_start:clause_end].rstrip(" .,;:")
            if len(clause.split()) < 2:
                continue
            resolution = ParsedResolution(OPERATIVE_VERBS[verb], parties, clause)
            with_parties = re.match(r"with\s+(?P<who>.+?)\s+(?:to|that|on)\b", clause)
            if with_parties and resolution.verb == ResolutionVerb.AGREED:
                resolution.co_parties = with_parties.group("who")
            paragraph.resolutions.append(resolution)
            order = len(paragraph.resolutions)
            label = f"R{paragraph.number}.{order} {resolution.verb} ({parties})"
            paragraph.spans.append(Span(match.start(), match.end(), "verb", label))
            paragraph.spans.append(
                Span(clause_start, clause_start + len(clause), "resolution", label)
            )


_SUBJECT_REACH = 300


def _subject(prefix: str, whole: bool = True) -> str:
    """The subject of a verb from the words before it in its sentence, or "" if none is clear.

    "In this regard, ASEAN and Japan" → "ASEAN and Japan"; "Japan reported … and" → "".
    """
    prefix = _TRAILING_ADVERBS.sub("", prefix).strip()
    candidate = re.split(r"[,;]\s*", prefix)[-1].strip()
    if not candidate and "," in prefix and whole:
        candidate = prefix.split(",")[0].strip()
    if _has_verb(candidate) and " and " in candidate:
        # "China reported on the Fund and the Meeting welcomed …": a new subject after "and".
        candidate = candidate.rsplit(" and ", 1)[1].strip()
    words = candidate.split()
    if not words or len(words) > 12 or not (candidate[:1].isupper() or words[0] == "the"):
        return ""
    if _DANGLING.search(candidate):
        return ""
    if _has_verb(candidate):
        return ""
    return candidate


def _has_verb(text: str) -> bool:
    return any(
        w in _SUBJECT_STOPWORDS or w in OPERATIVE_VERBS or w in REPORTING_VERBS
        for w in (w.strip('“”"(),') for w in text.split())
    )


# --- Follow-up actions ---------------------------------------------------------------------

_DELEGATING_VERBS = {ResolutionVerb.REQUESTED, ResolutionVerb.TASKED, ResolutionVerb.ENCOURAGED}
_REPORTED_SPEECH = re.compile(r"\b(?:said|stated|asked|suggested)\b")
_OWNERS = re.compile(r"^(?P<owners>(?:the\s+)?[A-Z][^,;]{0,80}?)\s+to\s+\w+")


def _actions(paragraph: ParsedParagraph, record: ParsedRecord) -> None:
    clauses = _clause_spans(paragraph)
    clause_starts = [start for start, _ in clauses.values()]
    bounds = sentences(paragraph.text)
    for deadline in dates.find_deadlines(paragraph.text, record.start_date):
        # The clause starting last before the deadline holds it, if it reaches that far.
        index = bisect.bisect_right(clause_starts, deadline.start)
        order = None
        if index and deadline.end <= clauses[index][1]:
            order = index
        if order:
            resolution = paragraph.resolutions[order - 1]
            description, owners = resolution.text, _owners(resolution)
        else:
            start, end = bounds[max(bisect.bisect_right(bounds, (deadline.start, 1 << 62)) - 1, 0)]
            if _REPORTED_SPEECH.search(paragraph.text, start, end):
                continue  # what a delegation said should happen is not a commitment
            description, owners = paragraph.text[start:end].strip(), ""
        action = ParsedAction(
            description=description,
            owners=owners,
            due_text=deadline.text,
            due_date=deadline.due_date,
            due_precision=deadline.precision,
            resolution=order,
        )
        paragraph.actions.append(action)
        due = (
            display.due_date(action.due_date, action.due_precision)
            if action.due_date
            else ActionPrecision(action.due_precision).label.lower()
        )
        paragraph.spans.append(
            Span(
                deadline.start,
                deadline.end,
                "deadline",
                f"A{paragraph.number}.{len(paragraph.actions)} due {due}",
            )
        )
    # "requested the Secretariat to …", "tasked …": a follow-up even without a deadline.
    linked = {action.resolution for action in paragraph.actions}
    for order, resolution in enumerate(paragraph.resolutions, start=1):
        if order in linked or resolution.verb not in {
            ResolutionVerb.REQUESTED,
            ResolutionVerb.TASKED,
        }:
            continue
        paragraph.actions.append(
            ParsedAction(
                description=resolution.text,
                owners=_owners(resolution),
                due_precision=ActionPrecision.NONE.value,
                resolution=order,
            )
        )


def _owners(resolution: ParsedResolution) -> str:
    """Who acts: "requested the Secretariat to …" → "the Secretariat"; otherwise the parties."""
    if resolution.verb in _DELEGATING_VERBS:
        owners = _OWNERS.match(resolution.text)
        return owners.group("owners") if owners else ""
    return resolution.parties


def _clause_spans(paragraph: ParsedParagraph) -> dict[int, tuple[int, int]]:
    clauses = [s for s in paragraph.spans if s.kind == "resolution"]
    return {order: (s.start, s.end) for order, s in enumerate(clauses, start=1)}


# --- What is left for the officer ----------------------------------------------------------

_EARLIER_MEETING = re.compile(
    r"\b(?:previous|last|preceding|earlier)\s+(?:[A-Z][\w-]*\s+){0,8}?(?:meeting|session|HLM)\b",
    re.IGNORECASE,
)


def _notes(parts: Layout, record: ParsedRecord, used: set[str]) -> None:
    notes = record.notes
    if record.sequence_number is None:
        notes.insert(0, "The meeting's number was not recognised in the title: enter it.")
    if record.start_date is None:
        notes.insert(0, "The meeting's dates were not recognised: enter them, or the year.")
    if not any(p.role in _CHAIR_ROLES for p in record.participants):
        notes.append("No chair or co-chairs were recognised: add them in the admin.")
    if not record.agenda_items:
        notes.append("The record has no agenda headings: add agenda items in the admin if needed.")
    for paragraph in record.paragraphs:
        if _EARLIER_MEETING.search(paragraph.text):
            notes.append(
                f"¶{paragraph.number} reports on an earlier meeting: link its progress to that "
                "meeting's follow-up actions in the admin."
            )
    for times in parts.times:
        notes.append(f"“{times}”: the time of the meeting has no field and was left out.")
    if parts.furniture:
        notes.append(
            f"{parts.furniture} lines of page furniture (page numbers, running "
            "headers) were left out."
        )
    for annex in record.annexes:
        lines = annex.text.count("\n") + 1 if annex.text else 0
        notes.append(
            f"{annex.title} ({lines} lines) is not imported: the record keeps paragraphs only. "
            "Keep the annex with the original document."
        )
    unused = [line for line in parts.header if line not in used]
    if unused:
        shown = "”, “".join(unused[:8]) + ("”, …" if len(unused) > 8 else "”")
        notes.append(f"Not imported from the heading: “{shown}.")
