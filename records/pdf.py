"""A published summary record as a PDF that reads like the original (WeasyPrint).

WeasyPrint needs Pango from the system (Debian: libpango-1.0-0 libpangoft2-1.0-0
libharfbuzz-subset0, fonts-liberation2 for the Times-metric serif, and fonts-noto-core and
fonts-noto-cjk for names in Thai, Lao, Khmer, Burmese and Japanese); ``make system-packages``
installs them. It is imported when a PDF is asked for, so the rest of the
site runs without them.

The PDF's text layer gives back every name as written, in any script: WeasyPrint 70 would map
each glyph to one text only, losing letters such as Thai sara am (ำ) where a glyph is shared;
records/pdf_text_layer.py, installed here, gives each glyph a code for each text it is drawn
for (Kozea/WeasyPrint#2841).
"""

import unicodedata

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from records.akoma_ntoso import PUBLISHER_NAME
from records.models import LanguageVersion, Meeting
from records.record_texts import original_text, record_texts, text_in

STYLESHEET = "css/record-pdf.css"


def meeting_to_pdf(meeting: Meeting, *, version: LanguageVersion | None = None) -> bytes:
    """The record as PDF bytes, in its own text or in ``version``'s (one of its published
    language versions), in that text's language (a BCP 47 tag, which also chooses among a
    font's forms of the same character). ``meeting`` comes from ``for_export()``."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    from records import pdf_text_layer

    pdf_text_layer.install()

    # The document needs nothing from outside: its stylesheet is passed in and editor text
    # is escaped, so any URL it might name is refused rather than fetched.
    no_fetching = URLFetcher(allowed_protocols=())
    texts = record_texts(meeting, version=version)
    text = texts[0] if version is None else text_in(texts, version.language)
    context = {
        "meeting": meeting,
        "publisher": PUBLISHER_NAME,
        "language": text.language,
        "text": text,
        "original": original_text(texts),
    }
    # NFC, as the published text is hashed (records/versions.py): a letter typed as a letter and
    # its combining marks (e, U+0302, U+0303) is then drawn with the serif's one glyph for it
    # (ễ), rather than with marks from whichever other font has them (Liberation has none).
    html = unicodedata.normalize("NFC", render_to_string("records/meeting_pdf.html", context))
    with open(finders.find(STYLESHEET), encoding="utf-8") as stylesheet:
        css = CSS(string=stylesheet.read(), url_fetcher=no_fetching)
    return HTML(string=html, url_fetcher=no_fetching).write_pdf(stylesheets=[css])
