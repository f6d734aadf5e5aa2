"""The admin login against guessing: 5 failures for one username from one address lock that
pair out (django-axes), with a page that says what happened; other users and addresses are
not locked; failures and lockouts are logged."""

import logging

import pytest
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
        reverse("admin:login") + "?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        headers=headers,
    )


def fail_five_times(client, username="officer", address=ATTACKER, **headers):
    return [log_in(client, username, "guess", address, **headers) for _ in range(5)]


def test_four_failures_still_show_the_login_form(client, officer):
    for _ in range(4):
        response = log_in(client, "officer", "guess")
        assert response.status_code == 200
        assert b"Please enter the correct username and password" in response.content
    assert log_in(client, "officer", PASSWORD).status_code == 302


def test_the_fifth_failure_locks_out_with_a_clear_message(client, officer):
    *_, fifth = fail_five_times(client)
    assert fifth.status_code == 429
    html = fifth.content.decode()
    assert "Too many failed logins" in html
    assert "There have been 5 failed logins for the username “officer”" in html
    assert "Try again after 30 minutes" in html
    assert "ask a site administrator" in html


def test_a_locked_out_user_cannot_log_in_even_with_the_right_password(client, officer):
    fail_five_times(client)
    response = log_in(client, "officer", PASSWORD)
    assert response.status_code == 429
    assert b"Too many failed logins" in response.content
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
