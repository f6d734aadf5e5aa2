from django.apps import AppConfig
from django.db.models.signals import post_migrate


class RecordsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "records"

    def ready(self):
        from records import audit, roles, signals

        signals.connect()
        audit.connect()
        post_migrate.connect(roles.roles_after_migrate, sender=self, dispatch_uid="records-roles")
