"""Helpers the tests share: posting admin forms as a browser would, reading the record's
Akoma Ntoso and PDF forms, reading a page's structure, making Word and PDF files, and
attaching files to records.

Fixtures are in ``conftest.py``, factories in ``factories.py``, sets of records in
``audit_data.py``, the public page types in ``pages.py``, a production server in
``serving.py``. No test module imports from another.
"""

import io
import re
import subprocess
import sys
from html import escape
from html.parser import HTMLParser

import docx
import lxml.html
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import MultiWidget
from django.urls import reverse
from django.utils import timezone
from lxml import etree
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream, DictionaryObject, NameObject

from records import akoma_ntoso
from records.models import Attachment, Meeting
from tests.factories import MeetingFactory, ParagraphFactory
from tests.serving import ROOT, postgresql_url, production_env

# Screenshots and files the tests keep for people to look at (never committed).
ARTIFACTS = settings.BASE_DIR / "test-artifacts"


# Admin forms -----------------------------------------------------------------------------


def import_form_data(response, form_id="record-import-confirm"):
    """What a browser would send for the form as rendered: fields, selections, checkboxes."""
    form = lxml.html.fromstring(response.content.decode()).get_element_by_id(form_id)
    data = {}
    for element in form.xpath(".//input|.//select|.//textarea"):
        name = element.get("name")
        if not name or element.get("type") == "submit":
            continue
        if element.get("type") == "checkbox":
            if element.get("checked") is not None:
                data[name] = "on"
        elif element.tag == "select":
            selected = element.xpath("./option[@selected]")
            data[name] = selected[0].get("value") if selected else ""
        elif element.tag == "textarea":
            data[name] = (element.text or "").removeprefix("\n")
        else:
            data[name] = element.get("value") or ""
    return data


def field_name(data, prefix, field, value_field, value):
    """The name of ``field`` in the formset row whose ``value_field`` is ``value``."""
    for name, posted in data.items():
        match = re.fullmatch(rf"{prefix}-(\d+)-{value_field}", name)
        if match and posted == value:
            return f"{prefix}-{match.group(1)}-{field}"
    raise AssertionError(f"No {prefix} row with {value_field}={value!r}")


def change_form_data(response) -> dict:
    """The POST data of an admin change page as it was opened: the form (with the version it
    was opened at) and every inline formset, nothing edited yet."""
    context = response.context
    forms = [context["adminform"].form]
    data = {}
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        forms.extend(formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            bound = form[name]
            value = field.prepare_value(bound.value())
            if isinstance(field.widget, MultiWidget):
                parts = field.widget.decompress(value)
                for index, part in enumerate(parts):
                    data[f"{bound.html_name}_{index}"] = "" if part is None else part
            elif isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(item) for item in value]
            else:
                data[bound.html_name] = "" if value is None else value
    return data


def opened_versions(*records) -> dict:
    """The hidden field of a change form opened now on the page guarded by ``records``."""
    keys = (
        f"{record._meta.model_name}:{record.pk}:{type(record).objects.get(pk=record.pk).version}"
        for record in records
    )
    return {"opened_versions": " ".join(keys)}


def inline(prefix, rows, initial=0):
    """POST data for an admin inline formset."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for field, value in row.items():
            data[f"{prefix}-{index}-{field}"] = value
    return data


def meeting_form(series, **fields):
    """POST data for the meeting's admin form: a valid meeting of ``series``, ``fields``
    changed."""
    data = {
        "series": series.pk,
        "sequence_number": "7",
        "title": "",
        "slug": "",
        "language": "en",
        "authoritative": "on",
        "start_date": "2024-03-05",
        "end_date": "2024-03-06",
        "year": "",
        "venue": "Vientiane",
        "country": "",
        "format": "in_person",
        "visibility": "public",
        "note": "",
    }
    data.update(fields)
    return data


# The record's other forms ----------------------------------------------------------------

AKN_NS = {"akn": akoma_ntoso.NAMESPACE}


def akn_of(client, meeting):
    """The record's Akoma Ntoso document, as served."""
    response = client.get(reverse("records:meeting_akn", kwargs={"slug": meeting.slug}))
    assert response.status_code == 200
    return etree.fromstring(response.content)


