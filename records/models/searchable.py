"""Search vectors: columns PostgreSQL keeps for full-text search, never read by a page."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


def search_vector_field():
    """A column PostgreSQL keeps up to date for full-text search (see ``records/search.py``).

    A database trigger fills it from the row's text on every insert and update, and a GIN
    index serves the searches; both are created by a PostgreSQL-only migration. On SQLite the
    column stays empty and search falls back to matching words.
    """
    return SearchVectorField(null=True, editable=False)


class RecordQuerySet(models.QuerySet):
    """Reads leave ``search_vector`` columns in the database: only search uses them, in its
    queries (``records/search.py``), never on a loaded row. So the rows that
    ``select_related()`` joins in come without theirs."""

    def select_related(self, *fields):
        queryset = super().select_related(*fields)
        vectors = [path for field in fields if field for path in _search_vectors(self.model, field)]
        return queryset.defer(*vectors) if vectors else queryset


def _search_vectors(model, path: str) -> list[str]:
    """``paragraph__search_vector`` and the like, for each model ``path`` passes through."""
    found, prefix = [], []
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
        prefix.append(name)
        if any(field.name == "search_vector" for field in model._meta.concrete_fields):
            found.append("__".join([*prefix, "search_vector"]))
    return found


class SearchableManager(models.Manager.from_queryset(RecordQuerySet)):
    """The manager of a model with a ``search_vector``: its own rows are read without it."""

    def get_queryset(self):
        return super().get_queryset().defer("search_vector")


class Searchable:
    """A model with a ``search_vector``, read without it: by its manager, and by its base
    manager too (``Meta.base_manager_name``), so a row reached by a foreign key comes
    without it. Reloading it by name (``refresh_from_db(fields=["search_vector"])``, or
    reading the attribute) still reads it."""

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        if from_queryset is None:
            manager = type(self)._base_manager.db_manager(using, hints={"instance": self})
            from_queryset = manager.defer(None)
        super().refresh_from_db(using, fields, from_queryset)
