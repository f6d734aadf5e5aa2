"""The PDF's text layer gives back each name as written, in every script (WeasyPrint 70).

A PDF shows text as codes: each code draws a glyph and stands for a text (the font's
ToUnicode map), which is what copying or extracting the text gives. WeasyPrint 70 shows each
glyph with its own number as its code, so a glyph stands for one text only, the first it is
drawn for (Kozea/WeasyPrint#2841; upstream's fix was not merged). Shaping draws one glyph for
several texts: Thai sara am (ำ) is drawn as nikhahit and sara aa, so after นาย (whose า comes
first) ดำรง extracted as ดารง; in Khmer and Burmese a vowel drawn before its consonant carried
the text of both, and stood for it wherever it was drawn again.

So each font here has a code for each way a glyph is drawn (a glyph, its text and its
advance: FontCodes): the first keeps the glyph's own number, as WeasyPrint has it; another
gets a spare code, which the CIDFont's CIDToGIDMap maps back to the glyph (the Encoding stays
Identity-H: codes are CIDs, which every reader, pypdf included, decodes). The glyphs and where
they are drawn are unchanged (to WeasyPrint's rounding of a thousandth of the font size); only
the codes that show them, and the texts those stand for (_text_layer_of_run), differ.

WeasyPrint is extended at three points, and only there: drawing a line of text
(``draw_first_line``: as it reads the shaped line, codes replace the glyph numbers in Pango's
glyphs, and their widths go in the font's), subsetting a font (``Font.subset``: the glyphs
the codes show) and a font's PDF dictionaries (``_build_vector_font_dictionary``: the
CIDToGIDMap). Only TrueType fonts take spare codes: a CFF font (Noto Serif CJK) has no
CIDToGIDMap, and the other way, an Encoding CMap, is not read by pypdf, which reads PDFs in
records/importing/pdf.py; so in the CJK font a glyph shared by two texts (the Kangxi radical ⼀
and the ideograph 一) still extracts as the first. Bitmap and colour (emoji) fonts are left as
WeasyPrint draws them. WeasyPrint's options that embed whole fonts (``full_fonts``, PDF forms)
are not supported: it then writes a font's widths and texts from the font file, without the
spare codes; records/pdf.py uses neither. The patch is written for one WeasyPrint version:
another is left unpatched, with a warning, and tests/test_pdf_scripts.py then fails on the
names that need it.
"""

import functools
import logging
import threading
import unicodedata
import weakref
from itertools import pairwise

import pydyf
import weasyprint
from weasyprint.draw import text as weasyprint_text
from weasyprint.pdf import fonts as weasyprint_fonts
from weasyprint.text.ffi import FROM_UNITS, ffi, pango

logger = logging.getLogger(__name__)

WEASYPRINT_VERSION = "70.0"

# Pango's glyph numbers that are no glyph of the font: an empty glyph (a zero-width space, a
# soft hyphen), or a character no font has (WeasyPrint gives those codes of its own).
NOT_A_GLYPH = pango.PANGO_GLYPH_EMPTY
UNKNOWN_GLYPH_FLAG = pango.PANGO_GLYPH_UNKNOWN_FLAG

# How many more characters no font has a document may draw in one font, after spare codes
# have come down to the codes WeasyPrint gives them (see FontCodes).
MISSING_CHARACTERS_ROOM = 1024


class FontCodes:
    """The codes one font of a document is shown with: one for each way a glyph is drawn,
    (glyph, text, widening: see _text_layer_of_run).

    Spare codes are taken downwards from the last code (FFFF), skipping any code in use and
    the codes WeasyPrint gives characters no font has next (counting up from the font's last
    glyph number); below those come numbers of glyphs not drawn yet, reached only in a font of
    nearly 65,536 glyphs. A glyph whose own number has been taken as a spare code before it is
    drawn gets a spare code too, so no code ever stands for two glyphs or two texts."""

    def __init__(self, font):
        # The font's own maps, not the font: _codes_by_font keeps this while the font lives.
        self.to_unicode, self.missing = font.to_unicode, font.missing
        self.glyph_count, self.family = font.glyph_count, font.family
        self.code_of = {}  # (glyph, text, widening) -> code
        self.glyph_of = {}  # spare code -> glyph
        self.next_spare = 0xFFFF

    def code_for(self, glyph, text, widening=0):
        """The code that shows ``glyph`` standing for ``text``, its advance widened by
        ``widening`` (thousandths of the font size)."""
        code = self.code_of.get((glyph, text, widening))
        if code is None:
            # The text of the glyph's own number, if given (by us, or by WeasyPrint if it
            # drew the glyph itself).
            own_text = self.to_unicode.get(glyph, text)
            own_number_free = glyph not in self.glyph_of and own_text == text and not widening
            code = glyph if own_number_free else self._spare_code(glyph)
            self.code_of[glyph, text, widening] = code
            # Set before WeasyPrint draws the glyph, which keeps a text it finds.
            self.to_unicode[code] = text
        return code

    def glyph(self, code):
        """The glyph a code shows (its own number, but for spare codes)."""
        return self.glyph_of.get(code, code)

    def _spare_code(self, glyph):
        while self.next_spare in self.to_unicode or self._kept_for_missing(self.next_spare):
            self.next_spare -= 1
        if self.next_spare < 0:
            raise ValueError(f'No spare code left in "{self.family}"')
        self.glyph_of[self.next_spare] = glyph
        return self.next_spare

    def _kept_for_missing(self, code):
        """Whether ``code`` is one WeasyPrint may give a missing character next (it counts
        up from the last glyph number)."""
        first = self.glyph_count + len(self.missing)
        return first <= code < first + MISSING_CHARACTERS_ROOM


