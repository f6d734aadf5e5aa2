"""The OpenAPI schema: every operation lists every error it can return."""

import django_filters
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import build_array_type, build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from records.api.exceptions import ErrorSerializer
from records.filters.fields import FlagField

ERRORS = {
    "400": "A query parameter is malformed; `errors` says which and why.",
    "404": "No such published record, or no such page.",
    "406": "The Accept header asks for something other than JSON.",
    "429": "Too many requests: wait for the seconds in the Retry-After header.",
}


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        # Added after the operation's own responses, including those set with
        # @extend_schema(responses=…), so no operation can leave its errors out.
        responses = super()._get_response_bodies(direction)
        for code, description in ERRORS.items():
            if code == "400" and not self._is_list_view():
                continue  # only lists take query parameters
            error = OpenApiResponse(response=ErrorSerializer, description=description)
            responses.setdefault(code, self._get_response_for_code(error, code, None, direction))
        return responses

    def get_override_parameters(self):
        retry_after = OpenApiParameter(
            "Retry-After",
            OpenApiTypes.INT,
            OpenApiParameter.HEADER,
            required=True,
            response=[429],
            description="Seconds to wait before asking again.",
        )
        return [*super().get_override_parameters(), retry_after]


class FilterExtension(DjangoFilterExtension):
    """Types for the filters of ``records/filters.py`` that drf-spectacular cannot guess:
    choices of rows by slug or code (any number of strings) and on/off switches."""

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        text = build_basic_type(OpenApiTypes.STR)
        description = self._get_field_description(filter_field, None)
        if isinstance(filter_field, django_filters.ModelMultipleChoiceFilter):
            schema, explode, style = build_array_type(text), True, "form"
            key = filter_field.extra.get("to_field_name", "id")
            description = f"{description}, by {key}; repeat the parameter to match any of several."
        elif issubclass(filter_field.field_class, FlagField):
            schema, explode, style = (
                {**text, "enum": sorted(FlagField.ON | FlagField.OFF)},
                None,
                None,
            )
        else:
            return super().resolve_filter_field(
                auto_schema, model, filterset_class, field_name, filter_field
            )
        return [
            build_parameter_type(
                name=field_name,
                required=False,
                location=OpenApiParameter.QUERY,
                description=description,
                schema=schema,
                explode=explode,
                style=style,
            )
        ]
