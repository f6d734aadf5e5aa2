"""Version bookkeeping, not domain logic, for every write however it is made (a form, a
service, a bulk delete, a cascade):

- a change the public may see (``records.caching.changes_public_view``) moves the
  ``CacheGeneration`` on once its transaction commits, so cached pages stay honest; a draft's
  edits leave the public's cache alone;
- every change to a part of a meeting's record moves that meeting's version on
  (``RecordPart``), in the transaction that made it, so no one acts on a version of the record
  they never saw.
"""

from django.apps import apps
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from simple_history.models import HistoricalChanges

from records.caching import changes_public_view
from records.models import CacheGeneration, Meeting, RecordPart


def whole_record(origin) -> bool:
    """Whether a delete started from meetings: their parts go with them, and the meetings
    themselves say what that changes."""
    return isinstance(origin, Meeting) or (isinstance(origin, QuerySet) and origin.model is Meeting)


def public_view_changed(instance, *, raw=False) -> None:
    # The rule may read the database: not once a bump is due anyway.
    if CacheGeneration.bump_pending():
        return
    if raw or changes_public_view(instance):
        CacheGeneration.bump()


def row_saved(sender, instance, raw=False, **kwargs):
    public_view_changed(instance, raw=raw)


def row_deleted(sender, instance, origin=None, **kwargs):
    # Before the delete: the rows that show it (its links to records) are still there.
    if not (isinstance(instance, RecordPart) and whole_record(origin)):
        public_view_changed(instance)


def part_changed(sender, instance, raw=False, origin=None, **kwargs):
    if not raw and not whole_record(origin):
        instance.bump_record_versions()


def links_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse and pk_set is None:  # a reverse clear: which parts it unlinked is not known
        CacheGeneration.bump()
        return
    parts = list(model._base_manager.filter(pk__in=pk_set)) if reverse else [instance]
    for part in parts:
        public_view_changed(part)
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
        post_save.connect(row_saved, sender=model, dispatch_uid=uid)
        pre_delete.connect(row_deleted, sender=model, dispatch_uid=uid)
        if issubclass(model, RecordPart):
            # After row_saved, which reads the records the part was loaded in.
            uid = f"record-part-{model._meta.label_lower}"
            post_save.connect(part_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(part_changed, sender=model, dispatch_uid=uid)
