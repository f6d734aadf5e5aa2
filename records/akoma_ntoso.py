"""A published summary record as Akoma Ntoso 3.0 (OASIS LegalDocML) XML.

The record is a ``debateReport`` named ``summaryRecord``: see docs/open-data.md for
why. Paragraphs are copied word for word; the only markup added inside them marks where
the record names a chair or an organisation it refers to, and never changes the text.

Identifiers follow the Akoma Ntoso naming convention, with ``asean`` in the place of a
country code, e.g. ``/akn/asean/debateReport/asean-japan-scn-hlm/2021-10-18/3``.
"""

import datetime
import re
from pathlib import Path

from django.utils import timezone
from django.utils.text import slugify
from lxml import etree

from records.language_tags import three_letter_language
from records.models import LanguageVersion, Meeting
from records.record_texts import RecordText, master_text, original_text, record_texts, text_in

NAMESPACE = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
SCHEMA_PATH = Path(__file__).with_name("schemas") / "akoma-ntoso" / "akomantoso30.xsd"
CONTENT_TYPE = "application/xml; charset=utf-8"

COUNTRY = "asean"
PUBLISHER_ID = "publisher"
PUBLISHER_NAME = "ASEAN Secretariat"
ONTOLOGY = "/akn/ontology"

# XML 1.0 cannot carry these characters at all (lxml refuses them); a record pasted from a
# word processor can hold one. Each becomes U+FFFD, the replacement character.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    """``text`` as XML 1.0 can carry it; escaping is lxml's job, not ours."""
    return _NOT_XML.sub("\ufffd", text)


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _sub(parent, tag: str, text: str | None = None, /, **attributes) -> etree._Element:
    element = etree.SubElement(parent, _tag(tag), {k: xml_text(v) for k, v in attributes.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _day(value: datetime.date | datetime.datetime) -> str:
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    return value.isoformat()


def work_date(meeting: Meeting) -> datetime.date:
    """The date that names the work: the first day of the meeting, or 1 January of its year
    when only the year is known."""
    return meeting.start_date or datetime.date(meeting.year, 1, 1)


def work_uri(meeting: Meeting) -> str:
    return (
        f"/akn/{COUNTRY}/debateReport/{meeting.series.slug}/"
        f"{work_date(meeting).isoformat()}/{meeting.sequence_number}"
    )


def expression_uri(meeting: Meeting, text: RecordText | None = None) -> str:
    """The record's own text (or ``text``, one of its texts) as an expression: its language
    and its publication day, e.g. ``…/3/eng@2021-11-30``."""
    if text is None:
        language, published_at = three_letter_language(meeting.language), meeting.published_at
    else:
        language, published_at = three_letter_language(text.language), text.published_at
    return f"{work_uri(meeting)}/{language}@{_day(published_at)}"


class _References:
    """The TLC entries of ``<references>``, one per person, organisation or role, by eId."""

    def __init__(self):
        self.entries: dict[str, tuple[str, str, str]] = {}

    def add(self, kind: str, eid: str, href: str, show_as: str) -> str:
        self.entries.setdefault(eid, (kind, href, show_as))
        return eid

    def person(self, person) -> str:
        key = slugify(person.name) or str(person.pk)
        eid = f"person-{key}"
        if eid in self.entries and self.entries[eid][2] != str(person):
            eid = f"person-{key}-{person.pk}"
        return self.add("TLCPerson", eid, f"{ONTOLOGY}/person/{COUNTRY}/{key}", str(person))

    def organisation(self, organisation) -> str:
        return self.add(
            "TLCOrganization",
            f"organisation-{organisation.slug}",
            f"{ONTOLOGY}/organization/{COUNTRY}/{organisation.slug}",
            organisation.name,
        )

    def country(self, country) -> str:
        """A state, as a party or as the government a chair represented."""
        code = country.code.lower()
        return self.add(
            "TLCOrganization", f"country-{code}", f"{ONTOLOGY}/organization/{code}", country.name
        )

    def role(self, participant) -> str:
        role = participant.role.replace("_", "-")
        return self.add(
            "TLCRole",
            f"role-{role}",
            f"{ONTOLOGY}/role/{COUNTRY}/{role}",
            participant.get_role_display(),
        )


def _mentions(text: str, names: dict[str, tuple[str, dict]]) -> list[tuple[int, int, str, dict]]:
    """Where ``text`` names each of ``names`` (longest first, never overlapping)."""
    taken: list[tuple[int, int, str, dict]] = []
    for name in sorted(names, key=len, reverse=True):
        if not name:
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            start, end = match.span()
            if all(end <= s or start >= e for s, e, _, _ in taken):
                tag, attributes = names[name]
                taken.append((start, end, tag, attributes))
    return sorted(taken)


def _paragraph_content(p_element, text: str, names) -> None:
    """Fill ``<p>`` with ``text`` exactly, marking the names it mentions."""
    position = 0
    last = None
    for start, end, tag, attributes in _mentions(text, names):
        chunk = xml_text(text[position:start])
        if last is None:
            p_element.text = chunk
        else:
            last.tail = chunk
        last = _sub(p_element, tag, text[start:end], **attributes)
        position = end
    rest = xml_text(text[position:])
    if last is None:
        p_element.text = rest
    else:
        last.tail = rest


def meeting_to_akn(meeting: Meeting, *, version: LanguageVersion | None = None) -> bytes:
    """The record as an Akoma Ntoso document. ``meeting`` comes from ``for_export()``.

    Each text of the record is its own expression of the one work: the record's own text, or
    ``version``, one of its published language versions, with its language, whether it is
    authoritative, the master expression (the original: records/record_texts.py) and, for a
    text that is not the original, the original it is a translation of."""
    texts = record_texts(meeting)
    text = texts[0] if version is None else text_in(texts, version.language)
    references = _References()
    publisher = references.add(
        "TLCOrganization",
        PUBLISHER_ID,
        f"{ONTOLOGY}/organization/{COUNTRY}/secretariat",
        PUBLISHER_NAME,
    )
    body_id = references.add(
        "TLCOrganization",
        f"series-{meeting.series.slug}",
        f"{ONTOLOGY}/organization/{COUNTRY}/{meeting.series.slug}",
        meeting.series.name,
    )

    names: dict[str, tuple[str, dict]] = {}
    for participant in meeting.participants.all():
        person_id = references.person(participant.person)
        role_id = references.role(participant)
        names[participant.person.name] = (
            "person",
            {"refersTo": f"#{person_id}", "as": f"#{role_id}"},
        )
        names[str(participant.person)] = names[participant.person.name]
        if participant.organisation:
            org_id = references.organisation(participant.organisation)
            names[participant.organisation.name] = ("organization", {"refersTo": f"#{org_id}"})
        if participant.government:
            references.country(participant.government)
    paragraphs = list(meeting.paragraphs.all())
    for paragraph in paragraphs:
        for resolution in paragraph.resolutions.all():
            for organisation in resolution.listed_party_organisations:
                org_id = references.organisation(organisation)
                names[organisation.name] = ("organization", {"refersTo": f"#{org_id}"})
            for country in resolution.listed_party_countries:
                references.country(country)

    root = etree.Element(_tag("akomaNtoso"), nsmap={None: NAMESPACE})
    document = _sub(root, "debateReport", name="summaryRecord")
    meta = _sub(document, "meta")

    work = work_uri(meeting)
    expression = expression_uri(meeting, text)
    published = _day(text.published_at)
    identification = _sub(meta, "identification", source=f"#{publisher}")
    frbr_work = _sub(identification, "FRBRWork")
    _sub(frbr_work, "FRBRthis", value=f"{work}/!main")
    _sub(frbr_work, "FRBRuri", value=work)
    _sub(
        frbr_work,
        "FRBRdate",
        date=work_date(meeting).isoformat(),
        name="meeting" if meeting.start_date else "meeting year",
    )
    _sub(frbr_work, "FRBRauthor", href=f"#{body_id}")
    _sub(frbr_work, "FRBRcountry", value=COUNTRY)
    _sub(frbr_work, "FRBRsubtype", value="summaryRecord")
    _sub(frbr_work, "FRBRnumber", value=str(meeting.sequence_number), showAs=meeting.ordinal)
    _sub(frbr_work, "FRBRname", value=meeting.title)

    frbr_expression = _sub(identification, "FRBRExpression")
    _sub(frbr_expression, "FRBRthis", value=f"{expression}/!main")
    _sub(frbr_expression, "FRBRuri", value=expression)
    _sub(frbr_expression, "FRBRdate", date=published, name="publication")
    _sub(frbr_expression, "FRBRauthor", href=f"#{publisher}")
    _sub(frbr_expression, "FRBRauthoritative", value="true" if text.authoritative else "false")
    master = master_text(texts)
    _sub(
        frbr_expression,
        "FRBRmasterExpression",
        href=expression_uri(meeting, master),
        showAs=f"{master.title} ({master.name})",
    )
    language = three_letter_language(text.language)
    _sub(frbr_expression, "FRBRlanguage", language=language)
    original = original_text(texts)
    if original is not None and original != text:
        _sub(
            frbr_expression,
            "FRBRtranslation",
            href=expression_uri(meeting, original),
            fromLanguage=three_letter_language(original.language),
            authoritative="true" if text.authoritative else "false",
            by=f"#{publisher}",
        )

    frbr_manifestation = _sub(identification, "FRBRManifestation")
    _sub(frbr_manifestation, "FRBRthis", value=f"{expression}/!main.xml")
    _sub(frbr_manifestation, "FRBRuri", value=f"{expression}.akn")
    _sub(frbr_manifestation, "FRBRdate", date=_day(meeting.updated_at), name="generation")
    _sub(frbr_manifestation, "FRBRauthor", href=f"#{publisher}")
    _sub(frbr_manifestation, "FRBRformat", value="application/akn+xml")

    _sub(
        meta,
        "publication",
        date=published,
        name="summary-records",
        showAs=f"{PUBLISHER_NAME}: published summary records",
    )
    lifecycle = _sub(meta, "lifecycle", source=f"#{publisher}")
    _sub(
        lifecycle,
        "eventRef",
        eId="publication",
        date=published,
        source="#original",
        type="generation",
    )
    corrections = list(meeting.corrections.all())
    for number, correction in enumerate(corrections, start=1):
        _sub(
            lifecycle,
            "eventRef",
            eId=f"correction_{number}",
            date=_day(correction.corrected_at),
            source="#original",
            type="amendment",
        )

    refs = _sub(meta, "references", source=f"#{publisher}")
    _sub(refs, "original", eId="original", href=expression, showAs=text.title)
    for eid, (kind, href, show_as) in references.entries.items():
        _sub(refs, kind, eId=eid, href=href, showAs=show_as)

    if meeting.note or corrections:
        notes = _sub(meta, "notes", source=f"#{publisher}")
        if meeting.note:
            note = _sub(notes, "note", eId="note-1")
            _sub(note, "p", meeting.note)
        # Each correction's public note, linked to its lifecycle event.
        for number, correction in enumerate(corrections, start=1):
            note = _sub(notes, "note", eId=f"correction_note_{number}")
            _sub(note, "p", correction.public_text)

    preface = _sub(document, "preface")
    title = _sub(preface, "p")
    _sub(title, "docTitle", text.title)

    main = _sub(document, "mainBody")
    if version is not None:
        paragraphs = list(text.paragraphs)
    for paragraph in paragraphs:
        element = _sub(main, "paragraph", eId=f"para_{paragraph.number}")
        _sub(element, "num", f"{paragraph.number}.")
        content = _sub(element, "content")
        _paragraph_content(_sub(content, "p"), paragraph.text, names)
    if not paragraphs:
        _sub(main, "p", "The text of this summary record has not been entered.")
    attachments = meeting.attachments.all()
    if attachments:
        # Each attached file, by its address on the site (records/views_archive.py).
        listed = _sub(document, "attachments")
        for number, attachment in enumerate(attachments, start=1):
            element = _sub(listed, "attachment", eId=f"att_{number}")
            _sub(
                element,
                "documentRef",
                eId=f"att_{number}__ref",
                href=attachment.get_absolute_url(),
                showAs=attachment.title,
            )

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


_schema = None


def schema() -> etree.XMLSchema:
    """The OASIS Akoma Ntoso 3.0 schema shipped in ``records/schemas/akoma-ntoso/``."""
    global _schema
    if _schema is None:
        _schema = etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))
    return _schema
