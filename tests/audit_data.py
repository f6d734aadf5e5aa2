"""A small world of records for the find-and-audit tests: two series, three published
meetings and one draft, each with decisions, actions and progress reported later.

Every row of the draft meeting carries the word ``DRAFTLEAK`` (or its slug ``hlm-3``), so a
test can look for it in any output.
"""

import datetime
from types import SimpleNamespace

from records.models import FollowUpAction, Meeting, Paragraph, ProgressUpdate, Resolution
from tests.factories import (
    AgendaItemFactory,
    CountryFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
)

LEAK = "DRAFTLEAK"


def paragraph(meeting: Meeting, number: int, text: str, agenda: str = "") -> Paragraph:
    item = AgendaItemFactory(meeting=meeting, number=number, title=agenda) if agenda else None
    return Paragraph.objects.create(meeting=meeting, number=number, text=text, agenda_item=item)


def resolution(
    meeting, number, verb, parties, text, *, countries=(), organisations=(), agenda=""
) -> Resolution:
    """A resolution standing alone in paragraph ``number`` of ``meeting``."""
    para = paragraph(meeting, number, f"{parties} {verb} {text}.", agenda)
    made = Resolution(paragraph=para, verb=verb, parties=parties, text=text)
    made.full_clean()
    made.save()
    made.party_countries.set(countries)
    made.party_organisations.set(organisations)
    return made


def action(
    meeting,
    description,
    *,
    paragraph_number=None,
    precision=None,
    due=None,
    status=FollowUpAction.Status.OPEN,
    owners="",
    countries=(),
    organisations=(),
) -> FollowUpAction:
    """An action validated as the admin does, so its due date is kept as the period's end.

    Without ``precision``, a ``due`` day is a day; no ``due`` means "at the next meeting".
    """
    if precision is None:
        precision = FollowUpAction.Precision.DAY if due else FollowUpAction.Precision.NEXT_MEETING
    para = None
    if paragraph_number is not None:
        para = meeting.paragraphs.filter(number=paragraph_number).first() or paragraph(
            meeting, paragraph_number, f"The Meeting asked: {description}"
        )
    made = FollowUpAction(
        meeting=meeting,
        paragraph=para,
        description=description,
        owners=owners,
        due_date=due,
        due_precision=precision,
        status=status,
    )
    made.full_clean()
    made.save()
    made.owner_countries.set(countries)
    made.owner_organisations.set(organisations)
    return made


def report(action_, meeting, text, *, status="", paragraph_number=None) -> ProgressUpdate:
    para = meeting.paragraphs.filter(number=paragraph_number).first() if paragraph_number else None
    made = ProgressUpdate(action=action_, meeting=meeting, paragraph=para, text=text, status=status)
    made.full_clean()
    made.save()
    return made


