"""Keep cached pages honest: every change to the records bumps ``RecordsVersion``.

This is cache bookkeeping, not domain logic: it runs for every save, delete and
many-to-many change of a records model, in the transaction that made it.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from simple_history.models import HistoricalChanges

from records.models import RecordsVersion


def records_changed(sender, **kwargs):
    RecordsVersion.bump()


def links_changed(sender, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        RecordsVersion.bump()


def connect() -> None:
    for model in apps.get_app_config("records").get_models(include_auto_created=True):
        # The history of the records changes only with the records, which bump it already.
        if model is RecordsVersion or issubclass(model, HistoricalChanges):
            continue
        # Who is told about the records (records/models/notifications.py) is on no page.
        if not getattr(model, "changes_public_pages", True):
            continue
        uid = f"records-version-{model._meta.label_lower}"
        if model._meta.auto_created:
            m2m_changed.connect(links_changed, sender=model, dispatch_uid=uid)
        else:
            post_save.connect(records_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(records_changed, sender=model, dispatch_uid=uid)
