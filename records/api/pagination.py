from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from records.api.keyset import NEXT, PREVIOUS, Keyset, NotACursor
from records.pagination import CappedCountPaginator, PageProblem, page_of, whole_number

MAX_PAGE_SIZE = 200


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=`` and ``?page_size=``, answered as on the site's pages (``page_of``): a
    malformed value is a 400 that names it, a page past the end a 404; empty is the default.

    Counted as the site's lists are (``CappedCountPaginator``): ``count`` is exact up to
    1,000 results and null beyond, where ``next`` leads on; the rows of a big table are never
    all joined to be counted.

    Lists in an order with keysets (``records/api/keyset.py``: the resolutions and actions)
    also take ``?cursor=``, and their ``next`` and ``previous`` links are cursors: each page
    is read from where the last one ended, as fast at the millionth row as at the first,
    where ``?page=`` reads and drops every row before its page. ``page`` still works there.
    """

    page_size_query_param = "page_size"
    cursor_query_param = "cursor"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self.get_page_size(request)
        self.paginator = paginator = CappedCountPaginator(queryset, size)
        self.keyset = Keyset.of(queryset) if getattr(view, "cursor_pages", False) else None
        cursor = request.query_params.get(self.cursor_query_param, "").strip()
        if cursor and self.keyset:
            return self.paginate_by_cursor(paginator, cursor, size)
        if self.keyset:
            paginator.object_list = self.keyset.annotated(queryset)
        try:
            self.page = page_of(paginator, request.query_params.get(self.page_query_param))
        except PageProblem as problem:
            if problem.status == 404:
                raise NotFound(problem.message) from problem
            raise ValidationError({self.page_query_param: [problem.message]}) from problem
        self.rows = list(self.page)
        self.has_next, self.has_previous = self.page.has_next(), self.page.has_previous()
        return self.rows

    def paginate_by_cursor(self, paginator, cursor, size):
        if request_page := self.request.query_params.get(self.page_query_param, "").strip():
            raise ValidationError(
                {self.page_query_param: [f"Ask for a page or a cursor, not both ({request_page})."]}
            )
        try:
            direction, values = self.keyset.read(cursor)
        except NotACursor as error:
            raise ValidationError(
                {self.cursor_query_param: ["Not a cursor of this list: follow next or previous."]}
            ) from error
        self.rows, more = self.keyset.page(paginator.object_list, direction, values, size)
        # A cursor names a row, which may since have gone: there is more on its other side
        # only if a row lies there now.
        self.has_next = more if direction == NEXT else True
        self.has_previous = more if direction == PREVIOUS else True
        self.page = None
        return self.rows

    def get_paginated_response(self, data):
        paginator = self.paginator
        return Response(
            {
                "count": paginator.count if paginator.exact else None,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_next_link(self):
        if not self.has_next or not self.rows:
            return None
        if not self.keyset:
            return super().get_next_link()
        return self.cursor_link(NEXT, self.rows[-1])

    def get_previous_link(self):
        if not self.has_previous or (self.keyset and not self.rows):
            return None
        if not self.keyset:
            return super().get_previous_link()
        return self.cursor_link(PREVIOUS, self.rows[0])

    def cursor_link(self, direction, row):
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        cursor = self.keyset.cursor(direction, self.keyset.keys_of(row))
        return replace_query_param(url, self.cursor_query_param, cursor)

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
        cursor = [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Where a page starts: the `next` and `previous` links carry "
                "it (not with `page`); a cursor of another list or order is a 400.",
                "schema": {"type": "string"},
            }
        ]
        return [
            *(cursor if getattr(view, "cursor_pages", False) else []),
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
