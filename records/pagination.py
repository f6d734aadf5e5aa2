"""Pagination that does not count every row of a big table on every page view."""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.utils.functional import cached_property


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
