"""An empty filter parameter (``?series=``, ``?verb=``, ``?status=``…) is no filter, on every
filtered page and in the API: the list is the unfiltered one, never a 400."""

import csv
import io

import pytest
from django.urls import reverse

from records.filters import FollowUpActionFilter, MeetingFilter, ResolutionFilter

pytestmark = pytest.mark.django_db

# Each filtered page with its API list and the filterset both use.
LISTS = [
    ("/resolutions/", "api:resolution-list", ResolutionFilter),
    ("/actions/", "api:action-list", FollowUpActionFilter),
    ("/overview/", "api:meeting-list", MeetingFilter),
]
CASES = [(page, api, name) for page, api, filterset in LISTS for name in filterset.base_filters]
EMPTY = ["", " "]


def page_rows(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return [row.pk for row in response.context["object_list"]]


def api_rows(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.content)
    return [row.get("id", row.get("slug")) for row in response.json()["results"]]


@pytest.mark.parametrize("value", EMPTY)
@pytest.mark.parametrize(("page", "api", "name"), CASES)
def test_an_empty_filter_on_a_page_is_no_filter(client, audit_records, page, api, name, value):
    unfiltered = page_rows(client, page)
    assert unfiltered
    assert page_rows(client, f"{page}?{name}={value}") == unfiltered


@pytest.mark.parametrize("value", EMPTY)
@pytest.mark.parametrize(("page", "api", "name"), CASES)
def test_an_empty_filter_in_the_api_is_no_filter(client, audit_records, page, api, name, value):
    unfiltered = api_rows(client, reverse(api))
    assert unfiltered
    assert api_rows(client, f"{reverse(api)}?{name}={value}") == unfiltered


@pytest.mark.parametrize("url", ["/resolutions/", "api:resolution-list"])
def test_an_empty_value_beside_a_real_one_is_left_out(client, audit_records, url):
    if url.startswith("api:"):
        rows = api_rows(client, f"{reverse(url)}?verb=agreed&verb=")
        assert rows == api_rows(client, f"{reverse(url)}?verb=agreed")
    else:
        rows = page_rows(client, f"{url}?verb=agreed&verb=")
        assert rows == page_rows(client, f"{url}?verb=agreed")
    assert len(rows) == 2


def test_an_empty_filter_in_a_csv_export_is_no_filter(client, audit_records):
    response = client.get("/actions/?status=&owner_country=&format=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(text, newline="")))) == 4


def test_an_empty_filter_is_shown_as_unset_in_the_form(client, audit_records):
    response = client.get("/resolutions/?series=&verb=")
    form = response.context["filter"].form
    assert not form.errors
    assert not form["verb"].value()
    assert not form["series"].value()
