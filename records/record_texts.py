"""A record's texts in their languages, as the public reads them.

A record has its own text (the meeting's title and paragraphs, in ``Meeting.language``) and
may have other language versions (``LanguageVersion``). Each published text has its own
page, PDF and Akoma Ntoso document; every page offers all of them (the language switch and
``<link rel="alternate" hreflang>``), says which one it is, whether it is authoritative, and
which is the original. There is no fallback: a language without a published version has no
address at all (404), and is never shown in another language's words.

Which text is the original: the version marked so, else the record's own text
(``records/models/languages.py``). The original is the master expression in Akoma Ntoso,
and ``x-default`` among the alternates, when it is published; when the original is a version
not yet published, no published text is the original and none claims to be.
"""

from dataclasses import dataclass

from django.urls import reverse

from records.language_tags import is_right_to_left, language_name
from records.models import LanguageVersion, Meeting


@dataclass(frozen=True)
class RecordText:
    """One text of a record: its own (``version`` None) or a language version."""

    meeting: Meeting
    version: LanguageVersion | None
    original: bool

    @property
    def language(self) -> str:
        return self.version.language if self.version else self.meeting.language

    @property
    def title(self) -> str:
        return self.version.title if self.version else self.meeting.title

    @property
    def authoritative(self) -> bool:
        return (self.version or self.meeting).authoritative

    @property
    def published_at(self):
        return (self.version or self.meeting).published_at

    @property
    def name(self) -> str:
        """The language's name in English: "Japanese"."""
        return language_name(self.language)

    @property
    def local_name(self) -> str:
        """The language's name in itself (its autonym): "日本語"."""
        return language_name(self.language, local=True)

    @property
    def direction(self) -> str:
        """The text's ``dir``: "rtl" or "ltr"."""
        return "rtl" if is_right_to_left(self.language) else "ltr"

    @property
    def paragraphs(self):
        return (self.version or self.meeting).paragraphs.all()

    def url(self) -> str:
        return self._address("meeting_detail", "language_version")

    def pdf_url(self) -> str:
        return self._address("meeting_pdf", "language_version_pdf")

    def akn_url(self) -> str:
        return self._address("meeting_akn", "language_version_akn")

    def _address(self, own: str, version: str) -> str:
        if self.version is None:
            return reverse(f"records:{own}", kwargs={"slug": self.meeting.slug})
        return reverse(
            f"records:{version}", kwargs={"slug": self.meeting.slug, "language": self.language}
        )


def record_texts(meeting: Meeting, *, version: LanguageVersion | None = None) -> list[RecordText]:
    """The record's published texts, its own first, then its versions by language.

    ``meeting`` comes from ``for_record_page()`` or ``for_export()`` (its published versions
    and whether a version is the original are loaded: no query here). ``version`` is one not
    (yet) published that a member of staff previews: it is listed too, in its place.
    """
    versions = list(meeting.published_language_versions)
    if version is not None and all(v.pk != version.pk for v in versions):
        versions = sorted([*versions, version], key=lambda v: v.language)
    own = RecordText(meeting, None, original=not meeting.original_is_version)
    return [own, *(RecordText(meeting, v, original=v.original) for v in versions)]


def text_language(source) -> str:
    """The language of the record's words that ``source`` stands for: a text's (a
    ``RecordText`` or ``LanguageVersion``), or a record's own (a ``Meeting``: its title,
    paragraphs, notes, agenda, decisions, follow-up actions and the progress reported at it are
    in its language), or a BCP 47 code given as it is.

    On a page in any interface language, each element holding a record's words says this
    language (``records/templatetags/record_texts.py``), so that they are read, spoken and
    hyphenated as the language they were adopted in."""
    return source if isinstance(source, str) else source.language


def text_in(texts: list[RecordText], language: str) -> RecordText | None:
    """The text in ``language``, or None: never one in another language."""
    return next((text for text in texts if text.language == language), None)


def original_text(texts: list[RecordText]) -> RecordText | None:
    """The published original, or None when the original is not published."""
    return next((text for text in texts if text.original), None)


def master_text(texts: list[RecordText]) -> RecordText:
    """The text whose paragraphs the others follow: the original when published, else the
    record's own (the decisions are marked on its paragraphs)."""
    return original_text(texts) or texts[0]
