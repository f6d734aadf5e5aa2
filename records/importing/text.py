"""The plain text of an uploaded record: ``.txt``, ``.docx`` (python-docx) or ``.pdf`` (pypdf).

Every way a file can fail — too large, empty, binary, scanned, encrypted, in another script —
raises :class:`UnreadableDocument` with a message for the officer. Nothing here touches the
database.
"""

import io
import unicodedata
import zipfile
from collections import Counter
from pathlib import PurePath

from records.importing.errors import UnreadableDocument

MAX_FILE_BYTES = 10 * 1024 * 1024
# A record of a hundred paragraphs is some 50,000 characters; twenty times that is not one.
MAX_TEXT_CHARS = 1_000_000
# A .docx is a zip: refuse one that unpacks to more than this (a "zip bomb").
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
ACCEPTED_SUFFIXES = (".txt", ".docx", ".pdf")

_WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def text_from_file(name: str, data: bytes) -> str:
    """The text of a file named ``name`` holding ``data``, checked to be readable text."""
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableDocument(size_message(len(data)))
    if not data.strip():
        raise UnreadableDocument("The file is empty.")
    suffix = PurePath(name).suffix.lower()
    if suffix == ".pdf":
        text = _text_from_pdf(data)
    elif suffix == ".docx":
        text = _text_from_docx(data)
    elif suffix == ".txt":
        text = _text_from_txt(data)
    elif suffix == ".doc":
        raise UnreadableDocument(
            "Word 97–2003 (.doc) files cannot be read: open it in Word and save it as .docx."
        )
    else:
        raise UnreadableDocument(
            f"“{PurePath(name).name}” is not a .txt, .docx or .pdf file: upload one of those, "
            "or paste the text."
        )
    return checked_text(text)


def size_message(size: int) -> str:
    return (
        f"The file is {size / 1024 / 1024:.1f} MB; files up to "
        f"{MAX_FILE_BYTES // 1024 // 1024} MB are accepted."
    )


def checked_text(text: str) -> str:
    """``text`` with its line endings made plain, or an error if it is not readable English.

    Page breaks ("\f", as PDF pages are joined) are kept: the layout finds running headers
    and footers by them.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UnreadableDocument("There is no text to import.")
    if len(text) > MAX_TEXT_CHARS:
        raise UnreadableDocument(
            f"The text is {len(text):,} characters long, more than any summary record "
            f"({MAX_TEXT_CHARS:,} at most): import the record alone."
        )
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t\f")
    if "\x00" in text or controls > len(text) / 100:
        raise UnreadableDocument(
            "This is not text: it holds binary data. Upload the record as .txt, .docx or .pdf."
        )
    letters = [c for c in text if c.isalpha()]
    if not letters:
        raise UnreadableDocument("The text has no words in it.")
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    if latin < len(letters) / 2:
        script = Counter(unicodedata.name(c, "UNKNOWN").split()[0] for c in letters).most_common(1)
        raise UnreadableDocument(
            f"Most of the text is in {script[0][0].title()} script. The importer reads records "
            "written in English; import the English version of the record."
        )
    return text


def _text_from_txt(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8-sig", "cp1252"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableDocument(
        "This is not text: it holds binary data. Upload the record as .txt, .docx or .pdf."
    )


def _text_from_pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if b"%PDF-" not in data[:1024]:
        raise UnreadableDocument("This file is not a PDF, although its name ends in .pdf.")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableDocument(
                "The PDF is password-protected: save an unprotected copy and upload that."
            )
        text = "\f".join(page.extract_text() or "" for page in reader.pages)
    except UnreadableDocument:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as error:
        raise UnreadableDocument(f"The PDF could not be read ({error}).") from error
    if not text.strip():
        raise UnreadableDocument(
            "The PDF has no text in it: it looks like a scan. Run it through text recognition "
            "(OCR) first, or paste the text of the record."
        )
    return text


def _text_from_docx(data: bytes) -> str:
    import docx

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise UnreadableDocument("The Word file unpacks to too much data to be a record.")
        document = docx.Document(io.BytesIO(data))
    except UnreadableDocument:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UnreadableDocument(
            "The file could not be read as a Word (.docx) document: open it in Word and save "
            "it again as .docx."
        ) from error
    lines = []
    numbering = _Numbering(document)
    for block in document.element.body.iterchildren():
        if block.tag == f"{_WORD_NS}p":
            text = "".join(node.text or "" for node in block.iter(f"{_WORD_NS}t"))
            lines.append(numbering.prefix(block) + text)
        elif block.tag == f"{_WORD_NS}tbl":
            for cell in block.iter(f"{_WORD_NS}tc"):
                lines.append(" ".join(node.text or "" for node in cell.iter(f"{_WORD_NS}t")))
    return "\n".join(lines)


class _Numbering:
    """Word's automatic paragraph numbers, which are not part of the paragraphs' text.

    Decimal lists at the first level become "1. ", "2. "; deeper levels "(a) ", "(b) ";
    bullets become "- ".
    """

    def __init__(self, document):
        self.styles = {style.style_id: style for style in document.styles}
        self.counters: Counter = Counter()
        self.formats: dict[tuple[str, str], tuple[str, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (NotImplementedError, KeyError):
            return
        abstract = {
            node.get(f"{_WORD_NS}abstractNumId"): node
            for node in numbering.iter(f"{_WORD_NS}abstractNum")
        }
        for num in numbering.iter(f"{_WORD_NS}num"):
            ref = num.find(f"{_WORD_NS}abstractNumId")
            definition = abstract.get(ref.get(f"{_WORD_NS}val")) if ref is not None else None
            if definition is None:
                continue
            for level in definition.iter(f"{_WORD_NS}lvl"):
                fmt = level.find(f"{_WORD_NS}numFmt")
                start = level.find(f"{_WORD_NS}start")
                self.formats[(num.get(f"{_WORD_NS}numId"), level.get(f"{_WORD_NS}ilvl"))] = (
                    fmt.get(f"{_WORD_NS}val") if fmt is not None else "decimal",
                    int(start.get(f"{_WORD_NS}val")) if start is not None else 1,
                )

    def prefix(self, paragraph) -> str:
        num_id, level = self._numbering_of(paragraph)
        if num_id is None or num_id == "0":
            return ""
        fmt, start = self.formats.get((num_id, level), ("decimal", 1))
        key = (num_id, level)
        self.counters[key] += 1
        # A new item at one level restarts the levels below it.
        for other in list(self.counters):
            if other[0] == num_id and int(other[1]) > int(level):
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

    def _numbering_of(self, paragraph):
        properties = paragraph.find(f"{_WORD_NS}pPr")
        num_pr = properties.find(f"{_WORD_NS}numPr") if properties is not None else None
        style_id = None
        if properties is not None:
            style = properties.find(f"{_WORD_NS}pStyle")
            style_id = style.get(f"{_WORD_NS}val") if style is not None else None
        seen = set()
        while num_pr is None and style_id and style_id not in seen:
            seen.add(style_id)
            style = self.styles.get(style_id)
            if style is None:
                break
            style_properties = style.element.pPr
            num_pr = style_properties.numPr if style_properties is not None else None
            style_id = style.base_style.style_id if style.base_style is not None else None
        if num_pr is None:
            return None, None
        num_id = num_pr.find(f"{_WORD_NS}numId")
        level = num_pr.find(f"{_WORD_NS}ilvl")
        return (
            num_id.get(f"{_WORD_NS}val") if num_id is not None else None,
            level.get(f"{_WORD_NS}val") if level is not None else "0",
        )
