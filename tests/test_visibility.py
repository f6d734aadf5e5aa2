"""Restricted records: published for member-state delegates only.

Anonymous visitors never see them (``test_drafts_never_leak.py`` crawls every address);
signed-in delegates see them on the site's pages and in their PDF and XML forms; the API,
the feed and the sitemap carry public records only, for everyone.
"""

import pytest
from django.test import Client
from django.urls import reverse

from records import roles
from records.models import FollowUpAction, Meeting, Resolution, published_q
from tests.factories import (
    FollowUpActionFactory,
    MeetingFactory,
    ParagraphFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db

SECRET = "RESTRICTEDWORDS"


@pytest.fixture
def restricted():
    meeting = MeetingFactory(
        visibility=Meeting.Visibility.RESTRICTED,
        title=f"{SECRET} record",
        series__short_name=f"{SECRET} SOM",
    )
    paragraph = ParagraphFactory(meeting=meeting, number=1, text=f"The {SECRET} were agreed.")
    ResolutionFactory(paragraph=paragraph, parties="The Meeting", verb="agreed", text=SECRET)
    FollowUpActionFactory(paragraph=paragraph, description=f"Circulate the {SECRET}.")
    MeetingFactory(title="Open record")
    return meeting


@pytest.fixture
def delegate_client(user_in_role):
    client = Client()
    client.force_login(user_in_role(roles.DELEGATE))
    return client


def text(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8-sig")


def test_published_q_leaves_out_restricted_records_unless_asked(restricted):
    assert list(Meeting.objects.filter(published_q()).values_list("title", flat=True)) == [
        "Open record"
    ]
    assert Meeting.objects.filter(published_q(include_restricted=True)).count() == 2
    assert Resolution.objects.published().count() == 0
    assert FollowUpAction.objects.published(include_restricted=True).count() == 1


def test_anonymous_visitor_gets_404_for_a_restricted_record(client, restricted):
    for name in ["records:meeting_detail", "records:meeting_akn", "records:meeting_pdf"]:
        assert client.get(reverse(name, kwargs={"slug": restricted.slug})).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/meetings/",
        "/resolutions/",
        "/resolutions/?format=csv",
        "/actions/",
        "/actions/?format=csv",
        f"/search/?q={SECRET.lower()}",
        "/overview/",
    ],
)
def test_delegate_sees_restricted_records_in_the_pages_and_lists(delegate_client, restricted, url):
    assert SECRET in text(delegate_client, url)
    assert SECRET not in text(Client(), url).replace(SECRET.lower(), "")


def test_delegate_reads_a_restricted_record_and_its_pdf_and_xml(delegate_client, restricted):
    page = text(delegate_client, restricted.get_absolute_url())
    assert "shown only to signed-in member-state delegates" in page
    assert f"The {SECRET} were agreed." in page
    assert reverse("api:meeting-detail", kwargs={"slug": restricted.slug}) not in page
    assert SECRET in text(delegate_client, reverse("records:meeting_akn", args=[restricted.slug]))
    pdf = delegate_client.get(reverse("records:meeting_pdf", args=[restricted.slug]))
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")


@pytest.mark.parametrize(
    "url",
    [
        "/meetings/",
        "/resolutions/?format=csv",
        f"/search/?q={SECRET.lower()}",
        "/meetings/{slug}/",
        "/meetings/{slug}/akn.xml",
        "/meetings/{slug}/record.pdf",
    ],
)
def test_pages_showing_a_delegate_restricted_records_are_private_to_them(
    delegate_client, restricted, url
):
    """``Cache-Control: private``: no shared cache (a proxy, a CDN) may store them for others."""
    response = delegate_client.get(url.format(slug=restricted.slug))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"].split(", ")


def test_pages_for_anonymous_visitors_are_not_private(client, restricted):
    for url in ["/meetings/", "/resolutions/?format=csv", "/search/?q=open"]:
        assert "private" not in client.get(url).get("Cache-Control", "")


def test_delegate_filter_choices_include_restricted_meetings(delegate_client, restricted):
    form = delegate_client.get("/resolutions/").context["filter"].form
    assert restricted.slug in [m.slug for m in form.fields["meeting"].queryset]


@pytest.mark.parametrize(
    "url",
    ["/api/meetings/", "/api/resolutions/", "/api/actions/", "/feeds/records.atom", "/sitemap.xml"],
)
def test_api_feed_and_sitemap_carry_public_records_only_even_for_a_delegate(
    delegate_client, restricted, url
):
    assert SECRET not in text(delegate_client, url)
    assert "Open record" in text(delegate_client, "/api/meetings/")


def test_api_detail_of_a_restricted_record_is_404_even_for_a_delegate(delegate_client, restricted):
    text(delegate_client, reverse("api:meeting-detail", args=[restricted.slug]), status=404)


def test_staff_who_may_not_read_restricted_records_do_not(client, user_in_role, restricted):
    """Restriction is a permission (``view_restricted_meeting``), not being signed in."""
    client.force_login(user_in_role(roles.PUBLISHER))
    assert SECRET not in text(client, "/meetings/")
    # Staff previews in the admin still open the record itself.
    assert SECRET in text(client, restricted.get_absolute_url())


@pytest.mark.parametrize("first", ["anonymous", "delegate"])
def test_cached_pages_never_cross_between_anonymous_and_delegate(
    delegate_client, restricted, first
):
    anonymous = Client()
    order = [anonymous, delegate_client] if first == "anonymous" else [delegate_client, anonymous]
    for _ in range(2):  # the second round would be served from the cache
        for client in order:
            page = text(client, "/meetings/")
            assert (SECRET in page) is (client is delegate_client)
