"""Nothing of a record the public may not see (a draft, one in review, a withdrawn one, or a
published one restricted to member-state delegates) appears for an anonymous visitor in any
page, list, count, search result, export, feed, sitemap, API response, chart or "matters
arising". ``test_every_public_url_pattern_is_crawled`` keeps the crawl complete."""

import io
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from pypdf import PdfReader

from records import versions
from records.models import LanguageVersion, Meeting, VersionParagraph
from tests.audit_data import LEAK, build_records
from tests.factories import LanguageVersionFactory, VersionParagraphFactory
from tests.helpers import PNG_BYTES, attach

pytestmark = pytest.mark.django_db

# What only the unpublished record names: its words, its slug, and the country and
# organisation that appear nowhere else.
MARKERS = [LEAK, "hlm-3", "Draftonly Republic", "Draft Only Body", "draft-only-body", "Third HLM"]
# And a published record's version that is not published: its address (its title carries
# LEAK). Not its language's name: every page's interface switch offers Tiếng Việt.
MARKERS += ["hlm-1/vi"]

URLS = [
    "/resolutions/",
    "/resolutions/?format=csv",
    "/resolutions/?party_country=JP",
    "/resolutions/?series=hlm&sort=date",
    "/resolutions/?text=guidebook",
    "/actions/",
    "/actions/?format=csv",
    "/actions/?overdue=1",
    "/actions/?overdue=1&format=csv",
    "/actions/?owner_country=JP",
    "/actions/?text=guidebook",
    "/search/?q=DRAFTLEAK",
    "/search/?q=guidebook",
    "/search/?q=guidebook&kind=action",
    "/overview/",
    "/overview/?series=hlm",
    "/meetings/hlm-2/",
    "/",
]


HIDDEN = {
    "draft": {"status": Meeting.Status.DRAFT},
    "in review": {"status": Meeting.Status.IN_REVIEW},
    "withdrawn": {"status": Meeting.Status.WITHDRAWN, "withdrawal_reason": f"{LEAK} reason"},
    "restricted": {"status": Meeting.Status.PUBLISHED, "visibility": Meeting.Visibility.RESTRICTED},
}


