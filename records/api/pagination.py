from django.core.paginator import InvalidPage
from django.core.paginator import Paginator as DjangoPaginator
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError

MAX_PAGE_SIZE = 200


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=`` and ``?page_size=``; a malformed value is a 400 that says what is wrong,
    a page past the end a 404."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        page_number = self._positive_int(request, self.page_query_param, default=1)
        paginator = DjangoPaginator(queryset, page_size)
        try:
            self.page = paginator.page(page_number)
        except InvalidPage as error:
            raise NotFound(f"There is no page {page_number}: {error}") from error
        return list(self.page)

    def get_page_size(self, request):
        size = self._positive_int(request, self.page_size_query_param, default=self.page_size)
        if size > self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [f"Ask for at most {self.max_page_size} a page."]}
            )
        return size

    @staticmethod
    def _positive_int(request, name, *, default):
        value = request.query_params.get(name)
        if value is None:
            return default
        if not (value.isascii() and value.isdigit()) or int(value) < 1:
            raise ValidationError({name: ["Enter a whole number of 1 or more."]})
        return int(value)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "A page number, from 1.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Results per page: 1 to {self.max_page_size} "
                f"(default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["required"] = ["count", "next", "previous", "results"]
        for link in ("next", "previous"):
            response["properties"][link].pop("example")
        return response
