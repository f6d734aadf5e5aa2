"""What goes wrong when a document is imported, said so that staff know what to do."""


class ImportProblem(ValueError):
    """The document cannot be imported; ``message`` tells the officer why and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UnreadableDocument(ImportProblem):
    """The file is empty, too large, not text, or in a format the importer cannot read."""


class NotARecord(ImportProblem):
    """The text reads, but it is not the summary record of a meeting."""