def assert_valid_akn(document):
    schema = akoma_ntoso.schema()
    assert schema.validate(document), schema.error_log


def pdf_of(client, meeting):
    """The record's PDF, as served, for pypdf to read."""
    response = client.get(reverse("records:meeting_pdf", kwargs={"slug": meeting.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def text_of(reader):
    return "\n".join(page.extract_text() for page in reader.pages)


# A page's structure ------------------------------------------------------------------------

CONTROLS = {"input", "select", "textarea"}
UNLABELLED_INPUT_TYPES = {"hidden", "submit", "reset", "button", "image"}


class PageStructure(HTMLParser):
    """What a served page says about its language, landmarks, headings and form controls."""

    def __init__(self, html: str):
        super().__init__()
        self.lang = None
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.main_ids: list[str | None] = []
        self.headings: list[int] = []
        self.label_targets: set[str] = set()
        self.controls: list[dict] = []
        self._open_labels = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        elif tag == "main":
            self.main_ids.append(attrs.get("id"))
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        elif tag == "label":
            self._open_labels += 1
            if attrs.get("for"):
                self.label_targets.add(attrs["for"])
        elif tag in CONTROLS and attrs.get("type") not in UNLABELLED_INPUT_TYPES:
            self.controls.append({**attrs, "tag": tag, "in_label": self._open_labels > 0})

    def handle_endtag(self, tag):
        if tag == "label":
            self._open_labels -= 1

    def unlabelled_controls(self) -> list[str]:
        return [
            control.get("name") or control.get("id") or control["tag"]
            for control in self.controls
            if not (
                control["in_label"]
                or control.get("id") in self.label_targets
                or control.get("aria-label")
                or control.get("aria-labelledby")
            )
        ]


# Word and PDF files, made with the libraries the importer reads them with ------------------

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


def rendered_pdf_bytes(paragraphs: list[str]) -> bytes:
    """A PDF as a word processor prints it (WeasyPrint): one HTML paragraph per item, set in
    a proportional font and wrapped to the page, in any script the fonts hold."""
    from weasyprint import HTML

    body = "".join(f"<p>{escape(text)}</p>" for text in paragraphs)
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


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


# Attachments --------------------------------------------------------------------------------

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def attach(meeting, name, data, **fields):
    """A file attached to ``meeting`` the way an editor's upload is: validated, then saved."""
    attachment = Attachment(
        meeting=meeting,
        title=fields.pop("title", "Annex 1: Work plan"),
        file=SimpleUploadedFile(name, data),
        **fields,
    )
    attachment.full_clean()
    attachment.save()
    return attachment


def one_paragraph_record(status=Meeting.Status.DRAFT):
    """A meeting of one paragraph in ``status``."""
    published = status in {Meeting.Status.PUBLISHED, Meeting.Status.WITHDRAWN}
    meeting = MeetingFactory(status=status, published_at=timezone.now() if published else None)
    ParagraphFactory(meeting=meeting, number=1, text="The Meeting agreed to meet again.")
    return meeting


def meeting_change_data(meeting, **fields):
    """The meeting change form as the admin renders it, with its paragraph."""
    paragraph = meeting.paragraphs.get()
    data = meeting_form(
        meeting.series,
        sequence_number=str(meeting.sequence_number),
        title=meeting.title,
        slug=meeting.slug,
        start_date=meeting.start_date.isoformat(),
        end_date=meeting.end_date.isoformat(),
        venue=meeting.venue,
        visibility=meeting.visibility,
    )
    data.update(inline("participants", []))
    data.update(inline("agenda_items", []))
    data.update(
        inline(
            "paragraphs",
            [{"id": paragraph.pk, "meeting": meeting.pk, "number": "1", "text": paragraph.text}],
            initial=1,
        )
    )
    data.update(opened_versions(meeting))
    data.update(fields)
    return data


def run_in_shell(code: str) -> None:
    """``manage.py shell -c code`` in a process of its own, on the test database, as someone
    at the server would run it (no request, no one signed in)."""
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=production_env(DATABASE_URL=postgresql_url()),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
