"""Version bookkeeping, not domain logic, for every write however it is made (a form, a
service, a bulk delete, a cascade), in the transaction that made it:

- every change to the records bumps ``CacheGeneration``, so cached pages stay honest;
- every change to a part of a meeting's record moves that meeting's version on
  (``RecordPart``), so no one acts on a version of the record they never saw.
"""

from django.apps import apps
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from simple_history.models import HistoricalChanges

from records.models import CacheGeneration, Meeting, RecordPart


def records_changed(sender, **kwargs):
    CacheGeneration.bump()


def part_changed(sender, instance, raw=False, origin=None, **kwargs):
    whole_records = isinstance(origin, Meeting) or (
        isinstance(origin, QuerySet) and origin.model is Meeting
    )
    if not raw and not whole_records:
        instance.bump_record_versions()


def links_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    CacheGeneration.bump()
    if not reverse:
        parts = [instance]
    elif issubclass(model, RecordPart):
        parts = model._base_manager.filter(pk__in=pk_set or ())
    else:
        parts = []
    for part in parts:
        if isinstance(part, RecordPart):
            part.bump_record_versions()


def connect() -> None:
    for model in apps.get_app_config("records").get_models(include_auto_created=True):
        # The history of the records changes only with the records, which bump it already.
        if model is CacheGeneration or issubclass(model, HistoricalChanges):
            continue
        # Who is told about the records (records/models/notifications.py) is on no page.
        if not getattr(model, "changes_public_pages", True):
            continue
        uid = f"cache-generation-{model._meta.label_lower}"
        if model._meta.auto_created:
            m2m_changed.connect(links_changed, sender=model, dispatch_uid=uid)
            continue
        post_save.connect(records_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(records_changed, sender=model, dispatch_uid=uid)
        if issubclass(model, RecordPart):
            uid = f"record-part-{model._meta.label_lower}"
            post_save.connect(part_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(part_changed, sender=model, dispatch_uid=uid)
