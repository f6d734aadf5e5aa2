"""Notices to followers in each reader's language, through a real SMTP server: a subscription
keeps the language of the page it was asked from, its reader changes it on the page the
unsubscribe link opens, and each notice of a publication or correction is written in it
(words and dates), the record's own words as adopted. Subscribers from before a language
was kept, or in one the site no longer has, read the site's.

The expected words are the catalogue's, read with ``gettext`` in the language concerned, so
that a reviewer's correction of a translation does not break a test.
"""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext
from pytest_django.asserts import assertInHTML

from records import display, mail, services
from records.models import Subscription
from tests.audit_data import FOURTH_HLM_TITLE, build_records, fourth_hlm_in_review
from tests.factories import SubscriptionFactory

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
THAI = "somchai@example.org"
ENGLISH = "reader@example.org"
TITLE = FOURTH_HLM_TITLE


@pytest.fixture
def records():
    return build_records()


@pytest.fixture
def in_review(records):
    return fourth_hlm_in_review(records)


def in_language(language: str, message: str, **values) -> str:
    with translation.override(language):
        return gettext(message) % values


def subject(received) -> str:
    """The subject as a mail program shows it: a subject not in ASCII is folded onto the
    header's next line, which Python's parser reads with the fold's leading space."""
    return received.subject.strip()


def path_of(url: str) -> str:
    assert url.startswith(SITE), url
    return url.removeprefix(SITE)


