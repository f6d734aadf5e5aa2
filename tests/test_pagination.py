"""One answer to ``?page=`` on every list, HTML page or API (``records/pagination.py``):
missing or empty is the first page, a page number that is not a whole number from 1 up is a
400 that says so, and a page past the end is a 404 that says how far the list goes."""

import pytest
from django.urls import URLPattern, get_resolver, reverse
from pytest_django.asserts import assertContains, assertNotContains

from records.pagination import NOT_A_PAGE_NUMBER, CappedCountPaginator

pytestmark = pytest.mark.django_db

# Every paginated page, with what one of its rows shows; /search/ lists only once asked.
HTML_LISTS = {
    "/meetings/": 'href="/meetings/hlm-1/"',
    "/resolutions/": "to continue cooperation on urban transport",
    "/actions/": "Launch the urban transport portal.",
    "/overview/": '<table class="counts by-meeting">',
    "/search/?q=guidebook": 'class="hit-title"',
}
API_LISTS = [
    "api:meeting-list",
    "api:resolution-list",
    "api:action-list",
    "api:series-list",
    "api:country-list",
    "api:organisation-list",
]
NOT_PAGE_NUMBERS = ["abc", "0", "-1", "1.5", "٣", "1e3", "last"]
PAST_THE_END = ["99999", "2", "9" * 5000]


def with_page(url, page):
    return f"{url}{'&' if '?' in url else '?'}page={page}"


def test_every_paginated_page_and_api_list_is_checked_here():
    routes = {}

    def collect(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                routes[prefix + str(pattern.pattern)] = pattern.callback
            else:
                collect(pattern.url_patterns, prefix + str(pattern.pattern))

    collect(get_resolver().url_patterns)
    pages = {
        "/" + route
        for route, view in routes.items()
        if getattr(getattr(view, "view_class", None), "paginate_by", None)
    }
    api_lists = {
        "/" + route.strip("^$").replace("/^", "/").rstrip("$")
        for route, view in routes.items()
        if getattr(view, "actions", {}).get("get") == "list" and "format" not in route
    }
    assert pages == {url.split("?")[0] for url in HTML_LISTS}
    assert api_lists == {reverse(name) for name in API_LISTS}


@pytest.mark.parametrize("page", NOT_PAGE_NUMBERS)
@pytest.mark.parametrize("url", HTML_LISTS)
def test_a_page_number_that_is_not_one_is_a_400_page_saying_so(client, audit_records, url, page):
    response = client.get(with_page(url, page))
    assertContains(response, NOT_A_PAGE_NUMBER, status_code=400)
    assertNotContains(response, HTML_LISTS[url], status_code=400)


@pytest.mark.parametrize("page", PAST_THE_END)
@pytest.mark.parametrize("url", HTML_LISTS)
def test_a_page_past_the_end_is_a_404_page_saying_how_far_the_list_goes(
    client, audit_records, url, page
):
    response = client.get(with_page(url, page))
    shown = page if len(page) <= 12 else f"{page[:12]}…"
    assertContains(response, f"There is no page {shown}: ", status_code=404)
    assertNotContains(response, HTML_LISTS[url], status_code=404)


@pytest.mark.parametrize("page", ["", "1", "01", " 1 "])
@pytest.mark.parametrize("url", HTML_LISTS)
def test_no_page_number_or_page_one_is_the_first_page(client, audit_records, url, page):
    response = client.get(with_page(url, page))
    assertContains(response, HTML_LISTS[url])
    assertNotContains(response, 'class="problem"')


def test_a_page_past_the_end_of_a_counted_list_says_how_many_pages_it_has(client, audit_records):
    assertContains(
        client.get("/resolutions/?page=3"),
        "There is no page 3: this list has 1 page.",
        status_code=404,
    )


def test_a_page_past_the_end_of_the_uncounted_meetings_says_the_list_ends_before_it(
    client, audit_records
):
    assertContains(
        client.get("/meetings/?page=3"),
        "There is no page 3: the list ends before it.",
        status_code=404,
    )


def test_a_bad_page_of_meetings_shows_the_message_not_an_empty_list(client, audit_records):
    response = client.get("/meetings/?page=abc")
    assertContains(response, '<a href="?">Go to the first page</a>', status_code=400, html=True)
    assertNotContains(response, "No summary record has been published yet.", status_code=400)


@pytest.mark.parametrize("page", NOT_PAGE_NUMBERS)
@pytest.mark.parametrize("name", API_LISTS)
def test_api_page_number_that_is_not_one_is_a_400_naming_the_parameter(
    client, audit_records, name, page
):
    response = client.get(reverse(name), {"page": page})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Some query parameters are malformed: page.",
        "errors": {"page": [NOT_A_PAGE_NUMBER]},
    }


