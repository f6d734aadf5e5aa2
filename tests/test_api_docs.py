"""The API documentation at /api/docs/: drawn from the served OpenAPI schema, on our own
page, without scripts or inline styles, escaped. (Valid HTML and WCAG: tests/pages.py.)"""

import re

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pytest_django.asserts import assertContains, assertInHTML

from records.api.docs import (
    Span,
    TypePart,
    api_docs,
    api_schema,
    describe,
    docs_context,
    type_of,
)
from tests.helpers import PageStructure

pytestmark = pytest.mark.django_db


@pytest.fixture
def openapi(client):
    response = client.get(reverse("api:schema"), headers={"accept": "application/json"})
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def docs(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    return response


def operation_section(docs, operation_id: str) -> str:
    """The HTML of one operation's section of the page."""
    html = docs.content.decode()
    start = html.index(f'<section class="api-operation" aria-labelledby="{operation_id}">')
    return html[start : html.index("</section>", start)]


def test_docs_page_needs_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("api:docs"))
    assert response.status_code == 200


def test_docs_are_drawn_from_exactly_the_schema_that_is_served(openapi):
    assert docs_context(openapi) == docs_context(api_schema())


def test_every_operation_of_the_served_schema_is_on_the_page_and_in_its_contents(docs, openapi):
    assert len(openapi["paths"]) == 12
    for path, methods in openapi["paths"].items():
        operation = methods["get"]
        anchor = operation["operationId"]
        heading = f'<h3 id="{anchor}"><span class="method">GET</span> <code>{path}</code></h3>'
        assertContains(docs, heading, html=True)
        assertContains(docs, f'<a href="#{anchor}">GET <code>{path}</code></a>', html=True)
        assertContains(docs, operation["summary"])


def test_operations_are_grouped_by_the_schemas_tags_in_its_order(docs, openapi):
    html = docs.content.decode()
    tags = [tag["name"] for tag in openapi["tags"]]
    positions = [
        html.index(f'<h2 id="{name.lower().replace(" ", "-")}">{name}</h2>') for name in tags
    ]
    assert positions == sorted(positions)
    reference = html[positions[tags.index("Reference")] :]
    for path in ["/api/series/", "/api/countries/", "/api/organisations/"]:
        assert f"<code>{path}</code></h3>" in reference
    assert "<code>/api/meetings/</code></h3>" not in reference


def test_every_data_type_of_the_schema_has_its_section(docs, openapi):
    for name in openapi["components"]["schemas"]:
        assertContains(docs, f'<h3 id="type-{name}">{name}</h3>', html=True)
        assertContains(docs, f'<a href="#type-{name}">{name}</a>')


def test_every_link_within_the_page_has_its_target(docs):
    page = PageStructure(docs.content.decode())
    targets = [link[1:] for link in page.links if link.startswith("#")]
    assert len(targets) > 100
    assert set(targets) <= page.ids


def test_resolution_list_shows_every_query_parameter_with_its_type_and_description(docs, openapi):
    section = operation_section(docs, "resolutions_list")
    parameters = openapi["paths"]["/api/resolutions/"]["get"]["parameters"]
    for parameter in parameters:
        name = f"<code>{parameter['name']}</code>"
        assertInHTML(f'<th scope="row">{name} <span class="meta">optional</span></th>', section)
    assertInHTML(
        "<tr><th scope='row'><code>date_from</code> <span class='meta'>optional</span></th>"
        "<td>string (date)</td>"
        "<td><p>YYYY-MM-DD</p></td></tr>",
        section,
    )
    assertInHTML(
        "<tr><th scope='row'><code>page_size</code> <span class='meta'>optional</span></th>"
        "<td>integer, 1 to 200</td>"
        "<td><p>Results per page: 1 to 200 (default 50).</p></td></tr>",
        section,
    )


def test_choices_are_listed_with_their_meanings(docs):
    section = operation_section(docs, "resolutions_list")
    for value in ["resolved", "welcomed", "encouraged"]:
        assert f"<li><code>{value}</code></li>" in section
    assertInHTML("<li><code>-date</code> Newest meeting first</li>", section)
    assertInHTML("<li><code>verb</code> Verb, A to Z</li>", section)
    # The labels are shown once, beside the values, not again as a list in the text.
    assert section.count("Newest meeting first") == 1


def test_path_parameters_are_required_and_header_parameters_listed(docs):
    section = operation_section(docs, "meetings_retrieve")
    assertInHTML('<h4 id="meetings_retrieve-path">Path parameters</h4>', section)
    assertInHTML(
        '<th scope="row"><code>slug</code> <span class="meta">required</span></th>', section
    )
    assertInHTML('<h4 id="meetings_retrieve-header">Request headers</h4>', section)
    assert "<code>If-None-Match</code>" in section


def test_responses_show_each_status_its_meaning_and_its_body(docs, openapi):
    for path, methods in openapi["paths"].items():
        operation = methods["get"]
        section = operation_section(docs, operation["operationId"])
        rows = re.findall(r'<th scope="row"><code>(\d{3})</code>', section)
        assert rows == list(operation["responses"]), path
    section = operation_section(docs, "meetings_retrieve")
    assertInHTML('<th scope="row"><code>304</code> Not Modified</th>', section)
    assertInHTML("<p>Not modified: your copy is current.</p>", section)
    assertInHTML('<a href="#type-MeetingDetail">MeetingDetail</a>', section)
    assertInHTML("<dt>Header <code>ETag</code> <span class='meta'>string</span></dt>", section)
    section = operation_section(docs, "meetings_list")
    assertInHTML('<th scope="row"><code>429</code> Too Many Requests</th>', section)
    assert "Too many requests: wait for the seconds in the Retry-After header." in section
    assertInHTML('<a href="#type-Error">Error</a>', section)


