"""Every script in print: names in the scripts of ASEAN and Japan, as the PDF holds them.

A record names people as they write their names. Its PDF draws each name in a font that has
its letters (the Noto serifs, Debian fonts-noto-core and fonts-noto-cjk) and keeps the name in
its text layer, so that what is copied or extracted from the PDF is the name as written.

Known limit (WeasyPrint 70, upstream Kozea/WeasyPrint#2841): the PDF maps each glyph to one
text, the first it was drawn for. Where shaping draws a letter with a glyph it shares with
another letter, or moves a vowel before its consonant (Thai sara am ำ, Khmer and Burmese
vowels written before the consonant), a later word can extract with a letter lost or doubled
(ดำรง after นาย extracts as ดารง), though it is drawn right. So the names extracted here are
Thai (without sara am), Vietnamese, Lao and Japanese; Khmer and Burmese names are checked as
drawn, not as extracted.
"""

import io
import logging
import unicodedata

import pytest
from pypdf import PdfReader

from records.models import Meeting
from records.pdf import meeting_to_pdf
from tests.factories import MeetingFactory, ParagraphFactory
from tests.helpers import pdf_of, text_of

pytestmark = pytest.mark.django_db

NAMES = {
    "Thai": ["นายสมชาย ใจดี", "นางสาวสุดารัตน์ เกยุราพันธุ์"],
    "Vietnamese": ["Nguyễn Thị Minh Khai", "Bùi Thanh Sơn", "Đà Nẵng"],
    "Lao": ["ທ່ານ ສອນໄຊ ສີພັນດອນ", "ສະເຫຼີມໄຊ ກົມມະສິດ"],
    "Khmer": ["ហ៊ុន ម៉ាណែត", "ប្រាក់ សុខុន"],
    "Burmese": ["ဒေါ်အောင်ဆန်းစုကြည်", "သန်းဆွေ"],
    "Japanese": ["岸田文雄", "上川陽子"],
}

# The family each script is drawn in (as the PDF names its embedded font), per the stylesheet.
FONTS = {
    "Thai": "Noto-Serif-Thai",
    "Lao": "Noto-Serif-Lao",
    "Khmer": "Noto-Serif-Khmer",
    "Burmese": "Noto-Serif-Myanmar",
    "Japanese": "Noto-Serif-CJK-JP",
    "Vietnamese": "Liberation-Serif",
}


def as_written(text):
    """Text compared as a reader compares it. NFC: one letter may be stored precomposed (ễ)
    or as a letter and its marks (e + ̂ + ̃); Unicode calls the two the same text, and a font
    draws both with one glyph, which the PDF can map back to only one of them. White space
    collapsed: the PDF breaks lines where the record has spaces."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def record_naming(*names):
    meeting = MeetingFactory(title="Summary Record of the ASEAN Ministers' Meeting")
    for number, name in enumerate(names, start=1):
        ParagraphFactory(meeting=meeting, number=number, text=f"The Meeting was chaired by {name}.")
    return meeting


def fonts_of(reader):
    """The names of the fonts embedded in the PDF, without their subset prefix (ABCDEF+)."""
    return {
        font.get_object()["/BaseFont"].split("+", 1)[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }


EXTRACTED = ["Thai", "Vietnamese", "Lao", "Japanese"]


@pytest.mark.parametrize("script", EXTRACTED)
def test_names_are_extracted_from_the_pdf_as_written(client, script):
    reader = pdf_of(client, record_naming(*NAMES[script]))
    text = as_written(text_of(reader))
    for number, name in enumerate(NAMES[script], start=1):
        assert as_written(f"{number}. The Meeting was chaired by {name}.") in text


def test_a_record_naming_people_in_four_scripts_prints_each_name(client):
    names = [name for script in EXTRACTED for name in NAMES[script]]
    text = as_written(text_of(pdf_of(client, record_naming(*names))))
    for name in names:
        assert as_written(name) in text


@pytest.mark.parametrize("script", NAMES)
def test_each_script_is_drawn_in_its_noto_serif(client, script):
    reader = pdf_of(client, record_naming(*NAMES[script]))
    assert FONTS[script] in fonts_of(reader)


def test_the_text_around_the_names_keeps_the_times_metric_serif(client):
    reader = pdf_of(client, record_naming(*NAMES["Thai"], *NAMES["Japanese"]))
    fonts = fonts_of(reader)
    assert "Liberation-Serif" in fonts
    assert not {font for font in fonts if font.startswith("DejaVu")}


def test_vietnamese_written_with_combining_marks_is_drawn_in_the_latin_serif(client):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Minh Khai, Đà Nẵng")
    assert len(decomposed) > len("Nguyễn Thị Minh Khai, Đà Nẵng")
    reader = pdf_of(client, record_naming(decomposed))
    assert as_written(decomposed) in as_written(text_of(reader))
    assert {font for font in fonts_of(reader) if not font.startswith("Liberation-")} == set()


def test_no_letter_of_any_script_is_drawn_as_a_missing_glyph(client, caplog):
    """WeasyPrint warns for each letter no font has, as it draws an empty box (.notdef)."""
    caplog.set_level(logging.WARNING, logger="weasyprint")
    names = [name for script_names in NAMES.values() for name in script_names]
    pdf_of(client, record_naming(*names))
    assert [record.getMessage() for record in caplog.records] == []


def test_a_letter_no_font_has_is_reported_as_missing(client, caplog):
    """The check above can fail: a private-use character has a glyph in no font."""
    caplog.set_level(logging.WARNING, logger="weasyprint")
    pdf_of(client, record_naming("\ue000"))
    assert any(".notdef" in record.getMessage() for record in caplog.records)


def test_the_record_language_chooses_the_forms_of_cjk_ideographs(client):
    """直 has Japanese and Chinese forms in the one Noto CJK font; the language picks one."""
    record = record_naming("直")

    def in_language(language):
        Meeting.objects.filter(pk=record.pk).update(language=language)
        return meeting_to_pdf(Meeting.objects.for_export().get(pk=record.pk))

    japanese, chinese = in_language("ja"), in_language("zh-Hans")
    assert PdfReader(io.BytesIO(japanese)).trailer["/Root"]["/Lang"] == "ja"
    assert PdfReader(io.BytesIO(chinese)).trailer["/Root"]["/Lang"] == "zh-Hans"
    assert glyph_of("直", japanese) != glyph_of("直", chinese)


def glyph_of(character, pdf):
    """The glyph id the PDF's CJK font draws ``character`` with (from its ToUnicode map)."""
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    for font in page["/Resources"]["/Font"].values():
        font = font.get_object()
        if "CJK" not in font["/BaseFont"]:
            continue
        for line in font["/ToUnicode"].get_data().decode("ascii").splitlines():
            glyph, _, text = line.partition(" ")
            if text == f"<{ord(character):04x}>":
                return glyph
    raise AssertionError(f"{character} is not in the PDF's CJK font")
