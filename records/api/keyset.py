"""Keyset pagination: the page after (or before) a row, found by the values of the row's keys
in the list's order instead of by counting the rows before it.

``OFFSET 500000`` reads and drops half a million rows; "the rows after (2019, 2019-10-18,
3, 1204, 7, 2, 881234)" reads only the page, from the indexes that serve the order. A
cursor names such a row: the values of the list's ordering keys, and which way to go from
it. It is opaque to clients (base64 of JSON) and checked like any other parameter: a cursor
that is not one of this list's, in this order, is a 400.

Only an order that ends with the primary key has keysets (every row's keys differ); the
API's resolution and action lists are in such orders, whatever their ``sort``.
"""

import base64
import binascii
import hashlib
import json

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import F, OrderBy, Q

NEXT, PREVIOUS = "next", "previous"


class NotACursor(ValueError):
    """A cursor that does not name a row of this list in this order."""


class Key:
    """One ordering key: a field path, its direction, and where its nulls sort."""

    def __init__(self, path: str, *, descending: bool, nulls_last: bool):
        self.path = path
        self.descending = descending
        self.nulls_last = nulls_last

    def __repr__(self):
        return f"{'-' if self.descending else ''}{self.path}{'' if self.nulls_last else '^'}"

    def reversed(self) -> "Key":
        return Key(self.path, descending=not self.descending, nulls_last=not self.nulls_last)

    def order(self) -> OrderBy:
        nulls = {"nulls_last": True} if self.nulls_last else {"nulls_first": True}
        return OrderBy(F(self.path), descending=self.descending, **nulls)

    def after(self, value) -> Q:
        """Rows whose value of this key comes after ``value`` in this order."""
        if value is None:
            return Q(pk__in=[]) if self.nulls_last else Q(**{f"{self.path}__isnull": False})
        beyond = Q(**{f"{self.path}__{'lt' if self.descending else 'gt'}": value})
        return beyond | Q(**{f"{self.path}__isnull": True}) if self.nulls_last else beyond

    def equal(self, value) -> Q:
        if value is None:
            return Q(**{f"{self.path}__isnull": True})
        return Q(**{self.path: value})


def _key(model, ordering) -> Key | None:
    """The ``Key`` of one term of ``order_by()``, or None if it is not a plain field path."""
    if isinstance(ordering, str):
        descending = ordering.startswith("-")
        path, nulls = ordering.lstrip("-"), None
    elif isinstance(ordering, OrderBy) and isinstance(ordering.expression, F):
        descending = ordering.descending
        path = ordering.expression.name
        nulls = "first" if ordering.nulls_first else "last" if ordering.nulls_last else None
    else:
        return None
    if path == "?" or "." in path:
        return None
    if nulls is None:
        # The database's own place for nulls: PostgreSQL sorts them as the largest value,
        # SQLite as the smallest.
        largest = connection.vendor == "postgresql"
        nulls = "last" if largest != descending else "first"
    return Key(path, descending=descending, nulls_last=nulls == "last")


def _field(model, path: str):
    """The model field at the end of ``path`` (``paragraph__meeting__year``)."""
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.pk if name == "pk" else model._meta.get_field(name)


class Keyset:
    """The keys of a queryset's order, when it has keysets (else ``Keyset.of`` is None)."""

    def __init__(self, model, keys: list[Key]):
        self.model = model
        self.keys = keys
        self.fields = [_field(model, key.path) for key in keys]
        # A cursor carries this, so that it is refused by a list in another order.
        self.signature = hashlib.sha256(repr(keys).encode()).hexdigest()[:8]

    @classmethod
    def of(cls, queryset) -> "Keyset | None":
        query = queryset.query
        ordering = query.order_by or (query.get_meta().ordering if query.default_ordering else ())
        keys = [_key(queryset.model, term) for term in ordering]
        if not keys or None in keys or keys[-1].path not in {"pk", queryset.model._meta.pk.name}:
            return None
        try:
            return cls(queryset.model, keys)
        except FieldDoesNotExist:
            return None

    def annotated(self, queryset):
        """``queryset`` with the value of each key on each row (``keys_of(row)``)."""
        return queryset.annotate(**{f"keyset_{i}": F(key.path) for i, key in enumerate(self.keys)})

    def keys_of(self, row) -> list:
        return [getattr(row, f"keyset_{i}") for i in range(len(self.keys))]

    def page(self, queryset, direction: str, values: list, size: int) -> tuple[list, bool]:
        """Up to ``size`` rows of ``queryset`` after (``NEXT``) or before (``PREVIOUS``) the
        row whose keys are ``values``, in the list's order; and whether more lie beyond them
        in that direction."""
        keys = self.keys if direction == NEXT else [key.reversed() for key in self.keys]
        condition = Q(pk__in=[])
        for i, key in enumerate(keys):
            same = Q()
            for earlier, value in zip(keys[:i], values, strict=False):
                same &= earlier.equal(value)
            condition |= same & key.after(values[i])
        first, value = keys[0], values[0]
        if value is None or not first.nulls_last:
            # The first key's bound alone, which an index on it serves.
            bound = first.after(value) | first.equal(value)
            return self._read(queryset.filter(condition & bound), keys, direction, size)
        # Nulls come last, after this value: the rows from the value on (a range an index
        # serves), then, if the page is not full, those without one.
        operator = "lte" if first.descending else "gte"
        rows, more = self._read(
            queryset.filter(condition, **{f"{first.path}__{operator}": value}), keys, NEXT, size
        )
        if not more:
            nulls = queryset.filter(**{f"{first.path}__isnull": True})
            rest, more = self._read(nulls, keys, NEXT, size - len(rows))
            rows += rest
        return (rows if direction == NEXT else rows[::-1]), more

    def _read(self, queryset, keys, direction, size) -> tuple[list, bool]:
        """Up to ``size`` rows of ``queryset`` in the order of ``keys``, and whether more follow."""
        ordered = self.annotated(queryset.order_by(*(key.order() for key in keys)))
        rows = list(ordered[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        return (rows if direction == NEXT else rows[::-1]), more

    def cursor(self, direction: str, values: list) -> str:
        text = json.dumps([direction, self.signature, *values], cls=DjangoJSONEncoder)
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    def read(self, cursor: str) -> tuple[str, list]:
        """The direction and key values of ``cursor``; ``NotACursor`` if it is not one."""
        try:
            text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
            direction, signature, *raw = json.loads(text)
        except (binascii.Error, UnicodeDecodeError, ValueError, TypeError) as error:
            raise NotACursor(cursor) from error
        if direction not in {NEXT, PREVIOUS} or signature != self.signature:
            raise NotACursor(cursor)
        if len(raw) != len(self.fields):
            raise NotACursor(cursor)
        values = []
        for field, value in zip(self.fields, raw, strict=True):
            if value is not None and not isinstance(value, int | str):
                raise NotACursor(cursor)
            if isinstance(value, int) and not -(2**63) < value < 2**63:
                raise NotACursor(cursor)  # beyond any key the database holds
            try:
                values.append(None if value is None else field.to_python(value))
            except (ValidationError, ValueError, TypeError) as error:
                raise NotACursor(cursor) from error
        return direction, values
