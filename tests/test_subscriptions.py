"""Following records by email, end to end through a real SMTP server: subscribe, confirm,
a record is published or corrected, the follower hears once, unsubscribes in one click.
And what must not happen: restricted records told to the public, unconfirmed addresses
written to, bad links or addresses answered with a 500, the form used to flood an inbox."""

import datetime
import time

import pytest
from django.contrib.auth.models import Permission
from django.core import signing
from django.core.management import call_command
from django.utils import timezone

from records import mail, roles, services, subscriptions
from records.models import Meeting, RecordNotice, Subscription
from tests.audit_data import build_records, fourth_hlm_in_review
from tests.factories import MeetingFactory, MeetingSeriesFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
READER = "reader@example.org"


@pytest.fixture
def records():
    return build_records()


@pytest.fixture
def in_review(records):
    return fourth_hlm_in_review(records)


def path_of(url: str) -> str:
    assert url.startswith(SITE), url
    return url.removeprefix(SITE)


def confirm_link(mail) -> str:
    [line] = [line for line in mail.text.splitlines() if "/subscribe/confirm/" in line]
    return path_of(line.strip())


def publish(meeting, django_capture_on_commit_callbacks, **fields):
    Meeting.objects.filter(pk=meeting.pk).update(**fields)
    meeting.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_publish(meeting=meeting, user=None)


