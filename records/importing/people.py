"""Who took part, as the record names them: chairs, co-chairs, heads of delegation, speakers.

A person is an honorific, a name as written ("ISHIDA Masaru", "Haji Mohammad Nazri Bin Haji
Mohammad Yusof": never split or reordered), then a position, an organisation and a
government when the record gives them.
"""

import re

from records.importing.parsed import ParsedParagraph, ParsedParticipant, ParsedRecord, Span
from records.importing.sentences import sentences
from records.importing.words import (
    COUNTRY_ALIASES,
    HONORIFIC,
    NAME_PARTICLES,
    OFFICE_WORDS,
    PORTFOLIO_WORDS,
    country_name,
)
from records.models import ParticipantRole

_CO_CHAIRED = re.compile(r"\bco-?chaired\s+by\s+(?P<people>.+)$", re.IGNORECASE)
# "chaired by A", or "chaired by A, with B, as Co-Chairman": read in steps (see _chaired_by).
_CHAIRED_BY = re.compile(r"\bchaired\s+by\s+", re.IGNORECASE)
_WITH = re.compile(r",?\s+with\s+", re.IGNORECASE)
_AS_CO_CHAIR = re.compile(r",?\s+as\s+(?:the\s+)?Co-?Chair(?:man|person|woman)?\.?$", re.IGNORECASE)
_CHAIRED_THE = re.compile(
    r"^(?P<people>.+?),?\s+chaired\s+the\s+(?:Meeting|Session|Summit|Conference)"
    r"(?:,?\s+with\s+(?P<co>.+?),?\s+as\s+(?:the\s+)?Co-?Chair(?:man|person|woman)?)?",
    re.IGNORECASE,
)
_CHAIR_LINE = re.compile(
    r"^(?:Chair(?:person|man|woman)?|President|Co-Chairs?)\s*:\s*(?P<people>.+)$"
)
_DELEGATIONS = re.compile(r"\bheads?\s+of\s+(?:the\s+)?delegations?\b", re.IGNORECASE)
_LIST = re.compile(r"[^:]*+:\s*(?P<list>.+)$")
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


# A name, with the same name in another script when the record gives it: "Somchai Jaidee
# (สมชาย ใจดี)" is one name, kept whole.
_OTHER_SCRIPT = r"(?:\s*\((?=[^)]*[^\x00-\x7f])[^)A-Za-z]{1,60}\))?"
_ENTRY = re.compile(
    rf"^(?P<honorific>{HONORIFIC})?(?P<name>[^,(]{{1,120}}?{_OTHER_SCRIPT})"
    r"\s*(?:\((?P<paren>[^)]{1,120})\))?\s*(?:,\s*(?P<rest>.*))?$"
)
# Where one person named without an honorific ends: after the state they are of.
_AFTER_STATE = re.compile(
    r"(?:\bof\s+(?:the\s+)?|,\s*)(?:"
    + "|".join(sorted(map(re.escape, COUNTRY_ALIASES), key=len, reverse=True))
    + r")\b\s*(?:[,;]\s*)?(?:and\s+)?"
)
# More names than any meeting has: past this, a list is not a list of people.
_MAX_PARTICIPANTS = 300
CHAIR_ROLES = {ParticipantRole.CHAIR.value, ParticipantRole.CO_CHAIR.value}


def people(header: list[str], record: ParsedRecord, used: set[str]) -> None:
    for line in header:
        chair = _CHAIR_LINE.match(line)
        if chair:
            used.add(line)
            role = ParticipantRole.CO_CHAIR if line.startswith("Co-") else ParticipantRole.CHAIR
            for entry, _, _ in _split_people(chair.group("people"), 0):
                _add(record, role, _person(entry))
    for paragraph in record.paragraphs[:3]:
        if any(p.role in CHAIR_ROLES for p in record.participants):
            break
        for start, end in sentences(paragraph.text):
            if _chairs(paragraph, start, end, record):
                break
    for paragraph in record.paragraphs:
        _delegations(paragraph, record)
        _speaker(paragraph, record)


def _chairs(paragraph: ParsedParagraph, start: int, end: int, record: ParsedRecord) -> bool:
    found = False
    for role, people, offset in _chair_groups(paragraph.text[start:end]):
        for entry, entry_start, entry_end in _split_people(people, start + offset):
            participant = _person(entry, honorific_required=False)
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


def _chair_groups(sentence: str) -> list[tuple[ParticipantRole, str, int]]:
    """Who chaired, as ``sentence`` says: (role, the words naming them, where they start)."""
    co = _CO_CHAIRED.search(sentence)
    if co:
        groups = [(ParticipantRole.CO_CHAIR, co.group("people"), co.start("people"))]
        # "chaired by A, …, and co-chaired by B, …"
        chaired_by = _CHAIRED_BY.search(sentence, 0, co.start())
        if chaired_by:
            chair = sentence[chaired_by.end() : co.start()]
            groups.insert(0, (ParticipantRole.CHAIR, chair, chaired_by.end()))
        return groups
    chaired_by = _CHAIRED_BY.search(sentence)
    groups = _chaired_by(sentence, chaired_by.end()) if chaired_by else []
    if not groups:
        match = _CHAIRED_THE.search(sentence)
        if match:
            groups = [(ParticipantRole.CHAIR, match.group("people"), match.start("people"))]
            if match.group("co"):
                groups.append((ParticipantRole.CO_CHAIR, match.group("co"), match.start("co")))
    return groups


