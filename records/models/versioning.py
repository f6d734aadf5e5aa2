"""Row versions: no one's edit of a record, and no move of the workflow, acts on a version of
the record its user never saw."""

from functools import cache, reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from records.text import NoSearchMarks


class VersionedRecord(NoSearchMarks, models.Model):
    """A record that staff edit on its own admin page, with what it owns as inlines.

    ``version`` goes up with every save. The admin change form carries the version it was
    opened at and refuses to save over a newer one (``records/admin/concurrency.py``), so
    that no one's edit is silently overwritten. Writes that bypass ``save()``
    (``QuerySet.update()``) must bump it themselves: ``version=F("version") + 1``.
    """

    version = models.PositiveIntegerField(default=1, editable=False, verbose_name=_("version"))

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)


class RecordPart(NoSearchMarks, models.Model):
    """A part of a meeting's record: a participant, agenda item, paragraph, resolution, action
    or the progress reported on one.

    ``record_paths`` lead from the part to the meetings whose record shows it, the first to
    the one it belongs to (``record``). Saving or deleting the part, or changing its links,
    moves those meetings' versions on (``records/signals.py``, whatever wrote it), so a page
    opened on the record before, a change form or a publish confirmation, is refused. When
    the part moves to another record, its ``followers()`` move with it, in its save.
    """

    record_paths: tuple[str, ...] = ("meeting",)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        followers = self.followers() if self.moves() else []
        super().save(*args, **kwargs)
        for row in followers:
            row.save()

    def full_clean(self, *args, **kwargs):
        """Validate the part, then the rows that would follow it."""
        super().full_clean(*args, **kwargs)
        if not self.moves() or self.record is None:
            return
        for row in self.followers():
            try:
                row.full_clean()
            except ValidationError as error:
                raise ValidationError(
                    f"“{row}” would move with it and then be wrong: {' '.join(error.messages)}"
                ) from error

    @classmethod
    def from_db(cls, db, field_names, values):
        part = super().from_db(db, field_names, values)
        part._stored_keys = part._record_keys()
        return part

    def moves(self) -> bool:
        """Whether this save takes a stored part to another place (its followers then follow):
        not for a new part, nor for one whose keys to its records are those it was read with."""
        if self._state.adding:
            return False
        stored = getattr(self, "_stored_keys", None)
        return stored is None or stored != self._record_keys()

    @property
    def record(self):
        """The meeting whose record this is part of (``None`` before it is chosen)."""
        return self._reach(self.record_paths[0])

    def records(self) -> list:
        """Every meeting whose record shows this part."""
        return [meeting for meeting in map(self._reach, self.record_paths) if meeting is not None]

    def followers(self) -> list:
        """The rows that must move with this part into its record, moved there but not saved."""
        return []

    def records_q(self) -> Q | None:
        """The condition for the meetings whose records show this part, as it is and as it was
        loaded (``None``: none)."""
        keys = getattr(self, "_stored_keys", {})
        conditions = [*self._records_q(self._record_keys()), *self._records_q(keys)]
        return reduce(or_, conditions) if conditions else None

    def bump_record_versions(self) -> None:
        """Move on the version of each of its records, as it is and as it was loaded."""
        condition = self.records_q()
        self._stored_keys = self._record_keys()
        if condition is not None:
            meetings = _path_model(type(self), self.record_paths[0])._base_manager
            meetings.filter(condition).update(version=F("version") + 1)

    def _reach(self, path):
        row = self
        for name in path.split("__"):
            if getattr(row, row._meta.get_field(name).attname) is None:
                return None
            row = getattr(row, name)
        return row

    def _record_keys(self) -> dict:
        return {name: getattr(self, attname) for name, attname in self._record_key_names()}

    @classmethod
    @cache
    def _record_key_names(cls) -> list[tuple[str, str]]:
        """The first field of each of ``record_paths``, with its column's attribute: looked up
        once per model, not for every row read (``from_db``)."""
        names = dict.fromkeys(path.split("__")[0] for path in cls.record_paths)
        return [(name, cls._meta.get_field(name).attname) for name in names]

    def _records_q(self, keys) -> list[Q]:
        conditions = []
        for path in self.record_paths:
            first, _, rest = path.partition("__")
            if keys.get(first) is None:
                continue
            if rest:
                rows = self._meta.get_field(first).related_model._base_manager
                conditions.append(Q(pk__in=rows.filter(pk=keys[first]).values(rest)))
            else:
                conditions.append(Q(pk=keys[first]))
        return conditions


def _path_model(model, path: str):
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


def last_change(record):
    """The latest history entry of ``record`` or, for a meeting, of any part of its record."""
    histories = [record.history.all()]
    for part in RecordPart.__subclasses__():
        paths = [path for path in part.record_paths if _path_model(part, path) is type(record)]
        if paths:
            histories.append(part.history.filter(reduce(or_, (Q(**{p: record.pk}) for p in paths))))
    entries = [
        history.select_related("history_user").order_by("-history_date", "-history_id").first()
        for history in histories
    ]
    return max(filter(None, entries), key=lambda entry: entry.history_date, default=None)
