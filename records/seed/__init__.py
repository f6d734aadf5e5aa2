"""The records that ship with the project: the Second and Third ASEAN-Japan SCN HLM.

The paragraphs come word for word from ``third_hlm_2021.txt``, the text extracted from the
record's PDF, read by the importer (``records.importing``): only the extraction's line breaks
and dropped spaces are mended; everything structured below points into that text.
"""

import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from records.importing import parse_record
from records.importing.language_versions import read_version
from records.models import (
    AgendaItem,
    Country,
    FollowUpAction,
    LanguageVersion,
    Meeting,
    MeetingSeries,
    Organisation,
    Paragraph,
    Participant,
    Person,
    ProgressUpdate,
    Resolution,
    VersionParagraph,
)

SOURCE = Path(__file__).with_name("third_hlm_2021.txt")
# A courtesy translation drafted for the project, so the record is shipped with a second
# language version; it is not authoritative (the English text is the adopted record).
JAPANESE_SOURCE = Path(__file__).with_name("third_hlm_2021.ja.txt")

ASEAN_MEMBER_STATES = [
    # name, ISO code, date of admission
    ("Brunei Darussalam", "BN", datetime.date(1984, 1, 7)),
    ("Cambodia", "KH", datetime.date(1999, 4, 30)),
    ("Indonesia", "ID", datetime.date(1967, 8, 8)),
    ("Lao PDR", "LA", datetime.date(1997, 7, 23)),
    ("Malaysia", "MY", datetime.date(1967, 8, 8)),
    ("Myanmar", "MM", datetime.date(1997, 7, 23)),
    ("Philippines", "PH", datetime.date(1967, 8, 8)),
    ("Singapore", "SG", datetime.date(1967, 8, 8)),
    ("Thailand", "TH", datetime.date(1967, 8, 8)),
    ("Viet Nam", "VN", datetime.date(1995, 7, 28)),
    ("Timor-Leste", "TL", datetime.date(2025, 10, 26)),
]

THIRD_HLM_SLUG = "asean-japan-scn-hlm-3"


def paragraphs_from_extracted_text(text: str) -> dict[int, str]:
    """Numbered paragraphs of an extracted record, mended as the importer mends them."""
    return {paragraph.number: paragraph.text for paragraph in parse_record(text).paragraphs}


def _countries() -> dict[str, Country]:
    countries = {}
    for name, code, since in ASEAN_MEMBER_STATES:
        countries[code], _ = Country.objects.get_or_create(
            code=code, defaults={"name": name, "asean_member_since": since}
        )
    countries["JP"], _ = Country.objects.get_or_create(code="JP", defaults={"name": "Japan"})
    return countries


def _organisation(slug: str, **fields) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(slug=slug, defaults=fields)
    return organisation


def _members_on(countries: dict[str, Country], day: datetime.date) -> list[Country]:
    return [c for c in countries.values() if c.asean_member_since and c.asean_member_since <= day]