def _chaired_by(sentence: str, start: int) -> list[tuple[ParticipantRole, str, int]]:
    """The chair named from ``start`` to the end of the sentence, and the co-chair when it ends
    "with B, as Co-Chairman". The ending is found first, once: looking for it after every
    "with" read a sentence of a thousand of them a thousand times."""
    ending = _AS_CO_CHAIR.search(sentence, start)
    co = _WITH.search(sentence, start + 1, ending.start()) if ending else None
    if co and co.end() < ending.start():
        return [
            (ParticipantRole.CHAIR, sentence[start : co.start()], start),
            (ParticipantRole.CO_CHAIR, sentence[co.end() : ending.start()], co.end()),
        ]
    chair = sentence[start:].removesuffix(".")
    return [(ParticipantRole.CHAIR, chair, start)] if chair else []


def _delegations(paragraph: ParsedParagraph, record: ParsedRecord) -> None:
    # The list follows the first colon after the first mention (searched in two steps: one
    # pattern would scan to the end once for every mention, on a text with no colon).
    heading = _DELEGATIONS.search(paragraph.text)
    match = _LIST.match(paragraph.text, heading.end()) if heading else None
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
    """Split "Mr. A, Minister …, and Mr. B, …" into its people, with where each stands; people
    named without an honorific ("Minister A of Cambodia, Minister B of Lao PDR and …") are
    split after the state each is of."""
    starts = [0]
    if re.match(HONORIFIC, text.lstrip()):
        for match in _PERSON_START.finditer(text):
            before = text[max(0, match.start() - 8) : match.start()].rstrip()
            if match.start() and (before.endswith((",", ";")) or re.search(r"\band$", before)):
                starts.append(match.start())
    else:
        starts += [m.end() for m in _AFTER_STATE.finditer(text) if m.end() < len(text.rstrip())]
    entries = []
    for begin, finish in zip(starts, [*starts[1:], len(text)], strict=True):
        chunk = text[begin:finish]
        entry = re.sub(r"(?:[,;]?\s*\band)?[\s,;.]*$", "", chunk).strip()
        if entry:
            lead = len(chunk) - len(chunk.lstrip())
            entries.append((entry, offset + begin + lead, offset + begin + lead + len(entry)))
    return entries


def _person(entry: str, honorific_required: bool = True) -> ParsedParticipant | None:
    """The person ``entry`` names: "H.E. Mr. A (B), Minister …, Government of C". A chair may
    be named without an honorific (``honorific_required=False``): by office first ("Secretary
    of State A of the United States") or by name first ("A, Minister for … of Italy")."""
    entry = entry.strip(" ,;.")
    match = _ENTRY.match(entry)
    if not match or not match.group("name").strip():
        return None
    if not match.group("honorific"):
        return None if honorific_required else _person_without_honorific(entry)
    name = match.group("name").strip()
    if len(name.split()) > 8 or not name[:1].isupper():
        return None
    participant = ParsedParticipant(
        role="",
        honorific=re.sub(r"\s+", " ", (match.group("honorific") or "").strip()),
        name=name,
    )
    _position(participant, match.group("paren"), match.group("rest"))
    return participant


def _position(participant: ParsedParticipant, paren: str | None, rest: str | None) -> None:
    """Fill in the position, organisation and government from what follows the name."""
    paren = (paren or "").strip()
    if paren:
        if country_name(paren):
            participant.government = country_name(paren)
        else:
            participant.organisation = paren
    rest = (rest or "").strip(" ,")
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


def _person_without_honorific(entry: str) -> ParsedParticipant | None:
    head, _, rest = entry.partition(",")
    words = head.split()
    if words and words[0] in OFFICE_WORDS:
        # "Secretary of State Antony J. Blinken of the United States": the name is the run of
        # name-like words at the end, before the state.
        government, head = _trailing_country(head)
        words = head.split()
        start = len(words)
        while start > 1 and len(words) - start < 5 and _is_name_word(words[start - 1]):
            start -= 1
        if start == len(words) or start == 0:
            return None
        participant = ParsedParticipant(role="", honorific="", name=" ".join(words[start:]))
        participant.position = " ".join(words[:start])
        _position(participant, None, rest)
        if government and not participant.government:
            participant.government = government
        return participant
    # "Vittorio Colao, Minister for …": a name of two to five words, then the position.
    if rest and 2 <= len(words) <= 5 and all(_is_name_word(word) for word in words):
        participant = ParsedParticipant(role="", honorific="", name=" ".join(words))
        _position(participant, None, rest)
        return participant
    return None


def _is_name_word(word: str) -> bool:
    """A word of a person's name: "Blinken", "J.", "L.P.", "KATO", "Đào"; not an office or a
    portfolio ("Minister", "Affairs")."""
    if word in OFFICE_WORDS or word in PORTFOLIO_WORDS or word.lower() in {"of", "for", "the"}:
        return False
    return word[:1].isupper() or word.lower() in NAME_PARTICLES


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
