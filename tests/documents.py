"""Word and PDF files made in the tests, with the libraries the importer reads them with."""

import io

import docx
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream, DictionaryObject, NameObject

_FONT = DictionaryObject(
    {
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    }
)
LINES_PER_PAGE = 50


def docx_bytes(paragraphs: list[str], *, style: str | None = None) -> bytes:
    """A Word document with one Word paragraph per item, in ``style`` (e.g. "List Number")."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text, style=style)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes(lines: list[str]) -> bytes:
    """A PDF with a text layer: ``lines`` set in Helvetica, 50 to a page, like a printed record."""
    writer = PdfWriter()
    for start in range(0, len(lines), LINES_PER_PAGE):
        operators = [b"BT /F1 10 Tf 14 TL 50 800 Td"]
        for line in lines[start : start + LINES_PER_PAGE]:
            text = line.encode("cp1252")
            text = text.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
            operators.append(b"(" + text + b") Tj T*")
        operators.append(b"ET")
        _page(
            writer, b"\n".join(operators), {"/Font": DictionaryObject({NameObject("/F1"): _FONT})}
        )
    return _written(writer)


def scanned_pdf_bytes() -> bytes:
    """A PDF as a scanner makes it: a page holding an image, and no text."""
    writer = PdfWriter()
    image = b"BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\xff\xff\x00 EI"
    _page(writer, b"q 500 0 0 700 50 50 cm " + image + b" Q", {})
    return _written(writer)


def encrypted_pdf_bytes(lines: list[str]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(lines))))
    writer.encrypt("secret", algorithm="RC4-128")
    return _written(writer)


def _page(writer: PdfWriter, content: bytes, resources: dict) -> None:
    page = writer.add_blank_page(width=595, height=842)
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject(key): value for key, value in resources.items()}
    )
    stream = ContentStream(None, writer)
    stream.set_data(content)
    page.replace_contents(stream)


def _written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
