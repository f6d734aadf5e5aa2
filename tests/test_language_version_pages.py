"""A record's language versions on the public site: each published version has its own page,
PDF and Akoma Ntoso document; every page of the record offers them all; a language without a
published version has no address, and is never shown in another language's words."""

import datetime
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from lxml import etree
from pypdf import PdfReader

from records import roles
from records.models import LanguageVersion, Meeting, VersionParagraph
from tests.factories import MeetingFactory, ParagraphFactory, ResolutionFactory, full_record
from tests.helpers import AKN_NS, akn_of, assert_valid_akn, text_of

pytestmark = pytest.mark.django_db

SEED = "asean-japan-scn-hlm-3"
FURNITURE = re.compile(r"^(Page \d+ of \d+|Published \d{1,2} \w+ \d{4})$", re.MULTILINE)
JAPANESE_TITLE = "第3回日ASEANスマートシティ・ネットワーク ハイレベル会合 議事要旨"


def make_version(meeting, language="th", *, status=Meeting.Status.PUBLISHED, **fields):
    """A version of ``meeting`` in ``language`` with a paragraph for each of the record's."""
    published = status == Meeting.Status.PUBLISHED
    version = LanguageVersion.objects.create(
        meeting=meeting,
        language=language,
        title=fields.pop("title", f"บันทึกสรุป {meeting.slug}"),
        status=status,
        published_at=timezone.now() if published else None,
        **fields,
    )
    for paragraph in meeting.paragraphs.all():
        VersionParagraph.objects.create(
            language_version=version,
            number=paragraph.number,
            text=f"ย่อหน้าที่ {paragraph.number} ของ {language}",
        )
    return version


def address(name, meeting, language=None):
    kwargs = {"slug": meeting.slug}
    if language:
        kwargs["language"] = language
    return reverse(f"records:{name}", kwargs=kwargs)


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


# The version's page -------------------------------------------------------------------------


def test_a_version_has_its_own_address_under_the_record():
    assert address("language_version", MeetingFactory(slug="som-7"), "ja") == "/meetings/som-7/ja/"
    assert address("language_version_pdf", MeetingFactory(slug="som-8"), "ja") == (
        "/meetings/som-8/ja/record.pdf"
    )
    assert address("language_version_akn", MeetingFactory(slug="som-9"), "zh-Hant") == (
        "/meetings/som-9/zh-Hant/akn.xml"
    )


def test_version_page_shows_the_versions_title_and_paragraphs_in_its_language(client, seed):
    version = seed.language_versions.get(language="ja")
    html = page(client, version.get_absolute_url())
    container = re.search(r'<div class="record-text" lang="ja" dir="ltr">(.*?)</div>', html, re.S)
    assert container, "the text is in a container marked as Japanese"
    text = container.group(1)
    assert JAPANESE_TITLE in text
    for paragraph in version.paragraphs.all():
        assert (
            f'<p class="paragraph" id="p{paragraph.number}"><a class="paragraph-number" '
            f'href="#p{paragraph.number}">{paragraph.number}.</a> {paragraph.text}</p>'
        ) in text
    # None of the record's English paragraphs is shown in the Japanese version's place.
    for paragraph in seed.paragraphs.all():
        assert paragraph.text not in html


def test_version_page_says_it_is_a_courtesy_translation_and_which_text_is_the_original(
    client, seed
):
    html = page(client, address("language_version", seed, "ja"))
    notice = re.search(r'<p class="version-notice" role="note">(.*?)</p>', html, re.S).group(1)
    assert "The Japanese version of this record: a courtesy translation, not authoritative." in (
        notice
    )
    assert f'The original is <a href="/meetings/{SEED}/" hreflang="en">the English text</a>.' in (
        notice
    )


