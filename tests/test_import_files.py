"""Reading uploads: text, Word and PDF files, and every way a file can be unreadable."""

import random

import pytest

from records.importing import NotARecord, UnreadableDocument, parse_record, text_from_file
from records.importing.text import MAX_FILE_BYTES
from records.seed import SOURCE
from tests.helpers import docx_bytes, encrypted_pdf_bytes, pdf_bytes, scanned_pdf_bytes

pytestmark = pytest.mark.django_db

SEED_TEXT = SOURCE.read_text(encoding="utf-8")
SEED_LINES = [line for line in SEED_TEXT.splitlines() if line.strip()]
SEED = parse_record(SEED_TEXT)


def paragraphs(text):
    return [(p.number, p.text) for p in parse_record(text).paragraphs]


def seed_paragraphs():
    return [(p.number, p.text) for p in SEED.paragraphs]


# --- Files that read ------------------------------------------------------------------------


def test_utf8_text_file_reads_as_pasted_text():
    assert paragraphs(text_from_file("record.txt", SEED_TEXT.encode("utf-8"))) == seed_paragraphs()


def test_utf16_and_windows_encoded_text_files_read_the_same():
    for encoded in (SEED_TEXT.encode("utf-16"), SEED_TEXT.encode("cp1252")):
        assert paragraphs(text_from_file("record.TXT", encoded)) == seed_paragraphs()


def test_word_file_with_typed_paragraph_numbers():
    lines = ["Summary Record of", SEED.paragraphs[0].text.split(" was held")[0]]
    lines += [f"{p.number}. {p.text}" for p in SEED.paragraphs]
    text = text_from_file("record.docx", docx_bytes(lines))
    assert paragraphs(text) == seed_paragraphs()


def test_word_automatic_numbering_is_read_as_paragraph_numbers():
    document = docx_bytes([p.text for p in SEED.paragraphs], style="List Number")
    text = text_from_file("record.docx", document)
    assert [line[:3] for line in text.splitlines()] == ["1. ", "2. ", "3. ", "4. ", "5. ", "6. "]
    heading = "Summary Record of the Third ASEAN-Japan Smart Cities Network High Level Meeting\n"
    assert paragraphs(heading + text) == seed_paragraphs()


def test_pdf_text_layer_with_broken_lines_and_a_page_number_reads_as_the_record():
    lines = [*SEED_LINES[:12], "Page 1 of 2", *SEED_LINES[12:]]
    text = text_from_file("record.pdf", pdf_bytes(lines))
    assert "eachASEANMember" in text
    assert paragraphs(text) == seed_paragraphs()


# --- Files that do not ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("record.txt", b"", "The file is empty."),
        ("record.txt", b"   \n\n  ", "The file is empty."),
        ("record.txt", random.Random(8).randbytes(4096), "This is not text"),
        ("record.txt", b"\x00\x01\x02 binary \x00 data" * 50, "This is not text"),
        ("record.pdf", b"Summary Record of the Third Meeting", "This file is not a PDF"),
        ("record.pdf", b"%PDF-1.7\n" + random.Random(1).randbytes(2000), "could not be read"),
        ("record.docx", random.Random(2).randbytes(2000), "could not be read as a Word"),
        ("record.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "save it as .docx"),
        ("record.rtf", b"{\\rtf1 Summary Record}", "is not a .txt, .docx or .pdf file"),
    ],
    ids=[
        "empty",
        "blank",
        "random-bytes",
        "nul-bytes",
        "pdf-name-not-pdf",
        "corrupt-pdf",
        "corrupt-docx",
        "old-word",
        "other-format",
    ],
)
def test_unreadable_file_says_what_is_wrong(name, data, message):
    with pytest.raises(UnreadableDocument, match=message):
        text_from_file(name, data)


def test_file_over_the_limit_is_refused_before_it_is_read():
    with pytest.raises(UnreadableDocument, match=r"The file is 20\.0 MB; files up to 10 MB"):
        text_from_file("record.txt", b"a" * (20 * 1024 * 1024))
    assert MAX_FILE_BYTES == 10 * 1024 * 1024


def test_text_longer_than_any_record_is_refused():
    with pytest.raises(
        UnreadableDocument, match="1,200,039 characters long, more than any summary record"
    ):
        parse_record("Summary Record of the First Meeting\n1. " + "word " * 240_000)


def test_scanned_pdf_without_text_asks_for_ocr():
    with pytest.raises(UnreadableDocument, match="looks like a scan.*OCR"):
        text_from_file("scan.pdf", scanned_pdf_bytes())


def test_password_protected_pdf_is_refused():
    with pytest.raises(UnreadableDocument, match="password-protected"):
        text_from_file("record.pdf", encrypted_pdf_bytes(SEED_LINES))


def test_text_in_another_script_names_the_script():
    thai = "บันทึกสรุปการประชุมระดับสูงครั้งที่สาม\n\n1. การประชุมจัดขึ้นที่จังหวัดไอจิ ประเทศญี่ปุ่น"
    with pytest.raises(UnreadableDocument, match="Most of the text is in Thai script"):
        parse_record(thai)


def test_text_that_is_not_a_record_says_so():
    letter = (
        "Dear colleagues,\n\nThank you for your letter of last week. We will reply to the "
        "questions you raised as soon as we can, and we look forward to working with you.\n\n"
        "Yours sincerely,\nThe Secretariat"
    )
    with pytest.raises(NotARecord, match="no title naming a meeting was found"):
        parse_record(letter)


def test_text_with_no_paragraphs_is_not_a_record():
    with pytest.raises(NotARecord, match="No paragraphs were found"):
        parse_record("Summary Record of the Third Meeting")
