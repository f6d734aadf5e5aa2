"""Writing the sample records in bulk: rows queued with their keys, written parents first,
and emptying the records tables for ``generate_sample_data --flush``."""

import datetime
import io
import json
from collections import defaultdict

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection
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

        On PostgreSQL with ``COPY``, which costs a fraction of ``bulk_create``'s compiling of
        every value into an ``INSERT`` (a million resolutions: minutes saved); elsewhere with
        ``bulk_create``. The database fills the search vectors either way (its trigger).
        """
        resolutions = len(self.queued[Resolution])
        for model in WRITE_ORDER:
            rows = self.queued.pop(model, [])
            if connection.vendor == "postgresql":
                copy_rows(model, rows)
            else:
                model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
            self.written[model._meta.model_name] += len(rows)
        return resolutions

    def reset_sequences(self) -> None:
        """Move each table's key sequence past the keys handed out here."""
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), WRITE_ORDER):
                cursor.execute(sql)


def copy_rows(model, rows) -> None:
    """Write ``rows`` of ``model`` with PostgreSQL's ``COPY``, in its text format; the
    values as ``bulk_create`` would save them (``auto_now`` fields set by ``pre_save``)."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if f.name != "search_vector"]
    quote = connection.ops.quote_name
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(_copy_text(f.pre_save(row, True)) for f in fields))
        buffer.write("\n")
    buffer.seek(0)
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN", buffer)


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


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
