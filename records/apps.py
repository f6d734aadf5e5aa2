from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


def register_search_words(sender, connection, **kwargs):
    """SQLite's full-text index is filled by triggers calling ``records_search_words``
    (migration 0022): Python, registered on every connection Django opens."""
    if connection.vendor == "sqlite":
        from records.search_words import index_words

        connection.connection.create_function(
            "records_search_words", 2, index_words, deterministic=True
        )


class RecordsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "records"

    def ready(self):
        from records import audit, roles, signals

        signals.connect()
        audit.connect()
        post_migrate.connect(roles.roles_after_migrate, sender=self, dispatch_uid="records-roles")
        connection_created.connect(register_search_words, dispatch_uid="records-search-words")
