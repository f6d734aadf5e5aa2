"""A member-state reader finds the Third HLM from the home page, reads paragraph 3 by its
anchor, follows a decision to the paragraph that records it, and searches for a phrase."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

THIRD_HLM = "Summary Record of the Third ASEAN-Japan Smart Cities Network High Level Meeting"
HIGHLIGHT = "rgb(255, 244, 201)"  # the background of the paragraph a link points at


def test_reader_finds_the_third_hlm_follows_a_decision_and_searches_a_phrase(
    page, seed, screenshot
):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Latest summary records")
    page.get_by_role("link", name=THIRD_HLM).click()

    expect(page).to_have_title(re.compile(f"^{THIRD_HLM}"))
    expect(page.get_by_role("heading", level=1)).to_have_text(THIRD_HLM)
    facts = page.get_by_role("complementary", name="About this meeting")
    expect(facts).to_contain_text("18–19 October 2021")
    expect(facts).to_contain_text("Mr. ISHIDA Masaru")

    # Paragraph 3, by the anchor a colleague sent: it is on screen and marked.
    page.goto(f"{page.url}#p3")
    paragraph_3 = page.locator("#p3")
    expect(paragraph_3).to_be_in_viewport()
    expect(paragraph_3).to_have_css("background-color", HIGHLIGHT)
    expect(paragraph_3).to_contain_text("3. Japan reported the status of progress of “Smart JAMP,”")

    # A decision listed beside the record leads to the paragraph that records it.
    decisions = page.get_by_role("region", name="Decisions")
    decision = decisions.get_by_role("listitem").filter(has_text="recognised")
    expect(decision).to_contain_text("ASEAN Member States and Japan recognised the importance")
    decision.get_by_role("link", name="Paragraph 4").click()

    expect(page).to_have_url(re.compile(r"#p4$"))
    paragraph_4 = page.locator("#p4")
    expect(paragraph_4).to_be_in_viewport()
    expect(paragraph_4).to_have_css("background-color", HIGHLIGHT)
    expect(paragraph_4).to_contain_text(
        "ASEAN Member States and Japan recognised the importance of these three points"
    )
    expect(paragraph_3).not_to_have_css("background-color", HIGHLIGHT)

    # A phrase remembered from the record leads back to the paragraph that holds it.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    page.get_by_role("searchbox", name="Search the records").fill('"business matching session"')
    page.get_by_role("searchbox", name="Search the records").press("Enter")
    hit = page.locator(".search-results > li").filter(has_text="Paragraph")
    expect(hit).to_have_count(1)
    expect(hit.locator("mark").first).to_have_text(re.compile("business", re.IGNORECASE))
    hit.get_by_role("link", name=f"{THIRD_HLM}, ¶5").click()

    expect(page).to_have_url(re.compile(r"/meetings/asean-japan-scn-hlm-3/#p5$"))
    paragraph_5 = page.locator("#p5")
    expect(paragraph_5).to_be_in_viewport()
    expect(paragraph_5).to_have_css("background-color", HIGHLIGHT)
    expect(paragraph_5).to_contain_text("at the business matching session")
    screenshot(page, "reader-journey")
