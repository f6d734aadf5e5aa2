"""The structure keyboard and screen-reader users rely on, on every public page type:
the language, a skip link to the main content, one h1 and no skipped heading level, and a
label for every form control."""

from html.parser import HTMLParser

import pytest
from pytest_django.asserts import assertContains

from tests.pages import FORM_PAGES, PUBLIC_PAGES

pytestmark = pytest.mark.django_db

CONTROLS = {"input", "select", "textarea"}
UNLABELLED_INPUT_TYPES = {"hidden", "submit", "reset", "button", "image"}


class PageStructure(HTMLParser):
    """What a served page says about its language, landmarks, headings and form controls."""

    def __init__(self, html: str):
        super().__init__()
        self.lang = None
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.main_ids: list[str | None] = []
        self.headings: list[int] = []
        self.label_targets: set[str] = set()
        self.controls: list[dict] = []
        self._open_labels = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        elif tag == "main":
            self.main_ids.append(attrs.get("id"))
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        elif tag == "label":
            self._open_labels += 1
            if attrs.get("for"):
                self.label_targets.add(attrs["for"])
        elif tag in CONTROLS and attrs.get("type") not in UNLABELLED_INPUT_TYPES:
            self.controls.append({**attrs, "tag": tag, "in_label": self._open_labels > 0})

    def handle_endtag(self, tag):
        if tag == "label":
            self._open_labels -= 1

    def unlabelled_controls(self) -> list[str]:
        return [
            control.get("name") or control.get("id") or control["tag"]
            for control in self.controls
            if not (
                control["in_label"]
                or control.get("id") in self.label_targets
                or control.get("aria-label")
                or control.get("aria-labelledby")
            )
        ]


def structure_of(client, path) -> PageStructure:
    return PageStructure(client.get(path).content.decode())


@pytest.mark.parametrize("page_type", PUBLIC_PAGES)
def test_page_says_it_is_in_english(client, seed, page_type):
    assert structure_of(client, PUBLIC_PAGES[page_type]).lang == "en"


@pytest.mark.parametrize("page_type", PUBLIC_PAGES)
def test_page_opens_with_a_skip_link_to_its_one_main_region(client, seed, page_type):
    page = structure_of(client, PUBLIC_PAGES[page_type])
    assert page.links[0] == "#main"
    assert page.main_ids == ["main"]


@pytest.mark.parametrize("page_type", PUBLIC_PAGES)
def test_headings_start_at_one_h1_and_never_skip_a_level(client, seed, page_type):
    levels = structure_of(client, PUBLIC_PAGES[page_type]).headings
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels


@pytest.mark.parametrize("page_type", PUBLIC_PAGES)
def test_every_form_control_has_a_label(client, seed, page_type):
    assert structure_of(client, PUBLIC_PAGES[page_type]).unlabelled_controls() == []


@pytest.mark.parametrize("page_type", FORM_PAGES)
def test_filter_and_search_forms_label_each_of_their_controls(client, seed, page_type):
    page = structure_of(client, PUBLIC_PAGES[page_type])
    assert page.controls
    assert page.unlabelled_controls() == []


def test_structure_check_finds_skipped_headings_and_unlabelled_controls():
    page = PageStructure(
        '<h1>A</h1><h3>B</h3><label for="q">Words</label><input id="q" name="q">'
        '<label>Year <select name="year"></select></label><input name="verb">'
        '<input type="hidden" name="page">'
    )
    assert page.headings == [1, 3]
    assert page.unlabelled_controls() == ["verb"]


def test_unknown_address_gets_the_sites_own_not_found_page(client):
    response = client.get(PUBLIC_PAGES["not_found"])
    assert response.status_code == 404
    page = PageStructure(response.content.decode())
    assert page.links[0] == "#main"
    assert "/meetings/" in page.links
    assertContains(response, "<h1>Page not found</h1>", status_code=404, html=True)