def test_an_authoritative_original_version_says_so():
    meeting = MeetingFactory()
    ParagraphFactory(meeting=meeting, number=1)
    make_version(meeting, "th", original=True, authoritative=True)
    html = page(Client(), address("language_version", meeting, "th"))
    assert "The original Thai text of this record, authoritative." in html
    english = page(Client(), meeting.get_absolute_url())
    # The record's own text is then not the original: its page says so, and the switch marks
    # the Thai one.
    assert (
        "The English version of this record: authoritative. The original is "
        f'<a href="/meetings/{meeting.slug}/th/" hreflang="th">the Thai text</a>.'
    ) in english
    assert 'hreflang="th">ภาษาไทย</a> <span class="meta">(original)' in english
    assert 'English</a> <span class="meta">(original)' not in english


def test_version_page_shows_the_meetings_facts_as_the_record_page_does(client, seed):
    html = page(client, address("language_version", seed, "ja"))
    assert "<dt>Dates</dt><dd>18–19 October 2021</dd>" in html
    assert "<dt>Venue</dt><dd>Aichi Prefecture, Japan</dd>" in html
    assert '<span class="person">Mr. ISHIDA Masaru</span>' in html


def test_version_page_links_each_decided_paragraph_to_the_records_own_text(client, seed):
    html = page(client, address("language_version", seed, "ja"))
    decisions = re.search(r'<h2 id="decisions">Decisions</h2>(.*?)</section>', html, re.S).group(1)
    decided = {p.number for p in seed.paragraphs.all() if p.resolutions.exists()}
    assert decided
    linked = {int(n) for n in re.findall(rf'href="/meetings/{SEED}/#p(\d+)"', decisions)}
    assert linked == decided


def test_record_page_offers_every_published_version_in_a_switch(client, seed):
    make_version(seed, "th", status=Meeting.Status.DRAFT)
    html = page(client, seed.get_absolute_url())
    assert "version-notice" not in html  # the original, authoritative: nothing to warn of
    switch = re.search(r'<nav class="record-languages"[^>]*>(.*?)</nav>', html, re.S).group(1)
    links = re.findall(
        r'<a href="([^"]+)" lang="([^"]+)" hreflang="([^"]+)"([^>]*)>([^<]+)</a>', switch
    )
    assert links == [
        (f"/meetings/{SEED}/", "en", "en", ' aria-current="page"', "English"),
        (f"/meetings/{SEED}/ja/", "ja", "ja", "", "日本語"),
    ]


def test_version_page_marks_itself_current_in_the_switch(client, seed):
    html = page(client, address("language_version", seed, "ja"))
    assert re.search(
        rf'<a href="/meetings/{SEED}/ja/" lang="ja" hreflang="ja" aria-current="page">日本語</a>',
        html,
    )
    assert f'<a href="/meetings/{SEED}/" lang="en" hreflang="en">English</a>' in html


@pytest.mark.parametrize("language", [None, "ja"])
def test_every_page_of_the_record_names_all_its_languages_in_its_head(client, seed, language):
    url = address("language_version", seed, language) if language else seed.get_absolute_url()
    head = page(client, url).split("</head>")[0]
    alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', head)
    assert alternates == [
        ("en", f"http://testserver/meetings/{SEED}/"),
        ("ja", f"http://testserver/meetings/{SEED}/ja/"),
        ("x-default", f"http://testserver/meetings/{SEED}/"),
    ]


def test_a_record_without_versions_offers_no_switch(client):
    meeting = MeetingFactory()
    html = page(client, meeting.get_absolute_url())
    assert "record-languages" not in html
    assert "hreflang" not in html.split("</head>")[0]


def test_a_right_to_left_version_is_marked_so():
    meeting = MeetingFactory()
    ParagraphFactory(meeting=meeting, number=1)
    make_version(meeting, "ar", title="محضر")
    html = page(Client(), address("language_version", meeting, "ar"))
    assert '<div class="record-text" lang="ar" dir="rtl">' in html


# No fallback --------------------------------------------------------------------------------