def publish(meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_publish(meeting=meeting, user=None)
    meeting.refresh_from_db()


def correct(meeting, note, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_correct(meeting=meeting, note=note, user=None)


def language_page(client, subscription):
    """The page the notices' unsubscribe link opens, and the address its language form
    posts to with its CSRF token."""
    path = path_of(mail.unsubscribe_url(subscription=subscription))
    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    [action] = re.findall(r'<form method="post" action="([^"]+/language/)">', html)
    [token] = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return html, action, token


def test_a_thai_and_an_english_follower_each_read_the_same_notice_in_their_language(
    mail_server, records, in_review, django_capture_on_commit_callbacks
):
    SubscriptionFactory(email=THAI, language="th")
    SubscriptionFactory(email=ENGLISH)

    publish(in_review, django_capture_on_commit_callbacks)

    [thai] = mail_server.to(THAI)
    [english] = mail_server.to(ENGLISH)
    with translation.override("th"):
        thai_day = display.long_date(in_review.published_at)
    english_day = display.long_date(in_review.published_at)
    assert thai_day != english_day  # the month is named in Thai
    published = "A summary record of %(series)s was published on %(when)s:"
    thai_line = in_language("th", published, series="High Level Meeting", when=thai_day)
    english_line = in_language("en-gb", published, series="High Level Meeting", when=english_day)
    assert thai_line != english_line
    assert subject(thai) == in_language("th", "Published: %(title)s", title=TITLE)
    assert english.subject == f"Published: {TITLE}"
    assert thai_line in thai.text
    assert english_line in english.text
    assert english_line not in thai.text
    for notice in (thai, english):
        assert TITLE in notice.text.splitlines()  # the record's title as adopted, in both
        assert f'<a href="{SITE}/meetings/hlm-4/">{TITLE}</a>' in notice.html
    assert thai.message["Content-Language"] == "th"
    assert english.message["Content-Language"] == "en-gb"


def test_the_subscription_keeps_the_language_of_the_page_it_was_asked_from(
    client, mail_server, records
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "th"
    response = client.post("/subscribe/", {"email": THAI, "series": "hlm"})
    assert response.status_code == 200
    assert Subscription.objects.get(email=THAI).language == "th"
    [confirmation] = mail_server.to(THAI)
    assert subject(confirmation) == in_language(
        "th", "Confirm: follow %(followed)s", followed="High Level Meeting"
    )
    assert confirmation.message["Content-Language"] == "th"


def test_a_follower_changes_the_language_on_the_page_their_unsubscribe_link_opens(
    mail_server, records, django_capture_on_commit_callbacks
):
    everything = SubscriptionFactory(email=ENGLISH)
    SubscriptionFactory(email=ENGLISH, series=records.hlm)
    client = Client(enforce_csrf_checks=True)
    html, action, token = language_page(client, everything)
    assertInHTML('<option value="en-gb" lang="en-gb" selected>English</option>', html)
    assertInHTML('<option value="th" lang="th">ไทย</option>', html)

    response = client.post(action, {"csrfmiddlewaretoken": token, "language": "vi"})

    assert response.status_code == 200
    assert f"Messages to {ENGLISH} are now written in Tiếng Việt." in response.content.decode()
    # Every subscription of the address: one message each time, in one language.
    assert set(Subscription.objects.values_list("language", flat=True)) == {"vi"}
    correct(records.hlm2, "Paragraph 2 named the wrong body.", django_capture_on_commit_callbacks)
    [notice] = mail_server.to(ENGLISH)
    title = records.hlm2.title
    assert subject(notice) == in_language("vi", "Corrected: %(title)s", title=title)
    assert notice.message["Content-Language"] == "vi"
    assert "Paragraph 2 named the wrong body." in notice.text  # the note, as written


def test_changing_the_language_needs_the_pages_csrf_token(records):
    subscription = SubscriptionFactory(email=ENGLISH)
    client = Client(enforce_csrf_checks=True)
    _, action, _ = language_page(client, subscription)
    assert client.post(action, {"language": "th"}).status_code == 403
    subscription.refresh_from_db()
    assert subscription.language == "en-gb"


@pytest.mark.parametrize("code", ["xx", "", "TH", "th-th", "\x00", "th" * 5_000, "' OR 1=1 --"])
def test_a_language_the_site_does_not_have_is_a_form_error(records, code):
    subscription = SubscriptionFactory(email=ENGLISH, language="th")
    client = Client(enforce_csrf_checks=True)
    _, action, token = language_page(client, subscription)
    response = client.post(action, {"csrfmiddlewaretoken": token, "language": code})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please correct this and send again" in html
    assert "Select a valid choice." in html or "This field is required." in html
    subscription.refresh_from_db()
    assert subscription.language == "th"


@pytest.mark.parametrize("token", ["nonsense", "a" * 2000, "%00"])
def test_changing_the_language_through_a_link_we_did_not_make_is_a_400(client, records, token):
    response = client.post(f"/unsubscribe/{token}/language/", {"language": "th"})
    assert response.status_code == 400
    assert "This link is not one we sent" in response.content.decode()


def test_changing_the_language_of_an_ended_subscription_is_a_404(client, records):
    subscription = SubscriptionFactory(email=ENGLISH)
    path = path_of(mail.unsubscribe_url(subscription=subscription))
    subscription.delete()
    response = client.post(f"{path}language/", {"language": "th"})
    assert response.status_code == 404
    assert "no longer subscribed" in response.content.decode()


def test_the_reminders_link_offers_no_language(client, records):
    """A focal point's language is kept by the secretariat, in the admin."""
    path = path_of(mail.unsubscribe_url(address="focal@example.org"))
    assert "csrfmiddlewaretoken" not in client.get(path).content.decode()
    assert client.post(f"{path}language/", {"language": "th"}).status_code == 404


def test_a_follower_in_a_language_the_site_no_longer_has_reads_the_sites(
    mail_server, records, in_review, django_capture_on_commit_callbacks
):
    SubscriptionFactory(email=ENGLISH, language="km")
    publish(in_review, django_capture_on_commit_callbacks)
    [notice] = mail_server.to(ENGLISH)
    assert notice.subject == f"Published: {TITLE}"
    assert notice.message["Content-Language"] == settings.LANGUAGE_CODE


@pytest.mark.django_db(transaction=True)
def test_followers_and_focal_points_from_before_read_the_sites_language():
    before = [("records", "0023_list_order_indexes_postgresql_only")]
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(before)
        old = executor.loader.project_state(before).apps
        old.get_model("records", "Subscription").objects.create(
            email=ENGLISH, requested_at=timezone.now(), confirmed_at=timezone.now()
        )
        organisation = old.get_model("records", "Organisation").objects.create(
            slug="asean", name="Association of Southeast Asian Nations"
        )
        old.get_model("records", "FocalPoint").objects.create(
            name="Ms. Siti Rahmah", email="siti@example.org", organisation=organisation
        )
        executor.loader.build_graph()
        executor.migrate([("records", "0024_notice_language")])
        new = executor.loader.project_state([("records", "0024_notice_language")]).apps
        [subscriber] = new.get_model("records", "Subscription").objects.values_list(
            "language", flat=True
        )
        [focal_point] = new.get_model("records", "FocalPoint").objects.values_list(
            "language", flat=True
        )
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert subscriber == focal_point == settings.LANGUAGE_CODE
