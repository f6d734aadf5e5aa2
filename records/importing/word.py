"""The text of a Word (.docx) file, read as the untrusted zip of XML that it is.

Only the parts that hold the text are read — the main document, its styles and its
numbering — and each a chunk at a time: the bytes that actually inflate are counted against
``MAX_UNPACKED_BYTES`` (a zip's headers may lie about sizes), and the XML is parsed as it
inflates, into nothing but lines of text, with no DTD, no entities and no network (Word never
writes a DTD: a part that declares one is refused). The text is refused as soon as it is
longer than any record.

A paragraph of the body is a line, with Word's automatic number before it; a table gives a
line per cell.
"""

import io
import logging
import posixpath
import zipfile
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext, gettext_lazy
from lxml import etree

from records.importing.errors import TooMuchText, UnreadableDocument

# What the parts read may unpack to, together: a long record's document is a megabyte or two,
# and parsing (in Python, element by element, so that nothing is kept) reads a few MB a second.
MAX_UNPACKED_BYTES = 8 * 1024 * 1024
_CHUNK = 64 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Word's names for the elements and attributes read.
_DOCUMENT = _W + "document"
_BODY = _W + "body"
_P = _W + "p"
_P_PR = _W + "pPr"
_P_STYLE = _W + "pStyle"
_NUM_PR = _W + "numPr"
_NUM_ID = _W + "numId"
_ILVL = _W + "ilvl"
_TBL = _W + "tbl"
_TC = _W + "tc"
_T = _W + "t"
_VAL = _W + "val"
_STYLE = _W + "style"
_STYLE_ID = _W + "styleId"
_BASED_ON = _W + "basedOn"
_ABSTRACT_NUM = _W + "abstractNum"
_ABSTRACT_NUM_ID = _W + "abstractNumId"
_LVL = _W + "lvl"
_NUM_FMT = _W + "numFmt"
_START = _W + "start"
_NUM = _W + "num"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_UNREADABLE = gettext_lazy(
    "The file could not be read as a Word (.docx) document: open it in Word and save it again "
    "as .docx."
)

logger = logging.getLogger(__name__)


def text_from_docx(data: bytes, max_chars: int) -> str:
    """The text of the .docx file ``data``, refused past ``max_chars`` characters."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            package = _Package(archive)
            document = package.parts("_rels/.rels").get("officeDocument")
            if document is None:
                raise UnreadableDocument(_UNREADABLE)
            parts = package.parts(_relationships_of(document))
            styles = package.parse(parts["styles"], _Styles()) if "styles" in parts else {}
            formats = package.parse(parts["numbering"], _Formats()) if "numbering" in parts else {}
            return package.parse(document, _Document(_Numbering(styles, formats), max_chars))
    except UnreadableDocument:
        raise
    except Exception as error:  # zipfile, zlib and lxml each raise their own kinds on a bad file
        logger.info("A .docx could not be read: %r", error)
        raise UnreadableDocument(_UNREADABLE) from error


def _relationships_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


class _Package:
    """The parts of a .docx, each inflated a chunk at a time against one allowance of bytes."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.names = set(archive.namelist())
        self.unpacked = 0

    def parse(self, name: str, target):
        """Feed the part ``name`` to a parser that hands it to ``target``; what it returns."""
        info = self.archive.getinfo(name)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            # Word only deflates, and zipfile inflates other methods without a bound.
            raise UnreadableDocument(_UNREADABLE)
        parser = etree.XMLParser(
            target=target, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
        )
        with self.archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                self.unpacked += len(chunk)
                if self.unpacked > MAX_UNPACKED_BYTES:
                    raise UnreadableDocument(
                        gettext("The Word file unpacks to too much data to be a record.")
                    )
                parser.feed(chunk)
        return parser.close()

    def parts(self, relationships: str) -> dict[str, str]:
        """The parts that the relationships part ``relationships`` names, by their kind
        ("officeDocument", "styles", "numbering"); none when there is no such part."""
        if relationships not in self.names:
            return {}
        folder = posixpath.dirname(posixpath.dirname(relationships))
        parts: dict[str, str] = {}
        for kind, target in self.parse(relationships, _Relationships()):
            part = target[1:] if target.startswith("/") else posixpath.join(folder, target)
            parts.setdefault(kind.rsplit("/", 1)[-1], posixpath.normpath(part))
        return parts