@transaction.atomic
def load_seed_records() -> Meeting | None:
    """Create the shipped records; returns the Third HLM, or None if it was already there.

    A record already in the database is left exactly as it is, so corrections made by
    staff are never overwritten.
    """
    if Meeting.objects.filter(slug=THIRD_HLM_SLUG).exists():
        return None
    countries = _countries()
    japan, brunei = countries["JP"], countries["BN"]
    asean = _organisation(
        "asean",
        name="Association of Southeast Asian Nations",
        short_name="ASEAN",
        kind=Organisation.Kind.INTERGOVERNMENTAL,
    )
    _organisation("asean-secretariat", name="ASEAN Secretariat", kind=Organisation.Kind.SECRETARIAT)
    ascn = _organisation(
        "ascn",
        name="ASEAN Smart Cities Network",
        short_name="ASCN",
        kind=Organisation.Kind.ASSOCIATION,
    )
    mlit = _organisation(
        "mlit",
        name="Ministry of Land, Infrastructure, Transport and Tourism",
        short_name="MLIT",
        kind=Organisation.Kind.MINISTRY,
        country=japan,
    )
    mtic = _organisation(
        "brunei-mtic",
        name="Ministry of Transport and Infocommunications",
        kind=Organisation.Kind.MINISTRY,
        country=brunei,
    )
    jasca = _organisation(
        "jasca",
        name="Japanese Association for Smart Cities in ASEAN",
        short_name="JASCA",
        kind=Organisation.Kind.ASSOCIATION,
        country=japan,
    )
    series, _ = MeetingSeries.objects.get_or_create(
        slug="asean-japan-scn-hlm",
        defaults={
            "name": "ASEAN-Japan Smart Cities Network High Level Meeting",
            "short_name": "ASEAN-Japan SCN HLM",
            "description": "The yearly high level meeting of ASEAN and Japan on smart city "
            "co-operation under the ASEAN Smart Cities Network (ASCN).",
        },
    )
    now = timezone.now()

    second = _create(
        Meeting,
        series=series,
        sequence_number=2,
        year=2020,
        format=Meeting.Format.ONLINE,
        note="The Second Meeting was held online in 2020. Its summary record has not been "
        "entered here; the meeting is listed because “Smart JAMP”, the support measures "
        "proposed at it, were reported on at the Third Meeting.",
        status=Meeting.Status.PUBLISHED,
        published_at=now,
    )
    third = _create(
        Meeting,
        series=series,
        sequence_number=3,
        start_date=datetime.date(2021, 10, 18),
        end_date=datetime.date(2021, 10, 19),
        venue="Aichi Prefecture",
        country=japan,
        format=Meeting.Format.HYBRID,
        title="Summary Record of the Third ASEAN-Japan Smart Cities Network High Level Meeting",
        status=Meeting.Status.PUBLISHED,
        published_at=now,
    )

    for order, (honorific, name, position, organisation, government) in enumerate(
        [
            (
                "Mr.",
                "ISHIDA Masaru",
                "Vice-Minister for Land, Infrastructure and Hokkaido Development",
                mlit,
                japan,
            ),
            (
                "Mr.",
                "Haji Mohammad Nazri Bin Haji Mohammad Yusof",
                "Permanent Secretary",
                mtic,
                brunei,
            ),
        ],
        start=1,
    ):
        person, _ = Person.objects.get_or_create(honorific=honorific, name=name)
        _create(
            Participant,
            meeting=third,
            person=person,
            role=Participant.Role.CO_CHAIR,
            position=position,
            organisation=organisation,
            government=government,
            order=order,
        )

    agenda_titles = [
        "Opening of the Meeting",
        "ASEAN Smart Cities Network and ASEAN Sustainable Urbanisation Strategy",
        "Progress of Smart JAMP",
        "Japan's approach to smart city development",
        "Business matching session with JASCA",
        "Next High Level Meeting and continued co-operation",
    ]
    texts = paragraphs_from_extracted_text(SOURCE.read_text(encoding="utf-8"))
    paragraphs = {}
    for number, text in texts.items():
        item = _create(AgendaItem, meeting=third, number=number, title=agenda_titles[number - 1])
        paragraphs[number] = _create(
            Paragraph, meeting=third, number=number, agenda_item=item, text=text
        )

    members = _members_on(countries, third.start_date)
    asean_and_japan = {"countries": [japan], "organisations": [asean]}
    resolutions = {}
    for key, number, order, verb, parties, text, party in [
        (
            "resolved",
            2,
            1,
            Resolution.Verb.RESOLVED,
            "ASEAN and Japan",
            "to continue enhancing their cooperation toward the realisation of smart cities "
            "in each ASEAN Member State",
            asean_and_japan,
        ),
        (
            "welcomed",
            2,
            2,
            Resolution.Verb.WELCOMED,
            "ASEAN and Japan",
            "the development of an ASEAN Smart City Planning Guidebook which is planned to be "
            "formulated jointly by the end of this year",
            asean_and_japan,
        ),
        (
            "agreed",
            3,
            1,
            Resolution.Verb.AGREED,
            "Japan",
            "with each ASEAN Member State and the ASCN Cities to continue mutual cooperation in "
            "implementing these support measures",
            {"countries": [japan, *members], "organisations": [ascn]},
        ),
        (
            "recognised",
            4,
            1,
            Resolution.Verb.RECOGNISED,
            "ASEAN Member States and Japan",
            "the importance of these three points to promote smart city development",
            {"countries": [*members, japan], "organisations": []},
        ),
        (
            "affirmed",
            6,
            1,
            Resolution.Verb.AFFIRMED,
            "ASEAN and Japan",
            "to hold next ASEAN-Japan Smart Cities Network High level Meeting continuously as "
            "mutually agreed",
            asean_and_japan,
        ),
        (
            "confirmed",
            6,
            2,
            Resolution.Verb.CONFIRMED,
            "ASEAN and Japan",
            "to continue co-operation in realizing smart cities in each ASEAN Member State",
            asean_and_japan,
        ),
    ]:
        resolution = _create(
            Resolution,
            paragraph=paragraphs[number],
            order=order,
            verb=verb,
            parties=parties,
            text=text,
        )
        resolution.party_countries.set(party["countries"])
        resolution.party_organisations.set(party["organisations"])
        resolutions[key] = resolution

    guidebook = _create(
        FollowUpAction,
        meeting=third,
        paragraph=paragraphs[2],
        resolution=resolutions["welcomed"],
        description="Formulate the ASEAN Smart City Planning Guidebook jointly.",
        owners="ASEAN and Japan",
        due_text="by the end of this year",
        due_date=datetime.date(2021, 12, 31),
        due_precision=FollowUpAction.Precision.YEAR,
    )
    guidebook.owner_countries.set([japan])
    guidebook.owner_organisations.set([asean])
    matching = _create(
        FollowUpAction,
        meeting=third,
        paragraph=paragraphs[5],
        description="Continue the business matching session between ASCN Cities and the "
        "Japanese companies of JASCA.",
        owners="ASCN Cities and JASCA member companies",
        due_text="until 29 October 2021",
        due_date=datetime.date(2021, 10, 29),
        due_precision=FollowUpAction.Precision.DAY,
    )
    matching.owner_organisations.set([ascn, jasca])
    _create(
        FollowUpAction,
        meeting=third,
        paragraph=paragraphs[5],
        description="Establish the website channel for ASEAN governments and companies to "
        "contact JASCA members.",
        due_text="by February, 2022",
        due_date=datetime.date(2022, 2, 28),
        due_precision=FollowUpAction.Precision.MONTH,
    )
    next_meeting = _create(
        FollowUpAction,
        meeting=third,
        paragraph=paragraphs[6],
        resolution=resolutions["affirmed"],
        description="Hold the next ASEAN-Japan Smart Cities Network High Level Meeting.",
        owners="ASEAN and Japan",
        due_text="as mutually agreed",
        due_precision=FollowUpAction.Precision.NEXT_MEETING,
    )
    next_meeting.owner_countries.set([japan])
    next_meeting.owner_organisations.set([asean])

    smart_jamp = _create(
        FollowUpAction,
        meeting=second,
        description="Implement “Smart JAMP”, Japan's support measures for smart cities in "
        "ASEAN Member States.",
        owners="Japan",
        due_precision=FollowUpAction.Precision.NONE,
        status=FollowUpAction.Status.IN_PROGRESS,
    )
    smart_jamp.owner_countries.set([japan])
    _create(
        ProgressUpdate,
        action=smart_jamp,
        meeting=third,
        paragraph=paragraphs[3],
        text="Japan reported the status of progress of “Smart JAMP”, and agreed with each ASEAN "
        "Member State and the ASCN Cities to continue mutual cooperation in implementing "
        "these support measures.",
        status=FollowUpAction.Status.IN_PROGRESS,
    )
    _language_version(third, JAPANESE_SOURCE, "ja", authoritative=False)
    return third


def language_version_text(source: Path) -> tuple[str, dict[int, str]]:
    """A version's title and numbered paragraphs, read as staff add one (``read_version``)."""
    read = read_version(source.read_text())
    return read.title, dict(read.paragraphs)


def _language_version(meeting: Meeting, source: Path, language: str, **fields) -> LanguageVersion:
    """The record in another language, published with it (``language_version_text``)."""
    title, paragraphs = language_version_text(source)
    version = _create(
        LanguageVersion,
        meeting=meeting,
        language=language,
        title=title,
        status=meeting.status,
        published_at=meeting.published_at,
        **fields,
    )
    for number, text in paragraphs.items():
        _create(VersionParagraph, language_version=version, number=number, text=text)
    return version


def _create(model, **fields):
    """Create a row through the same validation as the admin."""
    instance = model(**fields)
    instance.full_clean()
    instance.save()
    return instance
