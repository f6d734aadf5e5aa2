"""Pagination: the one answer to ``?page=`` for every list, and paginators that do not count
every row of a big table on every page view.

The answer, on the HTML lists and in the API alike (``page_of``):

- no ``page``, or an empty one: the first page (an empty list has an empty first page);
- a whole number from 1 up (``3``, ``03``): that page;
- anything else (``abc``, ``0``, ``-1``, ``1.5``): 400, "Page numbers are whole numbers
  from 1 up.";
- a page past the end (``99999``): 404, saying how many pages the list has. The request is
  well formed but names a page that does not exist, as ``/meetings/no-such-record/`` names a
  record that does not.

HTML lists show the message in the page, with its status, and no rows (``PageMixin``); the
API answers its JSON error (``records.api.pagination``).
"""

import re

from django.core.paginator import EmptyPage, InvalidPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.utils.functional import cached_property
from django.utils.translation import gettext, gettext_lazy, ngettext

# In the reader's language where it is shown (``str()`` of it), in English in the API.
NOT_A_PAGE_NUMBER = gettext_lazy("Page numbers are whole numbers from 1 up.")
_DIGITS = re.compile(r"[0-9]+")
# A number with more digits is beyond any list (and any page size); it is not converted.
_MAX_DIGITS = 15


class PageProblem(Exception):
    """A ``page`` that is not a page of the list: the HTTP status to answer, and what to say."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def whole_number(raw: str | None) -> int | None:
    """A query parameter as a whole number from 1 up; None when it is missing or empty.

    ValueError for anything else: ``abc``, ``0``, ``-1``, ``1.5``, ``١`` (digits of other
    scripts). A number too long to be any page is read as the largest one kept.
    """
    text = (raw or "").strip()
    if not text:
        return None
    digits = text.lstrip("0")
    if not _DIGITS.fullmatch(text) or not digits:
        raise ValueError(f"Not a whole number from 1 up: {text[:20]!r}")
    return int(digits) if len(digits) <= _MAX_DIGITS else int("9" * _MAX_DIGITS)


def page_of(paginator: Paginator, raw: str | None) -> Page:
    """The page of ``paginator`` that ``raw`` (the ``page`` parameter) names, or PageProblem."""
    try:
        number = whole_number(raw) or 1
    except ValueError as error:
        raise PageProblem(400, str(NOT_A_PAGE_NUMBER)) from error
    try:
        return paginator.page(number)
    except InvalidPage as error:
        asked = (raw or "").strip()
        shown = asked if len(asked) <= 12 else f"{asked[:12]}…"
        pages = page_count(paginator)
        if pages is None:
            message = gettext("There is no page %(page)s: the list ends before it.")
        else:
            message = ngettext(
                "There is no page %(page)s: this list has %(pages)s page.",
                "There is no page %(page)s: this list has %(pages)s pages.",
                pages,
            )
        raise PageProblem(404, message % {"page": shown, "pages": pages}) from error


def page_count(paginator: Paginator) -> int | None:
    """How many pages the list has, or None when its paginator does not count that far."""
    try:
        return paginator.num_pages
    except NotImplementedError:  # a LookaheadPaginator does not count
        return None


class PageMixin:
    """For list views: ``?page=`` answered by ``page_of``. A page problem leaves the list
    empty; the page shows its message (``page_problem`` in the context) with its status."""

    page_kwarg = "page"
    paginator_class = Paginator
    page_problem = None
    page_count = None  # shown as "Page 2 of 5" when the paginator knows it

    def paginate_queryset(self, queryset, page_size):
        paginator = self.paginator_class(queryset, page_size)
        try:
            page = page_of(paginator, self.request.GET.get(self.page_kwarg))
        except PageProblem as problem:
            self.page_problem = problem
            return paginator, None, [], False
        self.page_count = page_count(paginator)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("page_problem", self.page_problem)
        context.setdefault("page_count", self.page_count)
        return context

    def render_to_response(self, context, **response_kwargs):
        if self.page_problem:
            response_kwargs.setdefault("status", self.page_problem.status)
        return super().render_to_response(context, **response_kwargs)


class LookaheadPage(Page):
    def __init__(self, object_list, number, paginator, *, has_next):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self):
        return self._has_next

    def next_page_number(self):
        if not self._has_next:
            raise EmptyPage("That page contains no results")
        return self.number + 1

    def end_index(self):
        return self.start_index() + len(self.object_list) - 1


class LookaheadPaginator(Paginator):
    """Pages without counting: each page reads one row more than it shows, to know whether
    another page follows. There is no page count and no last page, only previous and next."""

    exact = False  # no count to show (``CappedCountPaginator`` has one for short lists)

    # Beyond any real list, and within what the database takes as an offset.
    max_page = 100_000

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("That page number is not an integer") from error
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        if number > self.max_page:
            raise EmptyPage("That page contains no results")
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage("That page contains no results")
        return LookaheadPage(
            rows[: self.per_page], number, self, has_next=len(rows) > self.per_page
        )

    @property
    def count(self):
        raise NotImplementedError("A LookaheadPaginator does not count.")

    @property
    def num_pages(self):
        raise NotImplementedError("A LookaheadPaginator does not count pages.")


class CappedCountPaginator(LookaheadPaginator):
    """Pages like a ``LookaheadPaginator``, and counts the list only up to ``cap`` rows.

    Counting a filtered list of a big table means joining every matching row; counting at
    most ``cap + 1`` of them costs as little as reading a page. A list of up to ``cap`` rows
    has its exact count and its number of pages; a longer one says only that it has more
    than ``cap`` (``exact`` is False), and has a next page while one follows.
    """

    cap = 1_000

    @cached_property
    def count(self):
        """The number of rows, up to ``cap + 1`` (more than ``cap``: see ``exact``)."""
        rows = self.object_list
        if hasattr(rows, "order_by"):
            return rows.order_by()[: self.cap + 1].count()
        return min(len(rows), self.cap + 1)

    @property
    def exact(self):
        """Whether ``count`` is the whole list's (it holds at most ``cap`` rows)."""
        return self.count <= self.cap

    @property
    def num_pages(self):
        if not self.exact:
            raise NotImplementedError("A list longer than the cap has no page count.")
        return Paginator.num_pages.func(self)


class EstimatedCountPaginator(Paginator):
    """Counts an unfiltered big table with PostgreSQL's estimate instead of ``COUNT(*)``.

    The estimate (``pg_class.reltuples``, kept by ANALYZE and autovacuum) stands in when the
    list is neither filtered nor searched and the table holds at least ``exact_below`` rows;
    otherwise the count is exact. Either way it is one query, so a changelist makes as many
    queries on a small table as on a big one. For admin changelists, with
    ``show_full_result_count = False``.
    """

    exact_below = 20_000

    @cached_property
    def count(self):
        queryset = self.object_list
        query = getattr(queryset, "query", None)
        if query is None or query.where or query.distinct or query.combinator:
            return super().count
        connection = connections[queryset.db]
        if connection.vendor != "postgresql":
            return super().count
        table = connection.ops.quote_name(queryset.model._meta.db_table)
        with connection.cursor() as cursor:
            # The subquery runs only when its branch is taken: below the threshold, or for
            # a table never analysed (reltuples -1).
            cursor.execute(
                "SELECT CASE WHEN reltuples >= %s THEN reltuples::bigint "
                f"ELSE (SELECT COUNT(*) FROM {table}) END "
                "FROM pg_class WHERE oid = %s::regclass",
                [self.exact_below, table],
            )
            return cursor.fetchone()[0]
