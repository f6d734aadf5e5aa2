"""The sample meetings: for each series in turn, its meetings in the order they were held,
each with its chairs and delegations, agenda, paragraphs, resolutions, follow-up actions and
the progress reported on earlier ones."""

import datetime
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from records import display
from records.models import (
    AgendaItem,
    AuditEntry,
    CacheGeneration,
    Country,
    FollowUpAction,
    Meeting,
    Organisation,
    Paragraph,
    Participant,
    Person,
    ProgressUpdate,
    Resolution,
)
from records.sample_data.audit_trail import ENTRIES_PER_YEAR, create_sample_audit_trail
from records.sample_data.contacts import create_sample_contacts
from records.sample_data.reference import (
    AS_OF,
    FIRST_YEAR,
    ReferenceData,
    SeriesPlan,
    plain_name,
)
from records.sample_data.rows import WRITE_ORDER, Rows, loading_in_bulk
from records.sample_data.vocabulary import (
    ACTIONS,
    AGENDA,
    OTHER_VERB_WORD,
    POSITIONS,
    PRESENTERS,
    REPORT_VERBS,
    SUBJECTS,
    VENUES,
    deadline,
    decision_clause,
    weighted,
)

MEETINGS_PER_CHUNK = 200

Status = FollowUpAction.Status
Verb = Resolution.Verb

MEETING_STATUS_WEIGHTS = [
    (Meeting.Status.PUBLISHED, 90),
    (Meeting.Status.DRAFT, 4),
    (Meeting.Status.IN_REVIEW, 3),
    (Meeting.Status.WITHDRAWN, 3),
]
VERBS_WITH_ACTIONS = {
    Verb.AGREED, Verb.DECIDED, Verb.REQUESTED, Verb.TASKED, Verb.WELCOMED, Verb.ENDORSED,
    Verb.RESOLVED, Verb.ENCOURAGED, Verb.ADOPTED,
}  # fmt: skip


@dataclass
class Chair:
    """What paragraph 1 says of a chair."""

    person: Person
    position: str
    organisation: Organisation
    government: Country


def sentence_start(text: str) -> str:
    return text[0].upper() + text[1:]


