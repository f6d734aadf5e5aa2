"""A delegate whose government runs its own identity provider signs in through it from the
sign-in page (a real OpenID Connect provider on a loopback port) and reads a restricted
record: the browser goes to the provider and back, as the Content Security Policy allows."""

import re

import pytest
from playwright.sync_api import expect

from records.models import Meeting
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Summary Record of the Restricted Senior Officials Meeting"


def test_a_delegate_signs_in_through_their_governments_provider(page, oidc_provider):
    meeting = MeetingFactory(visibility=Meeting.Visibility.RESTRICTED, title=TITLE)
    oidc_provider.signed_in = {
        "sub": "ph-0001",
        "preferred_username": "msantos",
        "email": "m.santos@dfa.example",
        "given_name": "Maria",
        "family_name": "Santos",
        "groups": ["asean-delegates"],
    }
    page.goto(f"/meetings/{meeting.slug}/")
    page.get_by_role("main").get_by_role("link", name="sign in").click()
    page.get_by_role("button", name="Government sign-in").click()

    expect(page).to_have_url(re.compile(f"/meetings/{meeting.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("banner")).to_contain_text("Signed in as Maria Santos")
