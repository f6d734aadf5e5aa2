"""Every error the API returns has one JSON shape: ``{"detail": …, "errors": {…}}``."""

from django.http import Http404
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.views import exception_handler as drf_exception_handler


class ErrorSerializer(serializers.Serializer):
    """The body of every error response."""

    detail = serializers.CharField(help_text="What went wrong, in a sentence.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For 400: each malformed query parameter and what is wrong with it.",
    )


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"query": exc.detail}
        response.data = {
            "detail": "Some query parameters are malformed: "
            + ", ".join(sorted(str(name) for name in errors))
            + ".",
            "errors": {
                str(name): [str(message) for message in _as_list(messages)]
                for name, messages in errors.items()
            },
        }
    elif isinstance(exc, Http404):
        response.data = {"detail": "Not found."}
    else:
        response.data = {"detail": str(response.data.get("detail", response.status_text))}
    return response


def _as_list(messages):
    return messages if isinstance(messages, list) else [messages]
