"""Row versions: no one's edit of a record is silently overwritten by a stale form."""

from django.db import models

from records.text import NoSearchMarks


class VersionedRecord(NoSearchMarks, models.Model):
    """A record that staff edit on its own admin page, with what it owns as inlines.

    ``version`` goes up with every save. The admin change form carries the version it was
    opened at and refuses to save over a newer one (``records/admin/concurrency.py``), so
    that no one's edit is silently overwritten. Writes that bypass ``save()``
    (``QuerySet.update()``) must bump it themselves: ``version=F("version") + 1``.
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)
