"""Every public page type is valid HTML by the Nu Html Checker (vnu), run with Java.

vnu.jar comes from the npm package ``vnu-jar`` (``package.json``; ``make install`` runs
``npm ci``). All pages are checked in one Java run: starting the JVM is the slow part.
"""

import pytest
from django.template.loader import render_to_string

from tests.pages import linked_page_examples
from tests.vnu import vnu_messages

pytestmark = pytest.mark.django_db


def test_every_public_page_type_is_valid_html(client, public_pages, tmp_path):
    pages = {}
    for name, path in {**public_pages, **linked_page_examples()}.items():
        response = client.get(path)
        assert response["Content-Type"].startswith("text/html"), name
        pages[name] = response.content
    # Django renders the server-error page without a request or context.
    pages["server_error"] = render_to_string("500.html").encode()
    assert vnu_messages(pages, tmp_path) == {}


def test_the_checker_reports_invalid_html(tmp_path):
    broken = b'<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p><div></p>'
    errors = vnu_messages({"broken": broken}, tmp_path)
    assert list(errors) == ["broken"]
    assert any("“p” element in scope" in error for error in errors["broken"])
