"""A reader of the Third HLM switches to its Japanese version, reads it paragraph by paragraph
as published, is told it is a courtesy translation, and switches back to the original."""

import re

import pytest
from playwright.sync_api import expect

from records.seed import JAPANESE_SOURCE, language_version_text

pytestmark = pytest.mark.django_db(transaction=True)

THIRD_HLM = "Summary Record of the Third ASEAN-Japan Smart Cities Network High Level Meeting"


def test_reader_reads_the_japanese_version_through_the_language_switch(page, seed, screenshot):
    title, paragraphs = language_version_text(JAPANESE_SOURCE)
    page.goto("/meetings/asean-japan-scn-hlm-3/")
    expect(page.get_by_role("heading", level=1)).to_have_text(THIRD_HLM)

    switch = page.get_by_role("navigation", name="Languages of this record")
    expect(switch.get_by_role("link", name="English")).to_have_attribute("aria-current", "page")
    japanese = switch.get_by_role("link", name="日本語")
    expect(japanese).to_have_attribute("lang", "ja")
    japanese.click()

    expect(page).to_have_url(re.compile(r"/meetings/asean-japan-scn-hlm-3/ja/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    text = page.locator(".record-text")
    expect(text).to_have_attribute("lang", "ja")
    shown = text.locator("p.paragraph")
    expect(shown).to_have_count(len(paragraphs))
    for number, words in paragraphs.items():
        expect(page.locator(f"#p{number}")).to_have_text(f"{number}. {words}")
    notice = page.get_by_role("note")
    expect(notice).to_contain_text("a courtesy translation, not authoritative")
    expect(notice).to_contain_text("The original is the English text")
    expect(
        page.get_by_role("navigation", name="Languages of this record").get_by_role(
            "link", name="日本語"
        )
    ).to_have_attribute("aria-current", "page")
    screenshot(page)

    # A paragraph's decisions are the record's: they lead to its own text, in English.
    page.get_by_role("link", name="Paragraph 4 of the English text").click()
    expect(page).to_have_url(re.compile(r"/meetings/asean-japan-scn-hlm-3/#p4$"))
    expect(page.locator("#p4")).to_contain_text("recognised the importance of these three points")

    # The notice leads back to the original too.
    page.go_back()
    page.get_by_role("note").get_by_role("link", name="the English text").click()
    expect(page).to_have_url(re.compile(r"/meetings/asean-japan-scn-hlm-3/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(THIRD_HLM)
