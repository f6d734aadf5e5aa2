"""A member-state delegate signs in from the public home page, reads a record restricted to
delegates, and signs out; a link to that record, followed before signing in, offers the
sign-in and leads back to it."""

import re

import pytest
from playwright.sync_api import expect

from records import roles
from records.models import Meeting
from tests.factories import MeetingFactory, ParagraphFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long delegate passphrase"
TITLE = "Summary Record of the Restricted Senior Officials Meeting"


@pytest.fixture
def restricted():
    meeting = MeetingFactory(
        visibility=Meeting.Visibility.RESTRICTED, title=TITLE, slug="restricted-som-1"
    )
    ParagraphFactory(meeting=meeting, number=1, text="The Meeting agreed the negotiating text.")
    return meeting


@pytest.fixture
def delegate(user_in_role):
    user = user_in_role(roles.DELEGATE, username="msantos", password=PASSWORD)
    user.first_name, user.last_name = "Maria", "Santos"
    user.email = "m.santos@dfa.example"
    user.save()
    return user


def sign_in(page, login):
    page.get_by_label("Username or email address").fill(login)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


def test_a_delegate_signs_in_from_the_home_page_and_reads_a_restricted_record(
    page, restricted, delegate
):
    page.goto("/")
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)
    page.get_by_role("banner").get_by_role("link", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    sign_in(page, "m.santos@dfa.example")

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("banner")).to_contain_text("Signed in as Maria Santos")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("#p1")).to_contain_text("The Meeting agreed the negotiating text.")

    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    page.goto(f"/meetings/{restricted.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")


def test_a_link_to_a_restricted_record_offers_the_sign_in_and_leads_back(
    page, restricted, delegate
):
    page.goto(f"/meetings/{restricted.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("main")).not_to_contain_text(TITLE)
    page.get_by_role("main").get_by_role("link", name="sign in").click()
    sign_in(page, "msantos")
    expect(page).to_have_url(re.compile(f"/meetings/{restricted.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
