"""British English forms read ISO dates too, not dd/mm/yyyy (see ``formats.en``)."""

from asean_meetings.formats.en.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS

__all__ = ["DATE_INPUT_FORMATS", "DATETIME_INPUT_FORMATS"]
