"""Forms read ISO dates in every language of the interface (see ``formats.en``)."""

from asean_meetings.formats.en.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS

__all__ = ["DATE_INPUT_FORMATS", "DATETIME_INPUT_FORMATS"]
