from pathlib import Path

import pytest
from django.urls import reverse
from lxml import etree

from records import akoma_ntoso
from records.models import Meeting
from tests.factories import (
    MeetingFactory,
    ParagraphFactory,
    ParticipantFactory,
    PersonFactory,
    full_record,
)
from tests.helpers import AKN_NS, akn_of, assert_valid_akn

pytestmark = pytest.mark.django_db

SHARED_SCHEMAS = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "akoma-ntoso"


def paragraph_texts(document):
    return {
        p.findtext("akn:num", namespaces=AKN_NS): "".join(
            p.find("akn:content/akn:p", AKN_NS).itertext()
        )
        for p in document.iterfind(".//akn:mainBody/akn:paragraph", AKN_NS)
    }


@pytest.mark.parametrize(
    ("name", "namespace"),
    [
        ("akomantoso30.xsd", akoma_ntoso.NAMESPACE),
        ("xml.xsd", "http://www.w3.org/XML/1998/namespace"),
    ],
)
def test_shipped_schema_is_the_oasis_schema_unaltered(name, namespace):
    shipped = akoma_ntoso.SCHEMA_PATH.with_name(name)
    if SHARED_SCHEMAS.exists():
        assert shipped.read_bytes() == (SHARED_SCHEMAS / name).read_bytes()
    assert etree.parse(str(shipped)).getroot().get("targetNamespace") == namespace


def test_schema_rejects_a_document_that_breaks_it():
    broken = etree.fromstring(
        f'<akomaNtoso xmlns="{akoma_ntoso.NAMESPACE}"><debateReport name="x"/></akomaNtoso>'
    )
    assert not akoma_ntoso.schema().validate(broken)


def test_every_shipped_record_validates_against_the_oasis_schema(client, seed):
    for meeting in Meeting.objects.published():
        assert_valid_akn(akn_of(client, meeting))


def test_a_full_record_validates_against_the_oasis_schema(client):
    assert_valid_akn(akn_of(client, full_record(3)))


def test_export_is_a_debate_report_named_summary_record(client, seed):
    document = akn_of(client, seed)
    (report,) = document
    assert report.tag == f"{{{akoma_ntoso.NAMESPACE}}}debateReport"
    assert report.get("name") == "summaryRecord"
    title = document.findtext(".//akn:preface/akn:p/akn:docTitle", namespaces=AKN_NS)
    assert title == seed.title


def test_frbr_levels_identify_work_expression_and_manifestation(client, seed):
    document = akn_of(client, seed)
    work = "/akn/asean/debateReport/asean-japan-scn-hlm/2021-10-18/3"
    expression = f"{work}/eng@{seed.published_at.date().isoformat()}"

    def value(level, element, attribute="value"):
        return document.find(f".//akn:{level}/akn:{element}", AKN_NS).get(attribute)

    assert value("FRBRWork", "FRBRuri") == work
    assert value("FRBRWork", "FRBRdate", "date") == "2021-10-18"
    assert value("FRBRWork", "FRBRnumber") == "3"
    assert value("FRBRExpression", "FRBRuri") == expression
    assert value("FRBRExpression", "FRBRlanguage", "language") == "eng"
    assert value("FRBRExpression", "FRBRdate", "date") == seed.published_at.date().isoformat()
    assert value("FRBRManifestation", "FRBRthis") == f"{expression}/!main.xml"


def test_meeting_known_only_by_year_is_dated_to_that_year(client, seed):
    second = Meeting.objects.get(slug="asean-japan-scn-hlm-2")
    document = akn_of(client, second)
    date = document.find(".//akn:FRBRWork/akn:FRBRdate", AKN_NS)
    assert (date.get("date"), date.get("name")) == ("2020-01-01", "meeting year")


