from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from records.pagination import CappedCountPaginator, PageProblem, page_of, whole_number

MAX_PAGE_SIZE = 200


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=`` and ``?page_size=``, answered as on the site's pages (``page_of``): a
    malformed value is a 400 that names it, a page past the end a 404; empty is the default.

    Counted as the site's lists are (``CappedCountPaginator``): ``count`` is exact up to
    1,000 results and null beyond, where ``next`` leads on; the rows of a big table are never
    all joined to be counted.
    """

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        paginator = CappedCountPaginator(queryset, self.get_page_size(request))
        try:
            self.page = page_of(paginator, request.query_params.get(self.page_query_param))
        except PageProblem as problem:
            if problem.status == 404:
                raise NotFound(problem.message) from problem
            raise ValidationError({self.page_query_param: [problem.message]}) from problem
        return list(self.page)

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        return Response(
            {
                "count": paginator.count if paginator.exact else None,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_page_size(self, request):
        name = self.page_size_query_param
        wrong = f"Ask for a whole number from 1 to {self.max_page_size}."
        try:
            size = whole_number(request.query_params.get(name)) or self.page_size
        except ValueError as error:
            raise ValidationError({name: [wrong]}) from error
        if size > self.max_page_size:
            raise ValidationError({name: [wrong]})
        return size

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "A page number, from 1 (default 1); a page past the last is a 404.",
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
        response["properties"]["count"].update(
            nullable=True,
            description=f"How many results match, when at most {CappedCountPaginator.cap:,}; "
            "null when more do (follow `next` to the end).",
        )
        for link in ("next", "previous"):
            response["properties"][link].pop("example")
        return response
