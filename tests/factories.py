"""One factory per model. Built objects are valid: they pass ``full_clean()``."""

import datetime
import hashlib

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from records import models


class CountryFactory(DjangoModelFactory):
    class Meta:
        model = models.Country
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"Country {n}")
    code = factory.Sequence(lambda n: f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = models.Organisation

    name = factory.Sequence(lambda n: f"Ministry of Affairs {n}")
    slug = factory.Sequence(lambda n: f"ministry-{n}")
    kind = models.Organisation.Kind.MINISTRY


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = models.Person

    honorific = "Mr."
    name = factory.Sequence(lambda n: f"TANAKA Taro {n}")


class MeetingSeriesFactory(DjangoModelFactory):
    class Meta:
        model = models.MeetingSeries

    name = factory.Sequence(lambda n: f"ASEAN Ministerial Meeting on Topic {n}")
    short_name = factory.Sequence(lambda n: f"AMM-T{n}")
    slug = factory.Sequence(lambda n: f"amm-t{n}")


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = models.Meeting

    series = factory.SubFactory(MeetingSeriesFactory)
    sequence_number = factory.Sequence(lambda n: n + 1)
    start_date = factory.Sequence(lambda n: datetime.date(2000, 1, 3) + datetime.timedelta(weeks=n))
    end_date = factory.LazyAttribute(lambda m: m.start_date + datetime.timedelta(days=1))
    year = factory.LazyAttribute(lambda m: m.start_date.year)
    venue = "Jakarta"
    format = models.Meeting.Format.IN_PERSON
    title = factory.LazyAttribute(
        lambda m: f"Summary Record of Meeting {m.sequence_number} of {m.series.name}"
    )
    slug = factory.LazyAttribute(lambda m: f"{m.series.slug}-{m.sequence_number}")
    status = models.Meeting.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    withdrawal_reason = factory.LazyAttribute(
        lambda m: "Withdrawn for the test." if m.status == models.Meeting.Status.WITHDRAWN else ""
    )

    class Params:
        draft = factory.Trait(status=models.Meeting.Status.DRAFT, published_at=None)


class CorrectionFactory(DjangoModelFactory):
    class Meta:
        model = models.Correction

    meeting = factory.SubFactory(MeetingFactory)
    note = "Paragraph 2 read “Japan” for “ASEAN”."


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = models.Participant

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    role = models.Participant.Role.CO_CHAIR
    position = "Permanent Secretary"
    organisation = factory.SubFactory(OrganisationFactory)
    government = factory.SubFactory(CountryFactory)


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = models.AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agenda item {n}")


class ParagraphFactory(DjangoModelFactory):
    class Meta:
        model = models.Paragraph

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(
        lambda n: f"The Meeting agreed to strengthen co-operation on matter {n} by 2030."
    )


class ResolutionFactory(DjangoModelFactory):
    class Meta:
        model = models.Resolution

    paragraph = factory.SubFactory(ParagraphFactory)
    verb = models.Resolution.Verb.AGREED
    parties = "The Meeting"
    text = factory.LazyAttribute(lambda r: r.paragraph.text.split(" agreed ", 1)[-1].rstrip("."))


class FollowUpActionFactory(DjangoModelFactory):
    class Meta:
        model = models.FollowUpAction

    paragraph = factory.SubFactory(ParagraphFactory)
    meeting = factory.SelfAttribute("paragraph.meeting")
    description = factory.Sequence(lambda n: f"Prepare report {n}.")
    owners = "ASEAN Secretariat"
    due_text = "by 30 June 2031"
    due_date = datetime.date(2031, 6, 30)
    due_precision = models.FollowUpAction.Precision.DAY


class ProgressUpdateFactory(DjangoModelFactory):
    class Meta:
        model = models.ProgressUpdate

    action = factory.SubFactory(FollowUpActionFactory)
    meeting = factory.SubFactory(
        MeetingFactory, series=factory.SelfAttribute("..action.meeting.series")
    )
    text = "Progress was reported."


def full_record(size: int, **meeting_fields) -> models.Meeting:
    """A published meeting with ``size`` of everything a record holds: chairs, agenda items,
    paragraphs, each with a resolution and a follow-up action that name parties and owners,
    and progress on each action reported at a later published meeting of the series."""
    meeting = MeetingFactory(**meeting_fields)
    later = MeetingFactory(series=meeting.series)
    for number in range(1, size + 1):
        ParticipantFactory(meeting=meeting, order=number)
        item = AgendaItemFactory(meeting=meeting, number=number)
        paragraph = ParagraphFactory(meeting=meeting, number=number, agenda_item=item)
        resolution = ResolutionFactory(paragraph=paragraph)
        resolution.party_countries.set([CountryFactory()])
        resolution.party_organisations.set([OrganisationFactory()])
        action = FollowUpActionFactory(paragraph=paragraph, resolution=resolution)
        action.owner_countries.set([CountryFactory()])
        action.owner_organisations.set([OrganisationFactory()])
        ProgressUpdateFactory(action=action, meeting=later)
    return meeting


class FocalPointFactory(DjangoModelFactory):
    class Meta:
        model = models.FocalPoint

    name = factory.Sequence(lambda n: f"Ms. Focal Point {n}")
    email = factory.Sequence(lambda n: f"focal.point.{n}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)


class SecretariatDeskFactory(DjangoModelFactory):
    class Meta:
        model = models.SecretariatDesk

    series = factory.SubFactory(MeetingSeriesFactory)
    email = factory.Sequence(lambda n: f"desk.{n}@asean.example.org")


class SubscriptionFactory(DjangoModelFactory):
    """A confirmed subscription (``confirmed_at=None`` for a pending one)."""

    class Meta:
        model = models.Subscription

    email = factory.Sequence(lambda n: f"reader.{n}@example.org")
    confirmed_at = factory.LazyFunction(timezone.now)


class SuppressedAddressFactory(DjangoModelFactory):
    class Meta:
        model = models.SuppressedAddress

    email = factory.Sequence(lambda n: f"bounced.{n}@example.org")


class AttachmentFactory(DjangoModelFactory):
    """An annex of a draft record, stored as it would be after its checks on upload."""

    class Meta:
        model = models.Attachment

    meeting = factory.SubFactory(MeetingFactory, draft=True)
    title = factory.Sequence(lambda n: f"Annex {n}")
    file = factory.django.FileField(filename="annex.pdf", data=b"%PDF-1.4\n%%EOF\n")
    size = 15
    content_type = "application/pdf"
    sha256 = factory.LazyFunction(lambda: hashlib.sha256(b"%PDF-1.4\n%%EOF\n").hexdigest())


class LanguageVersionFactory(DjangoModelFactory):
    """A published Japanese version of a published record, numbering the same paragraphs as
    its record (``paragraphs=False``: none; ``draft=True``: a draft version)."""

    class Meta:
        model = models.LanguageVersion
        skip_postgeneration_save = True

    meeting = factory.SubFactory(MeetingFactory)
    language = "ja"
    title = factory.Sequence(lambda n: f"第{n + 1}回会合 議事要旨")
    authoritative = False
    status = models.Meeting.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(status=models.Meeting.Status.DRAFT, published_at=None)

    @factory.post_generation
    def paragraphs(self, create, extracted, **kwargs):
        """One paragraph for each of the record's, unless ``paragraphs=False``."""
        if not create or extracted is False:
            return
        for number in self.meeting.paragraphs.values_list("number", flat=True):
            VersionParagraphFactory(language_version=self, number=number)


class VersionParagraphFactory(DjangoModelFactory):
    class Meta:
        model = models.VersionParagraph

    language_version = factory.SubFactory(LanguageVersionFactory, paragraphs=False)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.LazyAttribute(
        lambda p: f"会合は第{p.number}項の事項について協力を強化することで合意した。"
    )
