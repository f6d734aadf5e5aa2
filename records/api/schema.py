"""The OpenAPI schema: every operation lists every error it can return."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from records.api.exceptions import ErrorSerializer


def _error(description):
    return OpenApiResponse(response=ErrorSerializer, description=description)


class AutoSchema(SpectacularAutoSchema):
    def get_response_serializers(self):
        responses = super().get_response_serializers()
        is_list = self._is_list_view(responses)
        if not isinstance(responses, dict):
            responses = {200: responses}
        errors = {
            400: _error("A query parameter is malformed; `errors` says which and why."),
            404: _error("No such published record, or no such page."),
            406: _error("The Accept header asks for something other than JSON."),
            429: _error("Too many requests: wait for the seconds in the Retry-After header."),
        }
        if not is_list:
            errors.pop(400)
        return {**responses, **errors}

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
