"""Every script in print: names in the scripts of ASEAN and Japan, as the PDF holds them.

A record names people as they write their names. Its PDF draws each name in a font that has
its letters (the Noto serifs, Debian fonts-noto-core and fonts-noto-cjk) and keeps the name in
its text layer, so that what is copied or extracted from the PDF is the name as written: by
pypdf (which the importer uses) and by poppler's pdftotext (Debian poppler-utils), which
places the text by where it is drawn, as a viewer's copy and paste does.

WeasyPrint 70 alone maps each glyph to one text, the first it was drawn for
(Kozea/WeasyPrint#2841): ดำรง after นาย extracted as ดารง, as ำ is drawn with า's glyph, and
Khmer and Burmese vowels drawn before their consonant lost or doubled letters.
records/pdf_text_layer.py gives each glyph a code for each text it is drawn for; these tests
name people whose names need it, several in one record so that a glyph is drawn for different
texts, and check the page is drawn as WeasyPrint draws it. One limit stays, in the CJK font
only (a CFF font, see records/pdf_text_layer.py): a glyph shared by two characters there
extracts as the first, which Japanese names do not meet.
"""

import io
import logging
import shutil
import subprocess
import sys
import unicodedata

import pytest
import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from pypdf import PdfReader
from pypdf.generic import ContentStream

from records import pdf_text_layer
from records.models import Meeting
from records.pdf import STYLESHEET, meeting_to_pdf
from tests.factories import MeetingFactory, ParagraphFactory
from tests.helpers import pdf_of, text_of

pytestmark = pytest.mark.django_db