def build_records() -> SimpleNamespace:
    japan = CountryFactory(code="JP", name="Japan")
    brunei = CountryFactory(code="BN", name="Brunei Darussalam")
    thailand = CountryFactory(code="TH", name="Thailand")
    secret_state = CountryFactory(code="ZZ", name="Draftonly Republic")
    asean = OrganisationFactory(slug="asean", name="Association of Southeast Asian Nations")
    jasca = OrganisationFactory(slug="jasca", name="Japanese Association for Smart Cities")
    secret_body = OrganisationFactory(slug="draft-only-body", name="Draft Only Body")
    hlm = MeetingSeriesFactory(slug="hlm", name="High Level Meeting", short_name="HLM")
    som = MeetingSeriesFactory(slug="som", name="Senior Officials Meeting", short_name="SOM")
    hlm1 = MeetingFactory(
        series=hlm, sequence_number=1, start_date=datetime.date(2019, 3, 4), slug="hlm-1"
    )
    hlm2 = MeetingFactory(
        series=hlm, sequence_number=2, start_date=datetime.date(2021, 6, 7), slug="hlm-2"
    )
    som1 = MeetingFactory(
        series=som, sequence_number=1, start_date=datetime.date(2021, 11, 1), slug="som-1"
    )
    draft = MeetingFactory(
        series=hlm,
        sequence_number=3,
        start_date=datetime.date(2022, 1, 10),
        slug="hlm-3",
        draft=True,
    )
    r = SimpleNamespace(
        japan=japan,
        brunei=brunei,
        thailand=thailand,
        asean=asean,
        jasca=jasca,
        hlm=hlm,
        som=som,
        hlm1=hlm1,
        hlm2=hlm2,
        som1=som1,
        draft=draft,
    )
    r.guidebook = resolution(
        hlm1,
        2,
        Resolution.Verb.WELCOMED,
        "ASEAN and Japan",
        "the Smart City Planning Guidebook",
        countries=[japan],
        organisations=[asean],
        agenda="Smart city planning",
    )
    r.cooperation = resolution(
        hlm2,
        1,
        Resolution.Verb.AGREED,
        "ASEAN and Japan",
        "to continue cooperation on urban transport",
        countries=[japan, brunei],
        organisations=[asean],
        agenda="Urban transport",
    )
    r.noted = resolution(
        hlm2,
        2,
        Resolution.Verb.NOTED,
        "The Meeting",
        "the report of JASCA on business matching",
        organisations=[jasca],
        agenda="Business matching",
    )
    r.workshop = resolution(
        som1,
        1,
        Resolution.Verb.AGREED,
        "Thailand",
        "to host the workshop on flood management",
        countries=[thailand],
        agenda="Flood management",
    )
    r.draft_resolution = resolution(
        draft,
        1,
        Resolution.Verb.AGREED,
        "ASEAN and Japan",
        f"the {LEAK} clause on the guidebook",
        countries=[japan, secret_state],
        organisations=[asean, secret_body],
        agenda="Smart city planning",
    )

    r.publish_guidebook = action(
        hlm1,
        "Publish the Smart City Planning Guidebook.",
        paragraph_number=2,
        precision=FollowUpAction.Precision.YEAR,
        due=datetime.date(2019, 3, 4),
        owners="ASEAN and Japan",
        countries=[japan],
        organisations=[asean],
    )
    r.portal = action(
        hlm2,
        "Launch the urban transport portal.",
        paragraph_number=1,
        precision=FollowUpAction.Precision.MONTH,
        due=datetime.date(2099, 2, 3),
        status=FollowUpAction.Status.IN_PROGRESS,
        owners="Brunei Darussalam",
        countries=[brunei],
    )
    r.matching_report = action(
        hlm2,
        "Report on the business matching.",
        paragraph_number=2,
        precision=FollowUpAction.Precision.NEXT_MEETING,
        owners="JASCA",
        organisations=[jasca],
    )
    r.flood_workshop = action(
        som1,
        "Host the flood management workshop.",
        paragraph_number=1,
        due=datetime.date(2021, 12, 1),
        status=FollowUpAction.Status.DONE,
        owners="Thailand",
        countries=[thailand],
    )
    r.draft_action = action(
        draft,
        f"Circulate the {LEAK} guidebook annex.",
        paragraph_number=1,
        due=datetime.date(2020, 1, 1),
        countries=[japan, secret_state],
        organisations=[secret_body],
    )
    r.drafting_began = report(
        r.publish_guidebook,
        hlm2,
        "Drafting of the guidebook began.",
        status=FollowUpAction.Status.IN_PROGRESS,
        paragraph_number=1,
    )
    r.draft_report = report(
        r.publish_guidebook,
        draft,
        f"The {LEAK} progress on the guidebook.",
        status=FollowUpAction.Status.DONE,
        paragraph_number=1,
    )
    return r


FOURTH_HLM_TITLE = "Summary Record of the Fourth High Level Meeting"


def fourth_hlm_in_review(records: SimpleNamespace) -> Meeting:
    """The Fourth HLM of ``build_records()``'s series, in review: ready to publish."""
    return MeetingFactory(
        series=records.hlm,
        sequence_number=4,
        start_date=datetime.date(2023, 5, 8),
        slug="hlm-4",
        title=FOURTH_HLM_TITLE,
        status=Meeting.Status.IN_REVIEW,
        published_at=None,
    )
