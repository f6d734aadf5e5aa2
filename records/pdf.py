"""A published summary record as a PDF that reads like the original (WeasyPrint).

WeasyPrint needs Pango from the system (Debian: libpango-1.0-0 libpangoft2-1.0-0
libharfbuzz-subset0, and fonts-liberation for the Times-metric serif); ``make
system-packages`` installs them. It is imported when a PDF is asked for, so the rest of the
site runs without them.
"""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from records.akoma_ntoso import PUBLISHER_NAME
from records.models import Meeting

STYLESHEET = "css/record-pdf.css"


def meeting_to_pdf(meeting: Meeting) -> bytes:
    """The record as PDF bytes. ``meeting`` comes from ``for_export()``."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    # The document needs nothing from outside: its stylesheet is passed in and editor text
    # is escaped, so any URL it might name is refused rather than fetched.
    no_fetching = URLFetcher(allowed_protocols=())
    html = render_to_string(
        "records/meeting_pdf.html", {"meeting": meeting, "publisher": PUBLISHER_NAME}
    )
    with open(finders.find(STYLESHEET), encoding="utf-8") as stylesheet:
        css = CSS(string=stylesheet.read(), url_fetcher=no_fetching)
    return HTML(string=html, url_fetcher=no_fetching).write_pdf(stylesheets=[css])