class SampleDataGenerator:
    """Builds and writes ``meetings`` meetings holding ``resolutions`` resolutions in all."""

    def __init__(self, *, meetings: int, resolutions: int, seed: int):
        if meetings < 1:
            raise ValueError("Generate at least one meeting.")
        if resolutions < 0:
            raise ValueError("The number of resolutions cannot be negative.")
        self.meeting_total = meetings
        self.resolution_total = resolutions
        self.rng = random.Random(seed)
        self.counts: dict[str, int] = defaultdict(int)
        self.rows = Rows()

    def resolution_counts(self) -> list[int]:
        """How many resolutions each meeting records: varied, adding up exactly."""
        meetings = self.meeting_total
        base, extra = divmod(self.resolution_total, meetings)
        counts = [base + (1 if i < extra else 0) for i in range(meetings)]
        for i in range(meetings):
            moved = self.rng.randint(0, counts[i] // 2)
            counts[i] -= moved
            counts[self.rng.randrange(meetings)] += moved
        return counts

    # One meeting ----------------------------------------------------------------------

    def members_on(self, day: datetime.date) -> list[Country]:
        return [c for c in self.reference.members if c.asean_member_since <= day]

    def build_meeting(self, plan: SeriesPlan, number: int, resolutions: int) -> None:
        rng = self.rng
        series = plan.series
        start = plan.start + datetime.timedelta(days=round(plan.interval_days * (number - 1)))
        end = start + datetime.timedelta(days=rng.choice([0, 1, 1, 2]))
        members = self.members_on(start)
        # The ASEAN chair rotates in alphabetical order, one member a year.
        chair_country = members[(start.year - FIRST_YEAR) % len(members)]
        if datetime.date(2020, 3, 1) <= start <= datetime.date(2021, 12, 31):
            format_ = rng.choice([Meeting.Format.ONLINE] * 3 + [Meeting.Format.HYBRID])
        elif start.year >= 2022:
            format_ = rng.choice([Meeting.Format.IN_PERSON] * 3 + [Meeting.Format.HYBRID])
        else:
            format_ = Meeting.Format.IN_PERSON
        if format_ == Meeting.Format.ONLINE:
            host, venue = None, ""
        else:
            host = plan.partner if plan.partner and rng.random() < 0.4 else chair_country
            venue = rng.choice(VENUES[host.code])
        status = weighted(rng, MEETING_STATUS_WEIGHTS)
        if number == plan.meeting_count and rng.random() < 0.3:
            status = rng.choice([Meeting.Status.DRAFT, Meeting.Status.IN_REVIEW])
        published_at = None
        if status in {Meeting.Status.PUBLISHED, Meeting.Status.WITHDRAWN}:
            published_at = datetime.datetime.combine(
                end + datetime.timedelta(days=rng.randint(7, 90)),
                datetime.time(hour=rng.randint(1, 10)),
                tzinfo=datetime.UTC,
            )
        meeting = self.rows.new(
            Meeting,
            series_id=series.pk,
            sequence_number=number,
            year=start.year,
            start_date=start,
            end_date=end,
            venue=venue,
            country_id=host.pk if host else None,
            format=format_,
            title=f"Summary Record of the {display.ordinal_word(number)} {series.name}",
            slug=f"{series.slug}-{number}",
            note=(
                "This record was withdrawn for correction; a corrected record will be issued."
                if status == Meeting.Status.WITHDRAWN
                else ""
            ),
            status=status,
            published_at=published_at,
            withdrawal_reason=(
                "Withdrawn for correction." if status == Meeting.Status.WITHDRAWN else ""
            ),
        )
        chairs = self.build_participants(meeting, plan, chair_country, members)
        items = self.build_agenda(meeting, plan)
        self.build_paragraphs(meeting, plan, host, chairs, items, members, resolutions)

    def build_participants(self, meeting, plan, chair_country, members) -> list[Chair]:
        rng = self.rng
        taken = set()

        def pick(pool):
            person = rng.choice([p for p in pool if p.pk not in taken])
            taken.add(person.pk)
            return person

        def delegate(role, country, order, level):
            person = pick(self.reference.people[country.pk])
            position = rng.choice(POSITIONS[level]).format(portfolio=plan.topic)
            organisation = self.reference.ministries[(country.pk, plan.portfolio)]
            self.rows.new(
                Participant,
                meeting_id=meeting.pk,
                person_id=person.pk,
                role=role,
                position=position,
                organisation_id=organisation.pk,
                government_id=country.pk,
                order=order,
            )
            return Chair(person, position, organisation, country)

        chairs = []
        if plan.partner:
            chairs.append(delegate(Participant.Role.CO_CHAIR, plan.partner, 1, plan.level))
            chairs.append(delegate(Participant.Role.CO_CHAIR, chair_country, 2, plan.level))
        else:
            chairs.append(delegate(Participant.Role.CHAIR, chair_country, 1, plan.level))
            if rng.random() < 0.3:
                other = rng.choice([c for c in members if c != chair_country])
                chairs.append(delegate(Participant.Role.CO_CHAIR, other, 2, plan.level))
        chaired = {chair.government.pk for chair in chairs}
        others = [c for c in members if c.pk not in chaired]
        order = len(chairs)
        for country in rng.sample(others, min(len(others), rng.randint(2, 5))):
            order += 1
            delegate(Participant.Role.HEAD_OF_DELEGATION, country, order, "Director-General")
        for _ in range(rng.randint(0, 2)):
            order += 1
            self.rows.new(
                Participant,
                meeting_id=meeting.pk,
                person_id=pick(self.reference.secretariat_staff).pk,
                role=Participant.Role.DELEGATE,
                position=rng.choice(["Director", "Assistant Director", "Senior Officer"]),
                organisation_id=self.reference.organisations["asean-secretariat"].pk,
                order=order,
            )
        return chairs

    def build_agenda(self, meeting, plan) -> list[AgendaItem]:
        titles = [*AGENDA[:2], *self.rng.sample(AGENDA[2:-2], self.rng.randint(2, 5)), *AGENDA[-2:]]
        return [
            self.rows.new(
                AgendaItem,
                meeting_id=meeting.pk,
                number=number,
                title=title.format(topic=plan.topic),
            )
            for number, title in enumerate(titles, start=1)
        ]

    def parties(self, plan, members):
        """A subject as records write it, with the states and bodies it names."""
        rng = self.rng
        partner = plan.partner
        choice = rng.random()
        if partner and choice < 0.35:
            return f"ASEAN and {partner.name}", [partner], [self.reference.organisations["asean"]]
        if partner and choice < 0.4:
            return f"ASEAN Member States and {partner.name}", [*members, partner], []
        if partner and choice < 0.55:
            return partner.name, [partner], []
        if choice < 0.7:
            pair = rng.sample(members, 2)
            return f"{pair[0].name} and {pair[1].name}", pair, []
        if choice < 0.8:
            return "The ASEAN Secretariat", [], [self.reference.organisations["asean-secretariat"]]
        return rng.choice(["The Meeting", "The Ministers", "The Senior Officials"]), [], []

    def action_status(self, due: datetime.date | None, start: datetime.date) -> str:
        """Status as of ``AS_OF``: mostly done when long past, mostly open or going when not."""
        if (due or start + datetime.timedelta(days=365)) < AS_OF:
            weights = [(Status.DONE, 60), (Status.CANCELLED, 8), (Status.IN_PROGRESS, 14),
                       (Status.OPEN, 18)]  # fmt: skip
        else:
            weights = [(Status.OPEN, 50), (Status.IN_PROGRESS, 42), (Status.DONE, 6),
                       (Status.CANCELLED, 2)]  # fmt: skip
        return weighted(self.rng, weights)

    def build_action(self, plan, meeting, paragraph, resolution, *, task, owners, countries,
                     organisations, due):  # fmt: skip
        due_text, precision, due_date = due
        status = self.action_status(due_date, meeting.start_date)
        action = self.rows.new(
            FollowUpAction,
            meeting_id=meeting.pk,
            paragraph_id=paragraph.pk,
            resolution_id=resolution.pk if resolution else None,
            description=f"{sentence_start(task)}.",
            owners=owners,
            due_text=due_text,
            due_date=due_date,
            due_precision=precision,
            status=status,
        )
        self.rows.link(FollowUpAction.owner_countries, action, countries)
        self.rows.link(FollowUpAction.owner_organisations, action, organisations)
        # Progress on it is reported at up to three later meetings of the series.
        remaining = plan.meeting_count - meeting.sequence_number
        if remaining < 1 or self.rng.random() < 0.55:
            return
        reports = self.rng.randint(1, min(3, remaining))
        for step in range(1, reports + 1):
            reported = status if step == reports else Status.IN_PROGRESS
            plan.pending_updates[meeting.sequence_number + step].append(
                (action, task, owners, reported)
            )

    def build_paragraphs(self, meeting, plan, host, chairs, items, members, resolution_count):
        rng = self.rng
        number = 0

        def paragraph(text, item):
            nonlocal number
            number += 1
            return self.rows.new(
                Paragraph, meeting_id=meeting.pk, number=number, agenda_item_id=item.pk, text=text
            )

        # ¶1: when, where, in what form, and who chaired.
        where = f"in {meeting.venue}, {host.name}" if host else "online"
        held = {"hybrid": "held online and in person", "online": "held", "in_person": "held"}
        chaired = " and ".join(
            f"{c.person}, {c.position}, {plain_name(c.organisation)}, "
            f"Government of {c.government.name}"
            for c in chairs
        )
        paragraph(
            f"The {meeting.title.removeprefix('Summary Record of the ')} was "
            f"{held[meeting.format]} on {display.date_range(meeting.start_date, meeting.end_date)} "
            f"{where}. The Meeting was {'co-chaired' if len(chairs) > 1 else 'chaired'} by "
            f"{chaired}.",
            items[0],
        )
        body = items[2:-2]

        # Progress on what earlier meetings of the series committed.
        for action, task, owners, status in plan.pending_updates.pop(meeting.sequence_number, []):
            outcome = {
                Status.DONE: "the work had been completed",
                Status.CANCELLED: "the work had been discontinued",
                Status.IN_PROGRESS: "work was under way",
            }.get(status, "no progress had yet been made")
            text = f"{owners} reported on the action to {task}: {outcome}."
            row = paragraph(f"{text} The Meeting noted the report.", rng.choice(body))
            self.rows.new(
                ProgressUpdate,
                action_id=action.pk,
                meeting_id=meeting.pk,
                paragraph_id=row.pk,
                text=text,
                status="" if status == Status.OPEN else status,
            )

        # Decisions, one to three to a paragraph, through the agenda in order.
        verbs = Verb.values
        made = 0
        while made < resolution_count:
            in_paragraph = min(rng.choice([1, 1, 2, 2, 3]), resolution_count - made)
            item = body[made * len(body) // resolution_count]
            subject = rng.choice(SUBJECTS)
            sentences = []
            if rng.random() < 0.6:
                presenter = rng.choice([*PRESENTERS, *(c.government.name for c in chairs)])
                sentences.append(
                    f"{presenter} {rng.choice(REPORT_VERBS)} the report on {subject} prepared "
                    f"under the {plan.series.short_name}."
                )
            decided = []
            for order in range(1, in_paragraph + 1):
                # Every verb in turn, give or take, so that all of them appear.
                verb = verbs[(made + rng.randrange(3)) % len(verbs)]
                made += 1
                parties, countries, organisations = self.parties(plan, members)
                topic = subject if order == 1 else rng.choice(SUBJECTS)
                clause = decision_clause(self.rng, verb, topic)
                due = None
                if verb in VERBS_WITH_ACTIONS and rng.random() < 0.45:
                    due = deadline(self.rng, meeting.start_date)
                    if due[0]:
                        clause += f" {due[0]}"
                # "Other" keeps the record's own word (``verb_word``); the sentence says it.
                word = OTHER_VERB_WORD if verb == Verb.OTHER else ""
                sentences.append(f"{parties} {word or verb} {clause}.")
                decided.append(
                    (order, verb, word, parties, clause, countries, organisations, due, topic)
                )
            standalone = None
            if rng.random() < 0.08:
                standalone = deadline(self.rng, meeting.start_date)
                owner = rng.choice(["The ASEAN Secretariat", chairs[0].government.name])
                task = rng.choice(ACTIONS).format(subject=subject)
                sentences.append(
                    f"{owner} would {task}{' ' if standalone[0] else ''}{standalone[0]}."
                )
            row = paragraph(" ".join(sentences), item)

            for order, verb, word, parties, clause, countries, organisations, due, topic in decided:
                resolution = self.rows.new(
                    Resolution,
                    paragraph_id=row.pk,
                    verb=verb,
                    verb_word=word,
                    parties=parties,
                    text=clause,
                    order=order,
                )
                self.rows.link(Resolution.party_countries, resolution, countries)
                self.rows.link(Resolution.party_organisations, resolution, organisations)
                if due is not None:
                    self.build_action(
                        plan, meeting, row, resolution,
                        task=rng.choice(ACTIONS).format(subject=topic),
                        owners=parties,
                        countries=countries,
                        organisations=organisations,
                        due=due,
                    )  # fmt: skip
            if standalone is not None:
                secretariat = owner == "The ASEAN Secretariat"
                asean_secretariat = self.reference.organisations["asean-secretariat"]
                self.build_action(
                    plan, meeting, row, None,
                    task=task,
                    owners=owner,
                    countries=[] if secretariat else [chairs[0].government],
                    organisations=[asean_secretariat] if secretariat else [],
                    due=standalone,
                )  # fmt: skip

        thanked = f"the Government of {host.name}" if host else "the Chair"
        paragraph(
            f"The Meeting expressed its appreciation to {thanked} for the arrangements made for "
            "the Meeting.",
            items[-1],
        )

    def run(self, progress: Callable[[int], None]) -> dict[str, int]:
        self.reference = ReferenceData(
            rng=self.rng, meeting_total=self.meeting_total, counts=self.counts
        )
        plans = self.reference.series_plans()
        per_meeting = self.resolution_counts()
        # Meetings in the order they were held within each series: progress is reported
        # on actions already queued or written.
        order = [(plan, number) for plan in plans for number in range(1, plan.meeting_count + 1)]
        try:
            for index, (plan, number) in enumerate(order):
                self.build_meeting(plan, number, per_meeting[index])
                if len(self.rows.queued[Meeting]) == MEETINGS_PER_CHUNK or index == len(order) - 1:
                    progress(self.rows.write())
        finally:
            self.rows.finish_writing()
        self.rows.reset_sequences()
        # bulk_create sends no signals: tell cached pages the records changed.
        CacheGeneration.bump()
        return {**self.counts, **self.rows.written}


def generate_sample_data(
    *,
    meetings: int,
    resolutions: int,
    seed: int = 0,
    progress: Callable[[int], None] = lambda written: None,
) -> dict[str, int]:
    """Write ``meetings`` meetings holding ``resolutions`` resolutions; returns row counts.

    ``progress`` is called with the number of resolutions written after each chunk.
    """
    with transaction.atomic():
        generator = SampleDataGenerator(meetings=meetings, resolutions=resolutions, seed=seed)
        with loading_in_bulk([*WRITE_ORDER, AuditEntry]):
            counts = generator.run(progress)
            # Whom reminders of the actions go to (contacts.py).
            counts.update(create_sample_contacts())
            # A year of the audit trail, as a secretariat of this size leaves it
            # (audit_trail.py).
            counts["audit entries"] = create_sample_audit_trail(
                seed=seed, entries=min(ENTRIES_PER_YEAR, 25 * meetings)
            )
        return counts
