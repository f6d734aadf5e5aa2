"""Member-state delegates managed in the admin (records/delegates.py): a publisher invites one
by email, the invitation's link sets a password and signs them in, and a deactivated
delegate can sign in no more; editors may not manage delegates."""

import re

import pytest
from django.contrib.auth.models import User

from records import roles
from records.models import Delegate, Meeting
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long delegate passphrase"
INVITE = {"email": "M.Santos@DFA.example", "first_name": "Maria", "last_name": "Santos"}


@pytest.fixture
def publisher(client, user_in_role):
    client.force_login(user_in_role(roles.PUBLISHER))
    return client


def invitation_link(message) -> str:
    return re.search(r"http://127\.0\.0\.1:8000(/accounts/password/reset/key/\S+/)", message.text)[
        1
    ]


def test_a_publisher_invites_a_delegate_who_sets_a_password_and_reads_restricted_records(
    publisher, mail_server, django_capture_on_commit_callbacks
):
    MeetingFactory(visibility=Meeting.Visibility.RESTRICTED, slug="restricted-1")
    with django_capture_on_commit_callbacks(execute=True):
        response = publisher.post("/admin/records/delegate/add/", INVITE)
    assert response.status_code == 302
    delegate = Delegate.objects.get()
    assert (delegate.username, delegate.email, delegate.is_staff) == (
        "m.santos@dfa.example",
        "m.santos@dfa.example",
        False,
    )
    assert not delegate.has_usable_password()
    assert list(delegate.groups.values_list("name", flat=True)) == [roles.DELEGATE]
    [message] = mail_server.received
    assert message.recipients == ["m.santos@dfa.example"]
    assert message.subject == "Your account for the ASEAN meeting records"
    assert "Dear Maria Santos" in message.text

    publisher.logout()
    form = publisher.get(invitation_link(message), follow=True)
    response = publisher.post(
        form.redirect_chain[-1][0], {"password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    assert publisher.session["_auth_user_id"] == str(delegate.pk)
    assert publisher.get("/meetings/restricted-1/").status_code == 200


def test_an_address_that_has_an_account_is_not_invited_twice(publisher, mail_server):
    User.objects.create_user("someone", email="m.santos@dfa.example")
    response = publisher.post("/admin/records/delegate/add/", INVITE)
    assert response.status_code == 200
    assert "An account with this email address already exists." in response.content.decode()
    assert not Delegate.objects.exists()
    assert mail_server.received == []


def test_a_deactivated_delegate_can_no_longer_sign_in(publisher, user_in_role, client):
    delegate = user_in_role(roles.DELEGATE, username="delegate", password=PASSWORD)
    response = publisher.post(
        "/admin/records/delegate/",
        {"action": "deactivate", "_selected_action": [delegate.pk]},
    )
    assert response.status_code == 302
    delegate.refresh_from_db()
    assert not delegate.is_active
    publisher.logout()
    response = publisher.post("/accounts/login/", {"login": "delegate", "password": PASSWORD})
    assert "_auth_user_id" not in publisher.session
    assert response["Location"] == "/accounts/inactive/"


def test_the_invitation_is_sent_again_on_request(publisher, user_in_role, mail_server):
    delegate = user_in_role(roles.DELEGATE, username="delegate")
    delegate.email = "delegate@mofa.example"
    delegate.save()
    publisher.post(
        "/admin/records/delegate/",
        {"action": "send_invitation_again", "_selected_action": [delegate.pk]},
    )
    [message] = mail_server.received
    assert message.recipients == ["delegate@mofa.example"]
    assert invitation_link(message)


def test_the_list_shows_delegates_only(publisher, user_in_role):
    user_in_role(roles.DELEGATE, username="delegate")
    user_in_role(roles.EDITOR, username="editor")
    response = publisher.get("/admin/records/delegate/")
    assert [d.username for d in response.context["cl"].result_list] == ["delegate"]


def test_an_editor_may_not_manage_delegates(client, user_in_role):
    client.force_login(user_in_role(roles.EDITOR))
    assert client.get("/admin/records/delegate/").status_code == 403
    assert client.post("/admin/records/delegate/add/", INVITE).status_code == 403
    assert not Delegate.objects.exists()


def test_nobody_deletes_a_delegate(publisher, user_in_role):
    delegate = user_in_role(roles.DELEGATE, username="delegate")
    assert publisher.get(f"/admin/records/delegate/{delegate.pk}/delete/").status_code == 403
