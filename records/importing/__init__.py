"""Import a summary record from its text, a Word file or a PDF: recognise, preview, save.

- ``text.text_from_file``: the plain text of an upload (``.txt``, ``.docx`` by ``word``,
  ``.pdf`` by ``pdf``), read with bounded work and memory, for uploads are untrusted;
- ``recognise.parse_record``: our rules, from text to a ``ParsedRecord`` (saves nothing),
  with ``people``, ``decisions``, ``dates``, ``layout``, and ``budget`` for their limits;
- ``lookup``: what the recognised names are in the database (series, countries, duplicates);
- ``preview``: the recognised record as JSON and as highlighted text;
- ``records.services.record_import``: the one write, a draft meeting with everything linked.
"""

from records.importing.errors import ImportProblem, NotARecord, UnreadableDocument
from records.importing.parsed import ParsedRecord
from records.importing.recognise import parse_record
from records.importing.text import MAX_FILE_BYTES, text_from_file

__all__ = [
    "MAX_FILE_BYTES",
    "ImportProblem",
    "NotARecord",
    "ParsedRecord",
    "UnreadableDocument",
    "parse_record",
    "text_from_file",
]
