"""Files attached to a record: their type is read from their bytes, hostile files are refused
with a message saying why, and a file is served only to who may read its record."""

import hashlib
import io
import socketserver
import struct
import threading
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject
from pytest_django.asserts import assertContains

from records.models import Attachment, Meeting
from tests.factories import MeetingFactory
from tests.helpers import AKN_NS as NS
from tests.helpers import PNG_BYTES, attach, docx_bytes, pdf_bytes
from tests.helpers import akn_of as export
from tests.helpers import assert_valid_akn as assert_valid

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def refusal(name, data) -> str:
    with pytest.raises(ValidationError) as refused:
        attach(MeetingFactory(), name, data)
    return " ".join(refused.value.message_dict["file"])


def pdf_with(key: str, value) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer._root_object[NameObject(key)] = value
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_accepted_file_records_type_size_and_sha256():
    data = pdf_bytes(["The signed original."])
    attachment = attach(MeetingFactory(), "signed.pdf", data, kind=Attachment.Kind.SIGNED_ORIGINAL)
    assert (attachment.content_type, attachment.size) == ("application/pdf", len(data))
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()


def test_docx_is_recognised_by_its_content_types_part():
    attachment = attach(MeetingFactory(), "statement.docx", docx_bytes(["A statement."]))
    assert attachment.content_type.endswith("wordprocessingml.document")


def test_file_whose_bytes_do_not_match_its_name_is_refused():
    assert "named .pdf but its contents are not a .pdf file" in refusal("annex.pdf", PNG_BYTES)


def test_zip_without_office_content_types_is_refused_as_docx():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as written:
        written.writestr("word/document.xml", "<w/>")
    assert "not a .docx file" in refusal("annex.docx", archive.getvalue())


def test_type_not_in_the_allowed_list_is_refused():
    assert "“.exe” files cannot be attached" in refusal("setup.exe", b"MZ\x90\x00")


def test_file_over_the_size_limit_is_refused(settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    assert "attachments may be at most 10 bytes" in refusal("a.png", PNG_BYTES)


@pytest.mark.parametrize(
    ("key", "value", "named"),
    [
        (
            "/OpenAction",
            DictionaryObject(
                {
                    NameObject("/S"): NameObject("/JavaScript"),
                    NameObject("/JS"): TextStringObject("app.alert(1)"),
                }
            ),
            "/JavaScript",
        ),
        ("/Names", DictionaryObject({NameObject("/EmbeddedFiles"): DictionaryObject()}), "/Embed"),
        ("/AA", DictionaryObject({NameObject("/Launch"): DictionaryObject()}), "/Launch"),
    ],
    ids=["javascript", "embedded-file", "launch"],
)
def test_pdf_carrying_scripts_embedded_files_or_launch_is_refused(key, value, named):
    assert named in refusal("record.pdf", pdf_with(key, value))


def test_pdf_hiding_javascript_in_an_escaped_name_is_refused():
    data = pdf_bytes(["Text."]).replace(b"%%EOF", b"<< /S /J#61vaScript >>\n%%EOF")
    assert "/JavaScript" in refusal("record.pdf", data)


def test_attachment_is_served_with_its_type_and_as_a_download(client):
    meeting = MeetingFactory()
    attachment = attach(meeting, "annex.png", PNG_BYTES, title="Site <map>")
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="site-map.png"'
    assert b"".join(response.streaming_content) == PNG_BYTES


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": Meeting.Status.DRAFT},
        {"status": Meeting.Status.IN_REVIEW},
        {"status": Meeting.Status.WITHDRAWN, "withdrawal_reason": "Superseded."},
        {"visibility": Meeting.Visibility.RESTRICTED},
    ],
    ids=["draft", "in-review", "withdrawn", "restricted"],
)
def test_attachment_of_a_hidden_record_is_not_served(client, hidden):
    meeting = MeetingFactory()
    attachment = attach(meeting, "annex.png", PNG_BYTES)
    Meeting.objects.filter(pk=meeting.pk).update(**hidden)
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_attachment_address_with_another_records_slug_is_not_served(client):
    attachment = attach(MeetingFactory(), "annex.png", PNG_BYTES)
    other = MeetingFactory()
    response = client.get(f"/meetings/{other.slug}/attachments/{attachment.pk}/")
    assert response.status_code == 404


