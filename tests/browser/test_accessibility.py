"""WCAG 2.1 A and AA by axe-core on every public page type, on a desktop and a 360-px screen,
and what axe cannot judge: reflow at 360 px, keyboard use, visible focus.

Headings, ``lang`` and form labels are checked on the served HTML in ``test_page_structure``.
"""

import pytest
from playwright.sync_api import expect

from tests.pages import DESKTOP, LINKED_PAGE_TYPES, PHONE, PUBLIC_PAGES, linked_page_examples

pytestmark = pytest.mark.django_db(transaction=True)

SCREENS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.mark.parametrize("page_type", PUBLIC_PAGES)
def test_axe_finds_no_wcag_21_aa_violations_on_desktop_or_phone(
    page, public_pages, axe_violations, screenshot, page_type
):
    found = {}
    for screen, size in SCREENS.items():
        page.set_viewport_size(size)
        page.goto(public_pages[page_type])
        found[screen] = axe_violations(page)
        screenshot(page, f"pages/{page_type}-{screen}")
    assert found == {"desktop": [], "phone": []}


@pytest.mark.parametrize("page_type", LINKED_PAGE_TYPES)
def test_axe_finds_no_violations_on_the_pages_our_emails_link_to(
    page, live_server, axe_violations, page_type
):
    path = linked_page_examples()[page_type]
    found = {}
    for screen, size in SCREENS.items():
        page.set_viewport_size(size)
        assert page.goto(path).status == 200
        found[screen] = axe_violations(page)
    assert found == {"desktop": [], "phone": []}


def test_axe_check_reports_a_violation(page, axe_violations):
    page.set_content('<html><head><title>x</title></head><body><img src="x.png"></body></html>')
    violations = axe_violations(page)
    assert any(v.startswith("html-has-lang") for v in violations)
    assert any(v.startswith("image-alt") for v in violations)


@pytest.mark.parametrize("page_type", PUBLIC_PAGES)
def test_page_fits_a_360px_screen_without_sideways_scrolling(page, public_pages, page_type):
    page.set_viewport_size(PHONE)
    page.goto(public_pages[page_type])
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_first_tab_shows_the_skip_link_and_it_moves_focus_to_the_content(page, seed):
    page.goto(PUBLIC_PAGES["record"])
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).not_to_be_in_viewport()

    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    # The next stop is in the content, not the site's header.
    expect(page.get_by_role("navigation", name="Breadcrumb").get_by_role("link")).to_be_focused()


def test_keyboard_focus_is_visible_on_links(page, seed):
    page.goto(PUBLIC_PAGES["home"])
    link = page.get_by_role("link", name="All meetings by series and year")
    unfocused = link.screenshot()
    styles = "e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).boxShadow]"
    before = link.evaluate(styles)

    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, as :focus-visible needs
    expect(link).to_be_focused()

    assert link.evaluate(styles) != before
    assert link.screenshot() != unfocused


def test_keyboard_focus_is_visible_in_the_dark_site_header(page, seed):
    page.goto(PUBLIC_PAGES["home"])
    link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Meetings")
    background = "e => getComputedStyle(e).backgroundColor"
    assert link.evaluate(background) == "rgba(0, 0, 0, 0)"

    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # site name
    page.keyboard.press("Tab")
    expect(link).to_be_focused()
    # The focus colour, light yellow, stands out on the dark blue header.
    assert link.evaluate(background) == "rgb(255, 208, 40)"


def test_keyboard_focus_is_visible_on_filter_controls(page, seed):
    page.goto(PUBLIC_PAGES["resolutions"])
    year = page.get_by_role("form", name="Filter").get_by_label("Year")
    outline = "e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth"
    assert year.evaluate(outline).startswith("none")

    page.get_by_role("form", name="Filter").get_by_label("Series").focus()
    page.keyboard.press("Tab")
    expect(year).to_be_focused()
    assert year.evaluate(outline) == "solid 3px"


def test_on_a_phone_people_can_pass_the_filters_to_the_results(page, seed):
    page.set_viewport_size(PHONE)
    page.goto(PUBLIC_PAGES["resolutions"])
    results = page.locator(".results-list")
    expect(results).not_to_be_in_viewport()

    page.get_by_role("link", name="Skip the filters to the results").click()
    expect(results).to_be_in_viewport()


def test_on_a_desktop_the_results_stand_beside_the_filters_without_a_skip_link(page, seed):
    page.goto(PUBLIC_PAGES["resolutions"])
    expect(page.locator(".results-list")).to_be_in_viewport()
    expect(page.get_by_role("link", name="Skip the filters to the results")).to_be_hidden()