class _Target:
    """An lxml parser target that refuses a DTD and keeps the path of open elements."""

    def __init__(self):
        self.path: list[str] = []

    def doctype(self, *args):
        raise UnreadableDocument(_UNREADABLE)

    def start(self, tag, attributes):
        self.path.append(tag)

    def end(self, tag):
        self.path.pop()

    def data(self, text):
        pass

    def close(self):
        return None


class _Relationships(_Target):
    """(kind, target) of each internal relationship in a ``.rels`` part."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def start(self, tag, attributes):
        super().start(tag, attributes)
        if tag == _RELATIONSHIP and attributes.get("TargetMode") != "External":
            self.found.append((attributes.get("Type", ""), attributes.get("Target", "")))

    def close(self):
        return self.found


@dataclass
class _Numbered:
    """The numbering properties (``w:numPr``) that a paragraph or a style gives, if any."""

    present: bool = False
    num_id: str | None = None
    level: str | None = None
    based_on: str | None = None  # a style's: the style it is based on

    def note(self, tag: str, attributes) -> None:
        """Note a ``w:numId`` or ``w:ilvl`` of the properties; the first of each counts."""
        if tag == _NUM_ID and self.num_id is None:
            self.num_id = attributes.get(_VAL)
        elif tag == _ILVL and self.level is None:
            self.level = attributes.get(_VAL)


class _Styles(_Target):
    """Style id → the numbering of each style, and the style it is based on."""

    def __init__(self):
        super().__init__()
        self.styles: dict[str | None, _Numbered] = {}
        self.style: _Numbered | None = None

    def start(self, tag, attributes):
        super().start(tag, attributes)
        path = self.path
        if tag == _STYLE and len(path) == 2:
            self.style = self.styles[attributes.get(_STYLE_ID)] = _Numbered()
        elif self.style is None or len(path) < 3:
            return
        elif tag == _BASED_ON and len(path) == 3:
            self.style.based_on = attributes.get(_VAL)
        elif tag == _NUM_PR and path[2:] == [_P_PR, tag]:
            self.style.present = True
        elif path[2:] == [_P_PR, _NUM_PR, tag]:
            self.style.note(tag, attributes)

    def end(self, tag):
        super().end(tag)
        if tag == _STYLE and len(self.path) == 1:
            self.style = None

    def close(self):
        return self.styles


class _Formats(_Target):
    """The numbering part: (numId, level) → (format, start) of each list level."""

    def __init__(self):
        super().__init__()
        # abstractNumId → [ilvl, format, start] of each of its levels
        self.levels: dict[str | None, list[list]] = {}
        self.lists: list[tuple[str | None, str | None]] = []  # (numId, abstractNumId)
        self.abstract: str | None = None
        self.level: list | None = None
        self.list: str | None = None

    def start(self, tag, attributes):
        super().start(tag, attributes)
        parent = self.path[-2] if len(self.path) > 1 else None
        if tag == _ABSTRACT_NUM:
            self.abstract = attributes.get(_ABSTRACT_NUM_ID)
            self.levels[self.abstract] = []
        elif tag == _LVL and self.abstract is not None:
            self.level = [attributes.get(_ILVL), "decimal", 1]
            self.levels[self.abstract].append(self.level)
        elif tag == _NUM_FMT and parent == _LVL and self.level:
            self.level[1] = attributes.get(_VAL)
        elif tag == _START and parent == _LVL and self.level:
            self.level[2] = _integer(attributes.get(_VAL), 1)
        elif tag == _NUM:
            self.list = attributes.get(_NUM_ID)
        elif tag == _ABSTRACT_NUM_ID and parent == _NUM and self.list is not None:
            self.lists.append((self.list, attributes.get(_VAL)))
            self.list = None

    def end(self, tag):
        super().end(tag)
        if tag == _ABSTRACT_NUM:
            self.abstract = None
        elif tag == _LVL:
            self.level = None

    def close(self):
        formats = {}
        for list_id, abstract in self.lists:
            for level, fmt, start in self.levels.get(abstract, []):
                formats[(list_id, level)] = (fmt, start)
        return formats


def _integer(value: str | None, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


class _Numbering:
    """Word's automatic paragraph numbers, which are not part of the paragraphs' text.

    Decimal lists at the first level become "1. ", "2. "; deeper levels "(a) ", "(b) ";
    bullets become "- ".
    """

    def __init__(self, styles: dict[str | None, _Numbered], formats: dict):
        self.styles = styles
        self.formats = formats
        self.counters: Counter = Counter()

    def prefix(self, numbered: _Numbered, style_id: str | None) -> str:
        """The number of a paragraph with the numbering ``numbered``, in the style
        ``style_id``."""
        num_id, level = self._numbering_of(numbered, style_id)
        if num_id is None or num_id == "0":
            return ""
        fmt, start = self.formats.get((num_id, level), ("decimal", 1))
        key = (num_id, level)
        self.counters[key] += 1
        # A new item at one level restarts the levels below it.
        for other in list(self.counters):
            if other[0] == num_id and _integer(other[1], 0) > _integer(level, 0):
                del self.counters[other]
        number = start + self.counters[key] - 1
        if fmt == "bullet":
            return "- "
        if fmt in {"lowerLetter", "upperLetter"} and number <= 26:
            letter = chr(ord("a") + number - 1)
            return f"({letter.upper() if fmt == 'upperLetter' else letter}) "
        if fmt == "decimal" and level == "0":
            return f"{number}. "
        return f"({number}) "

    def _numbering_of(self, numbered: _Numbered, style_id: str | None):
        """(numId, level) of a paragraph: its own, or its style's, or the style's style's…"""
        seen = set()
        while not numbered.present and style_id and style_id not in seen:
            seen.add(style_id)
            style = self.styles.get(style_id)
            if style is None:
                break
            numbered, style_id = style, style.based_on
        if not numbered.present:
            return None, None
        return numbered.num_id, numbered.level or "0"