# Names whose letters share glyphs within a script come after one another: นาย's า before
# ดำรง's ำ (drawn with า's glyph and a nikhahit) and น้ำ's; Khmer ែ and ុ, and Burmese ေ and ြ,
# alone and in clusters drawn before their consonant.
NAMES = {
    "Thai": [
        "นายสมชาย ใจดี",
        "นางสาวสุดารัตน์ เกยุราพันธุ์",
        "นายดำรง ทำดี",
        "น้ำทิพย์ คำแก้ว",
    ],
    "Vietnamese": ["Nguyễn Thị Minh Khai", "Bùi Thanh Sơn", "Đà Nẵng"],
    "Lao": ["ທ່ານ ສອນໄຊ ສີພັນດອນ", "ສະເຫຼີມໄຊ ກົມມະສິດ", "ນາງ ຄຳແພງ"],
    "Khmer": ["ហ៊ុន ម៉ាណែត", "ប្រាក់ សុខុន", "សម្ដេច តេជោ", "កែវ ប៊ុនថន"],
    "Burmese": ["ဒေါ်အောင်ဆန်းစုကြည်", "သန်းဆွေ", "ဦးကျော်ကျော်", "မြင့်မြင့်ကြူ"],
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


def pypdf_text(pdf):
    return text_of(PdfReader(io.BytesIO(pdf)))


def poppler_text(pdf, tmp_path):
    """The text poppler's pdftotext extracts: each glyph's text placed where it is drawn."""
    assert shutil.which("pdftotext"), "pdftotext is missing: sudo make system-packages"
    path = tmp_path / "record.pdf"
    path.write_bytes(pdf)
    command = ["pdftotext", "-enc", "UTF-8", str(path), "-"]
    return subprocess.run(command, capture_output=True, check=True, text=True).stdout


EXTRACTORS = {"pypdf": lambda pdf, tmp_path: pypdf_text(pdf), "pdftotext": poppler_text}


def pdf_naming(client, *names):
    return pdf_of(client, record_naming(*names)).stream.getvalue()


@pytest.mark.parametrize("extractor", EXTRACTORS)
@pytest.mark.parametrize("script", NAMES)
def test_names_are_extracted_from_the_pdf_as_written(client, tmp_path, script, extractor):
    pdf = pdf_naming(client, *NAMES[script])
    text = as_written(EXTRACTORS[extractor](pdf, tmp_path))
    for number, name in enumerate(NAMES[script], start=1):
        assert as_written(f"{number}. The Meeting was chaired by {name}.") in text


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_a_record_naming_people_in_every_script_prints_each_name(client, tmp_path, extractor):
    names = [name for script_names in NAMES.values() for name in script_names]
    text = as_written(EXTRACTORS[extractor](pdf_naming(client, *names), tmp_path))
    for name in names:
        assert as_written(name) in text


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_a_glyph_drawn_for_two_texts_extracts_as_each(client, tmp_path, extractor):
    """Kozea/WeasyPrint#2841: า's glyph, drawn first for นาย, is drawn again for ดำรง's ำ."""
    text = as_written(EXTRACTORS[extractor](pdf_naming(client, "นาย", "นายดำรง"), tmp_path))
    assert "นายดำรง" in text
    assert "ดารง" not in text


def test_the_text_layer_extends_the_weasyprint_it_was_written_for():
    """records/pdf_text_layer.py reaches into WeasyPrint 70's drawing of text: the version
    pinned and installed must be the one it was written for (the tests above show what it
    does; another version is left unpatched, and they fail)."""
    requirements = (settings.BASE_DIR / "requirements.txt").read_text(encoding="utf-8")
    pinned = [line for line in requirements.splitlines() if line.startswith("weasyprint==")]
    assert pinned == [f"weasyprint=={pdf_text_layer.WEASYPRINT_VERSION}"]
    assert weasyprint.__version__ == pdf_text_layer.WEASYPRINT_VERSION


def weasyprint_pdf(html, tmp_path, *, text_layer=True):
    """The PDF WeasyPrint makes of ``html`` with the record stylesheet: here, with the text
    layer installed, or in a Python process of its own, without it."""
    pdf_text_layer.install()
    (tmp_path / "page.html").write_text(f'<meta charset="utf-8">{html}', encoding="utf-8")
    if text_layer:
        stylesheet = weasyprint.CSS(filename=finders.find(STYLESHEET))
        return weasyprint.HTML(filename=tmp_path / "page.html").write_pdf(stylesheets=[stylesheet])
    script = (
        "import sys, weasyprint; html, css, pdf = sys.argv[1:]; "
        "weasyprint.HTML(filename=html).write_pdf(pdf, stylesheets=[weasyprint.CSS(filename=css)])"
    )
    paths = [tmp_path / "page.html", finders.find(STYLESHEET), tmp_path / "alone.pdf"]
    subprocess.run([sys.executable, "-c", script, *map(str, paths)], check=True)
    return paths[-1].read_bytes()


def glyphs_drawn(pdf):
    """Each glyph the PDF draws, in order: its font, its number in the font, and where it is
    drawn (x, y, in the page's text space), read from the content stream's text operators,
    each font's widths (W) and its CIDs' glyphs (CIDToGIDMap, identity when not a stream)."""
    reader = PdfReader(io.BytesIO(pdf))
    drawn = []
    for page in reader.pages:
        fonts = {name: font.get_object() for name, font in page["/Resources"]["/Font"].items()}
        font = size = None
        x = y = rise = 0.0
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                font, size = fonts[operands[0]], float(operands[1])
                widths, glyph_of = widths_and_glyphs(font)
            elif operator == b"Tm":
                x, y = float(operands[4]), float(operands[5])
            elif operator == b"Ts":
                rise = float(operands[0])
            elif operator == b"TJ":
                for item in operands[0]:
                    if isinstance(item, (int, float)):
                        x -= float(item) / 1000 * size
                        continue
                    codes = item.original_bytes if hasattr(item, "original_bytes") else item
                    for index in range(0, len(codes), 2):
                        cid = int.from_bytes(codes[index : index + 2], "big")
                        name = font["/BaseFont"].split("+")[-1]
                        drawn.append((name, glyph_of(cid), x, y + rise))
                        x += widths[cid] / 1000 * size
    return drawn


def widths_and_glyphs(font):
    cid_font = font["/DescendantFonts"][0].get_object()
    widths, w = {}, cid_font["/W"]
    for first, run in zip(w[::2], w[1::2], strict=True):
        widths.update({first + index: float(width) for index, width in enumerate(run)})
    cid_to_glyph = cid_font["/CIDToGIDMap"].get_object()
    if isinstance(cid_to_glyph, str):  # /Identity
        return widths, lambda cid: cid
    glyphs = cid_to_glyph.get_data()
    return widths, lambda cid: int.from_bytes(glyphs[2 * cid : 2 * cid + 2], "big")


def test_the_page_is_drawn_as_weasyprint_alone_draws_it(tmp_path):
    """The codes change what the glyphs stand for, not which glyphs are drawn nor where:
    WeasyPrint without the text layer draws the same glyphs at the same places (to within a
    thousandth of the font size each, as it rounds the pen's moves)."""
    names = [name for script_names in NAMES.values() for name in script_names]
    paragraphs = "".join(f"<p>The Meeting was chaired by {name}.</p>" for name in names)
    html = unicodedata.normalize("NFC", f'<html lang="en"><body>{paragraphs}</body></html>')
    with_layer = glyphs_drawn(weasyprint_pdf(html, tmp_path))
    alone = glyphs_drawn(weasyprint_pdf(html, tmp_path, text_layer=False))
    assert [glyph[:2] for glyph in with_layer] == [glyph[:2] for glyph in alone]
    assert len(with_layer) > 500
    for (*_, x, y), (*_, alone_x, alone_y) in zip(with_layer, alone, strict=True):
        assert abs(x - alone_x) < 0.05 and abs(y - alone_y) < 0.001  # 16px: 0.05 is 3/1000


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_latin_ligatures_extract_as_their_letters(tmp_path, extractor):
    """Noto Serif draws ffi, fl and ffl as one glyph each (Liberation Serif, the records'
    serif, draws no ligature), whose code stands for the letters it joins."""
    html = '<p style="font: 12pt Noto Serif">The office was affluent in fluff.</p>'
    pdf = weasyprint_pdf(html, tmp_path)
    assert {"ffi", "fl", "ffl"} <= set(texts_of_codes(pdf).values())
    assert "The office was affluent in fluff." in as_written(EXTRACTORS[extractor](pdf, tmp_path))


def texts_of_codes(pdf):
    """The text each code of the PDF's fonts stands for, from their ToUnicode maps."""
    texts = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for line in font["/ToUnicode"].get_data().decode("ascii").splitlines():
                code, _, text = line.partition(" ")
                if code.startswith("<") and text.startswith("<"):
                    utf16 = bytes.fromhex(text.strip("<>"))
                    texts[font["/BaseFont"], code] = utf16.decode("utf-16-be")
    return texts


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
