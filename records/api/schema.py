"""The OpenAPI schema: every operation lists every error it can return."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from records.api.exceptions import ErrorSerializer

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
