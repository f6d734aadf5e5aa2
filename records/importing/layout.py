"""From extracted text to the parts of a record: heading, paragraphs, agenda headings, annexes.

PDF extraction leaves page furniture (page numbers, running headers), breaks every line and
sometimes drops spaces ("eachASEANMember"). This module mends those and nothing else: the
words of the paragraphs are the record's and are kept as they stand.
"""

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from records.importing.dates import find_dates
from records.importing.words import ORDINAL, looks_like_title

# A line that is only a page number: "3", "- 3 -", "Page 3 of 5", "3/5".
_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?\d{1,3}(?:\s*(?:/|of)\s*\d{1,3})?$|^[-–—]\s*\d{1,3}\s*[-–—]$", re.IGNORECASE
)
# United Nations job numbers and bar codes: "GE.07-40123 (E)", "*0740123*", "07-40123".
_JOB_NUMBER = re.compile(r"^(?:[A-Z]{2}\.)?\d{2}-\d{5}(?:\s*\([A-Z]\))?$|^\*\d{6,}\*$")
_NUMBERED = re.compile(r"^(?P<number>\d{1,4})\.\s+(?P<text>\S.*)$")
_ANNEX = re.compile(
    r"^(?:ANNEX|Annex|APPENDIX|Appendix)(?:\s+(?:[IVXL]+|\d{1,2}|[A-Z]))?\b\s*(?:[:.–—-]\s*(?P<title>.*))?$"
)
_AGENDA_HEADING = re.compile(
    r"^(?:Agenda\s+item|Item)\s+(?P<number>\d{1,3})\b\s*[:.–—-]?\s*(?P<title>.*?)"
    r"\s*(?:\((?:continued|cont[’']?d)\))?$",
    re.IGNORECASE,
)
_AGENDA_HEADING_TRAILING = re.compile(
    r"^(?P<title>[A-Z].*?)\s*\((?:agenda\s+)?item\s+(?P<number>\d{1,3})\)"
    r"(?:\s*\((?:continued|cont[’']?d)\))?$",
    re.IGNORECASE,
)
_MEETING_TIME = re.compile(
    r"^The\s+meeting\s+(?P<event>was\s+called\s+to\s+order|rose|was\s+suspended|was\s+resumed"
    r"|resumed|was\s+opened)\s+at\s+(?P<time>.+?)\.?$",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[.!?:;]['’”\")]*$")


@dataclass
class RawParagraph:
    number: int
    lines: list[str]
    agenda_item: int | None = None


@dataclass
class Layout:
    """The parts of a record's text, before anything in them is recognised."""

    header: list[str] = field(default_factory=list)
    paragraphs: list[RawParagraph] = field(default_factory=list)
    agenda_items: dict[int, str] = field(default_factory=dict)
    annexes: list[tuple[str, str]] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    numbered: bool = False
    furniture: int = 0


def layout(text: str) -> Layout:
    lines, furniture = _without_furniture(text.replace("\f", "\n\f\n").split("\n"))
    lines, annexes = _split_annexes(lines)
    result = Layout(annexes=annexes, furniture=furniture)
    if _is_numbered(lines):
        result.numbered = True
        _numbered_paragraphs(lines, result)
    else:
        _unnumbered_paragraphs(lines, result)
    return result


def _without_furniture(raw_lines: list[str]) -> tuple[list[str], int]:
    """Drop page numbers anywhere, and running headers and footers where pages are known.

    Pages are known in text extracted from a PDF (they are joined by a form feed); a line
    repeated at the top or bottom of most pages is furniture. Pasted text has no pages, and
    its repeated lines are kept: they may be the record's own words.
    """
    lines = [line if line == "\f" else re.sub(r"\s+", " ", line).strip() for line in raw_lines]
    running = _running_lines(lines)
    kept, dropped, page = [], 0, 0
    for line in lines:
        if line == "\f":
            page += 1
            continue
        furniture = bool(_PAGE_NUMBER.match(line) or _JOB_NUMBER.match(line))
        # The title at the top of the first page stays even when every page repeats it.
        if line and (furniture or (line in running and (page > 0 or line in kept))):
            dropped += 1
            continue
        kept.append(line)
    return kept, dropped


def _running_lines(lines: list[str]) -> set[str]:
    pages: list[list[str]] = [[]]
    for line in lines:
        if line == "\f":
            pages.append([])
        elif line:
            pages[-1].append(line)
    if len(pages) < 2:
        return set()
    edges = Counter(line for page in pages for line in set(page[:2] + page[-2:]))
    return {
        line
        for line, count in edges.items()
        if count >= 2 and count * 2 >= len(pages) and not _NUMBERED.match(line)
    }


def _split_annexes(lines: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    for index, line in enumerate(lines):
        if index and _is_annex_heading(line):
            return lines[:index], _annexes(lines[index:])
    return lines, []


def _is_annex_heading(line: str) -> bool:
    return bool(_ANNEX.match(line)) and len(line) < 100 and not line.endswith(".")


def _annexes(lines: list[str]) -> list[tuple[str, str]]:
    annexes: list[tuple[str, list[str]]] = []
    for line in lines:
        if _is_annex_heading(line):
            annexes.append((line, []))
        elif line:
            title, body = annexes[-1]
            if not body and not _ANNEX.match(title).group("title"):
                # "ANNEX I" on one line, "List of Delegates" on the next.
                annexes[-1] = (f"{title}: {line}", body)
            else:
                body.append(line)
    return [(title, "\n".join(body)) for title, body in annexes]


def _is_numbered(lines: list[str]) -> bool:
    numbers = [int(m.group("number")) for m in map(_NUMBERED.match, lines) if m]
    return 1 in numbers and 2 in numbers[numbers.index(1) :]


def _numbered_paragraphs(lines: list[str], result: Layout) -> None:
    expected = 1
    current: RawParagraph | None = None
    agenda_item = None
    for index, line in enumerate(lines):
        if not line:
            continue
        numbered = _NUMBERED.match(line)
        if numbered and int(numbered.group("number")) == expected:
            if current is None and agenda_item is None:
                agenda_item = _heading_before_first_paragraph(result)
            current = RawParagraph(expected, [numbered.group("text")], agenda_item)
            result.paragraphs.append(current)
            expected += 1
            continue
        heading = _agenda_heading(line, lines, index, result)
        if heading is not None:
            agenda_item = heading
            continue
        time = _MEETING_TIME.match(line)
        if time:
            result.times.append(line)
            continue
        if current is None:
            result.header.append(line)
        elif _is_heading(line, current.lines, _next_line(lines, index), expected):
            agenda_item = _implicit_agenda_item(line, result)
        else:
            current.lines.append(line)


def _heading_before_first_paragraph(result: Layout) -> int | None:
    """The line just above ¶1, when it reads as a heading ("Opening of the Meeting")."""
    if len(result.header) < 2:
        return None
    line, above = result.header[-1], result.header[-2]
    title_like = re.search(rf"\b{ORDINAL}\b", line, re.IGNORECASE) or re.search(
        r"\b(?:of|the|for|on)$", above, re.IGNORECASE
    )
    if (
        _looks_like_heading(line)
        and not title_like
        and not find_dates(line)
        and ":" not in line
        and line.lower() != "contents"
    ):
        result.header.pop()
        return _implicit_agenda_item(line, result)
    return None


def _unnumbered_paragraphs(lines: list[str], result: Layout) -> None:
    header_end = _title_end(lines)
    if header_end is not None:
        result.header.extend(line for line in lines[:header_end] if line)
        blocks = _blocks(lines[header_end:])
        body_start = 0
    else:
        blocks = _blocks(lines)
        body_start = _first_body_block(blocks)
        for block in blocks[:body_start]:
            result.header.extend(block)
    agenda_item = None
    paragraphs: list[list[str]] = []
    for index, block in enumerate(blocks[body_start:], start=body_start):
        line = " ".join(block)
        heading = _agenda_heading(line, [], 0, result)
        if heading is not None:
            agenda_item = heading
            continue
        if _MEETING_TIME.match(line):
            result.times.append(line)
            continue
        following = blocks[index + 1][0] if index + 1 < len(blocks) else ""
        previous = paragraphs[-1] if paragraphs else None
        if following and _looks_like_heading(line) and (previous is None or _ends(previous)):
            agenda_item = _implicit_agenda_item(line, result)
            continue
        if previous is not None and (not _ends(previous) or block[0][:1].islower()):
            previous.extend(block)
            continue
        paragraphs.append(list(block))
        result.paragraphs.append(RawParagraph(len(result.paragraphs) + 1, paragraphs[-1]))
        result.paragraphs[-1].agenda_item = agenda_item


_META_LINE = re.compile(r"^(?:Held|Venue|Date|Chair|Co-Chair|President)\b", re.IGNORECASE)


def _title_end(lines: list[str]) -> int | None:
    """Where the heading of an unnumbered record ends: after its title (which may run over
    lines ending in "of") and the short lines under it that give the date or the chair."""
    nonblank = [i for i, line in enumerate(lines) if line][:8]
    start = next((i for i in nonblank if looks_like_title(lines[i])), None)
    if start is None:
        return None
    end = start + 1
    while end < len(lines) and (
        not lines[end]
        or (
            re.search(r"\b(?:of|the|for|on)$", lines[end - 1], re.IGNORECASE)
            and not _TERMINAL.search(lines[end])
        )
        or _META_LINE.match(lines[end])
        or (find_dates(lines[end]) and len(lines[end].split()) <= 12)
    ):
        end += 1
    return end


def _blocks(lines: list[str]) -> list[list[str]]:
    """Runs of lines between blank lines; or single lines when the text has no blank lines."""
    if "" not in lines[_first_nonblank(lines) :]:
        return [[line] for line in lines if line]
    blocks, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _first_nonblank(lines: list[str]) -> int:
    return next((i for i, line in enumerate(lines) if line), 0)


def _first_body_block(blocks: list[list[str]]) -> int:
    """Where the paragraphs start: the first block that reads as prose, not as a heading."""
    for index, block in enumerate(blocks):
        line = " ".join(block)
        if len(line.split()) > 12 and _TERMINAL.search(line) and not line.endswith(":"):
            return index
    return len(blocks)


def _ends(lines: list[str]) -> bool:
    return bool(_TERMINAL.search(lines[-1]))


def _next_line(lines: list[str], index: int) -> str:
    return next((lines[i] for i in range(index + 1, len(lines)) if lines[i]), "")


def _looks_like_heading(line: str) -> bool:
    return (
        len(line.split()) <= 10
        and line[:1].isupper()
        and not _TERMINAL.search(line)
        and not line.endswith(",")
    )


def _is_heading(line: str, paragraph: list[str], following: str, expected: int) -> bool:
    numbered = _NUMBERED.match(following)
    return (
        _looks_like_heading(line)
        and _ends(paragraph)
        and bool(numbered)
        and int(numbered.group("number")) == expected
    )


def _agenda_heading(line: str, lines: list[str], index: int, result: Layout) -> int | None:
    match = _AGENDA_HEADING.match(line) or _AGENDA_HEADING_TRAILING.match(line)
    if not match:
        return None
    number = int(match.group("number"))
    title = match.group("title").strip(" :.")
    if not title and lines:
        title = _next_line(lines, index)
    if title and number not in result.agenda_items:
        result.agenda_items[number] = title
    elif number not in result.agenda_items:
        result.agenda_items[number] = f"Agenda item {number}"
    return number


def _implicit_agenda_item(title: str, result: Layout) -> int:
    number = max(result.agenda_items, default=0) + 1
    result.agenda_items[number] = title
    return number


# --- Mending -------------------------------------------------------------------------------

# Each rule finds a place where extraction dropped a space; a space is put back there.
_MISSING_SPACES = [
    # "eachASEAN", "ofJapan": a short lower-case word glued to a capital.
    re.compile(
        r"\b(?:[Ee]ach|[Oo]f|[Tt]he|[Aa]nd|[Ii]n|[Tt]o|[Ff]or|[Ww]ith|[Bb]y|[Oo]n|[Aa]t|[Ff]rom"
        r"|[Aa]ll|[Ii]ts|[Tt]heir|[Oo]ur|[Bb]etween|[Aa]mong|[Uu]nder)(?=[A-Z])"
    ),
    # "ASEANMember": an acronym glued to a capitalised word (but not "IIIrd").
    re.compile(r"(?<=[A-Z]{2})(?=[A-Z][a-z]{2,})(?![A-Z](?:st|nd|rd|th)\b)"),
    # "points,“forming", "cities;and": punctuation glued to the next word.
    re.compile(r"(?<=[,;])(?=[A-Za-z“(])"),
    # "transparent”for": a closing quotation mark glued to the next word.
    re.compile(r"(?<=”)(?=[A-Za-z“(])"),
    # "the Meeting.The": a sentence glued to the next.
    re.compile(r"(?<=[a-z]{2}\.)(?=[A-Z][a-z])"),
]


@dataclass
class MendedText:
    text: str
    # (start, end) in the mended text of each word that was mended, and the word as extracted.
    mends: list[tuple[int, int, str]]


def join_lines(lines: list[str]) -> str:
    """One paragraph from its extracted lines: a line ending in a hyphen joins without a space
    ("in-" / "person" → "in-person"), the others with one."""
    pieces: list[str] = []
    tail = ""  # the last two characters joined so far (adding to one string copied it all)
    for line in lines:
        if tail and not (tail.endswith("-") and not tail.endswith(" -")):
            pieces.append(" ")
            tail = f"{tail} "[-2:]
        pieces.append(line)
        tail = (tail + line[-2:])[-2:]
    return "".join(pieces)


def mend(text: str) -> MendedText:
    """``text`` with the spaces that extraction dropped put back, and where it did so."""
    points = sorted({m.end() for rule in _MISSING_SPACES for m in rule.finditer(text)})
    if not points:
        return MendedText(text, [])
    pieces, previous = [], 0
    for point in points:
        pieces.append(text[previous:point])
        previous = point
    pieces.append(text[previous:])
    mended = " ".join(pieces)
    mends = []
    for word in re.finditer(r"\S+", text):
        before = bisect.bisect_right(points, word.start())  # spaces put in before the word
        inside = bisect.bisect_left(points, word.end()) - before
        if inside:
            start = word.start() + before
            mends.append((start, word.end() + before + inside, word.group()))
    return MendedText(mended, mends)
