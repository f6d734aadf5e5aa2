"""An auditor, in the admin, reads a record they cannot change, finds in its history who
corrected a paragraph and what it said before, and exports the meetings, drafts included."""

import csv

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from records import roles
from records.models import Meeting
from records.seed import THIRD_HLM_SLUG
from tests.factories import MeetingFactory
from tests.helpers import change_form_data

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long auditor passphrase"
CORRECTED = "The Meeting was held in Aichi, Japan, and online, on 18 and 19 October 2021."


def correct_first_paragraph(publisher, meeting):
    """The publisher corrects paragraph 1 on its admin page, as a browser would post it."""
    client = Client()
    client.force_login(publisher)
    paragraph = meeting.paragraphs.get(number=1)
    url = reverse("admin:records_paragraph_change", args=[paragraph.pk])
    data = {
        **change_form_data(client.get(url)),
        "text": CORRECTED,
        "correction_note": "Paragraph 1 now names both days.",
    }
    assert client.post(url, data).status_code == 302
    return paragraph.text


def test_auditor_reads_a_records_history_and_exports_drafts_too(
    page, seed, user_in_role, screenshot
):
    meeting = Meeting.objects.get(slug=THIRD_HLM_SLUG)
    publisher = user_in_role(roles.PUBLISHER, username="publisher")
    user_in_role(roles.AUDITOR, username="auditor", password=PASSWORD)
    adopted_text = correct_first_paragraph(publisher, meeting)
    MeetingFactory(draft=True, series=meeting.series, sequence_number=9, title="Ninth draft")

    page.goto("/admin/")
    page.get_by_label("Username or email address").fill("auditor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", name="Summary records")).to_be_visible()
    expect(page.get_by_role("link", name="Add", exact=True)).to_have_count(0)

    page.goto(reverse("admin:records_meeting_change", args=[meeting.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("View meeting")
    expect(page.get_by_role("button", name="Save")).to_have_count(0)
    expect(page.locator("form").get_by_text("Paragraph 1 now names both days.")).to_be_visible()

    page.get_by_role("link", name="History").click()
    # Loading the record wrote its first history; the correction is the one change since.
    change = page.locator("#change-history tbody tr", has_text="Paragraph: ").filter(
        has_text="Paragraph 1 now names both days."
    )
    expect(change).to_have_count(1)
    expect(change.get_by_role("cell", name="publisher", exact=True)).to_be_visible()
    expect(change).to_contain_text("Changed")
    expect(change).to_contain_text("Correction note: Paragraph 1 now names both days.")
    # What the correction removed and added, word by word.
    expect(change.locator("del").first).to_be_visible()
    expect(change.locator("ins", has_text="Aichi,")).to_be_visible()
    assert f"{adopted_text} →" not in change.inner_text()  # not the two whole texts

    page.goto(reverse("admin:records_meeting_changelist"))
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option(label="Export the selected rows as CSV")
    with page.expect_download() as download:
        page.get_by_role("button", name="Go").click()
    with open(download.value.path(), encoding="utf-8-sig", newline="") as exported:
        rows = {row["slug"]: row["status"] for row in csv.DictReader(exported)}
    assert rows[THIRD_HLM_SLUG] == "published"
    assert "draft" in rows.values()

    page.goto(f"/meetings/{THIRD_HLM_SLUG}/")
    expect(page.get_by_text("Paragraph 1 now names both days.")).to_be_visible()
    screenshot(page, "auditor-admin-journey")
