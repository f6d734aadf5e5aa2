"""The site's error answers (``asean_meetings/views.py``): under ``/api/`` JSON in the API's
error shape, ``{"detail": …}``, whatever went wrong; elsewhere the site's own pages."""

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertTemplateUsed

pytestmark = pytest.mark.django_db


def json_error(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body) == ["detail"]
    assert body["detail"]
    return body["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/no-such-thing/",
        "/api/no-such-thing",
        "/api/resolutions/not-a-number/",
        "/api/countries/ABC/",
        "/api/meetings/a/b/c/",
    ],
)
def test_unknown_api_address_is_a_json_404(client, path):
    assert json_error(client.get(path), 404) == "Not found."


@pytest.mark.parametrize("path", ["/api/meetings/no-such-record/", "/api/resolutions/999999/"])
def test_unknown_api_id_is_a_json_404(client, path):
    assert json_error(client.get(path), 404) == "Not found."


def test_unknown_api_address_is_json_when_the_site_is_served_under_a_prefix(client):
    response = client.get("/api/no-such-thing/", SCRIPT_NAME="/records")
    assert json_error(response, 404) == "Not found."


def test_unknown_address_elsewhere_is_the_sites_page(client):
    response = client.get("/no-such-thing/")
    assertContains(response, "Page not found", status_code=404)
    assertTemplateUsed(response, "404.html")


def test_bad_request_under_api_is_json(client):
    response = client.get("/api/meetings/", headers={"host": "attacker.example"})
    assert json_error(response, 400) == "Bad request."


def test_bad_request_elsewhere_is_the_sites_page(client):
    response = client.get("/meetings/", headers={"host": "attacker.example"})
    assertContains(response, "Bad request", status_code=400)
    assertTemplateUsed(response, "400.html")


@pytest.mark.urls("tests.broken_urls")
def test_refusal_under_api_is_json_without_the_reason(client):
    detail = json_error(client.get("/api/forbidden/"), 403)
    assert "secret" not in detail


@pytest.mark.urls("tests.broken_urls")
def test_refusal_elsewhere_is_the_sites_page(client):
    response = client.get("/forbidden/")
    assertContains(response, "Not allowed", status_code=403)
    assert "secret" not in response.content.decode()


@pytest.mark.urls("tests.broken_urls")
def test_server_error_under_api_is_json_without_the_detail():
    response = Client(raise_request_exception=False).get("/api/broken/")
    detail = json_error(response, 500)
    assert "secret" not in detail
    assert "ZeroDivisionError" not in detail
