"""The structure keyboard and screen-reader users rely on, on every public page type:
the language, a skip link to the main content, one h1 and no skipped heading level, and a
label for every form control."""

import pytest
from pytest_django.asserts import assertContains

from tests.helpers import PageStructure
from tests.pages import FORM_PAGES, PUBLIC_PAGES

pytestmark = pytest.mark.django_db


def structure_of(client, path) -> PageStructure:
    return PageStructure(client.get(path).content.decode())


@pytest.mark.parametrize("page_type", PUBLIC_PAGES)
def test_page_says_it_is_in_british_english_unless_the_reader_chose_another_language(
    client, public_pages, page_type
):
    # The interface's language (docs/languages.md); tests/test_languages.py tries the others.
    assert structure_of(client, public_pages[page_type]).lang == "en-gb"


@pytest.mark.parametrize("page_type", PUBLIC_PAGES)
def test_page_opens_with_a_skip_link_to_its_one_main_region(client, public_pages, page_type):
    page = structure_of(client, public_pages[page_type])
    assert page.links[0] == "#main"
    assert page.main_ids == ["main"]


@pytest.mark.parametrize("page_type", PUBLIC_PAGES)
def test_headings_start_at_one_h1_and_never_skip_a_level(client, public_pages, page_type):
    levels = structure_of(client, public_pages[page_type]).headings
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels


@pytest.mark.parametrize("page_type", PUBLIC_PAGES)
def test_every_form_control_has_a_label(client, public_pages, page_type):
    assert structure_of(client, public_pages[page_type]).unlabelled_controls() == []


@pytest.mark.parametrize("page_type", FORM_PAGES)
def test_filter_and_search_forms_label_each_of_their_controls(client, public_pages, page_type):
    page = structure_of(client, public_pages[page_type])
    assert page.controls
    assert page.unlabelled_controls() == []


@pytest.mark.parametrize(
    ("page_type", "shown"),
    [
        ("record_with_matters_arising", '<h2 id="matters-arising">Matters arising</h2>'),
        ("record_with_matters_arising", "<h2>Chair</h2>"),
        ("resolutions_with_bad_filters", "Some filters could not be used"),
        ("resolutions_past_the_last_page", "Go to the first page"),
        ("search_results", 'rel="next"'),
        ("search_results_page_2", 'rel="prev"'),
        ("search_without_results", "Nothing in the published records matches"),
        ("language_version", '<div class="record-text" lang="ja" dir="ltr">'),
        ("language_version", "a courtesy translation, not authoritative"),
    ],
)
def test_page_examples_show_the_states_they_are_named_for(client, public_pages, page_type, shown):
    assert shown in client.get(public_pages[page_type]).content.decode()


def test_a_mistyped_date_is_not_put_back_into_the_date_picker(client, public_pages):
    page = structure_of(client, "/resolutions/?date_from=18-10-2021&date_to=2021-10-19")
    dates = {c["name"]: c.get("value") for c in page.controls if c.get("type") == "date"}
    assert dates == {"date_from": None, "date_to": "2021-10-19"}


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


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/meetings/", "Meetings"),
        ("/resolutions/", "Decisions"),
        ("/actions/", "Actions"),
        ("/search/", "Search"),
        ("/overview/", "Overview"),
    ],
)
def test_main_navigation_marks_the_page_people_are_on(client, path, current):
    assertContains(
        client.get(path), f'<a href="{path}" aria-current="page">{current}</a>', html=True
    )
    assert client.get(path).content.decode().count('aria-current="page"') == 1


def test_main_navigation_marks_no_page_on_a_record(client, seed):
    content = client.get(PUBLIC_PAGES["record"]).content.decode()
    main_navigation = content.split('aria-label="Main"')[1].split("</nav>")[0]
    assert '<li><a href="/meetings/">Meetings</a></li>' in main_navigation
    assert "aria-current" not in main_navigation


@pytest.mark.parametrize("page_type", ["home", "record", "resolutions", "api_docs"])
def test_footer_leads_to_the_open_data(client, public_pages, page_type):
    footer = client.get(public_pages[page_type]).content.decode().split('class="site-footer"')[1]
    assert 'href="/api/docs/"' in footer
    assert 'href="/feeds/records.atom"' in footer