def unpublished_versions():
    meeting = MeetingFactory()
    ParagraphFactory(meeting=meeting, number=1, text="The Meeting agreed the English words.")
    make_version(meeting, "th", status=Meeting.Status.DRAFT, title="DRAFT-THAI")
    make_version(meeting, "vi", status=Meeting.Status.IN_REVIEW, title="REVIEW-VIET")
    make_version(meeting, "km", status=Meeting.Status.WITHDRAWN, title="WITHDRAWN-KHMER")
    return meeting


@pytest.mark.parametrize(
    "name", ["language_version", "language_version_pdf", "language_version_akn"]
)
@pytest.mark.parametrize("language", ["th", "vi", "km", "lo", "fr"])
def test_a_language_without_a_published_version_has_no_address(client, name, language):
    meeting = unpublished_versions()
    response = client.get(address(name, meeting, language))
    assert response.status_code == 404
    body = response.content.decode(errors="replace")
    assert "English words" not in body
    assert "DRAFT-THAI" not in body and "REVIEW-VIET" not in body


def test_a_published_version_of_an_unpublished_record_has_no_address(client):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT, published_at=None)
    ParagraphFactory(meeting=meeting, number=1)
    make_version(meeting, "th")
    for name in ("language_version", "language_version_pdf", "language_version_akn"):
        assert client.get(address(name, meeting, "th")).status_code == 404


def test_unpublished_versions_are_not_offered_in_the_switch_or_head(client):
    meeting = unpublished_versions()
    html = page(client, meeting.get_absolute_url())
    assert "record-languages" not in html
    for secret in ("DRAFT-THAI", "REVIEW-VIET", "WITHDRAWN-KHMER", "/th/", "/vi/", "/km/"):
        assert secret not in html


def test_a_restricted_records_version_is_for_delegates_only(user_in_role):
    meeting = MeetingFactory(visibility=Meeting.Visibility.RESTRICTED)
    ParagraphFactory(meeting=meeting, number=1)
    make_version(meeting, "th", title="RESTRICTED-THAI")
    delegate = Client()
    delegate.force_login(user_in_role(roles.DELEGATE))
    for name in ("language_version", "language_version_pdf", "language_version_akn"):
        assert Client().get(address(name, meeting, "th")).status_code == 404
        assert delegate.get(address(name, meeting, "th")).status_code == 200
    assert "RESTRICTED-THAI" in page(delegate, address("language_version", meeting, "th"))


def test_staff_preview_a_draft_version(user_in_role):
    meeting = MeetingFactory()
    ParagraphFactory(meeting=meeting, number=1)
    make_version(meeting, "th", status=Meeting.Status.DRAFT, title="DRAFT-THAI")
    editor = Client()
    editor.force_login(user_in_role(roles.EDITOR))
    html = page(editor, address("language_version", meeting, "th"))
    assert "DRAFT-THAI" in html
    assert "Preview: this version is <strong>draft</strong>" in html
    assert "This version as data" not in html


def test_the_records_own_language_is_the_record_page(client, seed):
    response = client.get(address("language_version", seed, "en"))
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{SEED}/"
    for name in ("language_version_pdf", "language_version_akn"):
        assert client.get(address(name, seed, "en")).status_code == 404


def test_a_language_tag_in_another_case_is_no_address(client, seed):
    assert client.get(f"/meetings/{SEED}/JA/").status_code == 404


# Its Akoma Ntoso document --------------------------------------------------------------------


def akn_version(client, meeting, language):
    response = client.get(address("language_version_akn", meeting, language))
    assert response.status_code == 200
    return etree.fromstring(response.content)


def expression(document):
    return document.find(".//akn:FRBRExpression", AKN_NS)


def value(element, name, attribute="value"):
    return element.find(f"akn:{name}", AKN_NS).get(attribute)


def test_versions_akoma_ntoso_validates_against_the_oasis_schema(client, seed):
    assert_valid_akn(akn_version(client, seed, "ja"))


def test_a_full_records_version_validates_against_the_oasis_schema(client):
    meeting = full_record(3)
    make_version(meeting, "th", original=True)
    assert_valid_akn(akn_version(client, meeting, "th"))
    assert_valid_akn(akn_of(client, meeting))


