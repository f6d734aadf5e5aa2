"""Reading a language version of a record: its title and numbered paragraphs, from pasted text
or an uploaded file, in any script. Saves nothing.

The file is read as the importer reads a record (``text.text_from_file``: the same limits,
the same refusals of hostile files), and split into paragraphs by its layout
(``layout.layout``: page numbers and running headers dropped, paragraphs numbered in sequence,
headings between them left out). What differs is the writing: the numbers may be written
"1." or "1)", in full-width digits ("１．") or another script's ("๑."); lines are joined
without a space where the script puts none between words (Japanese, Chinese, Thai …); no
English-only mending. The text is kept NFC and otherwise word for word.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext

from records.importing.errors import NotARecord
from records.importing.layout import layout
from records.importing.text import checked_text, text_from_file, without_invisible

# A paragraph's number at the start of a line: digits of any script, then "." or ")" (also
# full-width), then its text: "1. …", "1) …", "１．…", "๑. …". After an ASCII mark the text
# may follow without a space, but not a digit ("1.5 million" is no paragraph 1).
_NUMBERED = re.compile(r"^\s*(?P<number>\d{1,4})\s?(?P<mark>[.)．）])(?!\d)\s*(?P<text>\S.*)$")
# Scripts written without spaces between words: a line break inside them joins with none.
_UNSPACED_SCRIPTS = ("THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN")


@dataclass
class VersionText:
    """A language version as read: its title, its ``(number, text)`` paragraphs, and notes
    for the officer on what was left out."""

    title: str = ""
    paragraphs: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def numbers(self) -> list[int]:
        return [number for number, _ in self.paragraphs]


def read_version_file(name: str, data: bytes) -> VersionText:
    """The version in an uploaded ``.txt``, ``.docx`` or ``.pdf`` file."""
    return read_version(text_from_file(name, data, english=False))


def read_version(text: str) -> VersionText:
    """The title (what stands before ¶1) and the numbered paragraphs of ``text``; a text
    numbering none has its title as its first block and a paragraph in each block after.

    Raises ``UnreadableDocument`` for text that cannot be read and ``NotARecord`` for text
    with no paragraphs."""
    text, invisible = without_invisible(checked_text(text, english=False))
    lines, title_lines = _numbers_written_plainly(text.split("\n"))
    version = VersionText()
    if title_lines is None:
        blocks = _blocks(lines)
        if blocks and len(blocks) > 1:
            version.title = joined(blocks[0])
            blocks = blocks[1:]
        version.paragraphs = [(number, joined(block)) for number, block in enumerate(blocks, 1)]
    else:
        parts = layout("\n".join(lines))
        version.title = joined([line for line in title_lines if line.strip()])
        version.paragraphs = [(raw.number, joined(raw.lines)) for raw in parts.paragraphs]
        # The layout may read a line of the title as a heading: it is the title's.
        headings = [h for h in parts.agenda_items.values() if h not in title_lines]
        if headings:
            version.notes.append(
                gettext(
                    "Headings between paragraphs were left out (a version keeps only its "
                    "paragraphs): %(headings)s."
                )
                % {"headings": "; ".join(f"“{h}”" for h in headings)}
            )
        if parts.annexes:
            version.notes.append(
                gettext("%(count)s annex(es) after the last paragraph were left out: %(titles)s.")
                % {
                    "count": len(parts.annexes),
                    "titles": "; ".join(f"“{title}”" for title, _ in parts.annexes),
                }
            )
        if parts.furniture:
            version.notes.append(
                gettext("%(count)s line(s) of page numbers or running headers were left out.")
                % {"count": parts.furniture}
            )
    if invisible:
        version.notes.append(
            gettext("%(count)s invisible characters were removed from the text.")
            % {"count": sum(invisible.values())}
        )
    if not version.paragraphs:
        raise NotARecord(
            gettext(
                "No paragraphs were found: number them as the record does (“1.”, “2.”), or "
                "separate them by blank lines."
            )
        )
    return version


def _numbers_written_plainly(lines: list[str]) -> tuple[list[str], list[str] | None]:
    """``lines`` with each paragraph's number written as the importer's layout reads it
    ("4. …"), and the lines before ¶1 (``None`` when nothing is numbered 1 then 2).

    The numbers are taken in sequence (1, 2, 3 …), written as ¶1 writes its number ("." or
    ")"), so "2)" inside a paragraph of a text numbered "2." stays that paragraph's."""
    expected, mark, before = 1, None, None
    result = []
    for index, line in enumerate(lines):
        numbered = _NUMBERED.match(line)
        if numbered and int(numbered.group("number")) == expected:
            written = _mark(numbered.group("mark"))
            if mark is None or written == mark:
                if mark is None:
                    mark, before = written, lines[:index]
                result.append(f"{expected}. {numbered.group('text')}")
                expected += 1
                continue
        result.append(line)
    if expected <= 2:  # none, or only a "1." in the text: it numbers no paragraphs
        return lines, None
    return result, before


def _mark(mark: str) -> str:
    return {"．": ".", "）": ")"}.get(mark, mark)


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks, current = [], []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def joined(lines: list[str]) -> str:
    """One paragraph from its lines: joined by a space, but with none between two characters
    of a script that writes none (Japanese, Chinese, Thai …) or after a hyphen ending a line
    ("in-" / "person"), as the importer joins them."""
    pieces: list[str] = []
    previous = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if previous and not (
            (previous.endswith("-") and not previous.endswith(" -"))
            or (_unspaced(previous[-1]) and _unspaced(line[0]))
        ):
            pieces.append(" ")
        pieces.append(line)
        previous = line
    return unicodedata.normalize("NFC", "".join(pieces))


def _unspaced(character: str) -> bool:
    if _HANGUL.match(character):
        return False  # Korean is wide but puts spaces between its words
    if unicodedata.east_asian_width(character) in ("W", "F"):
        return True  # Han, kana, full-width forms and punctuation
    return unicodedata.name(character, "").startswith(_UNSPACED_SCRIPTS)


_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")


__all__ = ["NotARecord", "VersionText", "joined", "read_version", "read_version_file"]
