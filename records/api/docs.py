"""The API's documentation at ``/api/docs/``: the OpenAPI schema, as a page of the site.

The page is drawn from the very schema ``/api/schema/`` serves (the same generator, the same
settings), so the two cannot disagree. It needs no JavaScript and no query. Text from the
schema is never marked safe: descriptions are split here into paragraphs, lists and code
spans, and the template escapes every piece.
"""

import functools
import re
from dataclasses import dataclass, field
from http import HTTPStatus

from django.conf import settings
from django.utils import translation
from django.utils.text import slugify
from django.views.generic import TemplateView
from drf_spectacular.settings import spectacular_settings

# Code in descriptions: ``reStructuredText`` (docstrings) or `Markdown` (drf-spectacular).
CODE = re.compile(r"``(.+?)``|`(.+?)`")
# drf-spectacular writes the labels of a parameter's choices into its description:
# "* `-date` - Newest meeting first".
CHOICE = re.compile(r"^\* `(?P<value>[^`]*)` - (?P<label>.*)$")
PARAMETER_PLACES = [
    ("path", "Path parameters"),
    ("query", "Query parameters"),
    ("header", "Request headers"),
]


@dataclass(frozen=True)
class Span:
    """A run of description text; ``code`` when it is code (a value, a parameter)."""

    text: str
    code: bool = False


@dataclass
class Block:
    """A paragraph (one item) or a bulleted list of a description."""

    items: list[list[Span]]
    is_list: bool = False


@dataclass(frozen=True)
class TypePart:
    """A piece of a type: text ("array of "), or the name of a data type to link to."""

    text: str = ""
    ref: str = ""


@dataclass
class Value:
    value: str
    label: str = ""


@dataclass
class Parameter:
    """A parameter of an operation, a header of a response or a field of a data type."""

    name: str
    type: list[TypePart]
    required: bool
    description: list[Block]
    values: list[Value]


@dataclass
class ParameterGroup:
    """An operation's parameters of one place: path, query or headers."""

    title: str
    anchor: str
    parameters: list[Parameter]


@dataclass
class Response:
    status: str
    reason: str
    description: list[Block]
    body: list[TypePart]
    headers: list[Parameter]


@dataclass
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: list[Block]
    parameters: list[ParameterGroup]
    responses: list[Response]
    example: str


@dataclass
class Tag:
    name: str
    anchor: str
    description: list[Block]
    operations: list[Operation] = field(default_factory=list)


@dataclass
class DataType:
    name: str
    anchor: str
    description: list[Block]
    fields: list[Parameter]
    values: list[Value]


def spans(text: str) -> list[Span]:
    parts, position = [], 0
    for match in CODE.finditer(text):
        if match.start() > position:
            parts.append(Span(text[position : match.start()]))
        parts.append(Span(match.group(1) or match.group(2), code=True))
        position = match.end()
    if position < len(text):
        parts.append(Span(text[position:]))
    return parts


def describe(text: str, enum: list | None = None) -> tuple[list[Block], list[Value]]:
    """A description's paragraphs and lists; with ``enum``, also the allowed values, each
    with its label taken out of the list drf-spectacular wrote into the description."""
    blocks, labels = [], {}
    for chunk in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        choices = [CHOICE.match(line) for line in lines]
        if enum and all(choices):
            labels.update({choice["value"]: choice["label"] for choice in choices})
        elif all(line.startswith("* ") for line in lines):
            blocks.append(Block([spans(line[2:]) for line in lines], is_list=True))
        else:
            blocks.append(Block([spans(" ".join(lines))]))
    values = [Value(str(value), labels.get(str(value), "")) for value in enum or []]
    return blocks, values


def ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def type_of(schema: dict) -> list[TypePart]:
    """The type of a parameter or field, in words, with links to the data types it names."""
    if "$ref" in schema:
        parts = [TypePart(ref=ref_name(schema["$ref"]))]
    elif any(key in schema for key in ("allOf", "oneOf", "anyOf")):
        alternatives = []
        for key in ("allOf", "oneOf", "anyOf"):
            for option in schema.get(key, []):
                if (option_type := type_of(option)) not in alternatives:
                    alternatives.append(option_type)
        parts = alternatives[0]
        for option_type in alternatives[1:]:
            parts = [*parts, TypePart(" or "), *option_type]
    elif schema.get("type") == "array":
        parts = [TypePart("array of "), *type_of(schema.get("items", {}))]
    elif isinstance(schema.get("additionalProperties"), dict):
        parts = [TypePart("object: name → "), *type_of(schema["additionalProperties"])]
    else:
        kind = schema.get("type", "string" if "enum" in schema else "any value")
        if "format" in schema:
            kind = f"{kind} ({schema['format']})"
        if "minimum" in schema and "maximum" in schema:
            kind = f"{kind}, {schema['minimum']} to {schema['maximum']}"
        elif "minimum" in schema:
            kind = f"{kind}, from {schema['minimum']}"
        parts = [TypePart(kind)]
    if schema.get("nullable"):
        parts = [*parts, TypePart(" or null")]
    return parts