@pytest.fixture(params=HIDDEN.values(), ids=HIDDEN.keys())
def records(request, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    records = build_records()
    records.public_attachment = attach(
        records.hlm1, "a.png", PNG_BYTES, title="Annex of the first meeting"
    )
    records.attachment = attach(records.draft, "a.png", PNG_BYTES, title=f"{LEAK} annex")
    Meeting.objects.filter(pk=records.draft.pk).update(published_at=timezone.now(), **request.param)
    # Published versions of the hidden record (once published) and of a public one.
    versions.record_version(meeting=records.draft)
    versions.record_version(meeting=records.draft, note=f"{LEAK} note")
    versions.record_version(meeting=records.hlm1)
    # Language versions: a published Thai one of a public record, a draft Vietnamese one of
    # it, and a published Thai one of the hidden record.
    language_version(records.hlm1, "th", title="บันทึกสรุปการประชุมครั้งที่ 1")
    language_version(records.hlm1, "vi", title=f"{LEAK} Biên bản", status=Meeting.Status.DRAFT)
    language_version(records.draft, "th", title=f"{LEAK} บันทึกสรุป")
    return records


def language_version(meeting, language, *, title, status=Meeting.Status.PUBLISHED):
    version = LanguageVersion.objects.create(
        meeting=meeting,
        language=language,
        title=title,
        status=status,
        published_at=timezone.now() if status == Meeting.Status.PUBLISHED else None,
    )
    for paragraph in meeting.paragraphs.all():
        VersionParagraph.objects.create(
            language_version=version, number=paragraph.number, text=f"{title} ¶{paragraph.number}"
        )
    return version


def anonymous_text(client, url, expected_status=200):
    response = client.get(url)
    assert response.status_code == expected_status, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type") == "application/pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    text = body.decode("utf-8-sig", errors="replace")  # an attached image is bytes
    # Pages and errors repeat what was asked for ("hlm-3 is not one of the available
    # choices"); only the rest must be clean.
    # The sign-in link of each page leads back to it (``?next=`` the address asked for).
    text = text.replace(f"?next={quote(url, safe='/')}", "")
    # So do the links of the language switch (``&next=`` the address, encoded).
    text = text.replace(f"&amp;{urlencode({'next': url})}", "")
    for values in parse_qs(urlsplit(url).query).values():
        for asked in values:
            text = text.replace(f'value="{asked}"', "").replace(asked, "")
    return text


@pytest.mark.parametrize("url", URLS)
def test_unpublished_record_appears_nowhere(client, records, url):
    text = anonymous_text(client, url)
    for marker in MARKERS:
        assert marker not in text, marker


# The crawl: every public URL pattern, each with the addresses that exercise it and the
# status an anonymous visitor gets. The hidden record is ``hlm-3``; its resolution and action
# are ``{resolution}`` and ``{action}``, a published one's ``{public_resolution}`` and
# ``{public_action}``.
CRAWL = {
    "": ["/"],
    "healthz": ["/healthz"],
    "language/": [
        ("/language/?language=th&next=/meetings/hlm-1/", 302),
        ("/language/?language=vi&next=/meetings/hlm-3/", 302),
    ],
    "meetings/": ["/meetings/", "/meetings/?page=1"],
    "meetings/<slug:slug>/": ["/meetings/hlm-1/", "/meetings/hlm-2/", ("/meetings/hlm-3/", 404)],
    "meetings/<slug:slug>/akn.xml": ["/meetings/hlm-1/akn.xml", ("/meetings/hlm-3/akn.xml", 404)],
    "meetings/<slug:slug>/record.pdf": [
        "/meetings/hlm-1/record.pdf",
        ("/meetings/hlm-3/record.pdf", 404),
    ],
    "meetings/<slug:slug>/<language:language>/": [
        "/meetings/hlm-1/th/",
        ("/meetings/hlm-1/en/", 302),
        ("/meetings/hlm-1/vi/", 404),
        ("/meetings/hlm-1/fr/", 404),
        ("/meetings/hlm-3/th/", 404),
    ],
    "meetings/<slug:slug>/<language:language>/akn.xml": [
        "/meetings/hlm-1/th/akn.xml",
        ("/meetings/hlm-1/vi/akn.xml", 404),
        ("/meetings/hlm-3/th/akn.xml", 404),
    ],
    "meetings/<slug:slug>/<language:language>/record.pdf": [
        "/meetings/hlm-1/th/record.pdf",
        ("/meetings/hlm-1/vi/record.pdf", 404),
        ("/meetings/hlm-3/th/record.pdf", 404),
    ],
    "meetings/<slug:slug>/attachments/<int:pk>/": [
        "/meetings/hlm-1/attachments/{public_attachment}/",
        ("/meetings/hlm-3/attachments/{attachment}/", 404),
        ("/meetings/hlm-1/attachments/{attachment}/", 404),
    ],
    "meetings/<slug:slug>/versions/": [
        "/meetings/hlm-1/versions/",
        ("/meetings/hlm-3/versions/", 404),
    ],
    "meetings/<slug:slug>/versions/<int:number>/": [
        "/meetings/hlm-1/versions/1/",
        ("/meetings/hlm-3/versions/1/", 404),
        ("/meetings/hlm-3/versions/2/", 404),
    ],
    "meetings/<slug:slug>/versions/<int:number>/changes/": [
        ("/meetings/hlm-1/versions/1/changes/", 404),
        ("/meetings/hlm-3/versions/2/changes/", 404),
    ],
    "resolutions/": URLS[:5] + ["/resolutions/?meeting=hlm-1", "/resolutions/?verb=agreed"],
    "actions/": URLS[5:11]
    + [
        "/actions/?meeting=hlm-1",
        "/actions/?sort=due",
        "/actions/?carried_over=1",
        "/actions/?carried_over=1&format=csv",
    ],
    "resolutions/choices/<slug:field>/": [
        "/resolutions/choices/meeting/?q=hlm",
        "/resolutions/choices/meeting/?q=third",
        "/resolutions/choices/party_country/?q=r",
        "/resolutions/choices/party_organisation/?q=body",
        ("/resolutions/choices/verb/?q=a", 404),
    ],
    "actions/choices/<slug:field>/": [
        "/actions/choices/meeting/?q=hlm",
        "/actions/choices/owner_country/?q=r",
        "/actions/choices/owner_organisation/?q=body",
    ],
    "search/": URLS[11:14] + ["/search/?q=guidebook&kind=paragraph", "/search/?q=clause"],
    "overview/": ["/overview/", "/overview/?series=hlm"],
    "feeds/records.atom": ["/feeds/records.atom"],
    "feeds/series/<slug:slug>.atom": [
        "/feeds/series/hlm.atom",
        "/feeds/series/som.atom",
        ("/feeds/series/no-such-series.atom", 404),
    ],
    "calendars/meetings.ics": ["/calendars/meetings.ics"],
    "calendars/series/<slug:slug>.ics": [
        "/calendars/series/hlm.ics",
        ("/calendars/series/no-such-series.ics", 404),
    ],
    "subscribe/": ["/subscribe/", "/subscribe/?series=hlm", "/subscribe/?series=hlm-3"],
    "subscribe/confirm/<str:token>/": [("/subscribe/confirm/not-a-token/", 400)],
    "unsubscribe/<str:token>/": [("/unsubscribe/not-a-token/", 400)],
    "unsubscribe/<str:token>/language/": [("/unsubscribe/not-a-token/language/", 400)],
    "sitemap.xml": ["/sitemap.xml"],
    "api/": ["/api/"],
    "api/<drf_format_suffix:format>": ["/api/.json"],
    "api/schema/": ["/api/schema/"],
    "api/docs/": ["/api/docs/"],
    "api/^meetings/$": ["/api/meetings/", "/api/meetings/?series=hlm", "/api/meetings/?year=2022"],
    "api/^meetings\\.(?P<format>[a-z0-9]+)/?$": ["/api/meetings.json"],
    "api/^meetings/(?P<slug>[-a-zA-Z0-9_]+)/$": [
        "/api/meetings/hlm-1/",
        ("/api/meetings/hlm-3/", 404),
    ],
    "api/^meetings/(?P<slug>[-a-zA-Z0-9_]+)\\.(?P<format>[a-z0-9]+)/?$": [
        "/api/meetings/hlm-1.json",
        ("/api/meetings/hlm-3.json", 404),
    ],
    "api/^resolutions/$": [
        "/api/resolutions/",
        "/api/resolutions/?text=guidebook",
        "/api/resolutions/?party_country=JP",
        ("/api/resolutions/?meeting=hlm-3", 400),
    ],
    "api/^resolutions\\.(?P<format>[a-z0-9]+)/?$": ["/api/resolutions.json"],
    "api/^resolutions/(?P<pk>[0-9]+)/$": [
        "/api/resolutions/{public_resolution}/",
        ("/api/resolutions/{resolution}/", 404),
    ],
    "api/^resolutions/(?P<pk>[0-9]+)\\.(?P<format>[a-z0-9]+)/?$": [
        ("/api/resolutions/{resolution}.json", 404)
    ],
    "api/^actions/$": ["/api/actions/", "/api/actions/?overdue=1", "/api/actions/?text=guidebook"],
    "api/^actions\\.(?P<format>[a-z0-9]+)/?$": ["/api/actions.json"],
    "api/^actions/(?P<pk>[0-9]+)/$": [
        "/api/actions/{public_action}/",
        ("/api/actions/{action}/", 404),
    ],
    "api/^actions/(?P<pk>[0-9]+)\\.(?P<format>[a-z0-9]+)/?$": [("/api/actions/{action}.json", 404)],
    "api/^series/$": ["/api/series/"],
    "api/^series\\.(?P<format>[a-z0-9]+)/?$": ["/api/series.json"],
    "api/^series/(?P<slug>[-a-zA-Z0-9_]+)/$": ["/api/series/hlm/"],
    "api/^series/(?P<slug>[-a-zA-Z0-9_]+)\\.(?P<format>[a-z0-9]+)/?$": ["/api/series/hlm.json"],
    "api/^countries/$": ["/api/countries/"],
    "api/^countries\\.(?P<format>[a-z0-9]+)/?$": ["/api/countries.json"],
    "api/^countries/(?P<code>[A-Za-z]{2})/$": ["/api/countries/JP/", ("/api/countries/ZZ/", 404)],
    "api/^countries/(?P<code>[A-Za-z]{2})\\.(?P<format>[a-z0-9]+)/?$": [
        ("/api/countries/ZZ.json", 404)
    ],
    "api/^organisations/$": ["/api/organisations/"],
    "api/^organisations\\.(?P<format>[a-z0-9]+)/?$": ["/api/organisations.json"],
    "api/^organisations/(?P<slug>[-a-zA-Z0-9_]+)/$": [
        "/api/organisations/asean/",
        ("/api/organisations/draft-only-body/", 404),
    ],
    "api/^organisations/(?P<slug>[-a-zA-Z0-9_]+)\\.(?P<format>[a-z0-9]+)/?$": [
        ("/api/organisations/draft-only-body.json", 404)
    ],
    # Accounts (docs/accounts.md): what an anonymous visitor gets from each, with the hidden
    # record as where they were going.
    "accounts/login/": ["/accounts/login/", "/accounts/login/?next=/meetings/hlm-3/"],
    "accounts/logout/": [("/accounts/logout/", 302)],
    "accounts/inactive/": ["/accounts/inactive/"],
    "accounts/signup/": ["/accounts/signup/"],
    "accounts/profile/": [("/accounts/profile/", 302)],
    "accounts/reauthenticate/": [("/accounts/reauthenticate/", 302)],
    "accounts/reauthenticate/code/": [("/accounts/reauthenticate/code/", 302)],
    "accounts/reauthenticate/code/confirm/": [("/accounts/reauthenticate/code/confirm/", 302)],
    "accounts/email/": [("/accounts/email/", 302)],
    "accounts/confirm-email/": ["/accounts/confirm-email/"],
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": ["/accounts/confirm-email/not-a-key/"],
    "accounts/password/change/": [("/accounts/password/change/", 302)],
    "accounts/password/set/": [("/accounts/password/set/", 302)],
    "accounts/password/reset/": ["/accounts/password/reset/"],
    "accounts/password/reset/done/": ["/accounts/password/reset/done/"],
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": [
        "/accounts/password/reset/key/1-not-a-key/"
    ],
    "accounts/password/reset/key/done/": ["/accounts/password/reset/key/done/"],
    "accounts/login/code/confirm/": [("/accounts/login/code/confirm/", 302)],
    "accounts/2fa/": [("/accounts/2fa/", 302)],
    "accounts/2fa/authenticate/": [("/accounts/2fa/authenticate/", 302)],
    "accounts/2fa/reauthenticate/": [("/accounts/2fa/reauthenticate/", 302)],
    "accounts/2fa/recovery-codes/": [("/accounts/2fa/recovery-codes/", 302)],
    "accounts/2fa/recovery-codes/download/": [("/accounts/2fa/recovery-codes/download/", 302)],
    "accounts/2fa/recovery-codes/generate/": [("/accounts/2fa/recovery-codes/generate/", 302)],
    "accounts/2fa/totp/activate/": [("/accounts/2fa/totp/activate/", 302)],
    "accounts/2fa/totp/deactivate/": [("/accounts/2fa/totp/deactivate/", 302)],
    "accounts/3rdparty/": [("/accounts/3rdparty/", 302)],
    "accounts/3rdparty/login/cancelled/": ["/accounts/3rdparty/login/cancelled/"],
    "accounts/3rdparty/login/error/": [("/accounts/3rdparty/login/error/", 401)],
    "accounts/3rdparty/signup/": [("/accounts/3rdparty/signup/", 302)],
    "accounts/social/connections/": [("/accounts/social/connections/", 301)],
    "accounts/social/login/cancelled/": [("/accounts/social/login/cancelled/", 301)],
    "accounts/social/login/error/": [("/accounts/social/login/error/", 301)],
    "accounts/social/signup/": [("/accounts/social/signup/", 301)],
    "accounts/oidc/^(?P<provider_id>[^/]+)/login/": [
        ("/accounts/oidc/no-such-provider/login/", 404)
    ],
    "accounts/oidc/^(?P<provider_id>[^/]+)/login/callback/": [
        ("/accounts/oidc/no-such-provider/login/callback/", 404)
    ],
}


