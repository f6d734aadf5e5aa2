"""The number cached public pages are keyed on."""

from django.db import connections, models, router
from django.db.models import F, Q


class CacheGeneration(models.Model):
    """A number that goes up with every change to the records, for cached pages to key on.

    One row. Saving or deleting any record, or changing its many-to-many links, bumps it in
    the same transaction (``records/signals.py``): a page cached under the old number is never
    served for the new data, in any process. Writes that send no signals (``QuerySet.update()``,
    ``bulk_create()``, raw SQL) call ``CacheGeneration.bump()`` themselves.
    """

    number = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="cachegeneration_single_row"),
        ]

    def __str__(self):
        return f"Cache generation {self.number}"

    @classmethod
    def bump(cls) -> None:
        if not cls.objects.filter(pk=1).update(number=F("number") + 1):
            cls.objects.get_or_create(pk=1, defaults={"number": 1})

    @classmethod
    def read(cls) -> int:
        """The current number.

        Raw SQL: the record page reads it on every view, and the ORM's query building would
        cost several times what serving the cached page does. Read from the database the
        request reads its page from (a replica, say), so the page is keyed on the number its
        own data goes with.
        """
        connection = connections[router.db_for_read(cls)]
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT number FROM {table} WHERE id = 1")
            row = cursor.fetchone()
        return row[0] if row else 0