class _Document(_Target):
    """The lines of the main document, made as its XML is parsed."""

    def __init__(self, numbering: _Numbering, max_chars: int):
        super().__init__()
        self.numbering = numbering
        self.max_chars = max_chars
        self.characters = 0
        self.lines: list[str | None] = []
        self.block: str | None = None  # the tag of the body's child being read
        self.texts: list[str] = []  # the texts of that child, when it is a paragraph
        self.numbered = _Numbered()  # that paragraph's numbering
        self.style: str | None = None
        self.cells: list[tuple[int, list[str]]] = []  # open table cells: (line, texts)
        self.text: list[str] | None = None  # the pieces of the text element being read

    # Called for every element: each test is ordered so that most elements pass few of them.
    def start(self, tag, attributes):
        path = self.path
        depth = len(path)
        if depth == 2 and path[1] == _BODY:
            self.block, self.texts = tag, []
            self.numbered, self.style = _Numbered(), None
        elif tag == _T:
            self.text = []
        elif depth >= 4 and path[3] == _P_PR and self.block == _P:
            if depth == 4 and tag == _P_STYLE and self.style is None:
                self.style = attributes.get(_VAL)
            elif depth == 4 and tag == _NUM_PR:
                self.numbered.present = True
            elif depth == 5 and path[4] == _NUM_PR:
                self.numbered.note(tag, attributes)
        elif tag == _TC and self.block == _TBL:
            self.cells.append((len(self.lines), []))
            self.lines.append(None)  # the cell's line, written when the cell ends
        elif not depth and tag != _DOCUMENT:
            raise UnreadableDocument(_UNREADABLE)
        path.append(tag)

    def data(self, text):
        if self.text is not None and self.path[-1] == _T:
            self.text.append(text)
            self._count(len(text) * max(1, len(self.cells)))

    def end(self, tag):
        path = self.path
        path.pop()
        if tag == _T and self.text is not None:
            text, self.text = "".join(self.text), None
            if self.block == _P:
                self.texts.append(text)
            for _, texts in self.cells:
                texts.append(text)
        elif tag == _TC and self.cells:
            line, texts = self.cells.pop()
            self.lines[line] = " ".join(texts)
            self._count(1)
        elif len(path) == 2 and self.block is not None:
            if self.block == _P:
                prefix = self.numbering.prefix(self.numbered, self.style)
                self.lines.append(prefix + "".join(self.texts))
                self._count(1)
            self.block = None

    def _count(self, characters: int) -> None:
        self.characters += characters
        if self.characters > self.max_chars:
            raise TooMuchText(self.max_chars)

    def close(self):
        return "\n".join(line for line in self.lines if line is not None)
