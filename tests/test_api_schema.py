"""The API matches its OpenAPI schema: fuzzed in-process with schemathesis, plus known cases."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from records.filters import FollowUpActionFilter, MeetingFilter, ResolutionFilter
from records.models import FollowUpAction, Meeting
from tests.factories import MeetingFactory, ParagraphFactory, full_record

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]

# 12 operations: a few hundred generated requests per run in all.
EXAMPLES_PER_OPERATION = 25


@pytest.fixture
def openapi(client):
    response = client.get(reverse("api:schema"), headers={"accept": "application/json"})
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def records_to_fuzz(seed):
    """Published records for the API to find, and unpublished ones it must not."""
    full_record(2)
    draft = MeetingFactory(draft=True, title="Secret draft")
    ParagraphFactory(meeting=draft, number=1, text="Secret draft text.")
    return seed


@pytest.fixture
def in_process_app(settings):
    """The WSGI application, called directly inside the test's transaction.

    Django's test client does the same: requests must not close the test's connection.
    """
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon_burst": "100000/minute", "anon_sustained": "100000/day"},
    }
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(in_process_app, records_to_fuzz):
    return schemathesis.openapi.from_wsgi("/api/schema/", in_process_app)


PATHS = [
    "/api/meetings/",
    "/api/meetings/{slug}/",
    "/api/resolutions/",
    "/api/resolutions/{id}/",
    "/api/actions/",
    "/api/actions/{id}/",
    "/api/series/",
    "/api/series/{slug}/",
    "/api/countries/",
    "/api/countries/{code}/",
    "/api/organisations/",
    "/api/organisations/{slug}/",
]


@pytest.mark.parametrize("path", PATHS)
def test_api_answers_every_generated_request_as_its_schema_says(api_schema, path):
    """Requests that fit the schema and requests that break it (malformed parameters,
    headers and path segments): every answer must be documented, never a 5xx, and never
    show an unpublished record."""
    operation = api_schema[path]["GET"]
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case):
        response = case.call_and_validate(checks=CHECKS)
        assert b"Secret draft" not in response.content

    fuzz()


def test_schema_is_valid_openapi_3(openapi):
    assert openapi["openapi"].startswith("3.")
    validate_schema(openapi)


def test_schema_generates_without_warnings(tmp_path):
    """drf-spectacular warns when it has to guess a type; the schema must need no guesses."""
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    assert "openapi: 3." in (tmp_path / "schema.yml").read_text()


def test_schema_covers_every_endpoint(openapi):
    assert set(openapi["paths"]) == {
        "/api/meetings/",
        "/api/meetings/{slug}/",
        "/api/resolutions/",
        "/api/resolutions/{id}/",
        "/api/actions/",
        "/api/actions/{id}/",
        "/api/series/",
        "/api/series/{slug}/",
        "/api/countries/",
        "/api/countries/{code}/",
        "/api/organisations/",
        "/api/organisations/{slug}/",
    }


def test_every_operation_documents_every_error_it_can_return(openapi):
    for path, operations in openapi["paths"].items():
        responses = operations["get"]["responses"]
        is_list = not path.endswith("}/")
        expected = {"200", "404", "406", "429"} | ({"400"} if is_list else set())
        if path == "/api/meetings/{slug}/":
            expected.add("304")
        assert set(responses) == expected, path
        for code in expected - {"200", "304"}:
            error = responses[code]["content"]["application/json"]["schema"]
            assert error == {"$ref": "#/components/schemas/Error"}, (path, code)


@pytest.mark.parametrize(
    ("path", "filterset", "paging"),
    [
        ("/api/meetings/", MeetingFilter, {"page", "page_size"}),
        # Lists that page by keyset cursor (records/api/keyset.py) take ``cursor`` too.
        ("/api/resolutions/", ResolutionFilter, {"page", "page_size", "cursor"}),
        ("/api/actions/", FollowUpActionFilter, {"page", "page_size", "cursor"}),
    ],
)
def test_every_filter_of_the_shared_filterset_is_in_the_schema(openapi, path, filterset, paging):
    parameters = {p["name"] for p in openapi["paths"][path]["get"]["parameters"]}
    assert parameters == set(filterset.base_filters) | paging


@pytest.mark.parametrize(
    ("path", "parameters"),
    [
        ("/api/meetings/{slug}/", {"slug": "asean-japan-scn-hlm-3"}),
        ("/api/meetings/{slug}/", {"slug": "asean-japan-scn-hlm-2"}),
        ("/api/series/{slug}/", {"slug": "asean-japan-scn-hlm"}),
        ("/api/countries/{code}/", {"code": "JP"}),
        ("/api/organisations/{slug}/", {"slug": "mlit"}),
        ("/api/meetings/", {}),
        ("/api/resolutions/", {}),
        ("/api/actions/", {}),
        ("/api/series/", {}),
        ("/api/countries/", {}),
        ("/api/organisations/", {}),
    ],
)
def test_published_records_match_the_schema(api_schema, path, parameters):
    case = api_schema[path]["GET"].Case(path_parameters=parameters)
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code == 200


def test_resolution_and_action_details_match_the_schema(api_schema):
    resolution = Meeting.objects.get(slug="asean-japan-scn-hlm-3").paragraphs.get(number=2)
    for path, pk in [
        ("/api/resolutions/{id}/", resolution.resolutions.first().pk),
        ("/api/actions/{id}/", FollowUpAction.objects.published().first().pk),
    ]:
        response = (
            api_schema[path]["GET"]
            .Case(path_parameters={"id": pk})
            .call_and_validate(checks=CHECKS)
        )
        assert response.status_code == 200


def test_not_modified_matches_the_schema(api_schema):
    operation = api_schema["/api/meetings/{slug}/"]["GET"]
    slug = {"slug": "asean-japan-scn-hlm-3"}
    etag = operation.Case(path_parameters=slug).call().headers["etag"][0]
    case = operation.Case(path_parameters=slug, headers={"If-None-Match": etag})
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code == 304


@pytest.mark.parametrize(
    "query",
    [{"page": "0"}, {"page_size": "500"}, {"year": "MMXXI"}, {"series": "nope"}, {"page": "99"}],
)
def test_errors_match_the_schema(api_schema, query):
    case = api_schema["/api/meetings/"]["GET"].Case(query=query)
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code in {400, 404}