def correct(meeting, note, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_correct(meeting=meeting, note=note, user=None)


def test_subscribe_confirm_hear_of_a_publication_and_unsubscribe(
    client, mail_server, records, in_review, django_capture_on_commit_callbacks
):
    response = client.post("/subscribe/", {"email": "Reader@Example.org", "series": "hlm"})
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    [confirmation] = mail_server.to(READER)
    assert confirmation.subject == "Confirm: follow High Level Meeting"
    assert Subscription.objects.get(email=READER).confirmed_at is None

    confirmed = client.get(confirm_link(confirmation))
    assert confirmed.status_code == 200
    assert "You now follow High Level Meeting" in confirmed.content.decode()

    publish(in_review, django_capture_on_commit_callbacks)
    [_, notice] = mail_server.to(READER)
    assert notice.subject == "Published: Summary Record of the Fourth High Level Meeting"
    assert f"{SITE}/meetings/hlm-4/" in notice.text
    assert f'<a href="{SITE}/meetings/hlm-4/">' in notice.html
    assert "A summary record of High Level Meeting was published on" in notice.text

    unsubscribed = client.post(path_of(notice.unsubscribe_url))  # one click, from the mail program
    assert unsubscribed.status_code == 200
    assert not Subscription.objects.filter(email=READER).exists()  # the address is deleted
    correct(in_review, "Paragraph 1 read 2022 for 2023.", django_capture_on_commit_callbacks)
    assert len(mail_server.to(READER)) == 2


def test_a_correction_is_told_with_its_note(
    mail_server, records, django_capture_on_commit_callbacks
):
    SubscriptionFactory(email=READER)
    correct(
        records.hlm2, "Paragraph 2 named the wrong association.", django_capture_on_commit_callbacks
    )
    [notice] = mail_server.to(READER)
    assert notice.subject.startswith("Corrected: ")
    assert "Paragraph 2 named the wrong association." in notice.text
    assert f"{SITE}/meetings/hlm-2/" in notice.text


def test_a_restricted_record_is_told_to_no_one(
    mail_server, records, in_review, django_capture_on_commit_callbacks
):
    SubscriptionFactory(email=READER)
    SubscriptionFactory(email="hlm@example.org", series=records.hlm)
    publish(in_review, django_capture_on_commit_callbacks, visibility="restricted")
    correct(in_review, "A restricted correction.", django_capture_on_commit_callbacks)
    assert mail_server.received == []
    assert not RecordNotice.objects.exists()


def test_each_follower_hears_once_of_what_they_follow(
    mail_server, records, in_review, django_capture_on_commit_callbacks
):
    SubscriptionFactory(email="everything@example.org")
    SubscriptionFactory(email="hlm@example.org", series=records.hlm)
    SubscriptionFactory(email="som@example.org", series=records.som)
    SubscriptionFactory(email="both@example.org", series=records.hlm)
    SubscriptionFactory(email="both@example.org")
    SubscriptionFactory(email="pending@example.org", confirmed_at=None)

    publish(in_review, django_capture_on_commit_callbacks)

    assert mail_server.recipients == [
        "both@example.org",
        "everything@example.org",
        "hlm@example.org",
    ]
    # The one to "both" ends its subscription to the series it heard of.
    [both] = mail_server.to("both@example.org")
    token = path_of(both.unsubscribe_url).split("/")[2]
    payload = mail.read_unsubscribe_token(token)
    assert Subscription.objects.get(pk=payload["subscription"]).series == records.hlm


def test_an_address_that_confirmed_after_the_publication_does_not_hear_of_it(
    mail_server, records, in_review, django_capture_on_commit_callbacks
):
    SubscriptionFactory(email=READER, confirmed_at=timezone.now() + datetime.timedelta(hours=1))
    publish(in_review, django_capture_on_commit_callbacks)
    assert mail_server.received == []


def test_a_publication_while_the_mail_server_is_down_is_told_later(
    mail_server, records, in_review, django_capture_on_commit_callbacks, caplog
):
    SubscriptionFactory(email=READER)
    mail_server.stop()

    publish(in_review, django_capture_on_commit_callbacks)

    in_review.refresh_from_db()
    assert in_review.status == Meeting.Status.PUBLISHED
    assert RecordNotice.objects.get().delivered_at is None
    assert "send_record_notices` will retry" in caplog.text
    mail_server.start()
    call_command("send_record_notices")
    assert len(mail_server.to(READER)) == 1
    assert RecordNotice.objects.get().delivered_at is not None
    call_command("send_record_notices")
    assert len(mail_server.to(READER)) == 1


def test_a_delivery_cut_short_goes_on_from_the_last_address(mail_server, records):
    for name in ["a", "b", "c"]:
        SubscriptionFactory(email=f"{name}@example.org")
    notice = RecordNotice.objects.create(
        meeting=records.hlm2, kind="published", delivered_through="b@example.org"
    )
    subscriptions.deliver_notices()
    assert mail_server.recipients == ["c@example.org"]
    notice.refresh_from_db()
    assert notice.delivered_through == "c@example.org"


def test_a_refused_follower_is_unsubscribed(mail_server, records):
    SubscriptionFactory(email=READER)
    SubscriptionFactory(email="other@example.org")
    mail_server.refuse.add(READER)
    RecordNotice.objects.create(meeting=records.hlm2, kind="published")
    assert subscriptions.deliver_notices() == {"sent": 1, "refused": 1}
    assert list(Subscription.objects.values_list("email", flat=True)) == ["other@example.org"]


def test_a_withdrawn_record_is_no_longer_told(mail_server, records):
    SubscriptionFactory(email=READER)
    RecordNotice.objects.create(meeting=records.hlm2, kind="published")
    Meeting.objects.filter(pk=records.hlm2.pk).update(status="withdrawn", withdrawal_reason="x")
    subscriptions.deliver_notices()
    assert mail_server.received == []


# The form and the links: bad input is a 4xx that says what is wrong.


def test_the_form_offers_the_series_with_public_records(client, records):
    MeetingFactory(series__name="Hidden Series", draft=True)
    response = client.get("/subscribe/?series=hlm")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<option value="hlm" selected>High Level Meeting</option>' in html
    assert "Hidden Series" not in html
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"email": "not an address"}, "Enter a valid email address."),
        ({"email": ""}, "This field is required."),
        ({"email": READER, "series": "hlm-3"}, "Select a valid choice."),
        ({"email": "x" * 300 + "@example.org"}, "Ensure this value has at most 254"),
    ],
)
def test_a_bad_address_or_series_is_a_form_error(client, mail_server, records, data, error):
    response = client.post("/subscribe/", data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert mail_server.received == []
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("value", ["\x00", "a\x00@example.org", "x" * 10_000, "' OR 1=1 --"])
def test_hostile_values_posted_are_form_errors(client, mail_server, records, value):
    response = client.post("/subscribe/", {"email": value, "series": value})
    assert response.status_code == 400
    assert "Please correct this and send again" in response.content.decode()
    assert mail_server.received == []


def test_an_address_the_mail_server_refuses_is_a_form_error_and_not_kept(
    client, mail_server, records
):
    mail_server.refuse.add(READER)
    response = client.post("/subscribe/", {"email": READER})
    assert response.status_code == 400
    assert "Our mail server refused this address (550 5.1.1 No such mailbox here)." in (
        response.content.decode()
    )
    assert not Subscription.objects.exists()


def test_a_mail_server_that_is_down_at_subscribing_keeps_nothing(client, mail_server, records):
    mail_server.stop()
    response = client.post("/subscribe/", {"email": READER})
    assert response.status_code == 503
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("path", ["/subscribe/confirm/{}/", "/unsubscribe/{}/"])
@pytest.mark.parametrize("token", ["nonsense", "a" * 2000, "eyJ9:1x:y", "%00"])
def test_a_link_we_did_not_make_is_a_400(client, records, path, token):
    response = client.get(path.format(token))
    assert response.status_code == 400
    assert "This link is not one we sent" in response.content.decode()
    assert client.post(path.format(token)).status_code in {400, 405}


def test_a_confirmation_link_expires_after_a_week(client, records):
    subscription = SubscriptionFactory(email=READER, confirmed_at=None)

    class EightDaysAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 8 * 24 * 60 * 60)

    token = EightDaysAgo(salt=subscriptions.CONFIRM_SALT).sign_object(subscription.pk)
    response = client.get(f"/subscribe/confirm/{token}/")
    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_a_confirmation_of_a_deleted_request_is_a_404(client, records):
    subscription = SubscriptionFactory(email=READER, confirmed_at=None)
    path = path_of(subscriptions.confirm_url(subscription))
    subscription.delete()
    assert client.get(path).status_code == 404