def public_routes(patterns=None, prefix=""):
    """Every URL pattern of the site but the admin's, as its full route."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith("admin/"):
            continue
        if isinstance(pattern, URLResolver):
            yield from public_routes(pattern.url_patterns, route)
        else:
            yield route


def test_every_public_url_pattern_is_crawled():
    """A new page, export or endpoint must join the crawl below (add it to ``CRAWL``)."""
    assert sorted(set(public_routes())) == sorted(CRAWL)


def crawl(records):
    ids = {
        "resolution": records.draft_resolution.pk,
        "action": records.draft_action.pk,
        "public_resolution": records.cooperation.pk,
        "public_action": records.portal.pk,
        "attachment": records.attachment.pk,
        "public_attachment": records.public_attachment.pk,
    }
    for addresses in CRAWL.values():
        for address in addresses:
            url, status = address if isinstance(address, tuple) else (address, 200)
            yield url.format(**ids), status


def test_crawl_of_every_public_url_finds_nothing_of_the_hidden_record(client, records):
    markers = [*MARKERS, f"/api/resolutions/{records.draft_resolution.pk}/"]
    for url, status in crawl(records):
        text = anonymous_text(client, url, status)
        for marker in markers:
            assert marker not in text, (url, marker)


def test_crawl_sees_the_public_records(client, records):
    """The crawl is no vacuous pass: the same addresses show what is public."""
    assert "Publish the Smart City Planning Guidebook." in anonymous_text(client, "/actions/")
    assert "hlm-2" in anonymous_text(client, "/sitemap.xml")
    assert "Annex of the first meeting" in anonymous_text(client, "/meetings/hlm-1/")
    version = records.hlm1.published_versions.get()
    assert version.sha256 in anonymous_text(client, "/meetings/hlm-1/versions/1/")
    assert "hlm-2" in anonymous_text(client, "/feeds/records.atom")
    assert "hlm-2" in anonymous_text(client, "/feeds/series/hlm.atom")
    assert "/meetings/hlm-2/" in anonymous_text(client, "/calendars/series/hlm.ics")
    assert "urban transport" in anonymous_text(client, "/api/resolutions/")
    assert "Publish the Smart City Planning Guidebook." in anonymous_text(
        client, "/meetings/hlm-2/"
    )
    thai = "บันทึกสรุปการประชุมครั้งที่ 1"
    assert thai in anonymous_text(client, "/meetings/hlm-1/th/")
    assert "/meetings/hlm-1/th/" in anonymous_text(client, "/meetings/hlm-1/")
    assert "/meetings/hlm-1/th/" in anonymous_text(client, "/sitemap.xml")
    assert "/meetings/hlm-1/th/" in anonymous_text(client, "/feeds/records.atom")
    assert thai in anonymous_text(client, "/api/meetings/hlm-1/")


def test_lists_count_only_published_rows(client, records):
    assert client.get("/resolutions/").context["paginator"].count == 4
    assert client.get("/resolutions/?verb=agreed").context["paginator"].count == 2
    assert client.get("/actions/").context["paginator"].count == 4


def test_overdue_count_leaves_out_unpublished_actions(client, records):
    # The unpublished action is long past its deadline and still open.
    assert client.get("/actions/?overdue=1").context["paginator"].count == 1
    assert client.get("/overview/").context["overdue_count"] == 1


def test_search_counts_only_published_rows(client, records):
    assert client.get("/search/?q=DRAFTLEAK").context["paginator"].count == 0


def test_overview_chart_and_table_leave_out_unpublished_meetings(client, records):
    response = client.get("/overview/")
    assert [row.meeting.slug for row in response.context["rows"]] == ["som-1", "hlm-2", "hlm-1"]
    hlm = [row for row in response.context["series_rows"] if row.short_name == "HLM"]
    assert [row.total.count for row in hlm] == [3]  # not the draft meeting's action
    assert "DRAFTLEAK" not in response.content.decode()


def test_overview_verb_counts_leave_out_unpublished_resolutions(client, records):
    response = client.get("/overview/")
    totals = sum(row.decisions.count for row in response.context["rows"])
    assert totals == 4
    assert response.context["figures"]["decisions"].count == 4
    assert sum(row.total.count for row in response.context["years"]) == 4


def test_filter_choices_leave_out_what_only_unpublished_records_name(client, records):
    form = client.get("/resolutions/").context["filter"].form
    assert "hlm-3" not in [m.slug for m in form.fields["meeting"].queryset]
    assert "ZZ" not in [c.code for c in form.fields["party_country"].queryset]
    assert "draft-only-body" not in [o.slug for o in form.fields["party_organisation"].queryset]
    form = client.get("/actions/").context["filter"].form
    assert "ZZ" not in [c.code for c in form.fields["owner_country"].queryset]
    assert "draft-only-body" not in [o.slug for o in form.fields["owner_organisation"].queryset]


# --- Language versions: an unpublished version of a PUBLISHED record -----------------------
#
# A record's version in another language reaches the public only once it is itself published
# (``LanguageVersion.objects.published()``). The crawl above, with such a version of the
# published ``hlm-2`` present, finds none of its words: every address of ``CRAWL``, the
# versions' own (``/meetings/<slug>/<language>/``) as they join it.

VERSION_LEAK = "VERSIONLEAK"


@pytest.mark.parametrize("records", [HIDDEN["draft"]], indirect=True, ids=["draft record"])
@pytest.mark.parametrize(
    "version_status",
    [Meeting.Status.DRAFT, Meeting.Status.IN_REVIEW, Meeting.Status.WITHDRAWN],
)
def test_crawl_finds_nothing_of_an_unpublished_version_of_a_published_record(
    client, records, version_status
):
    hidden = LanguageVersionFactory(
        meeting=records.hlm2,
        language="ja",
        title=f"{VERSION_LEAK} 第2回会合 議事要旨",
        status=version_status,
        published_at=timezone.now() if version_status == Meeting.Status.WITHDRAWN else None,
        paragraphs=False,
    )
    for number in records.hlm2.paragraphs.values_list("number", flat=True):
        VersionParagraphFactory(
            language_version=hidden, number=number, text=f"{VERSION_LEAK} 第{number}項。"
        )
    public = records.hlm1.language_versions.get(language="th")  # published (``records``)
    assert public.paragraph_numbers_problem() == ""
    extra = [
        ("/search/?q=VERSIONLEAK", 200),
        ("/meetings/hlm-2/ja/", 404),
        ("/api/meetings/hlm-2/", 200),
    ]
    for url, status in [*crawl(records), *extra]:
        text = anonymous_text(client, url, status)
        assert VERSION_LEAK not in text, url
