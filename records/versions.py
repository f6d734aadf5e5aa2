"""Published versions: the canonical serialisation of a record, its hash, and word diffs.

The serialisation is defined in ``docs/archive.md`` so that anyone can recompute a version's
SHA-256 from the record's Akoma Ntoso export.
"""

import difflib
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass

from django.utils import timezone

from records import signing
from records.akoma_ntoso import work_uri, xml_text
from records.models import LanguageVersion, Meeting, Paragraph, PublishedVersion


def _text(value: str) -> str:
    """Text as the serialisation carries it: as XML can carry it, NFC, ``\\n`` line ends."""
    value = xml_text(value).replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", value)


def serialise(*, work: str, title: str, note: str, paragraphs, language_versions=()) -> str:
    """The canonical serialisation: JSON, keys sorted, no spaces between tokens, text NFC.

    ``paragraphs`` are ``(number, text)`` pairs; they are written in order of number.
    ``language_versions`` are the record's published language versions, as dicts of
    ``language``, ``title``, ``authoritative``, ``original`` and ``paragraphs`` (pairs again),
    written in order of language under ``versions``: a record without any has no such key, so
    its serialisation (and hash) is what it was before records had versions.
    """
    data = {
        "work": work,
        "title": _text(title),
        "note": _text(note),
        "paragraphs": _paragraphs(paragraphs),
    }
    if language_versions:
        data["versions"] = [
            {
                "language": version["language"],
                "title": _text(version["title"]),
                "authoritative": version["authoritative"],
                "original": version["original"],
                "paragraphs": _paragraphs(version["paragraphs"]),
            }
            for version in sorted(language_versions, key=lambda version: version["language"])
        ]
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _paragraphs(paragraphs) -> list[dict]:
    return [{"number": number, "text": _text(text)} for number, text in sorted(paragraphs)]


def sha256(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def current_content(meeting: Meeting) -> str:
    """The canonical serialisation of ``meeting`` as it stands in the database now."""
    meeting = Meeting.objects.select_related("series").get(pk=meeting.pk)
    paragraphs = Paragraph.objects.filter(meeting=meeting).values_list("number", "text")
    published = LanguageVersion.objects.filter(
        meeting=meeting, status=LanguageVersion.Status.PUBLISHED
    ).prefetch_related("paragraphs")
    language_versions = [
        {
            "language": version.language,
            "title": version.title,
            "authoritative": version.authoritative,
            "original": version.original,
            "paragraphs": [(p.number, p.text) for p in version.paragraphs.all()],
        }
        for version in published
    ]
    return serialise(
        work=work_uri(meeting),
        title=meeting.title,
        note=meeting.note,
        paragraphs=paragraphs,
        language_versions=language_versions,
    )


def record_version(*, meeting: Meeting, note: str = "", when=None) -> PublishedVersion:
    """Freeze ``meeting`` as the public now sees it: its next published version, chained to
    the one before. Called by ``meeting_publish`` and ``meeting_correct`` after their save,
    in their transaction."""
    previous = meeting.published_versions.order_by("-number").first()
    content = current_content(meeting)
    return PublishedVersion.objects.create(
        meeting=meeting,
        number=previous.number + 1 if previous else 1,
        made_at=when or timezone.now(),
        note=note,
        content=content,
        sha256=sha256(content),
        previous_sha256=previous.sha256 if previous else "",
        signature=signing.sign(sha256(content)),
    )


def problems(meeting: Meeting) -> list[str]:
    """What is wrong with ``meeting``'s versions and text: a version whose hash or chain does
    not hold, or a published text that differs from its last published version."""
    found = []
    previous = None
    for version in meeting.published_versions.order_by("number"):
        expected_number = previous.number + 1 if previous else 1
        if version.number != expected_number:
            found.append(f"version {expected_number} is missing")
        if sha256(version.content) != version.sha256:
            found.append(f"version {version.number}'s text does not match its SHA-256")
        if version.previous_sha256 != (previous.sha256 if previous else ""):
            found.append(f"version {version.number} does not chain to the version before it")
        signed = version.signature and signing.signing_key() is not None
        if signed and not signing.is_valid(version.sha256, version.signature):
            found.append(f"version {version.number}'s signature does not verify")
        previous = version
    published = meeting.status == Meeting.Status.PUBLISHED and previous is not None
    if published and current_content(meeting) != previous.content:
        found.append(f"the published text differs from version {previous.number}")
    return found


# --- Reading a version, and what a correction changed -------------------------------------


@dataclass(frozen=True)
class Change:
    """A run of words in a diff: ``kind`` is "same", "deleted" or "inserted"."""

    kind: str
    text: str


@dataclass(frozen=True)
class ParagraphDiff:
    number: int
    changes: list[Change]

    @property
    def changed(self) -> bool:
        return any(change.kind != "same" for change in self.changes)


def read(version: PublishedVersion) -> dict:
    """The version's content as data: ``work``, ``title``, ``note``, ``paragraphs`` and, if the
    record had published language versions then, ``versions``."""
    return json.loads(version.content)


_WORDS = re.compile(r"\s+|\S+")


def word_diff(old: str, new: str) -> list[Change]:
    """``old`` to ``new`` word by word (spaces kept with the words they follow)."""
    before, after = _WORDS.findall(old), _WORDS.findall(new)
    changes = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            changes.append(Change("same", "".join(before[i1:i2])))
            continue
        if i2 > i1:
            changes.append(Change("deleted", "".join(before[i1:i2])))
        if j2 > j1:
            changes.append(Change("inserted", "".join(after[j1:j2])))
    return changes


def _paragraph_diffs(before: list[dict], after: list[dict]) -> list[ParagraphDiff]:
    """The paragraphs that changed from ``before`` to ``after`` (serialised), by number."""
    old = {p["number"]: p["text"] for p in before}
    new = {p["number"]: p["text"] for p in after}
    paragraphs = [
        ParagraphDiff(number, word_diff(old.get(number, ""), new.get(number, "")))
        for number in sorted(old.keys() | new.keys())
    ]
    return [paragraph for paragraph in paragraphs if paragraph.changed]


@dataclass(frozen=True)
class LanguageVersionDiff:
    """What changed of a language version: its title and paragraphs (all of them, inserted or
    deleted, when it was added or taken down)."""

    language: str
    title: list[Change]
    paragraphs: list[ParagraphDiff]


def diff(old: PublishedVersion, new: PublishedVersion) -> dict:
    """What ``new`` changed of ``old``: the title, the note and each paragraph, by number, and
    (``versions``) each language version that was added, changed or taken down."""
    before, after = read(old), read(new)
    note = word_diff(before["note"], after["note"])
    old_versions = {v["language"]: v for v in before.get("versions", [])}
    new_versions = {v["language"]: v for v in after.get("versions", [])}
    empty = {"title": "", "paragraphs": []}
    language_versions = []
    for language in sorted(old_versions.keys() | new_versions.keys()):
        was, now = old_versions.get(language, empty), new_versions.get(language, empty)
        title = word_diff(was["title"], now["title"])
        paragraphs = _paragraph_diffs(was["paragraphs"], now["paragraphs"])
        if paragraphs or any(change.kind != "same" for change in title):
            language_versions.append(LanguageVersionDiff(language, title, paragraphs))
    return {
        "title": word_diff(before["title"], after["title"]),
        "note": note if any(change.kind != "same" for change in note) else [],
        "paragraphs": _paragraph_diffs(before["paragraphs"], after["paragraphs"]),
        "versions": language_versions,
    }