def test_versions_expression_names_its_language_authority_and_master(client, seed):
    version = seed.language_versions.get(language="ja")
    work = "/akn/asean/debateReport/asean-japan-scn-hlm/2021-10-18/3"
    english = f"{work}/eng@{timezone.localdate(seed.published_at).isoformat()}"
    japanese = f"{work}/jpn@{timezone.localdate(version.published_at).isoformat()}"
    frbr = expression(akn_version(client, seed, "ja"))
    assert value(frbr, "FRBRuri") == japanese
    assert value(frbr, "FRBRlanguage", "language") == "jpn"
    assert value(frbr, "FRBRauthoritative") == "false"
    assert value(frbr, "FRBRmasterExpression", "href") == english
    translation = frbr.find("akn:FRBRtranslation", AKN_NS)
    assert (translation.get("href"), translation.get("fromLanguage")) == (english, "eng")

    own = expression(akn_of(client, seed))
    assert value(own, "FRBRuri") == english
    assert value(own, "FRBRlanguage", "language") == "eng"
    assert value(own, "FRBRauthoritative") == "true"
    assert value(own, "FRBRmasterExpression", "href") == english
    assert own.find("akn:FRBRtranslation", AKN_NS) is None


def test_versions_akoma_ntoso_carries_its_own_title_and_paragraphs(client, seed):
    version = seed.language_versions.get(language="ja")
    document = akn_version(client, seed, "ja")
    assert document.findtext(".//akn:docTitle", namespaces=AKN_NS) == JAPANESE_TITLE
    paragraphs = {
        p.findtext("akn:num", namespaces=AKN_NS): "".join(
            p.find("akn:content/akn:p", AKN_NS).itertext()
        )
        for p in document.iterfind(".//akn:mainBody/akn:paragraph", AKN_NS)
    }
    assert paragraphs == {f"{p.number}.": p.text for p in version.paragraphs.all()}


def test_when_a_version_is_the_original_the_records_own_text_translates_it(client):
    meeting = MeetingFactory()
    ParagraphFactory(meeting=meeting, number=1)
    thai = make_version(meeting, "th", original=True)
    own = expression(akn_of(client, meeting))
    thai_uri = value(expression(akn_version(client, meeting, "th")), "FRBRuri")
    assert thai_uri.endswith(f"/tha@{timezone.localdate(thai.published_at).isoformat()}")
    assert value(own, "FRBRmasterExpression", "href") == thai_uri
    translation = own.find("akn:FRBRtranslation", AKN_NS)
    assert (translation.get("href"), translation.get("fromLanguage")) == (thai_uri, "tha")


# Its PDF -------------------------------------------------------------------------------------


