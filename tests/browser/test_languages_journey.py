"""A reader switches the site to each of its languages with the switch in the header, reads
the site's navigation in it, stays on the page they were reading, and finds the record's own
words as written; axe finds nothing to fault on the pages in any language.

The expected words are the catalogue's own (Django's gettext in that language), not copies.
"""

import re

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests.pages import PUBLIC_PAGES

pytestmark = pytest.mark.django_db(transaction=True)

NAVIGATION = ["Meetings", "Decisions", "Actions", "Search", "Overview"]
# A page of each kind the switch must keep, with its query.
PAGES = ["home", "record", "resolutions_filtered", "search_results", "not_found"]


def in_language(code, text):
    with translation.override(code):
        return gettext(text)


def test_the_reader_switches_to_each_language_and_reads_the_navigation_in_it(page, seed):
    start = PUBLIC_PAGES["resolutions_filtered"]
    page.goto(start)
    for code, name in settings.LANGUAGES:
        page.locator("nav.language-switch").get_by_role("link", name=name, exact=True).click()

        # The same page, its filters kept, now in that language.
        assert page.url.endswith(start)
        expect(page.locator("html")).to_have_attribute("lang", code)
        navigation = page.get_by_role("navigation", name=in_language(code, "Main"))
        expect(navigation.get_by_role("link")).to_have_text(
            [in_language(code, text) for text in NAVIGATION]
        )
        expect(page.locator("nav.language-switch")).to_have_attribute(
            "aria-label", in_language(code, "Language")
        )
        expect(
            page.locator("nav.language-switch").get_by_role("link", name=name, exact=True)
        ).to_have_attribute("aria-current", "true")
        # The record's words stay as written: the operative verbs the filter chose.
        expect(page.locator("strong.verb").first).to_have_text(re.compile("^(resolved|welcomed)$"))


def test_the_chosen_language_stays_from_page_to_page(page, seed):
    page.goto("/")
    page.locator("nav.language-switch").get_by_role("link", name="ไทย", exact=True).click()
    page.get_by_role("link", name=in_language("th", "Meetings"), exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(in_language("th", "Meetings"))
    expect(page.locator("html")).to_have_attribute("lang", "th")


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_axe_finds_no_wcag_21_aa_violations_in_each_language(
    page, seed, axe_violations, screenshot, code
):
    page.goto("/")
    page.locator("nav.language-switch").get_by_role(
        "link", name=dict(settings.LANGUAGES)[code], exact=True
    ).click()
    found = {}
    for page_type in PAGES:
        page.goto(PUBLIC_PAGES[page_type])
        expect(page.locator("html")).to_have_attribute("lang", code)
        found[page_type] = axe_violations(page)
        screenshot(page, f"languages/{code}-{page_type}")
    assert found == {page_type: [] for page_type in PAGES}
