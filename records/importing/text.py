"""The plain text of an uploaded record: ``.txt``, ``.docx`` (``word``) or ``.pdf`` (``pdf``).

Every way a file can fail — too large, empty, binary, scanned, encrypted, in another script,
hostile (a zip bomb, a PDF of sixty thousand pages) — raises :class:`UnreadableDocument` with
a message for the officer. Word and PDF files are read with bounded work and memory, and
stop as soon as they hold more text than any record. Nothing here touches the database.
"""

import re
import unicodedata
from collections import Counter
from pathlib import PurePath

from django.utils.translation import gettext

from records.importing import pdf, word
from records.importing.errors import UnreadableDocument

MAX_FILE_BYTES = 10 * 1024 * 1024
# A record of a hundred paragraphs is some 50,000 characters; twenty times that is not one.
MAX_TEXT_CHARS = 1_000_000
ACCEPTED_SUFFIXES = (".txt", ".docx", ".pdf")


def text_from_file(name: str, data: bytes, *, english: bool = True) -> str:
    """The text of a file named ``name`` holding ``data``, checked to be readable text (in
    English, unless ``english=False``: a language version of a record)."""
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableDocument(size_message(len(data)))
    if not data.strip():
        raise UnreadableDocument(gettext("The file is empty."))
    suffix = PurePath(name).suffix.lower()
    if suffix == ".pdf":
        text = pdf.text_from_pdf(data, MAX_TEXT_CHARS)
    elif suffix == ".docx":
        text = word.text_from_docx(data, MAX_TEXT_CHARS)
    elif suffix == ".txt":
        text = _text_from_txt(data)
    elif suffix == ".doc":
        raise UnreadableDocument(
            gettext(
                "Word 97–2003 (.doc) files cannot be read: open it in Word and save it as .docx."
            )
        )
    else:
        raise UnreadableDocument(
            gettext(
                "“%(name)s” is not a .txt, .docx or .pdf file: upload one of those, or paste the "
                "text."
            )
            % {"name": PurePath(name).name}
        )
    return checked_text(text, english=english)


def size_message(size: int) -> str:
    return gettext("The file is %(size)s MB; files up to %(most)s MB are accepted.") % {
        "size": f"{size / 1024 / 1024:.1f}",
        "most": MAX_FILE_BYTES // 1024 // 1024,
    }


def checked_text(text: str, *, english: bool = True) -> str:
    """``text`` with its line endings made plain, or an error if it is not readable English
    (``english=False``: readable text in any script, for a language version of a record).

    Page breaks ("\f", as PDF pages are joined) are kept: the layout finds running headers
    and footers by them.
    """
    # Composed accents, as typed: "Đà Nẵng" from a Mac or a PDF may come decomposed, the same
    # text in other code points. No word changes.
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise UnreadableDocument(gettext("There is no text to import."))
    if len(text) > MAX_TEXT_CHARS:
        raise UnreadableDocument(
            gettext(
                "The text is %(length)s characters long, more than any summary record "
                "(%(most)s at most): import the record alone."
            )
            % {"length": f"{len(text):,}", "most": f"{MAX_TEXT_CHARS:,}"}
        )
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t\f")
    if "\x00" in text or controls > len(text) / 100:
        raise UnreadableDocument(
            gettext(
                "This is not text: it holds binary data. Upload the record as .txt, .docx or .pdf."
            )
        )
    letters = [c for c in text if c.isalpha()]
    if not letters:
        raise UnreadableDocument(gettext("The text has no words in it."))
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    if english and latin < len(letters) / 2:
        script = Counter(unicodedata.name(c, "UNKNOWN").split()[0] for c in letters).most_common(1)
        raise UnreadableDocument(
            gettext(
                "Most of the text is in %(script)s script. The importer reads records written in "
                "English; import the English version of the record."
            )
            % {"script": script[0][0].title()}
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
        gettext("This is not text: it holds binary data. Upload the record as .txt, .docx or .pdf.")
    )


# Characters that show nothing and are no part of the words, left by word processors and web
# pages: searches and the clause rule would miss "APTERR" written "AP\u200bTERR".
_INVISIBLE_NAMES = {
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u200e": "left-to-right mark",
    "\u200f": "right-to-left mark",
    "\u2060": "word joiner",
    "\ufeff": "zero-width no-break space",
    "\u00ad": "soft hyphen",
}
_INVISIBLE = re.compile("[" + "".join(_INVISIBLE_NAMES) + "]")
_JOINERS = {"\u200c", "\u200d"}


def without_invisible(text: str) -> tuple[str, Counter]:
    """``text`` without invisible characters, and how many of each were removed. A joiner
    between two letters of a script that needs it (Thai, Arabic, Devanagari …) is kept."""
    removed: Counter = Counter()

    def remove(match: re.Match) -> str:
        character, at = match.group(), match.start()
        if (
            character in _JOINERS
            and _non_latin(text[at - 1 : at])
            and _non_latin(text[at + 1 : at + 2])
        ):
            return character
        removed[_INVISIBLE_NAMES[character]] += 1
        return ""

    return _INVISIBLE.sub(remove, text), removed


def _non_latin(character: str) -> bool:
    return character.isalpha() and "LATIN" not in unicodedata.name(character, "")