def test_unsubscribing_twice_says_it_is_done(client, records):
    subscription = SubscriptionFactory(email=READER)
    path = path_of(mail.unsubscribe_url(subscription=subscription))
    assert "Stop sending news of every summary record" in client.get(path).content.decode()
    assert client.post(path).status_code == 200
    again = client.post(path)
    assert again.status_code == 200
    assert "no longer subscribed" in again.content.decode()


# Guarding the form against abuse


def test_one_client_address_may_ask_ten_times_an_hour(client, mail_server, records):
    for number in range(subscriptions.REQUESTS_PER_HOUR):
        assert client.post("/subscribe/", {"email": f"r{number}@example.org"}).status_code == 200
    response = client.post("/subscribe/", {"email": "one-more@example.org"})
    assert response.status_code == 429
    assert "Try again in an hour" in response.content.decode()
    assert len(mail_server.received) == subscriptions.REQUESTS_PER_HOUR


def test_an_address_gets_at_most_three_confirmations_a_day(mail_server, records):
    for series in [None, records.hlm, records.som, *MeetingSeriesFactory.create_batch(2)]:
        subscriptions.request_subscription(email=READER, series=series)
    assert len(mail_server.to(READER)) == subscriptions.CONFIRMATIONS_PER_DAY
    assert Subscription.objects.count() == subscriptions.CONFIRMATIONS_PER_DAY


def test_asking_again_within_the_hour_sends_no_second_link(mail_server, records):
    subscriptions.request_subscription(email=READER, series=None)
    subscriptions.request_subscription(email=READER, series=None)
    assert len(mail_server.to(READER)) == 1
    later = timezone.now() + datetime.timedelta(hours=2)
    subscriptions.request_subscription(email=READER, series=None, now=later)
    assert len(mail_server.to(READER)) == 2


def test_the_form_says_the_same_of_an_address_already_following(client, mail_server, records):
    SubscriptionFactory(email=READER, series=records.hlm)
    response = client.post("/subscribe/", {"email": READER, "series": "hlm"})
    assert "Check your inbox" in response.content.decode()
    assert mail_server.received == []


def test_unconfirmed_addresses_are_deleted_after_a_week(records):
    old = SubscriptionFactory(
        confirmed_at=None, requested_at=timezone.now() - datetime.timedelta(days=8)
    )
    recent = SubscriptionFactory(confirmed_at=None)
    confirmed = SubscriptionFactory(requested_at=timezone.now() - datetime.timedelta(days=30))
    call_command("send_record_notices")
    assert set(Subscription.objects.all()) == {recent, confirmed}
    assert not Subscription.objects.filter(pk=old.pk).exists()


# Who sees the addresses


def test_subscribers_are_listed_only_to_staff_with_the_permission(
    client, records, user_in_role, django_user_model
):
    SubscriptionFactory(email=READER)
    client.force_login(user_in_role(roles.AUDITOR))
    assert client.get("/admin/records/subscription/").status_code == 403
    staff = django_user_model.objects.create_user("staff", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_subscription"))
    client.force_login(staff)
    response = client.get("/admin/records/subscription/")
    assert response.status_code == 200
    assert READER in response.content.decode()
