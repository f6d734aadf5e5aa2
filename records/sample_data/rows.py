"""Writing the sample records in bulk: rows queued with their keys, written parents first,
and emptying the records tables for ``generate_sample_data --flush``."""

import datetime
import io
import json
import queue
import threading
from collections import defaultdict
from contextlib import contextmanager

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max
from django.db.models.base import ModelState

from records.models import (
    AgendaItem,
    CacheGeneration,
    FollowUpAction,
    Meeting,
    Paragraph,
    Participant,
    ProgressUpdate,
    Resolution,
)

BATCH_SIZE = 5_000

# Rows are written parents first, in this order.
WRITE_ORDER = [
    Meeting,
    Participant,
    AgendaItem,
    Paragraph,
    Resolution,
    Resolution.party_countries.through,
    Resolution.party_organisations.through,
    FollowUpAction,
    FollowUpAction.owner_countries.through,
    FollowUpAction.owner_organisations.through,
    ProgressUpdate,
]


class Rows:
    """The rows of a meeting's tables waiting to be written, and how many were written.

    Keys are handed out here, from the largest key already in each table, so that rows can
    point at each other before they are written; the sequences are moved past them at the
    end (as ``loaddata`` does).
    """

    def __init__(self):
        self.written: dict[str, int] = defaultdict(int)
        self.next_id = {
            model: (model.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
            for model in WRITE_ORDER
        }
        self.queued: dict[type, list] = defaultdict(list)
        self.writer: CopyWriter | None = None
        self.defaults = {
            model: {f.attname: f.get_default() for f in model._meta.concrete_fields}
            for model in WRITE_ORDER
        }
        # Callable defaults (``default=dict``) are called for each row, as Django does.
        self.callable_defaults = {
            model: [f for f in model._meta.concrete_fields if callable(f.default)]
            for model in WRITE_ORDER
        }

    def new(self, model, **fields):
        """A row of ``model`` with its key, queued for the next write.

        Built without ``Model.__init__``, which costs several times more than the rest of
        the row's journey to ``bulk_create``: the fields are set directly, over the defaults
        of the fields not given, and the row is marked as not yet saved.
        """
        unknown = fields.keys() - self.defaults[model].keys()
        if unknown:
            raise TypeError(f"{model.__name__} has no field {', '.join(sorted(unknown))}.")
        row = model.__new__(model)
        row._state = ModelState()
        row.__dict__.update(self.defaults[model])
        for f in self.callable_defaults[model]:
            row.__dict__[f.attname] = f.get_default()
        row.__dict__.update(fields, id=self.next_id[model])
        self.next_id[model] += 1
        self.queued[model].append(row)
        return row

    def link(self, relation, row, targets) -> None:
        """Queue the rows of the many-to-many ``relation`` (``Resolution.party_countries``)
        from ``row`` to each of ``targets``."""
        source = f"{relation.field.m2m_field_name()}_id"
        target = f"{relation.field.m2m_reverse_field_name()}_id"
        for linked in targets:
            self.new(relation.through, **{source: row.pk, target: linked.pk})

    def write(self) -> int:
        """Insert the queued rows, parents first; returns how many resolutions were written.

        On PostgreSQL with ``COPY`` (which costs a fraction of ``bulk_create``'s compiling of
        every value into an ``INSERT``) on a thread of its own (``CopyWriter``), so that the
        database writes a chunk while the next is built: ``finish_writing()`` waits for it.
        Elsewhere with ``bulk_create``. The database fills the search vectors either way (its
        trigger).
        """
        resolutions = len(self.queued[Resolution])
        if connection.vendor == "postgresql" and self.writer is None:
            self.writer = CopyWriter()
        for model in WRITE_ORDER:
            rows = self.queued.pop(model, [])
            if self.writer is not None:
                self.writer.copy(model, rows)
            else:
                model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
            self.written[model._meta.model_name] += len(rows)
        return resolutions

    def finish_writing(self) -> None:
        """Wait until every row handed to the database is written; raise what went wrong."""
        if self.writer is not None:
            writer, self.writer = self.writer, None
            writer.close()

    def reset_sequences(self) -> None:
        """Move each table's key sequence past the keys handed out here."""
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), WRITE_ORDER):
                cursor.execute(sql)


