"""Each publication and correction makes a published version, frozen in the database, hashed
over a canonical serialisation anyone can recompute from the Akoma Ntoso export, and chained
to the version before it; ``verify_records`` finds a record changed behind the application."""

import base64
import hashlib
import json
import subprocess
import unicodedata

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from records import roles
from records.models import Meeting, Paragraph, PublishedVersion
from records.services import meeting_correct, meeting_publish
from tests.factories import MeetingFactory, ParagraphFactory
from tests.helpers import AKN_NS as NS
from tests.helpers import akn_of as export
from tests.helpers import meeting_change_data, one_paragraph_record, pdf_of, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    meeting = MeetingFactory(draft=True, status=Meeting.Status.IN_REVIEW, note="Agreed ad ref.")
    ParagraphFactory(meeting=meeting, number=1, text="The Meeting welcomed Japan.")
    ParagraphFactory(meeting=meeting, number=2, text="The Meeting noted the report.")
    return meeting_publish(meeting=meeting, user=None)


@pytest.fixture
def corrected(published):
    Paragraph.objects.filter(meeting=published, number=1).update(
        text="The Meeting warmly welcomed <b>Japan</b>."
    )
    meeting_correct(meeting=published, note="Paragraph 1 omitted “warmly”.", user=None)
    return published


def test_publication_makes_the_first_version(published):
    version = published.published_versions.get()
    assert (version.number, version.note, version.previous_sha256) == (1, "", "")
    assert version.signature == ""  # no signing key configured
    assert version.sha256 == hashlib.sha256(version.content.encode()).hexdigest()
    assert "The Meeting welcomed Japan." in version.content


def test_correction_makes_a_version_chained_to_the_one_before(corrected):
    first, second = corrected.published_versions.order_by("number")
    assert second.number == 2
    assert second.note == "Paragraph 1 omitted “warmly”."
    assert second.previous_sha256 == first.sha256
    assert second.sha256 != first.sha256
    assert "The Meeting welcomed Japan." in first.content  # the first stays as it was


def canonical_from_akn(document) -> str:
    """The canonical serialisation as docs/archive.md defines it, read from the XML alone."""

    def text(element):
        if element is None:
            return ""
        return unicodedata.normalize("NFC", "".join(element.itertext()))

    note = document.find(".//akn:notes/akn:note[@eId='note-1']/akn:p", NS)
    paragraphs = [
        {
            "number": int(paragraph.find("akn:num", NS).text.rstrip(".")),
            "text": text(paragraph.find("akn:content/akn:p", NS)),
        }
        for paragraph in document.iterfind(".//akn:mainBody/akn:paragraph", NS)
    ]
    data = {
        "work": document.find(".//akn:FRBRWork/akn:FRBRuri", NS).get("value"),
        "title": document.find(".//akn:FRBRWork/akn:FRBRname", NS).get("value"),
        "note": text(note),
        "paragraphs": sorted(paragraphs, key=lambda paragraph: paragraph["number"]),
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def test_anyone_recomputes_the_hash_from_the_akoma_ntoso_export(client, corrected):
    content = canonical_from_akn(export(client, corrected))
    latest = corrected.published_versions.order_by("-number").first()
    assert hashlib.sha256(content.encode("utf-8")).hexdigest() == latest.sha256


def test_database_refuses_to_change_a_published_version(published):
    with pytest.raises(DatabaseError, match="cannot be changed or deleted"), transaction.atomic():
        PublishedVersion.objects.filter(meeting=published).update(note="Rewritten.")
    assert published.published_versions.get().note == ""


def test_database_refuses_to_delete_a_published_version(published):
    refused = pytest.raises(DatabaseError, match="cannot be changed or deleted")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM records_publishedversion")
    assert published.published_versions.count() == 1


def test_versions_page_lists_each_version_with_its_hash(client, corrected):
    response = client.get(f"/meetings/{corrected.slug}/versions/")
    for version in corrected.published_versions.all():
        assertContains(response, version.sha256)
    assertContains(response, "Paragraph 1 omitted “warmly”.")


def test_version_page_shows_the_text_as_then_published(client, corrected):
    response = client.get(f"/meetings/{corrected.slug}/versions/1/")
    assertContains(response, "The Meeting welcomed Japan.")
    assertNotContains(response, "warmly")


def test_diff_page_shows_what_the_correction_changed_word_by_word(client, corrected):
    response = client.get(f"/meetings/{corrected.slug}/versions/2/changes/")
    assertContains(response, "<ins>warmly </ins>", html=False)
    assertContains(response, "<del>Japan.</del>")
    assertContains(response, "<ins>&lt;b&gt;Japan&lt;/b&gt;.</ins>")
    assertNotContains(response, "noted the report")  # an unchanged paragraph is left out


def test_first_version_has_no_diff_page(client, published):
    assert client.get(f"/meetings/{published.slug}/versions/1/changes/").status_code == 404


def test_verify_records_passes_on_a_clean_database(corrected, capsys):
    call_command("verify_records")
    assert "1 record(s) verified" in capsys.readouterr().out


def test_verify_records_names_a_record_changed_behind_the_application(corrected, capsys):
    other = MeetingFactory(draft=True, status=Meeting.Status.IN_REVIEW)
    meeting_publish(meeting=other, user=None)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE records_paragraph SET text = 'The Meeting rejected Japan.' "
            "WHERE meeting_id = %s AND number = 1",
            [corrected.pk],
        )
    with pytest.raises(CommandError, match=rf"differ from what was published: {corrected.slug}$"):
        call_command("verify_records")
    assert f"{corrected.slug}: the published text differs from version 2" in capsys.readouterr().err
    call_command("verify_records", other.slug)  # the untouched record still verifies


