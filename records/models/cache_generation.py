"""The number cached public pages and renderings are keyed on."""

import time

from django.db import connections, models, router, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Greatest
from django.utils.translation import gettext_lazy as _


class CacheGeneration(models.Model):
    """A number that goes up whenever what the public sees changes, for cached pages to key on.

    One row. A change that the public may see (``records.caching.changes_public_view``; a
    draft's edits are not) moves it once its transaction has committed, once however many
    rows that transaction wrote (``records/signals.py``); writes that send no signals
    (``QuerySet.update()``, ``bulk_create()``, raw SQL) call ``CacheGeneration.bump()``
    themselves.

    It lives in the database, not in the cache, so emptying or losing the cache never takes
    it back. Each bump makes it at least the current time in microseconds, so it never
    returns to a number used before even when the database itself goes back (restored from
    a backup, or made afresh): a cache that outlived the database holds no page under a
    number it will reach again.
    """

    number = models.PositiveBigIntegerField(default=0, verbose_name=_("number"))

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="cachegeneration_single_row"),
        ]

    def __str__(self):
        return f"Cache generation {self.number}"

    @classmethod
    def bump(cls) -> None:
        """Move the number on once the current transaction commits (at once outside one).

        Once per transaction: a transaction that saves a thousand rows moves it once. Never
        for a transaction rolled back. After the commit, not in it, so writers never queue on
        the row: each bump is an UPDATE of its own, locking the row for that statement only.
        Until then readers see the old number with the old data; a page rendered from the new
        data meanwhile is cached under the old number, which is left behind at once.
        """
        if not cls.bump_pending():
            # robust: a failed bump (the database gone away) is logged, never raised to the
            # writer, whose change is committed already.
            transaction.on_commit(_pending_bump(), robust=True)

    @classmethod
    def bump_pending(cls) -> bool:
        """Whether the current transaction will bump the number when it commits, whatever
        else it does: a bump registered where no rollback can drop it without dropping the
        change being made now too (Django keeps each callback with its savepoints)."""
        conn = transaction.get_connection()
        if not conn.in_atomic_block:
            return False
        savepoints = set(conn.savepoint_ids)
        return any(
            getattr(callback, "bumps_cache_generation", False)
            and not callback.done
            and registered_in <= savepoints
            for registered_in, callback, _robust in conn.run_on_commit
        )

    @classmethod
    def bump_now(cls) -> None:
        """Move the number on in the current transaction (``bump()`` does it after commit)."""
        microseconds = time.time_ns() // 1000
        number = Greatest(F("number") + 1, Value(microseconds))
        if not cls.objects.filter(pk=1).update(number=number):
            cls.objects.get_or_create(pk=1, defaults={"number": microseconds})

    @classmethod
    def read(cls) -> int:
        """The current number (0 before the first change).

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


def _pending_bump():
    """The bump a transaction makes once committed (a function: Django logs its name)."""

    def bump_committed_changes():
        bump_committed_changes.done = True
        CacheGeneration.bump_now()

    bump_committed_changes.bumps_cache_generation = True
    bump_committed_changes.done = False
    return bump_committed_changes