def test_co_chairs_are_tlc_persons_with_their_role(client, seed):
    document = akn_of(client, seed)
    people = {p.get("showAs"): p.get("eId") for p in document.iterfind(".//akn:TLCPerson", AKN_NS)}
    assert set(people) == {
        "Mr. ISHIDA Masaru",
        "Mr. Haji Mohammad Nazri Bin Haji Mohammad Yusof",
    }
    role = document.find(".//akn:TLCRole", AKN_NS)
    assert role.get("showAs") == "Co-chair"
    mention = document.find(".//akn:paragraph[@eId='para_1']//akn:person", AKN_NS)
    assert mention.text == "Mr. ISHIDA Masaru"
    assert mention.get("refersTo") == f"#{people['Mr. ISHIDA Masaru']}"
    assert mention.get("as") == f"#{role.get('eId')}"


def test_parties_and_chairs_bodies_are_tlc_organizations(client, seed):
    document = akn_of(client, seed)
    organisations = {o.get("showAs") for o in document.iterfind(".//akn:TLCOrganization", AKN_NS)}
    assert {
        "Association of Southeast Asian Nations",
        "ASEAN Smart Cities Network",
        "Japan",
        "Viet Nam",
        "Ministry of Land, Infrastructure, Transport and Tourism",
        "Brunei Darussalam",
    } <= organisations


def test_paragraphs_are_the_adopted_text_word_for_word(client, seed):
    document = akn_of(client, seed)
    expected = {f"{p.number}.": p.text for p in seed.paragraphs.all()}
    assert paragraph_texts(document) == expected
    assert len(expected) == 6


def test_editor_text_is_escaped_and_kept_exactly(client):
    hostile = 'The Meeting agreed <script>alert("x")</script> & ]]> <!-- "quotes" \'too\''
    meeting = MeetingFactory(title="A <b>bold</b> & title")
    ParagraphFactory(meeting=meeting, number=1, text=hostile)
    response = client.get(reverse("records:meeting_akn", kwargs={"slug": meeting.slug}))
    assert b"<script>" not in response.content
    assert b"<b>" not in response.content
    document = etree.fromstring(response.content)
    assert_valid_akn(document)
    assert paragraph_texts(document) == {"1.": hostile}
    assert document.findtext(".//akn:docTitle", namespaces=AKN_NS) == "A <b>bold</b> & title"


def test_characters_xml_cannot_carry_become_replacement_characters(client):
    meeting = MeetingFactory()
    ParagraphFactory(meeting=meeting, number=1, text="Page\x0cbreak and bell\x07.")
    document = akn_of(client, meeting)
    assert_valid_akn(document)
    assert paragraph_texts(document) == {"1.": "Page\ufffdbreak and bell\ufffd."}


def test_name_mentioned_twice_is_marked_twice_without_changing_text(client):
    meeting = MeetingFactory()
    person = PersonFactory(honorific="Dr.", name="SATO Hanako")
    ParticipantFactory(meeting=meeting, person=person, organisation=None, government=None)
    text = "Dr. SATO Hanako opened the meeting. SATO Hanako then closed it."
    ParagraphFactory(meeting=meeting, number=1, text=text)
    document = akn_of(client, meeting)
    assert_valid_akn(document)
    mentions = [m.text for m in document.iterfind(".//akn:p/akn:person", AKN_NS)]
    assert mentions == ["Dr. SATO Hanako", "SATO Hanako"]
    assert paragraph_texts(document) == {"1.": text}


@pytest.mark.parametrize(
    "status", [Meeting.Status.DRAFT, Meeting.Status.IN_REVIEW, Meeting.Status.WITHDRAWN]
)
def test_unpublished_record_has_no_export(client, status):
    meeting = MeetingFactory(status=status, published_at=None)
    response = client.get(reverse("records:meeting_akn", kwargs={"slug": meeting.slug}))
    assert response.status_code == 404


def test_export_is_xml_with_validators(client, seed):
    response = client.get(reverse("records:meeting_akn", kwargs={"slug": seed.slug}))
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")


def test_unchanged_export_answers_not_modified(client, seed):
    url = reverse("records:meeting_akn", kwargs={"slug": seed.slug})
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304


@pytest.mark.parametrize("size", [1, 5])
def test_export_query_count_does_not_grow_with_the_record(client, django_assert_num_queries, size):
    meeting = full_record(size)
    # The cache generation, then (not yet rendered) the record with its attachments and its
    # published language versions.
    with django_assert_num_queries(16):
        akn_of(client, meeting)
