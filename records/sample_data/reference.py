"""The reference data the sample records name (countries, organisations, people) and
their meeting series, each with its plan: how many meetings, from when, how often."""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.text import slugify

from records.models import Country, MeetingSeries, Organisation, Person
from records.sample_data.rows import BATCH_SIZE
from records.sample_data.vocabulary import (
    DIALOGUE_PARTNERS,
    LEVELS,
    ORGANISATIONS,
    TOPICS,
    person_name,
)
from records.seed import ASEAN_MEMBER_STATES

# Dates of the generated records end here; statuses are written as of this day.
AS_OF = datetime.date(2025, 11, 30)
FIRST_YEAR = 1978


@dataclass
class SeriesPlan:
    """A meeting series written, and how many meetings it holds, from when, how often."""

    series: MeetingSeries
    topic: str
    level: str
    portfolio: str
    partner: Country | None
    meeting_count: int
    start: datetime.date
    interval_days: float
    # Progress to report at the meeting of a given number: (action, owners, status, outcome).
    pending_updates: dict[int, list] = field(default_factory=lambda: defaultdict(list))


def plain_name(organisation: Organisation) -> str:
    """A ministry's name without the country it was made unique with."""
    return organisation.name.split(" (")[0]


class ReferenceData:
    """The countries, organisations and people of ``meeting_total`` meetings, written at once,
    and the meeting series (``series_plans()``). Counts what it wrote in ``counts``."""

    def __init__(self, *, rng: random.Random, meeting_total: int, counts: dict[str, int]):
        self.rng = rng
        self.meeting_total = meeting_total
        self.counts = counts
        existing = set(Country.objects.values_list("code", flat=True))
        new = [
            Country(name=name, code=code, asean_member_since=since)
            for name, code, since in ASEAN_MEMBER_STATES
            if code not in existing
        ] + [
            Country(name=name, code=code)
            for name, code in DIALOGUE_PARTNERS
            if code not in existing
        ]
        Country.objects.bulk_create(new)
        self.countries = {c.code: c for c in Country.objects.all()}
        self.members = [self.countries[code] for _, code, _ in ASEAN_MEMBER_STATES]
        self.partners = [self.countries[code] for _, code in DIALOGUE_PARTNERS]

        organisations = [
            Organisation(
                slug=slug,
                name=name,
                short_name=short_name,
                kind=kind,
                country=self.countries[code] if code else None,
            )
            for slug, name, short_name, kind, code in ORGANISATIONS
        ]
        for country in [*self.members, *self.partners]:
            for _, _, ministry in TOPICS:
                name = f"{ministry} ({country.name})"
                organisations.append(
                    Organisation(
                        name=name,
                        slug=slugify(name)[:100],
                        kind=Organisation.Kind.MINISTRY,
                        country=country,
                    )
                )
        existing = set(Organisation.objects.values_list("slug", flat=True))
        Organisation.objects.bulk_create(
            [o for o in organisations if o.slug not in existing], batch_size=BATCH_SIZE
        )
        self.organisations = {o.slug: o for o in Organisation.objects.all()}
        self.ministries = {
            (o.country_id, plain_name(o)): o
            for o in self.organisations.values()
            if o.kind == Organisation.Kind.MINISTRY
        }
        self.counts["countries"] = len(self.countries)
        self.counts["organisations"] = len(self.organisations)
        self.create_people()

    def create_people(self) -> None:
        per_country = max(4, self.meeting_total // 12)
        countries = [*self.members, *self.partners]
        people = []
        for country in countries:
            for _ in range(per_country):
                honorific, name = person_name(self.rng, country.code)
                people.append(Person(honorific=honorific, name=name))
        secretariat = []
        for _ in range(max(4, self.meeting_total // 20)):
            honorific, name = person_name(self.rng, self.rng.choice(self.members).code)
            secretariat.append(Person(honorific=honorific, name=name))
        Person.objects.bulk_create(people + secretariat, batch_size=BATCH_SIZE)
        self.people = defaultdict(list)
        for index, person in enumerate(people):
            self.people[countries[index // per_country].pk].append(person)
        self.secretariat_staff = secretariat
        self.counts["people"] = len(people) + len(secretariat)

    def series_plans(self) -> list[SeriesPlan]:
        """Write the meeting series, and plan each one's meetings."""
        rng = self.rng
        combinations = [
            (partner, topic, level)
            for topic in TOPICS
            for level in LEVELS
            for partner in [None, *self.partners[:6]]
        ]
        rng.shuffle(combinations)
        wanted = min(len(combinations), max(min(self.meeting_total, 4), self.meeting_total // 25))
        existing = set(MeetingSeries.objects.values_list("slug", flat=True))
        chosen = []
        for partner, topic, level in combinations:
            prefix = f"ASEAN-{partner.name.replace('Republic of ', '')}" if partner else "ASEAN"
            short_name = f"{prefix} {level[1]}-{topic[1]}"
            slug = slugify(short_name)
            if slug in existing:
                continue
            existing.add(slug)
            series = MeetingSeries(
                name=f"{prefix} {level[0]} on {topic[0]}",
                short_name=short_name,
                slug=slug,
                description=f"The meeting of {level[0].lower().removesuffix(' meeting')}s of "
                f"{'ASEAN and ' + partner.name if partner else 'the ASEAN Member States'} "
                f"responsible for {topic[0].lower()}.",
            )
            chosen.append((series, partner, topic, level))
            if len(chosen) == wanted:
                break
        MeetingSeries.objects.bulk_create([series for series, *_ in chosen])
        self.counts["series"] = len(chosen)

        plans = []
        base, extra = divmod(self.meeting_total, len(chosen))
        for index, (series, partner, topic, level) in enumerate(chosen):
            count = base + (1 if index < extra else 0)
            start = datetime.date(rng.randint(FIRST_YEAR, 2005), rng.randint(1, 12), 1)
            last = AS_OF - datetime.timedelta(days=rng.randint(20, 400))
            interval = max(3.0, (last - start).days / (count - 1)) if count > 1 else 0.0
            start = min(start, last - datetime.timedelta(days=round(interval * (count - 1))))
            plans.append(
                SeriesPlan(
                    series=series,
                    topic=topic[0],
                    level=level[2],
                    portfolio=topic[2],
                    partner=partner,
                    meeting_count=count,
                    start=start,
                    interval_days=interval,
                )
            )
        return plans
