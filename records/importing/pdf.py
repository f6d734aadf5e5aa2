"""The text layer of a PDF (read with pypdf), read as the untrusted file that it is.

pypdf parses in Python, so a hostile PDF can ask it for sixty thousand pages, for streams
that inflate past any size, for pages of a million drawing instructions, or for objects
nested past the recursion limit. Here the page count is checked before any page is read,
pypdf's own limits are set far below its defaults (a record's page is a few kilobytes of
instructions), the instructions read across all pages are counted, text stops at the
character limit, and every error pypdf raises — it raises many kinds — says the PDF could
not be read.
"""

import io
import logging

from django.utils.translation import gettext

from records.importing.errors import TooMuchText, UnreadableDocument

MAX_PAGES = 300
# Instructions read for text, operators and operands, across pages and the forms they draw: a
# page of a record has about a thousand, and pypdf reads under a hundred thousand a second.
MAX_INSTRUCTIONS = 100_000
_MAX_STREAM_BYTES = 16 * 1024 * 1024
# pypdf's limits (pypdf.Configuration), for the reading of one upload.
_LIMITS = {
    "maximum_declared_stream_length": _MAX_STREAM_BYTES,
    "array_based_stream_maximum_output_length": _MAX_STREAM_BYTES,
    "zlib_maximum_output_length": _MAX_STREAM_BYTES,
    "lzw_maximum_output_length": _MAX_STREAM_BYTES,
    "run_length_maximum_output_length": _MAX_STREAM_BYTES,
    "brotli_maximum_output_length": _MAX_STREAM_BYTES,
    "stream_decoding_work_maximum_length": 4 * _MAX_STREAM_BYTES,
    "stream_parsing_work_maximum_count": MAX_INSTRUCTIONS,
    "page_tree_maximum_entries": 4 * MAX_PAGES,
}

logger = logging.getLogger(__name__)


def text_from_pdf(data: bytes, max_chars: int) -> str:
    """The text of the PDF file ``data``, its pages joined by form feeds; refused past
    ``max_chars`` characters."""
    from pypdf import PdfReader, apply_configuration

    if b"%PDF-" not in data[:1024]:
        raise UnreadableDocument(gettext("This file is not a PDF, although its name ends in .pdf."))
    try:
        with apply_configuration(**_LIMITS):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise UnreadableDocument(
                    gettext(
                        "The PDF is password-protected: save an unprotected copy and upload that."
                    )
                )
            _check_pages(reader.root_object["/Pages"].get("/Count"))
            _check_pages(len(reader.pages))
            instructions = _Instructions()
            texts, characters = [], 0
            for page in reader.pages:
                texts.append(page.extract_text(visitor_operand_before=instructions.count) or "")
                characters += len(texts[-1]) + 1
                if characters > max_chars:
                    raise TooMuchText(max_chars)
    except UnreadableDocument:
        raise
    except Exception as error:  # pypdf raises many kinds on a broken file, RecursionError too
        logger.info("A PDF could not be read: %r", error)
        raise UnreadableDocument(
            gettext("The PDF could not be read (%(error)s).") % {"error": error}
        ) from error
    text = "\f".join(texts)
    if not text.strip():
        raise UnreadableDocument(
            gettext(
                "The PDF has no text in it: it looks like a scan. Run it through text "
                "recognition (OCR) first, or paste the text of the record."
            )
        )
    return text


def _check_pages(count) -> None:
    """Refuse a PDF of more pages than any record: by the count it declares, before its pages
    are read, and by the pages it has."""
    if isinstance(count, int) and count > MAX_PAGES:
        raise UnreadableDocument(
            gettext(
                "The PDF has %(count)s pages, more than any summary record (%(most)s at most): "
                "import the record alone."
            )
            % {"count": f"{count:,}", "most": MAX_PAGES}
        )


class _Instructions:
    """Counts the instructions pypdf reads for text; refuses the PDF past MAX_INSTRUCTIONS."""

    def __init__(self):
        self.read = 0

    def count(self, operator, operands, *matrices) -> None:
        self.read += 1 + sum(len(o) if isinstance(o, list) else 1 for o in operands)
        if self.read > MAX_INSTRUCTIONS:
            raise UnreadableDocument(
                gettext(
                    "The PDF's pages hold more drawing instructions than a record's text needs "
                    "(over %(most)s): save the record alone as a PDF from the program that wrote "
                    "it, or paste its text."
                )
                % {"most": f"{MAX_INSTRUCTIONS:,}"}
            )
