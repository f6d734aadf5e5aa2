"""What goes wrong when a document is imported, said so that staff know what to do."""

from django.utils.translation import gettext


class ImportProblem(ValueError):
    """The document cannot be imported; ``message`` tells the officer why and what to do."""

    def __init__(self, message: str):
        message = str(message)  # a lazy message in the language of the moment it is raised
        super().__init__(message)
        self.message = message


class UnreadableDocument(ImportProblem):
    """The file is empty, too large, not text, or in a format the importer cannot read."""


class TooMuchText(UnreadableDocument):
    """The file holds more text than any summary record; found while it is read, so the rest
    of it is not read."""

    def __init__(self, limit: int):
        super().__init__(
            gettext(
                "The file holds more than %(most)s characters of text, more than any summary "
                "record: import the record alone."
            )
            % {"most": f"{limit:,}"}
        )


class NotARecord(ImportProblem):
    """The text reads, but it is not the summary record of a meeting."""


class TooMuchToRecognise(ImportProblem):
    """The text reads, but recognising it would take more work than any record needs: it is
    far longer, or far more repetitive, than a summary record."""
