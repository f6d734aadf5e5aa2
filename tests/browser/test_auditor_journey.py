"""An auditor filters the resolutions of a meeting, narrows them by verb, downloads them as
CSV, and opens the follow-up actions that are overdue."""

import csv
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

THIRD_HLM = "Third ASEAN-Japan SCN HLM, 18–19 October 2021"


def test_auditor_filters_resolutions_downloads_them_and_opens_overdue_actions(
    page, seed, screenshot
):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Decisions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decisions")

    filters = page.get_by_role("form", name="Filter")
    meeting = filters.get_by_label("Meeting", exact=True)
    # Typing suggests the published meetings that match (static/js/suggest.js); choosing
    # one puts its slug in the input, as the browser does when an option is picked.
    meeting.press_sequentially("third japan")
    suggestion = page.locator("#id_meeting-options option", has_text=THIRD_HLM)
    expect(suggestion).to_have_count(1)
    meeting.fill(suggestion.get_attribute("value"))
    filters.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"[?&]meeting=asean-japan-scn-hlm-3\b"))
    expect(page.locator(".count")).to_contain_text("6 resolutions match")
    expect(page.locator(".active-filters")).to_contain_text(f"Meeting: {THIRD_HLM}")

    filters.get_by_label("Operative verb").select_option(["resolved", "welcomed"])
    filters.get_by_role("button", name="Filter").click()
    expect(page.locator(".count")).to_contain_text("2 resolutions match")
    results = page.locator(".results-list > li")
    expect(results).to_have_count(2)
    expect(results.nth(0)).to_contain_text("ASEAN and Japan resolved to continue enhancing")
    expect(results.nth(1)).to_contain_text("ASEAN and Japan welcomed the development")
    # The filters survive the page load: the form shows what is applied.
    expect(meeting).to_have_value("asean-japan-scn-hlm-3")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download all 2 as CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    with open(download.value.path(), encoding="utf-8-sig", newline="") as exported:
        rows = list(csv.DictReader(exported))
    assert [(row["meeting"], row["paragraph"], row["verb"]) for row in rows] == [
        ("asean-japan-scn-hlm-3", "2", "resolved"),
        ("asean-japan-scn-hlm-3", "2", "welcomed"),
    ]

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Actions").click()
    filters = page.get_by_role("form", name="Filter")
    filters.get_by_label("Overdue only").check()
    filters.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"[?&]overdue=1\b"))
    overdue = page.locator(".results-list > li")
    expect(overdue).to_have_count(3)
    for action in overdue.all():
        expect(action.get_by_text("Overdue", exact=True)).to_be_visible()
    expect(overdue).to_contain_text(
        [
            "Continue the business matching session",  # due 29 October 2021
            "Formulate the ASEAN Smart City Planning Guidebook jointly.",  # end of 2021
            "Establish the website channel",  # February 2022
        ]
    )
    expect(page.get_by_text("Hold the next ASEAN-Japan Smart Cities Network")).to_have_count(0)
    screenshot(page, "auditor-journey")
