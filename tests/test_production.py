"""Production mode: secure by default (HTTPS behind a TLS proxy, HSTS, HTTPS-only cookies,
a Content Security Policy with no inline script or style), a health check for load
balancers, and server errors logged rather than shown.

The suite itself runs with ``DJANGO_HTTPS=false`` (pyproject.toml), as the test client
speaks plain HTTP; these tests read the settings production gets from a process given only
``DJANGO_DEBUG=false``, ``SECRET_KEY`` and ``ALLOWED_HOSTS``, and check what they do.
"""

import json
import logging
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.urls import reverse

from tests.serving import ROOT, production_env, read_settings

pytestmark = pytest.mark.django_db

HTTPS_SETTINGS = [
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
]
FROM_THE_PROXY = {"x-forwarded-proto": "https"}
HSTS = "max-age=31536000; includeSubDomains; preload"


def settings_given(**environ):
    """The HTTPS settings of a process given production's environment plus ``environ``."""
    result = read_settings(HTTPS_SETTINGS, **environ)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    if shown["SECURE_PROXY_SSL_HEADER"] is not None:
        shown["SECURE_PROXY_SSL_HEADER"] = tuple(shown["SECURE_PROXY_SSL_HEADER"])
    return shown


@pytest.fixture(scope="module")
def production_defaults():
    return settings_given()


@pytest.fixture
def production(production_defaults):
    """The test client under production's HTTPS settings."""
    with override_settings(**production_defaults):
        yield Client()


def check_deploy(**environ):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(ALLOWED_HOSTS="records.example.org", **environ),
        capture_output=True,
        text=True,
    )


def test_check_deploy_reports_nothing_with_only_debug_off_a_key_and_hosts():
    result = check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_serving_plain_http_is_a_choice_check_deploy_names():
    result = check_deploy(DJANGO_HTTPS="false")
    assert result.returncode != 0
    for check in ["W004", "W008", "W012", "W016"]:  # HSTS, redirect, both cookies
        assert f"security.{check}" in result.stderr


def test_production_defaults_are_https_behind_a_proxy(production_defaults):
    assert production_defaults == {
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
        "SECURE_SSL_REDIRECT": True,
        "SECURE_REDIRECT_EXEMPT": [r"^healthz$"],
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
    }


def test_debug_mode_serves_plain_http_for_make_run():
    shown = settings_given(DJANGO_DEBUG="true")
    assert not shown["SECURE_SSL_REDIRECT"]
    assert not shown["SESSION_COOKIE_SECURE"]
    assert shown["SECURE_HSTS_SECONDS"] == 0
    assert shown["SECURE_PROXY_SSL_HEADER"] is None


def test_plain_http_is_redirected_to_https(production):
    response = production.get("/meetings/?page=2")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/meetings/?page=2"


def test_the_proxys_word_that_the_request_came_over_http_is_believed(production):
    response = production.get("/", headers={"x-forwarded-proto": "http"})
    assert response.status_code == 301


def test_over_https_from_the_proxy_pages_are_served_with_hsts(production, seed):
    response = production.get("/", headers=FROM_THE_PROXY)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == HSTS
    assert response.wsgi_request.is_secure()


def test_healthz_answers_load_balancers_over_plain_http(production):
    response = production.get("/healthz")
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response


def test_cookies_are_https_only(production):
    User.objects.create_user("officer", password="a long enough passphrase", is_staff=True)
    form = production.get(reverse("account_login"), headers=FROM_THE_PROXY)
    assert form.cookies["csrftoken"]["secure"] is True
    logged_in = production.post(
        reverse("account_login"),
        {"login": "officer", "password": "a long enough passphrase"},
        headers=FROM_THE_PROXY,
    )
    assert logged_in.status_code == 302
    session = logged_in.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True


def test_healthz_says_the_database_answers_and_is_never_cached(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    assert response.content == b"OK\n"
    assert "no-store" in response["Cache-Control"]


# Content Security Policy

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
ADMIN_PAGES = [
    "/admin/",
    "/admin/records/meeting/",
    "/admin/records/meeting/add/",
    "/admin/records/meeting/import/",
    "/admin/records/resolution/",
    "/admin/records/followupaction/add/",
]


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(directive.strip().split(" ", 1) for directive in header.split(";"))


class InlineCode(HTMLParser):
    """Scripts and styles written into a page rather than loaded from this site's files.

    A ``<script type="application/ld+json">`` (the record page's linked data) is a data
    block: browsers never run it, and the policy does not apply to it."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src") and attrs.get("type") != "application/ld+json":
            self.found.append(f"<script> without src at line {self.getpos()[0]}")
        if tag == "style":
            self.found.append(f"<style> at line {self.getpos()[0]}")
        for name in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"{name}= on <{tag}> at line {self.getpos()[0]}")
        for name in ("src", "href"):
            if (attrs.get(name) or "").startswith("javascript:"):
                self.found.append(f"javascript: URL on <{tag}>")


def test_no_template_of_ours_has_inline_script_or_style():
    """Also the templates no page above renders (the import preview, the PDF's)."""
    templates = [
        *(ROOT / "templates").rglob("*.html"),
        *(ROOT / "records" / "templates").rglob("*.html"),
    ]
    assert len(templates) >= 20
    found = {
        str(template.relative_to(ROOT)): InlineCode(template.read_text()).found
        for template in templates
    }
    assert {name: inline for name, inline in found.items() if inline} == {}


def test_every_public_page_has_the_policy_and_no_inline_code(client, public_pages):
    for name, path in public_pages.items():
        response = client.get(path)
        assert policy(response) == POLICY, name
        assert InlineCode(response.content.decode()).found == [], name


def test_admin_pages_have_the_policy_and_no_inline_code(admin_client, seed):
    pages = [*ADMIN_PAGES, reverse("admin:records_meeting_change", args=[seed.pk])]
    for path in pages:
        response = admin_client.get(path)
        assert response.status_code == 200, path
        assert policy(response) == POLICY, path
        assert InlineCode(response.content.decode()).found == [], path


def test_the_lockout_page_has_no_inline_code(client):
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": "x", "password": "y"})
    assert response.status_code == 429
    assert policy(response) == POLICY
    assert InlineCode(response.content.decode()).found == []


# Errors


@pytest.mark.urls("tests.broken_urls")
def test_a_server_error_is_logged_with_its_traceback_and_not_shown(caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "Summary records" in html  # the site's own header, not a bare page
    for detail in ["Traceback", "ZeroDivisionError", "secret detail", "broken_urls"]:
        assert detail not in html
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelno == logging.ERROR
    assert "/broken/" in record.getMessage()
    assert record.exc_info[0] is ZeroDivisionError
