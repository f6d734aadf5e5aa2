"""How much work recognising one text may take: several times what any summary record needs,
and no more.

A long record has a hundred paragraphs, a few hundred recognised parts (dates, names,
decisions, deadlines, mended words) and a hundred decisions, and the officer checks each part
in the preview, a form row or a highlight apiece. A hostile or broken text — a clause repeated
a hundred thousand times, a sentence that never ends — is refused in seconds with
:class:`TooMuchToRecognise`, instead of holding a worker past its timeout or its memory, or
drawing a preview no one could check (a preview of 500 paragraphs and 2,000 parts takes a
few seconds to draw: see ``bench/IMPORT_LIMITS.md``).
"""

from django.utils.translation import gettext

from records.importing.errors import TooMuchToRecognise

MAX_PARAGRAPHS = 500
MAX_PARTS = 2_000
# The words of resolutions' clauses and follow-up actions' descriptions, together: each is a
# piece of the text, and overlapping clauses could otherwise repeat it without end.
MAX_RECOGNISED_CHARS = 2_000_000


def _import_alone() -> str:
    return gettext("Import the record alone, as it was issued.")


class Budget:
    """What recognising one text has used so far; past a limit, the text is refused."""

    def __init__(self, paragraphs: int):
        if paragraphs > MAX_PARAGRAPHS:
            raise TooMuchToRecognise(
                gettext(
                    "The text is too long to recognise: it has %(count)s paragraphs, more than "
                    "any summary record (%(most)s at most)."
                )
                % {"count": f"{paragraphs:,}", "most": f"{MAX_PARAGRAPHS:,}"}
                + " "
                + _import_alone()
            )
        self.parts = 0
        self.characters = 0

    def spend(self, parts: int = 1, characters: int = 0) -> None:
        self.parts += parts
        self.characters += characters
        if self.parts > MAX_PARTS:
            raise TooMuchToRecognise(
                gettext(
                    "The text is too long or too repetitive to recognise: more than %(most)s "
                    "parts (dates, names, decisions, deadlines, mended words) were found in it, "
                    "where a summary record has a few hundred."
                )
                % {"most": f"{MAX_PARTS:,}"}
                + " "
                + _import_alone()
            )
        if self.characters > MAX_RECOGNISED_CHARS:
            raise TooMuchToRecognise(
                gettext(
                    "The text is too long or too repetitive to recognise: its decisions run to "
                    "more than %(most)s characters, repeating the same words over and over."
                )
                % {"most": f"{MAX_RECOGNISED_CHARS:,}"}
                + " "
                + _import_alone()
            )
