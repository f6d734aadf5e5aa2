import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree
from pytest_django.asserts import assertContains, assertNotContains

from records.display import long_date
from records.models import Meeting
from records.services import meeting_correct
from tests.factories import CorrectionFactory, MeetingFactory, ParagraphFactory

pytestmark = pytest.mark.django_db

ATOM = {"atom": "http://www.w3.org/2005/Atom"}
SITEMAP = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def feed(client):
    response = client.get(reverse("records:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return etree.fromstring(response.content)


def entry_titles(document):
    return [
        e.findtext("atom:title", namespaces=ATOM) for e in document.iterfind("atom:entry", ATOM)
    ]


def test_feed_lists_published_records_newest_first(client):
    now = timezone.now()
    older = MeetingFactory(title="Older record", published_at=now - datetime.timedelta(days=9))
    newer = MeetingFactory(title="Newer record", published_at=now - datetime.timedelta(days=1))
    Meeting.objects.filter(pk__in=[older.pk, newer.pk]).update(
        updated_at=now - datetime.timedelta(days=20)
    )
    assert entry_titles(feed(client)) == ["Newer record", "Older record"]


def test_corrected_record_comes_back_to_the_top_with_its_update_date(client):
    now = timezone.now()
    corrected = MeetingFactory(title="Corrected", published_at=now - datetime.timedelta(days=30))
    MeetingFactory(title="Recent", published_at=now - datetime.timedelta(days=2))
    meeting_correct(meeting=corrected, note="Paragraph 2 read “Japan” for “ASEAN”.", user=None)
    document = feed(client)
    assert entry_titles(document)[0] == "Corrected"
    entry = document.find("atom:entry", ATOM)
    published = entry.findtext("atom:published", namespaces=ATOM)
    updated = entry.findtext("atom:updated", namespaces=ATOM)
    assert published < updated
    assert updated[:10] == timezone.localdate().isoformat()
    assert f"Corrected on {long_date(timezone.now())}: Paragraph 2 read “Japan”" in entry.findtext(
        "atom:summary", namespaces=ATOM
    )


def test_an_edit_that_is_no_correction_does_not_move_a_record_in_the_feed(client):
    now = timezone.now()
    MeetingFactory(title="Older", published_at=now - datetime.timedelta(days=30))
    MeetingFactory(title="Recent", published_at=now - datetime.timedelta(days=2))
    Meeting.objects.filter(title="Older").first().save()  # a save that is no correction
    assert entry_titles(feed(client)) == ["Recent", "Older"]


def test_feed_entries_link_to_the_record_page(client, seed):
    document = feed(client)
    links = [e.find("atom:link", ATOM).get("href") for e in document.iterfind("atom:entry", ATOM)]
    assert f"http://testserver{seed.get_absolute_url()}" in links
    ids = [e.findtext("atom:id", namespaces=ATOM) for e in document.iterfind("atom:entry", ATOM)]
    assert len(set(ids)) == len(ids) == 2


@pytest.mark.parametrize(
    "status", [Meeting.Status.DRAFT, Meeting.Status.IN_REVIEW, Meeting.Status.WITHDRAWN]
)
def test_feed_never_shows_unpublished_records(client, status):
    MeetingFactory(title="Secret draft title", status=status, published_at=None)
    MeetingFactory(title="Public record")
    response = client.get(reverse("records:feed"))
    assertNotContains(response, "Secret draft title")
    assertContains(response, "Public record")


def test_feed_escapes_editor_text(client):
    MeetingFactory(title="<script>alert(1)</script> & co")
    response = client.get(reverse("records:feed"))
    assert b"<script>" not in response.content
    assert entry_titles(etree.fromstring(response.content)) == ["<script>alert(1)</script> & co"]


@pytest.mark.parametrize("size", [1, 8])
def test_feed_query_count_does_not_grow(client, django_assert_num_queries, size):
    for meeting in MeetingFactory.create_batch(size):
        CorrectionFactory(meeting=meeting)
    # The records, their correction notes, attachments and published language versions.
    with django_assert_num_queries(4):
        feed(client)


def test_every_page_announces_the_feed(client, seed):
    for url in [reverse("records:home"), seed.get_absolute_url()]:
        assertContains(
            client.get(url),
            f'<link rel="alternate" type="application/atom+xml" '
            f'title="Summary records (Atom)" href="{reverse("records:feed")}">',
            html=True,
        )


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    document = etree.fromstring(response.content)
    return {
        u.findtext("sm:loc", namespaces=SITEMAP): u for u in document.iterfind("sm:url", SITEMAP)
    }


def test_sitemap_lists_the_public_pages_and_every_published_record(client, seed):
    locations = sitemap_locations(client)
    for path in [
        "/",
        "/meetings/",
        "/resolutions/",
        "/actions/",
        "/overview/",
        "/api/docs/",
        seed.get_absolute_url(),
        "/meetings/asean-japan-scn-hlm-2/",
    ]:
        assert f"http://testserver{path}" in locations
    entry = locations[f"http://testserver{seed.get_absolute_url()}"]
    assert entry.findtext("sm:lastmod", namespaces=SITEMAP) == seed.changed_at.date().isoformat()


def test_sitemap_leaves_out_unpublished_records(client):
    draft = MeetingFactory(draft=True)
    assert f"http://testserver{draft.get_absolute_url()}" not in sitemap_locations(client)


@pytest.mark.parametrize("size", [1, 8])
def test_sitemap_query_count_does_not_grow(client, django_assert_num_queries, size):
    MeetingFactory.create_batch(size)
    # The records' count, the records, their language versions; the versions' count (none).
    with django_assert_num_queries(4):
        client.get("/sitemap.xml")


def test_record_page_links_to_its_json_xml_and_pdf_forms(client, seed):
    response = client.get(seed.get_absolute_url())
    for name, kind in [
        ("records:meeting_pdf", "application/pdf"),
        ("records:meeting_akn", "application/xml"),
        ("api:meeting-detail", "application/json"),
    ]:
        url = reverse(name, kwargs={"slug": seed.slug})
        assertContains(response, f'href="{url}" type="{kind}"')
        assert client.get(url).status_code == 200


def test_draft_preview_offers_no_exports(admin_client):
    draft = MeetingFactory(draft=True)
    ParagraphFactory(meeting=draft, number=1)
    response = admin_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assertNotContains(response, reverse("records:meeting_pdf", kwargs={"slug": draft.slug}))