_codes_by_font = weakref.WeakKeyDictionary()


def _codes(font):
    if font not in _codes_by_font:
        _codes_by_font[font] = FontCodes(font)
    return _codes_by_font[font]


def _codes_can_show_any_glyph(font):
    """Whether the font's codes (CIDs) can be mapped to glyphs other than their own number:
    so in a TrueType font (CIDFontType2, by its CIDToGIDMap), not in a CFF one (CIDFontType0,
    Noto Serif CJK: it has no such map, and an Encoding CMap, the other way, is not read by
    pypdf, which reads PDFs in records/importing/pdf.py). Bitmap and colour (emoji) fonts
    are drawn otherwise."""
    return font.type == "ttf" and not (font.bitmap or font.png or font.svg or font.colr)


def _text_layer_of_run(glyph_item, utf8_text, font_size):
    """The text each glyph of a Pango run stands for, and how much wider (in thousandths of
    the font size) its code's advance is than the glyph's, so that readers see no gap where
    there is none (see _give_codes).

    Left to right, a letter and the marks over, under or around it (Unicode combining marks:
    Thai ้, Khmer ៊ or ុ, Burmese ် or ွ) are one text, carried by its first glyph that
    advances the pen from where it stands (the letter, or a vowel drawn before it), widened
    over the glyphs after it; its other glyphs stand for no text. Readers that place the text
    by where it is drawn (poppler) then find each text where it is drawn and as wide, whatever
    order HarfBuzz draws its glyphs in; with WeasyPrint's texts (a cluster's, carried by its
    last glyph: a mark drawn above the line or a vowel's second part), they put letters on a
    line of their own or spaces inside words. HarfBuzz keeps a cluster's glyphs together and
    clusters in the order of the text, so the texts follow as written. Right to left,
    WeasyPrint's texts are kept."""
    count = glyph_item.glyphs.num_glyphs
    geometries = [info.geometry for info in glyph_item.glyphs.glyphs[0:count]]
    advances = [geometry.width for geometry in geometries]
    clusters = ffi.unpack(glyph_item.glyphs.log_clusters, count)
    run_text = utf8_text[glyph_item.item.offset :][: glyph_item.item.length]

    def thousandths(pango_units):
        return round(pango_units * 1000 * FROM_UNITS / font_size)

    # A glyph drawn left of the pen is followed by WeasyPrint moving the pen back right.
    widening = [
        thousandths(-geometry.x_offset) if geometry.x_offset < 0 else 0 for geometry in geometries
    ]
    if glyph_item.item.analysis.level % 2:  # right to left
        ends = [len(run_text), *clusters[:-1]]
        texts = [run_text[start:end].decode() for start, end in zip(clusters, ends, strict=True)]
        return list(zip(texts, widening, strict=True))
    # Each text: the index of its first glyph, and where it starts in the run's UTF-8.
    starts = []
    for index, start in enumerate(clusters):
        if index and start == clusters[index - 1]:
            continue
        if not starts or not _is_combining_mark(run_text[start : start + 4]):
            starts.append((index, start))
    starts.append((count, len(run_text)))
    texts = [""] * count
    for (first, start), (after, end) in pairwise(starts):
        carrier = next(
            (
                index
                for index in range(first, after)
                if advances[index] > 0
                and not geometries[index].x_offset
                and not geometries[index].y_offset
            ),
            after - 1,
        )
        texts[carrier] = run_text[start:end].decode()
        if carrier + 1 < after:
            widening[carrier] += thousandths(sum(advances[carrier + 1 : after]))
    return list(zip(texts, widening, strict=True))


@functools.lru_cache(maxsize=1024)
def _is_combining_mark(utf8_letter):
    """Whether the character ``utf8_letter`` starts with (up to 4 bytes of UTF-8) is a
    combining mark (Unicode category M: Mn, Mc, Me)."""
    letter = utf8_letter.decode(errors="ignore")[:1]
    return unicodedata.category(letter).startswith("M") if letter else False


def _glyph_width(pango_font, glyph, font_size):
    """The glyph's advance in thousandths of the font size, as WeasyPrint measures it."""
    logical_rect = ffi.new("PangoRectangle *")
    pango.pango_font_get_glyph_extents(pango_font, glyph, ffi.NULL, logical_rect)
    return round(logical_rect.width * 1000 * FROM_UNITS / font_size)


