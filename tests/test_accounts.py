"""Signing in (docs/accounts.md): by username or email address, from a link on every page;
out again; a forgotten password reset by email; no sign-up; staff land in the admin and
delegates where they were going; a restricted record's address tells an anonymous visitor no
more than a missing one does, and offers the sign-in."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.test import Client

from records import roles
from records.models import Meeting
from tests.factories import MeetingFactory, ParagraphFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long role passphrase"
SECRET = "RESTRICTEDWORDS"


@pytest.fixture
def delegate(user_in_role):
    user = user_in_role(roles.DELEGATE, username="delegate")
    user.email = "delegate@mofa.example"
    user.first_name, user.last_name = "Maria", "Santos"
    user.save()
    return user


@pytest.fixture
def restricted():
    meeting = MeetingFactory(
        visibility=Meeting.Visibility.RESTRICTED, title=f"{SECRET} record", slug="restricted-1"
    )
    ParagraphFactory(meeting=meeting, number=1, text=f"The {SECRET} were agreed.")
    return meeting


def sign_in(client, login, password=PASSWORD, next_url=None, **extra):
    url = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": login, "password": password}, **extra)


def test_every_page_links_to_the_sign_in_and_back(client, restricted):
    response = client.get("/meetings/?page=1")
    assert b'<a href="/accounts/login/?next=/meetings/%3Fpage%3D1">Sign in</a>' in response.content


def test_a_delegate_signs_in_by_username_and_lands_where_they_were_going(
    client, delegate, restricted
):
    response = sign_in(client, "delegate", next_url="/meetings/restricted-1/")
    assert response.status_code == 302
    assert response["Location"] == "/meetings/restricted-1/"
    page = client.get("/meetings/restricted-1/")
    assert SECRET.encode() in page.content
    assert b"Signed in as" in page.content and b"Maria Santos" in page.content


def test_a_delegate_signs_in_by_email_address_in_any_case(client, delegate):
    response = sign_in(client, "Delegate@MOFA.example")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(delegate.pk)


def test_staff_land_in_the_admin(client, user_in_role):
    user_in_role(roles.EDITOR, username="editor")
    response = sign_in(client, "editor")
    assert response["Location"] == "/admin/"


def test_a_wrong_password_says_so_and_signs_nobody_in(client, delegate):
    response = sign_in(client, "delegate", "not the password")
    assert response.status_code == 200
    assert b"The username and/or password you specified are not correct." in response.content
    assert "_auth_user_id" not in client.session


def test_a_sign_in_to_another_site_is_refused(client, delegate):
    response = sign_in(client, "delegate", next_url="https://evil.example/")
    assert response["Location"] == "/"


def test_sign_out_ends_the_session_and_says_so_to_that_visitor_only(client, delegate):
    client.force_login(delegate)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session
    assert b"You have signed out." in client.get("/").content
    assert b"You have signed out." not in Client().get("/").content


def test_the_profile_page_shows_the_account_and_its_roles(client, delegate):
    assert client.get("/accounts/profile/")["Location"].startswith("/accounts/login/")
    client.force_login(delegate)
    response = client.get("/accounts/profile/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "delegate@mofa.example" in html
    assert roles.DELEGATE in html


def test_nobody_can_sign_up(client):
    page = client.get("/accounts/signup/")
    assert b"Sign Up Closed" in page.content
    client.post(
        "/accounts/signup/",
        {
            "username": "intruder",
            "email": "intruder@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert not User.objects.filter(username="intruder").exists()
    assert b"/accounts/signup/" not in client.get("/accounts/login/").content


def test_a_forgotten_password_is_reset_by_email(client, delegate, mail_server):
    response = client.post("/accounts/password/reset/", {"email": "delegate@mofa.example"})
    assert response.status_code == 302
    [message] = mail_server.received
    assert message.recipients == ["delegate@mofa.example"]
    assert message.subject == "ASEAN Meetings: Password Reset Email"
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", message.text)[1]
    form = client.get(link, follow=True)
    assert form.status_code == 200
    new_password = "a new and longer passphrase"
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    delegate.refresh_from_db()
    assert delegate.check_password(new_password)
    assert client.session["_auth_user_id"] == str(delegate.pk)  # signed in at once


def test_a_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, mail_server):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    assert mail_server.received == []


def test_the_admin_login_is_the_sites_sign_in(client, user_in_role, delegate):
    response = client.get("/admin/")
    assert response["Location"] == "/admin/login/?next=/admin/"
    response = client.get(response["Location"])
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    client.force_login(delegate)
    assert client.get("/admin/login/?next=/admin/").status_code == 403


def test_a_restricted_record_answers_an_anonymous_visitor_as_a_missing_one_does(client, restricted):
    """Slugs are guessable: a page that said "restricted" only for existing records would
    tell anyone which exist. Both answer 404 with the same page, which offers the sign-in."""
    restricted_page = client.get("/meetings/restricted-1/")
    missing_page = client.get("/meetings/restricted-2/")
    assert restricted_page.status_code == missing_page.status_code == 404
    assert restricted_page.content.replace(b"restricted-1", b"restricted-2") == (
        missing_page.content
    )
    assert SECRET.encode() not in restricted_page.content
    assert (
        b'<a href="/accounts/login/?next=/meetings/restricted-1/">sign in</a> to read them'
        in restricted_page.content
    )


def test_a_signed_in_reader_without_the_role_is_told_so(client, restricted):
    client.force_login(User.objects.create_user("reader", password=PASSWORD))
    response = client.get("/meetings/restricted-1/")
    assert response.status_code == 404
    assert b"your account does not give access to them" in response.content


def test_sign_ins_and_failures_send_djangos_signals(client, delegate):
    """The audit trail records them from these signals (``user_logged_in``,
    ``user_login_failed``)."""
    seen = []

    def logged_in(sender, request, user, **kwargs):
        seen.append(("in", user.username))

    def failed(sender, credentials, request=None, **kwargs):
        seen.append(("failed", credentials.get("username") or credentials.get("email")))

    user_logged_in.connect(logged_in)
    user_login_failed.connect(failed)
    try:
        sign_in(client, "delegate@mofa.example", "wrong")
        sign_in(client, "delegate")
    finally:
        user_logged_in.disconnect(logged_in)
        user_login_failed.disconnect(failed)
    assert ("failed", "delegate@mofa.example") in seen
    assert seen[-1] == ("in", "delegate")


def test_the_sign_in_page_asks_the_database_only_for_the_providers(
    client, django_assert_num_queries
):
    """Providers come from settings and from allauth's table of them (one query)."""
    with django_assert_num_queries(1):
        assert client.get("/accounts/login/").status_code == 200


def test_the_account_page_costs_the_same_for_any_number_of_roles(
    client, delegate, django_assert_num_queries
):
    """The session, the user, their roles in one query, whether two-factor is on."""
    client.force_login(delegate)
    with django_assert_num_queries(4):
        client.get("/accounts/profile/")
    delegate.groups.add(*Group.objects.exclude(name=roles.DELEGATE))
    with django_assert_num_queries(4):
        response = client.get("/accounts/profile/")
    assert roles.AUDITOR in response.content.decode()
