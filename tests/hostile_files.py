"""Hostile uploads for the importer, made on the spot: the tests use them small, and
``bench/import_limits.py`` as large as an upload may be (10 MB).

Each builder returns the bytes of a file that an attacker (or a broken program) could send:
Word files whose zip lies or inflates without end, Word XML with entity tricks, PDFs past
the parser's limits, texts that make patterns backtrack.
"""

import io
import struct
import zlib

_WORD = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_DOCUMENT = "word/document.xml"
_CHUNK = 1024 * 1024


# --- Zip archives, written by hand so that their headers can lie -----------------------------


def _deflated_repeats(
    unit: bytes, times: int, head: bytes = b"", tail: bytes = b""
) -> tuple[bytes, int, int]:
    """``head + unit * times + tail`` as raw deflate data, its CRC-32 and its size, without
    compressing it all: a megabyte of units is compressed once, on its own and flushed so that
    it stands alone, and repeated."""

    def alone(data: bytes, finish: bool = False) -> bytes:
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        return packer.compress(data) + packer.flush(zlib.Z_FINISH if finish else zlib.Z_FULL_FLUSH)

    per_chunk = max(1, _CHUNK // len(unit))
    chunks, rest = divmod(times, per_chunk)
    chunk = unit * per_chunk
    crc = zlib.crc32(head)
    for _ in range(chunks):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(unit * rest + tail, crc)
    data = alone(head) + alone(chunk) * chunks + alone(unit * rest + tail, finish=True)
    return data, crc, len(head) + len(unit) * times + len(tail)


def _zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of (name, raw deflate data, CRC-32, declared size) members, as written."""
    out, directory = io.BytesIO(), io.BytesIO()
    for name, data, crc, declared in members:
        encoded = name.encode()
        offset = out.tell()
        out.write(
            struct.pack(
                "<4s5H3I2H",
                b"PK\x03\x04",
                20,
                0,
                8,
                0,
                0,
                crc,
                len(data),
                declared,
                len(encoded),
                0,
            )
        )
        out.write(encoded + data)
        directory.write(
            struct.pack(
                "<4s6H3I5H2I",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(data),
                declared,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
        )
        directory.write(encoded)
    start, size = out.tell(), directory.tell()
    out.write(directory.getvalue())
    out.write(
        struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(members), len(members), size, start, 0)
    )
    return out.getvalue()


def _deflated(data: bytes) -> tuple[bytes, int, int]:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(), zlib.crc32(data), len(data)


# The parts a Word file needs besides its document: what its content types are, and which
# part is the document.
_WORD_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
    ),
}


def _word_parts() -> list[tuple[str, bytes, int, int]]:
    """Every part of a Word file but its document, deflated."""
    return [(name, *_deflated(xml.encode())) for name, xml in _WORD_PARTS.items()]


def lying_zip_docx(inflated: int, declared: int = 1024) -> bytes:
    """A .docx whose document inflates to ``inflated`` zero bytes while its headers say it
    holds ``declared``."""
    data, crc, _ = _deflated_repeats(b"\0", inflated)
    return _zip([*_word_parts(), (_DOCUMENT, data, crc, declared)])


def _word_document(unit: bytes, size: int) -> bytes:
    """A .docx whose document is ``unit`` repeated inside its body, ``size`` bytes in all."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document {_WORD}><w:body>'.encode()
    tail = b"</w:body></w:document>"
    times = (size - len(head) - len(tail)) // len(unit)
    return _zip([*_word_parts(), (_DOCUMENT, *_deflated_repeats(unit, times, head, tail))])


def zip_bomb_docx(inflated: int) -> bytes:
    """An honest .docx (its headers tell the truth) whose document is ``inflated`` bytes of
    empty paragraphs: valid XML, and highly compressible."""
    return _word_document(b"<w:p><w:pPr></w:pPr></w:p>", inflated)


def tiny_paragraphs_docx(size: int) -> bytes:
    """An honest .docx whose document is ``size`` bytes of one-letter paragraphs."""
    return _word_document(b"<w:p><w:r><w:t>a</w:t></w:r></w:p>", size)


def long_text_docx(characters: int) -> bytes:
    """An honest .docx of ``characters`` letters of text, in paragraphs of a thousand."""
    paragraph = b"<w:p><w:r><w:t>" + b"a" * 1000 + b"</w:t></w:r></w:p>"
    return _word_document(paragraph, characters * len(paragraph) // 1000 + 200)


def many_members_docx(members: int) -> bytes:
    """A .docx with ``members`` empty files besides its parts."""
    empty = _deflated(b"")
    return _zip([*_word_parts(), *((f"m/{n}", *empty) for n in range(members))])


def word_xml_docx(document_xml: str) -> bytes:
    """A .docx whose document part is ``document_xml`` exactly as given."""
    return _zip([*_word_parts(), (_DOCUMENT, *_deflated(document_xml.encode()))])


def billion_laughs_docx(levels: int = 10) -> bytes:
    """Entities that expand tenfold at each of ``levels`` levels: 10**levels copies of "lol"."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, levels)
    ]
    return word_xml_docx(
        f'<?xml version="1.0"?><!DOCTYPE w:document [{"".join(entities)}]>'
        f"<w:document {_WORD}><w:body><w:p><w:r><w:t>Summary Record &lol{levels - 1};</w:t>"
        "</w:r></w:p></w:body></w:document>"
    )


def external_entity_docx(path: str) -> bytes:
    """A document whose text is an entity naming a local file: its contents must not be read."""
    return word_xml_docx(
        f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY secret SYSTEM "file://{path}">]>'
        f"<w:document {_WORD}><w:body><w:p><w:r><w:t>&secret;</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )


# --- PDFs --------------------------------------------------------------------------------

_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def _pdf(*contents: bytes, deflated: bool = False, xref_shift: int = 0) -> bytes:
    """A PDF written by hand, a page for each content stream in ``contents``; with
    ``xref_shift``, the cross-reference table points that many bytes off each object."""
    stream_filter = b" /Filter /FlateDecode" if deflated else b""
    pages = range(4, 4 + 2 * len(contents), 2)  # each page's object, its content's next
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % page for page in pages), len(contents)),
        _FONT,
    ]
    for page, content in zip(pages, contents, strict=True):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % (page + 1)
        )
        objects.append(
            b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(content), stream_filter, content)
        )
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell() + xref_shift)
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def text_pdf(lines: list[str], **options) -> bytes:
    """A PDF whose one page shows ``lines``."""
    shown = b"".join(
        b"(" + line.encode("cp1252").replace(b"(", b"\\(").replace(b")", b"\\)") + b") Tj T* "
        for line in lines
    )
    return _pdf(b"BT /F1 10 Tf 14 TL 50 800 Td " + shown + b"ET", **options)


def many_pages_pdf(pages: int) -> bytes:
    """A PDF of ``pages`` blank pages (60,000 of them are about 7 MB)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def inflating_stream_pdf(inflated: int) -> bytes:
    """A page whose content stream inflates to ``inflated`` bytes of spaces (pypdf refuses to
    inflate more than 75 MB)."""
    megabytes, rest = divmod(inflated, _CHUNK)
    packer = zlib.compressobj(9)
    spaces = b" " * _CHUNK
    data = b"".join(packer.compress(spaces) for _ in range(megabytes))
    return _pdf(data + packer.compress(b" " * rest) + packer.flush(), deflated=True)


def busy_pages_pdf(operators: int, pages: int = 1) -> bytes:
    """``pages`` pages of ``operators`` text-showing operators each, deflated: slow for pypdf
    to read."""
    content = zlib.compress(b"BT /F1 10 Tf " + b"(a) Tj " * operators + b"ET", 9)
    return _pdf(*[content] * pages, deflated=True)


def nested_arrays_pdf(depth: int) -> bytes:
    """A page whose content stream opens ``depth`` arrays inside each other."""
    return _pdf(b"BT " + b"[" * depth + b"]" * depth + b" TJ ET")


# --- Texts -------------------------------------------------------------------------------

TITLE = "Summary Record of the First Meeting\n"
# Each, repeated, once made recognition take far longer than its length (a rule scanning to the
# end of the text at every repeat) or find far more parts than any record has.
REPETITIVE = {
    "commas": "Japan agreed to go, ",
    "heads-of-delegation": "head of delegation ",
    "hold-next-meeting": "hold the next meeting ",
    "co-chairs": "co-chaired by Mr. ",
    "chaired-with": "chaired by Mr. A with B ",
    "in-places": "in A ",
    "eachASEAN": "eachASEAN ",
    "dates": "18-19 October 2021 ",
    "numbered-lines": "1. a\n",
    "blank-lines": "a.\n\n",
    # The rules for other shapes of record (issue 13).
    "chairs-by-office": "co-chaired by Minister A of Japan and ",
    "dated-events": "Japan agreed to meet on 5 May 2030 and ",
    "appreciation": "Japan expressed its sincere appreciation to A and ",
    "invisible": "a\u200b ",
}
# The same in a title.
REPETITIVE_IN_TITLES = {
    "title-places": " in A",
    "title-brackets": " (",
    "title-meeting-of": " Meeting of the",
}


def repetitive_text(unit: str, length: int) -> str:
    """A record's title and one paragraph of ``unit`` repeated: ``length`` characters at most."""
    head, tail = f"{TITLE}1. The Meeting was held. ", "\n2. End."
    return head + unit * ((length - len(head) - len(tail)) // len(unit)) + tail


def repetitive_title(unit: str, length: int) -> str:
    """A record whose title goes on with ``unit`` repeated: ``length`` characters at most."""
    head, tail = TITLE.rstrip(), "\n1. The Meeting was held.\n2. End."
    return head + unit * ((length - len(head) - len(tail)) // len(unit)) + tail
