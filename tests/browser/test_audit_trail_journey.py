"""An auditor finds, in the audit trail, a change someone made from the server's shell, and
downloads it as CSV; the trail and a record's history read on a 360-px screen without
sideways scrolling."""

import csv

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from records import roles
from records.models import Meeting
from records.seed import THIRD_HLM_SLUG
from tests.helpers import run_in_shell
from tests.pages import PHONE

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long auditor passphrase"
SHELL_TEXT = "The Meeting was held in Aichi Prefecture, Japan, on 18 and 19 October 2021."


def sign_in(page, username):
    page.goto("/admin/")
    page.get_by_label("Username or email address").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


@pytest.mark.postgresql  # the shell is another process: the database must be a server
def test_an_auditor_finds_a_change_made_in_the_shell_and_downloads_it(
    page, seed, user_in_role, screenshot
):
    meeting = Meeting.objects.get(slug=THIRD_HLM_SLUG)
    paragraph = meeting.paragraphs.get(number=1)
    run_in_shell(
        "from records.models import Paragraph; "
        f"p = Paragraph.objects.get(pk={paragraph.pk}); p.text = {SHELL_TEXT!r}; p.save()"
    )
    paragraph.refresh_from_db()  # the trail names the part as the change left it
    user_in_role(roles.AUDITOR, username="auditor", password=PASSWORD)
    sign_in(page, "auditor")

    page.get_by_role("link", name="Who changed what, and when").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit trail")
    page.get_by_label("Kind of part").select_option(label="Paragraph")
    page.get_by_label("Kind of change").select_option(label="Changed")
    page.get_by_role("button", name="Filter").click()

    entry = page.locator("li.audit-entry").first
    expect(entry.locator(".audit-who")).to_have_text("command / import")
    expect(entry).to_contain_text(f"Paragraph: {paragraph}")
    expect(entry.locator("ins").first).to_be_visible()
    expect(entry.locator("del").first).to_be_visible()
    screenshot(page, "audit-trail")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download these rows as CSV").click()
    with open(download.value.path(), encoding="utf-8-sig", newline="") as exported:
        rows = list(csv.DictReader(exported))
    assert [(row["who"], row["part"], row["change"]) for row in rows] == [
        ("command / import", str(paragraph), "Changed")
    ]
    assert rows[0]["what changed"].endswith(f"→ {SHELL_TEXT}")


@pytest.mark.parametrize("where", ["audit trail", "meeting history"])
def test_the_trail_and_a_history_fit_a_360px_screen(page, seed, user_in_role, where):
    meeting = Meeting.objects.get(slug=THIRD_HLM_SLUG)
    user_in_role(roles.AUDITOR, username="auditor", password=PASSWORD)
    sign_in(page, "auditor")
    page.set_viewport_size(PHONE)
    path = (
        "/admin/audit/"
        if where == "audit trail"
        else reverse("admin:records_meeting_history", args=[meeting.pk])
    )
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