def test_versions_pdf_has_its_title_and_paragraphs(client, seed):
    version = seed.language_versions.get(language="ja")
    response = client.get(address("language_version_pdf", seed, "ja"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{SEED}-ja.pdf"'
    text = text_of(PdfReader(io.BytesIO(response.content)))
    notice = (
        "The Japanese version of this record: a courtesy translation, not authoritative. "
        "The original is the English text."
    )
    assert notice in text
    # Without what each page repeats: its number, the publication date and the notice.
    body = re.sub(r"\s+", "", FURNITURE.sub("", text.replace(notice, "")))
    assert re.sub(r"\s+", "", JAPANESE_TITLE) in body
    for paragraph in version.paragraphs.all():
        assert re.sub(r"\s+", "", f"{paragraph.number}.{paragraph.text}") in body


def test_versions_pdf_is_in_its_language(client, seed):
    response = client.get(address("language_version_pdf", seed, "ja"))
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.trailer["/Root"]["/Lang"] == "ja"


# Conditional GET and caching -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["language_version_pdf", "language_version_akn"])
def test_versions_forms_answer_304_when_the_etag_is_current(client, seed, name):
    url = address(name, seed, "ja")
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    own = client.get(address(name.replace("language_version", "meeting"), seed))
    assert own["ETag"] != first["ETag"]


def test_each_versions_page_is_its_own_cache_entry_and_an_edit_shows_at_once(
    client, seed, committed
):
    page(client, seed.get_absolute_url())
    html = page(client, address("language_version", seed, "ja"))
    assert JAPANESE_TITLE in html
    paragraph = VersionParagraph.objects.get(language_version__language="ja", number=1)
    paragraph.text = "訂正された本文。"
    with committed():
        paragraph.save()
    assert "訂正された本文。" in page(client, address("language_version", seed, "ja"))
    assert "訂正された本文。" not in page(client, seed.get_absolute_url())


@pytest.mark.parametrize("paragraphs", [1, 5, 20])
def test_version_page_runs_a_fixed_number_of_queries(django_assert_num_queries, paragraphs):
    meeting = MeetingFactory()
    for number in range(1, paragraphs + 1):
        paragraph = ParagraphFactory(meeting=meeting, number=number)
        ResolutionFactory(paragraph=paragraph)
    make_version(meeting, "th")
    make_version(meeting, "vi")
    # The cache generation, the meeting with its prefetched parts, attachments and
    # published versions (10), then the version's paragraphs.
    with django_assert_num_queries(12):
        response = Client().get(address("language_version", meeting, "th"))
    assert response.content.decode().count('class="paragraph"') == paragraphs


# The API, the feed and the sitemap -----------------------------------------------------------


def test_api_lists_the_records_published_versions_with_their_texts(client, seed):
    make_version(seed, "th", status=Meeting.Status.DRAFT, title="DRAFT-THAI")
    data = client.get(reverse("api:meeting-detail", kwargs={"slug": SEED})).json()
    assert (data["language"], data["authoritative"], data["original"]) == ("en", True, True)
    [japanese] = data["language_versions"]
    version = seed.language_versions.get(language="ja")
    assert japanese["language"] == "ja"
    assert japanese["title"] == JAPANESE_TITLE
    assert (japanese["authoritative"], japanese["original"]) == (False, False)
    assert japanese["html_url"] == f"http://testserver/meetings/{SEED}/ja/"
    assert japanese["pdf_url"] == f"http://testserver/meetings/{SEED}/ja/record.pdf"
    assert japanese["akn_url"] == f"http://testserver/meetings/{SEED}/ja/akn.xml"
    assert japanese["paragraphs"] == [
        {
            "number": p.number,
            "text": p.text,
            "html_url": f"http://testserver/meetings/{SEED}/ja/#p{p.number}",
        }
        for p in version.paragraphs.all()
    ]


def test_api_says_when_a_version_is_the_original(client):
    meeting = MeetingFactory()
    ParagraphFactory(meeting=meeting, number=1)
    make_version(meeting, "th", original=True)
    data = client.get(reverse("api:meeting-detail", kwargs={"slug": meeting.slug})).json()
    assert data["original"] is False
    assert [(v["language"], v["original"]) for v in data["language_versions"]] == [("th", True)]


@pytest.mark.parametrize("versions", [1, 3])
def test_api_detail_query_count_does_not_grow_with_versions(
    client, django_assert_num_queries, versions
):
    meeting = full_record(2)
    for language in ["th", "vi", "km"][:versions]:
        make_version(meeting, language)
    # The cache generation, the record with its attachments and published versions (16 as
    # tests/test_api.py pins it), and the versions' paragraphs.
    with django_assert_num_queries(17):
        data = client.get(reverse("api:meeting-detail", kwargs={"slug": meeting.slug})).json()
    assert len(data["language_versions"]) == versions


def test_openapi_schema_describes_the_language_versions(client):
    schema = client.get(reverse("api:schema"), headers={"accept": "application/json"}).json()
    detail = schema["components"]["schemas"]["MeetingDetail"]["properties"]
    assert {"language", "authoritative", "original", "language_versions"} <= set(detail)
    version = schema["components"]["schemas"]["LanguageVersion"]["properties"]
    assert set(version) == {
        "language",
        "title",
        "authoritative",
        "original",
        "published_at",
        "paragraphs",
        "html_url",
        "akn_url",
        "pdf_url",
    }


ATOM = {"atom": "http://www.w3.org/2005/Atom"}


def feed_entry(client, meeting):
    document = etree.fromstring(client.get(reverse("records:feed")).content)
    return next(
        entry
        for entry in document.iterfind("atom:entry", ATOM)
        if entry.find("atom:link", ATOM).get("href").endswith(f"/meetings/{meeting.slug}/")
    )


def test_feed_entry_links_each_published_version_by_its_language(client, seed):
    make_version(seed, "th", status=Meeting.Status.DRAFT)
    entry = feed_entry(client, seed)
    alternates = [
        (link.get("hreflang"), link.get("href"))
        for link in entry.iterfind("atom:link", ATOM)
        if link.get("hreflang")
    ]
    assert alternates == [("ja", f"http://testserver/meetings/{SEED}/ja/")]
    assert f"Japanese version (courtesy translation): {JAPANESE_TITLE}" in (
        entry.findtext("atom:summary", namespaces=ATOM)
    )


def test_a_version_published_later_brings_its_record_back_to_the_top_of_the_feed(client):
    older, newer = MeetingFactory(), MeetingFactory()
    now = timezone.now()
    Meeting.objects.filter(pk=older.pk).update(published_at=now - datetime.timedelta(days=9))
    Meeting.objects.filter(pk=newer.pk).update(published_at=now - datetime.timedelta(days=5))
    document = etree.fromstring(client.get(reverse("records:feed")).content)
    first = document.find("atom:entry", ATOM)
    assert first.find("atom:link", ATOM).get("href").endswith(f"/{newer.slug}/")
    version = make_version(older, "th")
    document = etree.fromstring(client.get(reverse("records:feed")).content)
    first = document.find("atom:entry", ATOM)
    assert first.find("atom:link", ATOM).get("href").endswith(f"/{older.slug}/")
    updated = datetime.datetime.fromisoformat(first.findtext("atom:updated", namespaces=ATOM))
    assert updated == version.published_at


SITEMAP = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


def sitemap_alternates(client):
    document = etree.fromstring(client.get("/sitemap.xml").content)
    return {
        url.findtext("s:loc", namespaces=SITEMAP): [
            (link.get("hreflang"), link.get("href")) for link in url.iterfind("xhtml:link", SITEMAP)
        ]
        for url in document.iterfind("s:url", SITEMAP)
    }


def test_sitemap_lists_each_version_with_all_its_records_languages(client, seed):
    make_version(seed, "th", status=Meeting.Status.DRAFT)
    urls = sitemap_alternates(client)
    every_language = [
        ("en", f"http://testserver/meetings/{SEED}/"),
        ("ja", f"http://testserver/meetings/{SEED}/ja/"),
        ("x-default", f"http://testserver/meetings/{SEED}/"),
    ]
    assert urls[f"http://testserver/meetings/{SEED}/"] == every_language
    assert urls[f"http://testserver/meetings/{SEED}/ja/"] == every_language
    assert f"http://testserver/meetings/{SEED}/th/" not in urls
    # A record with no versions names no alternates.
    assert urls["http://testserver/meetings/asean-japan-scn-hlm-2/"] == []


@pytest.mark.parametrize("size", [1, 4])
def test_sitemap_query_count_does_not_grow_with_versions(client, django_assert_num_queries, size):
    for _ in range(size):
        meeting = MeetingFactory()
        ParagraphFactory(meeting=meeting, number=1)
        make_version(meeting, "th")
        make_version(meeting, "vi")
    # Per sitemap of records and of versions: the count, the page, its records' versions.
    with django_assert_num_queries(6):
        response = client.get("/sitemap.xml")
    assert response.content.decode().count("<loc>") == 3 * size + 6
