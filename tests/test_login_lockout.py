"""The sign-in against guessing (the site's, which the admin's login leads to): 5 failures for
one account from one address lock that pair out (django-axes), with a page that says what
happened; other accounts and addresses are not locked; tries during the lockout do not extend
it, and a password reset by email lifts it; failures and lockouts are logged."""

import datetime
import logging
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
ATTACKER = "203.0.113.9"


@pytest.fixture
def officer():
    return User.objects.create_user("officer", password=PASSWORD, is_staff=True)


def log_in(client, username, password, address=ATTACKER, **headers):
    return client.post(
        reverse("account_login") + "?next=/admin/",
        {"login": username, "password": password},
        REMOTE_ADDR=address,
        headers=headers,
    )


def fail_five_times(client, username="officer", address=ATTACKER, **headers):
    return [log_in(client, username, "guess", address, **headers) for _ in range(5)]


def test_four_failures_still_show_the_login_form(client, officer):
    for _ in range(4):
        response = log_in(client, "officer", "guess")
        assert response.status_code == 200
        assert b"The username and/or password you specified are not correct" in response.content
    assert log_in(client, "officer", PASSWORD).status_code == 302


def test_the_fifth_failure_locks_out_with_a_clear_message(client, officer):
    *_, fifth = fail_five_times(client)
    assert fifth.status_code == 429
    html = fifth.content.decode()
    assert "Too many failed sign-ins" in html
    assert "There have been 5 failed sign-ins for “officer” from your address" in html
    assert "Try again after 30 minutes" in html
    assert 'href="/accounts/password/reset/">reset your password by email</a>' in html


def test_a_locked_out_user_cannot_log_in_even_with_the_right_password(client, officer):
    fail_five_times(client)
    response = log_in(client, "officer", PASSWORD)
    assert response.status_code == 429
    assert b"Too many failed sign-ins" in response.content
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # to the login page


def test_another_user_from_the_same_address_is_not_locked_out(client, officer):
    User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    fail_five_times(client)
    response = log_in(client, "editor", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_the_same_user_from_another_address_is_not_locked_out(client, officer):
    fail_five_times(client)
    response = log_in(client, "officer", PASSWORD, address="198.51.100.20")
    assert response.status_code == 302


def test_failures_and_the_lockout_are_logged(client, officer, caplog):
    with caplog.at_level(logging.INFO, logger="axes"):
        fail_five_times(client)
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("axes")]
    failures = [m for m in messages if "login failure by" in m]
    assert len(failures) == 5
    assert all('username: "officer"' in m and ATTACKER in m for m in failures)
    [lockout] = [m for m in messages if "Locking out" in m]
    assert 'username: "officer"' in lockout
    assert ATTACKER in lockout
    assert all(r.levelno == logging.WARNING for r in caplog.records if "Locking out" in r.msg)
    assert "guess" not in caplog.text  # the password tried


@override_settings(NUM_PROXIES=1)
def test_behind_a_proxy_the_lockout_counts_the_address_the_proxy_saw(client, officer):
    """With one proxy in front (NUM_PROXIES, as the API's rates use it), every request comes
    from the proxy's address; the client's is the last in X-Forwarded-For."""
    proxy = "10.0.0.2"
    fail_five_times(client, address=proxy, x_forwarded_for=ATTACKER)
    locked = log_in(client, "officer", PASSWORD, proxy, x_forwarded_for=f"192.0.2.1, {ATTACKER}")
    assert locked.status_code == 429
    other = log_in(client, "officer", PASSWORD, proxy, x_forwarded_for="198.51.100.20")
    assert other.status_code == 302


def test_without_a_proxy_x_forwarded_for_cannot_dodge_the_lockout(client, officer):
    fail_five_times(client)
    response = log_in(client, "officer", PASSWORD, x_forwarded_for="198.51.100.20")
    assert response.status_code == 429


def test_the_username_and_the_email_address_count_as_one_account(client, officer):
    officer.email = "officer@asean.example"
    officer.save()
    for login in [
        "officer",
        "OFFICER@asean.example",
        "officer",
        "Officer",
        "officer@asean.example",
    ]:
        log_in(client, login, "guess")
    assert log_in(client, "officer", PASSWORD).status_code == 429
    assert log_in(client, "officer@asean.example", PASSWORD).status_code == 429


def test_tries_during_the_lockout_do_not_extend_it(client, officer):
    """Someone behind the same address (a shared NAT) who keeps trying cannot keep the
    account locked for ever: the 30 minutes run from the fifth failure."""
    fail_five_times(client)
    [attempt] = AccessAttempt.objects.all()
    locked_at = attempt.attempt_time
    assert log_in(client, "officer", "guess").status_code == 429
    attempt.refresh_from_db()
    assert (attempt.attempt_time, attempt.failures_since_start) == (locked_at, 5)
    AccessAttempt.objects.update(attempt_time=locked_at - datetime.timedelta(minutes=31))
    assert log_in(client, "officer", PASSWORD).status_code == 302


def test_a_password_reset_by_email_signs_in_and_lifts_the_lockout(client, officer, mail_server):
    officer.email = "officer@asean.example"
    officer.save()
    fail_five_times(client)
    client.post("/accounts/password/reset/", {"email": "officer@asean.example"})
    [message] = mail_server.received
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", message.text)[1]
    form = client.get(link, REMOTE_ADDR=ATTACKER, follow=True)
    new_password = "a new and longer passphrase"
    response = client.post(
        form.redirect_chain[-1][0],
        {"password1": new_password, "password2": new_password},
        REMOTE_ADDR=ATTACKER,
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer.pk)
    assert not AccessAttempt.objects.exists()
    client.logout()
    assert log_in(client, "officer", new_password).status_code == 302