def test_record_page_lists_attachments_with_their_titles_escaped(client):
    meeting = MeetingFactory()
    attachment = attach(meeting, "annex.png", PNG_BYTES, title='<script>alert("x")</script>')
    response = client.get(meeting.get_absolute_url())
    assert b'<script>alert("x")' not in response.content
    assertContains(
        response,
        f'<a href="{attachment.get_absolute_url()}" type="image/png" hreflang="en">'
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</a>",
        html=True,
    )
    assertContains(response, attachment.sha256)


def test_akoma_ntoso_names_each_attachment_by_its_address(client):
    meeting = MeetingFactory()
    attachment = attach(meeting, "annex.png", PNG_BYTES, title="Annex <1>")
    document = export(client, meeting)
    assert_valid(document)
    reference = document.find(".//akn:attachments/akn:attachment/akn:documentRef", NS)
    assert (reference.get("href"), reference.get("showAs")) == (
        attachment.get_absolute_url(),
        "Annex <1>",
    )


def test_api_and_feed_name_the_attachments(client):
    meeting = MeetingFactory()
    attachment = attach(meeting, "annex.png", PNG_BYTES, title="Annex <1>")
    api = client.get(reverse("api:meeting-detail", kwargs={"slug": meeting.slug})).json()
    assert api["attachments"] == [
        {
            "kind": "annex",
            "title": "Annex <1>",
            "language": "en",
            "content_type": "image/png",
            "size": len(PNG_BYTES),
            "sha256": attachment.sha256,
            "url": f"http://testserver{attachment.get_absolute_url()}",
        }
    ]
    feed = client.get("/feeds/records.atom").content.decode()
    assert "Attached: Annex &amp;lt;1&amp;gt;" in feed  # escaped HTML inside escaped XML


# Virus scanning: a small server speaking clamd's INSTREAM protocol stands in for the daemon.

EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class Clamd(socketserver.BaseRequestHandler):
    def handle(self):
        assert self.request.recv(10) == b"zINSTREAM\0"
        data = b""
        while True:
            (length,) = struct.unpack("!L", self._read(4))
            if not length:
                break
            data += self._read(length)
        found = b"stream: Eicar-Test-Signature FOUND" if EICAR in data else b"stream: OK"
        self.request.sendall(found + b"\0")

    def _read(self, size):
        data = b""
        while len(data) < size:
            data += self.request.recv(size - len(data))
        return data


@pytest.fixture
def clamd(settings):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Clamd)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CLAMD_ADDRESS = f"127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


def test_clean_file_is_scanned_and_served(client, clamd):
    attachment = attach(MeetingFactory(), "annex.png", PNG_BYTES)
    assert attachment.scan == Attachment.Scan.CLEAN
    assert client.get(attachment.get_absolute_url()).status_code == 200


def test_infected_file_is_refused(clamd):
    assert "found Eicar-Test-Signature" in refusal("annex.png", PNG_BYTES + EICAR)


def test_file_stays_pending_and_unserved_until_scanned_clean(client, settings, clamd):
    settings.CLAMD_ADDRESS = "127.0.0.1:1"  # nothing answers there
    meeting = MeetingFactory()
    pending = attach(meeting, "annex.png", PNG_BYTES)
    infected = attach(meeting, "other.png", PNG_BYTES + EICAR, title="Other")
    assert (pending.scan, infected.scan) == (Attachment.Scan.PENDING, Attachment.Scan.PENDING)
    assert client.get(pending.get_absolute_url()).status_code == 404
    assert pending.title not in client.get(meeting.get_absolute_url()).content.decode()
    settings.CLAMD_ADDRESS = f"127.0.0.1:{clamd.server_address[1]}"
    with pytest.raises(CommandError, match="1 infected attachment"):
        call_command("scan_attachments")
    assert client.get(pending.get_absolute_url()).status_code == 200
    assert client.get(infected.get_absolute_url()).status_code == 404
    infected.refresh_from_db()
    assert infected.scan == Attachment.Scan.INFECTED