class CopyWriter:
    """PostgreSQL's ``COPY`` on a thread of its own, on the connection of the thread that
    made it, which must not use that connection until ``close()``.

    Rows are turned into ``COPY`` text on the calling thread and written on this one: the
    database writes a chunk, and fills its search vectors, while the generator builds the
    next. At most ``QUEUED`` tables' rows wait. A failure of the database is raised by the
    next ``copy()`` or by ``close()``.
    """

    QUEUED = 2 * len(WRITE_ORDER)

    def __init__(self):
        connection.ensure_connection()
        self.raw = connection.connection
        self.queue: queue.Queue = queue.Queue(maxsize=self.QUEUED)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="sample-data-copy", daemon=True)
        self.thread.start()

    def copy(self, model, rows) -> None:
        self._raise()
        if rows:
            self.queue.put(copy_statement(model, rows))

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()
        self._raise()

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        with self.raw.cursor() as cursor:
            while (statement := self.queue.get()) is not None:
                if self.error is not None:
                    continue  # the transaction has failed: drain the queue
                try:
                    cursor.copy_expert(*statement)
                except BaseException as error:  # raised on the generator's thread
                    self.error = error


def write_rows(model, rows) -> None:
    """Insert ``rows`` of ``model``: with ``COPY`` on PostgreSQL, else ``bulk_create``."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    elif rows:
        with connection.cursor() as cursor:
            cursor.copy_expert(*copy_statement(model, rows))


def copy_statement(model, rows) -> tuple[str, io.StringIO]:
    """The ``COPY`` statement writing ``rows`` of ``model`` and its data, in the text format;
    the values as ``bulk_create`` would save them (``auto_now`` fields set by ``pre_save``,
    keys from the table's sequence when the rows have none)."""
    fields = [f for f in model._meta.concrete_fields if f.name != "search_vector"]
    if rows[0].pk is None:  # keys from the table's sequence
        fields.remove(model._meta.pk)
    values = [_copy_value(f) for f in fields]
    buffer = io.StringIO()
    buffer.writelines("\t".join([value(row) for value in values]) + "\n" for row in rows)
    buffer.seek(0)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    return f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN", buffer


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(field):
    """How a row's value of ``field`` is written in the text format of ``COPY``: ``\\N`` for
    null, special characters escaped. Chosen once per field: a million rows are many values."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda row: _copy_text(field.pre_save(row, True))
    attname = field.attname
    if isinstance(field, models.IntegerField | models.ForeignKey):
        return lambda row: "\\N" if (v := row.__dict__[attname]) is None else str(v)
    if isinstance(field, models.CharField | models.TextField):
        return lambda row: (
            "\\N" if (v := row.__dict__[attname]) is None else v.translate(_COPY_ESCAPES)
        )
    return lambda row: _copy_text(row.__dict__[attname])


def _copy_text(value) -> str:
    """``value`` in the text format of ``COPY``: ``\\N`` for null, special characters escaped."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, dict | list):
        value = json.dumps(value)
    return str(value).translate(_COPY_ESCAPES)


@contextmanager
def loading_in_bulk(models):
    """Inside the current transaction, on PostgreSQL: the tables of ``models`` loaded as its
    manual's "Populating a Database" advises, their indexes and foreign keys built once over
    all the rows instead of row by row.

    Their secondary indexes (those not backing a primary key or unique constraint) and
    foreign keys are dropped, the block writes the rows, and each is made again from its
    definition in the catalogue (``pg_get_indexdef``, ``pg_get_constraintdef``): the same
    names and definitions, each foreign key checked over all the rows in one query. Then the
    tables are analysed. The search-vector triggers stay: they fill each row as it is copied,
    which costs no more than filling them after. The tables are locked until the transaction
    ends, so that no one reads them without their indexes. Elsewhere it does nothing.
    """
    if connection.vendor != "postgresql":
        yield
        return
    tables = [model._meta.db_table for model in models]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # ALTER TABLE refuses tables with foreign-key checks still pending in this transaction.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) "
            "ORDER BY conrelid, conname",
            [tables],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = ANY(%s::regclass[]) AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint WHERE conindid = indexrelid) "
            "ORDER BY indrelid, indexrelid",
            [tables],
        )
        indexes = cursor.fetchall()
        for table, name, _ in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    yield
    with connection.cursor() as cursor:
        # Memory for sorting the rows of each index as it is built (the default is 64 MB).
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            cursor.execute(definition)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(f"ANALYZE {', '.join(quote(table) for table in tables)}")


def records_tables() -> list[str]:
    """Every table of the records app, many-to-many tables included."""
    models = apps.get_app_config("records").get_models(include_auto_created=True)
    # The cache generation keeps counting: pages cached before the flush stay stale.
    return [model._meta.db_table for model in models if model is not CacheGeneration]


def flush_records() -> None:
    """Empty every records table and restart its keys (TRUNCATE on PostgreSQL).

    Rows of other apps that point at records go too (``CASCADE``).
    """
    if connection.vendor == "postgresql":
        # TRUNCATE refuses tables with foreign-key checks still pending in this transaction.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    sql = connection.ops.sql_flush(
        no_style(), records_tables(), reset_sequences=True, allow_cascade=True
    )
    connection.ops.execute_sql_flush(sql)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