def test_list_operations_have_an_example_request_and_details_do_not(docs, openapi):
    for path in openapi["paths"]:
        example = f'<a href="{path}">{path}</a>'
        if "{" in path:
            assert f'href="{path}"' not in docs.content.decode()
        else:
            assertContains(docs, example, html=True)


def test_example_requests_answer(client, seed, docs):
    for example in re.findall(r'Try it: <a href="([^"]+)">', docs.content.decode()):
        response = client.get(example)
        assert response.status_code == 200, example
        assert response.json()["count"] >= 1, example


def test_data_types_list_their_fields_and_values(docs):
    html = docs.content.decode()
    start = html.index('<section class="api-type" aria-labelledby="type-FollowUpActionList">')
    section = html[start : html.index("</section>", start)]
    assertInHTML(
        "<tr><th scope='row'><code>due_precision</code></th>"
        "<td><a href='#type-DuePrecisionEnum'>DuePrecisionEnum</a></td><td></td></tr>",
        section,
    )
    assertInHTML("<td>array of <a href='#type-CountryRef'>CountryRef</a></td>", section)
    assertInHTML("<td>integer or null</td>", section)
    start = html.index('<section class="api-type" aria-labelledby="type-Error">')
    section = html[start : html.index("</section>", start)]
    assertInHTML(
        "<th scope='row'><code>errors</code> <span class='meta'>may be absent</span></th>",
        section,
    )
    assertInHTML("<td>object: name → array of string</td>", section)
    start = html.index('<section class="api-type" aria-labelledby="type-StatusEnum">')
    section = html[start : html.index("</section>", start)]
    assertInHTML("<li><code>in_progress</code> In progress</li>", section)


def test_docs_link_to_the_schema_for_download(docs):
    assertContains(docs, f'href="{reverse("api:schema")}" download=')


def test_docs_page_has_no_script_no_inline_style_and_only_local_assets(docs):
    html = docs.content.decode()
    assert "<script" not in html
    assert "<style" not in html
    assert " style=" not in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assets = re.findall(r"(?:src|href)=\"/static/([^\"]+)\"", html)
    assert assets == ["css/site.css"]
    assert finders.find(assets[0])


def test_schema_text_is_escaped(docs):
    # The schema's description quotes the error body, {"detail": …}.
    assertContains(docs, "<code>{&quot;detail&quot;: …}</code>")


def test_hostile_schema_text_is_escaped_wherever_it_appears():
    attack = '<script>alert("x")</script>'
    schema = {
        "info": {"title": attack, "version": attack, "description": f"`{attack}` {attack}"},
        "tags": [{"name": attack, "description": attack}],
        "paths": {
            "/api/x/": {
                "get": {
                    "operationId": "x_list",
                    "summary": attack,
                    "description": f"* {attack}",
                    "tags": [attack],
                    "parameters": [
                        {
                            "in": "query",
                            "name": attack,
                            "description": f"{attack}\n\n* `{attack}` - {attack}",
                            "schema": {"type": attack, "enum": [attack]},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": attack,
                            "headers": {attack: {"schema": {"type": attack}}},
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": f"#/components/schemas/{attack}"}
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {attack: {"description": attack, "properties": {attack: {"type": attack}}}}
        },
    }
    html = render_to_string("records/api_docs.html", docs_context(schema))
    assert "<script" not in html
    assert html.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") >= 15


def test_description_text_becomes_paragraphs_lists_and_code():
    blocks, values = describe("Use ``sort`` or `page`.\nSee below.\n\n* one\n* two")
    assert [block.is_list for block in blocks] == [False, True]
    assert blocks[0].items == [
        [
            Span("Use "),
            Span("sort", code=True),
            Span(" or "),
            Span("page", code=True),
            Span(". See below."),
        ]
    ]
    assert blocks[1].items == [[Span("one")], [Span("two")]]
    assert values == []


def test_choice_labels_move_from_the_text_to_the_values():
    blocks, values = describe("Status\n\n* `open` - Open\n* `done` - Done", ["done", "open", "x"])
    assert [block.items for block in blocks] == [[[Span("Status")]]]
    assert [(v.value, v.label) for v in values] == [("done", "Done"), ("open", "Open"), ("x", "")]


def test_types_read_as_words_with_links_to_data_types():
    nullable_ref = {"allOf": [{"$ref": "#/components/schemas/CountryRef"}], "nullable": True}
    assert type_of(nullable_ref) == [TypePart(ref="CountryRef"), TypePart(" or null")]
    assert type_of({"type": "array", "items": {"type": "string", "format": "date"}}) == [
        TypePart("array of "),
        TypePart("string (date)"),
    ]
    one_of = {"oneOf": [{"type": "string", "maxLength": 9}, {"type": "string", "maxLength": 0}]}
    assert type_of(one_of) == [TypePart("string")]


def test_the_schemas_words_are_the_apis_whoever_reads_the_page_first(client):
    """The page is built once a process: a Thai reader first must not leave the choices'
    meanings in Thai for the next reader (the page's frame follows each reader)."""
    api_docs.cache_clear()
    thai = client.get(reverse("api:docs"), headers={"accept-language": "th"})
    assert thai["Content-Language"] == "th"
    client.cookies.clear()
    english = client.get(reverse("api:docs"), headers={"accept-language": "en"})
    for page in (thai, english):
        html = page.content.decode()
        start = html.index('<section class="api-type" aria-labelledby="type-StatusEnum">')
        section = html[start : html.index("</section>", start)]
        assertInHTML("<li><code>in_progress</code> In progress</li>", section)
    with translation.override("th"):
        assert gettext("In progress") not in english.content.decode()
