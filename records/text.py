"""The characters search uses to mark its hits, kept out of the stored text.

PostgreSQL's ``ts_headline`` returns the text with each hit between ``START_MARK`` and
``STOP_MARK`` (private-use characters no keyboard types); ``records/search.py`` turns them
into ``<mark>`` elements. Text holding them would be marked where nothing was found, so they
are dropped from every text field whenever a model is validated (``full_clean()``: the admin,
every form and the importer do it).
"""

from django.db import models

START_MARK = "\ue000"
STOP_MARK = "\ue001"

_MARKS = str.maketrans("", "", START_MARK + STOP_MARK)


def without_search_marks(text: str) -> str:
    return text.translate(_MARKS)


class NoSearchMarks:
    """For models: validating one drops the search marks from its text fields."""

    def clean_fields(self, exclude=None):
        for field in self._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField) and not (
                exclude and field.name in exclude
            ):
                value = getattr(self, field.attname)
                if isinstance(value, str):
                    setattr(self, field.attname, without_search_marks(value))
        super().clean_fields(exclude=exclude)