@pytest.mark.parametrize("page", PAST_THE_END)
@pytest.mark.parametrize("name", API_LISTS)
def test_api_page_past_the_end_is_a_404_saying_how_many_pages(client, audit_records, name, page):
    response = client.get(reverse(name), {"page": page})
    assert response.status_code == 404
    shown = page if len(page) <= 12 else f"{page[:12]}…"
    assert response.json() == {"detail": f"There is no page {shown}: this list has 1 page."}


@pytest.mark.parametrize("page", ["", "1", "01", " 1 "])
@pytest.mark.parametrize("name", API_LISTS)
def test_api_no_page_number_or_page_one_is_the_first_page(client, audit_records, name, page):
    response = client.get(reverse(name), {"page": page})
    assert response.status_code == 200
    assert response.json()["results"]


def test_the_api_and_the_page_say_the_same_about_the_same_page(client, audit_records):
    api = client.get(reverse("api:resolution-list"), {"page": "7"}).json()["detail"]
    page = client.get("/resolutions/?page=7").context["page_problem"].message
    assert api == page


@pytest.mark.parametrize("size", ["", " "])
def test_api_empty_page_size_is_the_default(client, audit_records, size):
    response = client.get(reverse("api:country-list"), {"page_size": size})
    assert response.status_code == 200
    assert len(response.json()["results"]) == response.json()["count"] > 0


@pytest.mark.parametrize("size", ["0", "-1", "abc", "201", "9" * 5000])
def test_api_page_size_that_is_not_1_to_200_is_a_400_naming_it(client, audit_records, size):
    response = client.get(reverse("api:country-list"), {"page_size": size})
    assert response.status_code == 400
    assert response.json()["errors"] == {"page_size": ["Ask for a whole number from 1 to 200."]}


# Counted up to a cap: a big table's matching rows are never all counted -----------------


@pytest.fixture
def cap_of_two(monkeypatch):
    """Lists counted only up to two rows, so that the audit records go past the cap."""
    monkeypatch.setattr(CappedCountPaginator, "cap", 2)


def test_a_list_longer_than_the_cap_says_more_than_it_and_pages_on(
    client, audit_records, cap_of_two
):
    response = client.get("/resolutions/?page_size=1")
    assertContains(response, "More than <strong>2</strong> resolutions match", html=False)
    assertContains(response, "Download all as CSV")
    assert response.context["page_count"] is None
    assertNotContains(response, "Page 1 of")


def test_a_list_within_the_cap_has_its_exact_count_and_pages(client, audit_records):
    response = client.get("/resolutions/")
    count = response.context["paginator"].count
    assertContains(response, f"<strong>{count}</strong> resolutions match", html=False)
    assertContains(response, f"Download all {count} as CSV")
    assert response.context["page_count"] == 1


def test_a_page_past_the_end_of_a_list_past_the_cap_says_the_list_ends_before_it(
    client, audit_records, cap_of_two
):
    assertContains(
        client.get("/actions/?page=3"),
        "There is no page 3: the list ends before it.",
        status_code=404,
    )


def test_api_count_is_null_past_the_cap_and_next_leads_on(client, audit_records, cap_of_two):
    first = client.get(reverse("api:resolution-list"), {"page_size": 2}).json()
    assert first["count"] is None
    second = client.get(first["next"]).json()
    assert second["results"] and second["previous"]


def test_api_count_is_exact_within_the_cap(client, audit_records):
    body = client.get(reverse("api:resolution-list")).json()
    assert body["count"] == len(body["results"]) > 0