def test_verify_records_finds_a_broken_chain(corrected):
    with connection.cursor() as cursor:
        # As someone with the database's superuser could: with its triggers off.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            "UPDATE records_publishedversion SET content = replace(content, 'welcomed', 'hailed') "
            "WHERE meeting_id = %s AND number = 1",
            [corrected.pk],
        )
        cursor.execute("SET LOCAL session_replication_role = origin")
    with pytest.raises(CommandError, match=corrected.slug):
        call_command("verify_records", corrected.slug)


def test_verify_records_refuses_an_unknown_address():
    with pytest.raises(CommandError, match="no-such-record"):
        call_command("verify_records", "no-such-record")


def test_correction_on_the_meeting_form_freezes_its_paragraph_edits(client, user_in_role):
    """The version is made after the form's inlines are saved, not before them."""
    meeting = one_paragraph_record(Meeting.Status.IN_REVIEW)
    meeting_publish(meeting=meeting, user=None)
    paragraph = meeting.paragraphs.get()
    data = meeting_change_data(meeting, correction_note="Paragraph 1 mended.")
    data["paragraphs-0-text"] = "The Meeting agreed on the mended text."
    client.force_login(user_in_role(roles.PUBLISHER))
    response = client.post(reverse("admin:records_meeting_change", args=[meeting.pk]), data)
    assert response.status_code == 302
    assert Paragraph.objects.get(pk=paragraph.pk).text == "The Meeting agreed on the mended text."
    latest = meeting.published_versions.order_by("-number").first()
    assert (latest.number, latest.note) == (2, "Paragraph 1 mended.")
    assert "The Meeting agreed on the mended text." in latest.content
    call_command("verify_records", meeting.slug)


def test_delegate_sees_the_versions_of_a_restricted_record(client, user_in_role, published):
    Meeting.objects.filter(pk=published.pk).update(visibility=Meeting.Visibility.RESTRICTED)
    url = f"/meetings/{published.slug}/versions/"
    assert client.get(url).status_code == 404
    client.force_login(user_in_role(roles.DELEGATE))
    assertContains(client.get(url), published.published_versions.get().sha256)


def test_record_page_pdf_api_and_feed_carry_the_hash_of_the_last_version(client, corrected):
    sha256 = corrected.published_versions.order_by("-number").first().sha256
    assertContains(client.get(corrected.get_absolute_url()), sha256)
    assert sha256 in text_of(pdf_of(client, corrected)).replace("\n", "").replace(" ", "")
    api = client.get(reverse("api:meeting-detail", kwargs={"slug": corrected.slug})).json()
    assert api["published_sha256"] == sha256
    assertContains(client.get("/feeds/records.atom"), sha256)


def test_version_is_signed_and_the_documented_openssl_command_verifies_it(settings, tmp_path):
    key = Ed25519PrivateKey.generate()
    private = tmp_path / "secretariat.pem"
    private.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    public = tmp_path / "secretariat.pub.pem"
    public.write_bytes(
        key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    )
    settings.ARCHIVE_SIGNING_KEY = str(private)
    meeting = MeetingFactory(draft=True, status=Meeting.Status.IN_REVIEW)
    version = meeting_publish(meeting=meeting, user=None).published_versions.get()
    (tmp_path / "hash.txt").write_text(version.sha256)
    (tmp_path / "sig.bin").write_bytes(base64.b64decode(version.signature))
    verify = [
        "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "secretariat.pub.pem",
        "-rawin", "-in", "hash.txt", "-sigfile", "sig.bin",
    ]  # fmt: skip
    assert subprocess.run(verify, cwd=tmp_path, capture_output=True).returncode == 0
    (tmp_path / "hash.txt").write_text(version.sha256.replace(version.sha256[0], "x", 1))
    assert subprocess.run(verify, cwd=tmp_path, capture_output=True).returncode != 0
    call_command("verify_records", meeting.slug)
