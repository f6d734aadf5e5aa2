"""Search vectors: columns PostgreSQL keeps for full-text search, never read by a page."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


def search_vector_field(**options):
    """A column PostgreSQL keeps up to date for full-text search (see ``records/search.py``).

    A database trigger fills it from the row's text on every insert and update, and a GIN
    index serves the searches; both are created by a PostgreSQL-only migration. On SQLite the
    column stays empty and search falls back to matching words.
    """
    return SearchVectorField(null=True, editable=False, **options)


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


class SearchTextField(models.TextField):
    """The row's searched text with its words in scripts without spaces apart (Thai, Lao,
    Khmer, Burmese, Chinese, Japanese: ``records.search_words``), which PostgreSQL's search
    vector reads instead of ``sources`` (migrations 0022, 0025); empty when the text has no
    such words. Filled as the row is saved or bulk-created: a raw ``UPDATE`` of
    the text empties it, and the vector is then made from the text as it is."""

    def __init__(self, *args, sources=(), **kwargs):
        self.sources = tuple(sources)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["sources"] = list(self.sources)
        for key, value in {"blank": True, "default": "", "editable": False}.items():
            if kwargs.get(key) == value:
                del kwargs[key]
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        from records.search_words import has_words_without_spaces, segmented

        text = " ".join(getattr(model_instance, source) or "" for source in self.sources)
        value = segmented(text) if has_words_without_spaces(text) else ""
        setattr(model_instance, self.attname, value)
        return value