def enum_of(schema: dict) -> list | None:
    return schema.get("enum") or schema.get("items", {}).get("enum")


def parameter(name: str, spec: dict, required: bool) -> Parameter:
    """From a parameter or header (its type under "schema"), or a field (the spec is its type)."""
    schema = spec.get("schema", spec)
    description, values = describe(spec.get("description", ""), enum_of(schema))
    return Parameter(name, type_of(schema), required, description, values)


def response(status: str, spec: dict) -> Response:
    try:
        reason = HTTPStatus(int(status)).phrase
    except ValueError:
        reason = ""  # "default", or a range such as "4XX"
    schema = spec.get("content", {}).get("application/json", {}).get("schema")
    headers = [
        parameter(name, header, header.get("required", False))
        for name, header in spec.get("headers", {}).items()
    ]
    return Response(
        status=status,
        reason=reason,
        description=describe(spec.get("description", ""))[0],
        body=type_of(schema) if schema else [],
        headers=headers,
    )


def operation(method: str, path: str, spec: dict) -> Operation:
    parameters = spec.get("parameters", [])
    anchor = spec.get("operationId") or slugify(f"{method} {path}")
    groups = [
        ParameterGroup(
            title,
            f"{anchor}-{place}",
            [
                parameter(p["name"], p, p.get("required", False))
                for p in parameters
                if p["in"] == place
            ],
        )
        for place, title in PARAMETER_PLACES
    ]
    needs_path_values = any(p["in"] == "path" for p in parameters)
    return Operation(
        method=method.upper(),
        path=path,
        anchor=anchor,
        summary=spec.get("summary", ""),
        description=describe(spec.get("description", ""))[0],
        parameters=[group for group in groups if group.parameters],
        responses=[response(status, r) for status, r in spec.get("responses", {}).items()],
        example="" if method != "get" or needs_path_values else path,
    )


def docs_context(schema: dict) -> dict:
    """What the template needs of an OpenAPI 3 schema: its operations by tag, in the
    schema's order, and its data types."""
    tags = {
        tag["name"]: Tag(tag["name"], slugify(tag["name"]), describe(tag.get("description"))[0])
        for tag in schema.get("tags", [])
    }
    for path, methods in schema.get("paths", {}).items():
        for method, spec in methods.items():
            if method not in {"get", "put", "post", "delete", "patch", "head", "options"}:
                continue  # "parameters", "summary", … shared by the path's operations
            name = (spec.get("tags") or ["Other"])[0]
            tag = tags.setdefault(name, Tag(name, slugify(name), []))
            tag.operations.append(operation(method, path, spec))
    data_types = []
    for name, spec in schema.get("components", {}).get("schemas", {}).items():
        description, values = describe(spec.get("description", ""), spec.get("enum"))
        required = set(spec.get("required", []))
        fields = [
            parameter(field_name, field_spec, field_name in required)
            for field_name, field_spec in spec.get("properties", {}).items()
        ]
        data_types.append(DataType(name, f"type-{name}", description, fields, values))
    info = schema.get("info", {})
    return {
        "title": info.get("title", "API"),
        "version": info.get("version", ""),
        "description": describe(info.get("description", ""))[0],
        "tags": [tag for tag in tags.values() if tag.operations],
        "data_types": data_types,
    }


def api_schema() -> dict:
    """The OpenAPI schema exactly as ``/api/schema/`` generates it."""
    generator = spectacular_settings.DEFAULT_GENERATOR_CLASS(
        urlconf=spectacular_settings.SERVE_URLCONF
    )
    return generator.get_schema(request=None, public=spectacular_settings.SERVE_PUBLIC)


@functools.cache
def api_docs() -> dict:
    """The page's contents, built once a process: the schema is the code's, and drawing it
    takes some 30 ms. Built in the site's language, as ``/api/schema/`` answers, whoever
    asks first: the page's frame is in the reader's language, the schema's words (fields'
    labels, choices' meanings) in the API's."""
    with translation.override(settings.LANGUAGE_CODE):
        return docs_context(api_schema())


class ApiDocsView(TemplateView):
    """Browsable documentation of the JSON API."""

    template_name = "records/api_docs.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **api_docs()}
