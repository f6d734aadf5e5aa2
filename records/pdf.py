"""A published summary record as a PDF that reads like the original (WeasyPrint).

WeasyPrint needs Pango from the system (Debian: libpango-1.0-0 libpangoft2-1.0-0
libharfbuzz-subset0, and fonts-liberation for the Times-metric serif); ``make
system-packages`` installs them. It is imported when a PDF is asked for, so the rest of the
site runs without them.
"""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from records.akoma_ntoso import PUBLISHER_NAME
from records.models import LanguageVersion, Meeting
from records.record_texts import original_text, record_texts, text_in

STYLESHEET = "css/record-pdf.css"


def meeting_to_pdf(meeting: Meeting, *, version: LanguageVersion | None = None) -> bytes:
    """The record as PDF bytes, in its own text or in ``version``'s (one of its published
    language versions), in that text's language. ``meeting`` comes from ``for_export()``."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

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
    html = render_to_string("records/meeting_pdf.html", context)
    with open(finders.find(STYLESHEET), encoding="utf-8") as stylesheet:
        css = CSS(string=stylesheet.read(), url_fetcher=no_fetching)
    return HTML(string=html, url_fetcher=no_fetching).write_pdf(stylesheets=[css])
