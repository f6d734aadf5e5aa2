"""The Content Security Policy holds in a real browser: Chromium reports no violation on the
public pages or in the admin, as an officer logs in, edits a record with the admin's widgets
(autocomplete, calendar, inline rows), and as someone who guesses passwords is locked out."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tests.pages import PUBLIC_PAGES

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long editor passphrase"


def test_public_pages_raise_no_policy_violation(page, public_pages, violations):
    for path in PUBLIC_PAGES.values():
        page.goto(path)
        expect(page.locator("h1").first).to_be_visible()
    assert violations == []


def test_the_admin_works_under_the_policy(page, seed, violations):
    User.objects.create_superuser("editor", password=PASSWORD)
    page.goto("/admin/")
    page.get_by_label("Username or email address").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", name="Summary records")).to_be_visible()

    page.get_by_role("link", name="Meetings", exact=True).first.click()
    page.get_by_role("link", name="Add meeting").click()
    # The autocomplete (Select2, loading its options from the server) ...
    page.locator("#id_series + .select2").click()
    page.locator(".select2-container--open .select2-search--dropdown input").fill("SCN")
    page.locator(".select2-results__option", has_text="ASEAN-Japan SCN HLM").click()
    expect(page.locator("#id_series + .select2")).to_contain_text("ASEAN-Japan SCN HLM")
    # ... the calendar, and another inline row.
    page.locator("#calendarlink0").click()
    expect(page.locator("#calendarbox0")).to_be_visible()
    page.get_by_role("link", name="Today").first.click()
    page.get_by_role("button", name="Add another Paragraph").click()
    expect(page.locator("#id_paragraphs-0-text")).to_be_visible()

    page.goto("/admin/records/meeting/import/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert violations == []


def test_the_lockout_page_raises_no_policy_violation(page, violations):
    for _ in range(5):
        page.goto("/admin/login/")
        page.get_by_label("Username or email address").fill("someone")
        page.get_by_label("Password").fill("a guess")
        page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text("from here is locked for 30 minutes")).to_be_visible()
    assert violations == []