def _give_codes(stream, textbox, line):
    """Put each glyph's code in place of its number in ``line``, as Pango shaped it for
    WeasyPrint to draw, and the code's width in the font's widths.

    A code's advance may be wider than its glyph's (_text_layer_of_run says why): WeasyPrint
    then moves the pen back by the difference after drawing it, as it does for any glyph whose
    advance Pango changed, so the page is drawn the same."""
    utf8_text = textbox.pango_layout.text.encode()
    run = line.runs[0]
    while run != ffi.NULL:
        glyph_item, run = run.data, run.next
        pango_font = glyph_item.item.analysis.font
        font, font_size = stream.add_font(pango_font)
        if not _codes_can_show_any_glyph(font):
            continue
        if pango.pango_version() < 14802:  # as draw_first_line, for Pango's issue 530
            font_size = textbox.style["font_size"]
        codes = _codes(font)
        glyphs = glyph_item.glyphs.glyphs
        text_layer = _text_layer_of_run(glyph_item, utf8_text, font_size)
        for index, (text, widening) in enumerate(text_layer):
            glyph = glyphs[index].glyph
            if glyph == NOT_A_GLYPH or glyph & UNKNOWN_GLYPH_FLAG:
                continue
            code = codes.code_for(glyph, text, widening)
            if code != glyph:
                if code not in font.widths:
                    own_width = (
                        font.widths[glyph]
                        if glyph in font.widths
                        else _glyph_width(pango_font, glyph, font_size)
                    )
                    font.widths[code] = own_width + widening
                glyphs[index].glyph = code


def _draw_first_line(draw_first_line):
    def draw_first_line_with_codes(stream, textbox, *args, **kwargs):
        # draw_first_line reads the line it draws with get_first_line, after any change it
        # makes to the layout (an ellipsis shapes the line anew): the codes go in as it reads.
        layout = textbox.pango_layout

        def get_first_line_with_codes():
            line, index = type(layout).get_first_line(layout)
            _give_codes(stream, textbox, line)
            return line, index

        layout.get_first_line = get_first_line_with_codes
        try:
            return draw_first_line(stream, textbox, *args, **kwargs)
        finally:
            del layout.get_first_line

    return draw_first_line_with_codes


def _subset(subset):
    def subset_glyphs_of_codes(font, to_unicode, hinting):
        codes = _codes_by_font.get(font)
        if codes is not None and codes.glyph_of:
            to_unicode = {codes.glyph(code): text for code, text in to_unicode.items()}
        return subset(font, to_unicode, hinting)

    return subset_glyphs_of_codes


def _build_vector_font_dictionary(build):
    def build_with_glyph_map(font_dictionary, pdf, font, widths, compress, *args):
        build(font_dictionary, pdf, font, widths, compress, *args)
        codes = _codes_by_font.get(font)
        if codes is not None and codes.glyph_of:
            # The CIDFont WeasyPrint has just added, found by its reference.
            cid_font = pdf.objects[int(font_dictionary["DescendantFonts"][0].split()[0])]
            cid_font["CIDToGIDMap"] = _cid_to_glyph_map(pdf, font, codes, compress)

    return build_with_glyph_map


def _cid_to_glyph_map(pdf, font, codes, compress):
    """The CIDFont's CIDToGIDMap, two bytes for each CID from 0: the glyph each code shows
    (codes are CIDs: the Encoding is Identity-H, or WeasyPrint's CMap for characters no font
    has, identity but for those, which it maps to CID 0), and glyph 0 for CIDs not drawn."""
    missing = set(font.missing.values())
    drawn = {code: codes.glyph(code) for code in font.to_unicode if code not in missing}
    glyphs = bytearray(2 * (max(drawn) + 1))
    for cid, glyph in drawn.items():
        glyphs[2 * cid : 2 * cid + 2] = glyph.to_bytes(2, "big")
    glyph_map = pydyf.Stream([bytes(glyphs)], compress=compress)
    pdf.add_object(glyph_map)
    return glyph_map.reference


_installing = threading.Lock()
_installed = False


def install():
    """Extend WeasyPrint so the PDFs it writes from now on in this process extract as
    written; once (later calls change nothing)."""
    global _installed
    with _installing:
        if _installed:
            return
        _installed = True
        if weasyprint.__version__ != WEASYPRINT_VERSION:
            logger.warning(
                "WeasyPrint %s is not %s, which records/pdf_text_layer.py extends: its PDFs may "
                "extract some letters wrong (Kozea/WeasyPrint#2841).",
                weasyprint.__version__,
                WEASYPRINT_VERSION,
            )
            return
        weasyprint_text.draw_first_line = _draw_first_line(weasyprint_text.draw_first_line)
        weasyprint_fonts.Font.subset = _subset(weasyprint_fonts.Font.subset)
        weasyprint_fonts._build_vector_font_dictionary = _build_vector_font_dictionary(
            weasyprint_fonts._build_vector_font_dictionary
        )
