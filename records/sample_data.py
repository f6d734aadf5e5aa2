"""Realistic sample records in bulk, for benchmarks, demonstrations and load tests.

``generate_sample_data(meetings=2_000, resolutions=100_000, seed=1)`` writes decades of
records of several meeting series: co-chairs and delegations, agenda items, numbered
paragraphs whose text carries each resolution word for word, every operative verb, parties,
follow-up actions at every precision and status, and progress reported at later meetings of
the same series. Most records are published; some are drafts, in review or withdrawn.

It writes with ``bulk_create`` in batches (many-to-many rows through their through models), a
chunk of meetings at a time inside one transaction, and is deterministic: the same seed on an
empty database gives the same records, primary keys included on PostgreSQL.
"""

import calendar
import datetime
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.db.models.base import ModelState
from django.utils.text import slugify

from records import display
from records.models import (
    AgendaItem,
    Country,
    FollowUpAction,
    Meeting,
    MeetingSeries,
    Organisation,
    Paragraph,
    Participant,
    Person,
    ProgressUpdate,
    RecordsVersion,
    Resolution,
)
from records.sample_contacts import create_sample_contacts
from records.seed import ASEAN_MEMBER_STATES

BATCH_SIZE = 5_000
MEETINGS_PER_CHUNK = 200
# Dates of the generated records end here; statuses are written as of this day.
AS_OF = datetime.date(2025, 11, 30)
FIRST_YEAR = 1978

Precision = FollowUpAction.Precision
Status = FollowUpAction.Status
Verb = Resolution.Verb

DIALOGUE_PARTNERS = [
    ("Japan", "JP"),
    ("China", "CN"),
    ("Republic of Korea", "KR"),
    ("India", "IN"),
    ("Australia", "AU"),
    ("New Zealand", "NZ"),
    ("United States", "US"),
    ("Canada", "CA"),
    ("Russian Federation", "RU"),
    ("United Kingdom", "GB"),
]

TOPICS = [
    # name, abbreviation, the ministry that leads it
    ("Smart Cities", "SC", "Ministry of Housing and Urban Development"),
    ("Transport", "TRANS", "Ministry of Transport"),
    ("Agriculture and Forestry", "AMAF", "Ministry of Agriculture and Forestry"),
    ("Energy", "ENERGY", "Ministry of Energy"),
    ("Environment", "ENV", "Ministry of Environment"),
    ("Health", "HEALTH", "Ministry of Health"),
    ("Education", "EDU", "Ministry of Education"),
    ("Tourism", "TOUR", "Ministry of Tourism"),
    ("Telecommunications and Digital", "DIGITAL", "Ministry of Digital Affairs"),
    ("Disaster Management", "DM", "National Disaster Management Agency"),
    ("Labour", "LAB", "Ministry of Labour"),
    ("Science and Technology", "S&T", "Ministry of Science and Technology"),
    ("Culture and Arts", "CULT", "Ministry of Culture"),
    ("Rural Development and Poverty Eradication", "RDPE", "Ministry of Rural Development"),
    ("Transnational Crime", "TC", "Ministry of Home Affairs"),
    ("Economic Integration", "ECON", "Ministry of Trade and Industry"),
]

LEVELS = [
    ("Ministerial Meeting", "MM", "Minister"),
    ("Senior Officials Meeting", "SOM", "Permanent Secretary"),
    ("High Level Meeting", "HLM", "Vice-Minister"),
    ("Working Group Meeting", "WG", "Director-General"),
]

ORGANISATIONS = [
    # slug, name, short name, kind, country code
    ("asean", "Association of Southeast Asian Nations", "ASEAN", "intergovernmental", None),
    ("asean-secretariat", "ASEAN Secretariat", "", "secretariat", None),
    ("ascn", "ASEAN Smart Cities Network", "ASCN", "association", None),
    ("asean-bac", "ASEAN Business Advisory Council", "ASEAN-BAC", "association", None),
    ("adb", "Asian Development Bank", "ADB", "intergovernmental", None),
    (
        "un-habitat",
        "United Nations Human Settlements Programme",
        "UN-Habitat",
        "intergovernmental",
        None,
    ),  # noqa: E501
    ("world-bank", "World Bank", "", "intergovernmental", None),
    (
        "eria",
        "Economic Research Institute for ASEAN and East Asia",
        "ERIA",
        "intergovernmental",
        None,
    ),  # noqa: E501
    (
        "ahamp-centre",
        "ASEAN Coordinating Centre for Humanitarian Assistance",
        "AHA Centre",
        "intergovernmental",
        None,
    ),  # noqa: E501
    ("jasca", "Japanese Association for Smart Cities in ASEAN", "JASCA", "association", "JP"),
    ("jica", "Japan International Cooperation Agency", "JICA", "ministry", "JP"),
    ("koica", "Korea International Cooperation Agency", "KOICA", "ministry", "KR"),
    ("city-bandar-seri-begawan", "Bandar Seri Begawan", "", "city", "BN"),
    ("city-phnom-penh", "Phnom Penh", "", "city", "KH"),
    ("city-makassar", "Makassar", "", "city", "ID"),
    ("city-luang-prabang", "Luang Prabang", "", "city", "LA"),
    ("city-kuala-lumpur", "Kuala Lumpur", "", "city", "MY"),
    ("city-mandalay", "Mandalay", "", "city", "MM"),
    ("city-cebu", "Cebu City", "", "city", "PH"),
    ("city-singapore", "Singapore", "", "city", "SG"),
    ("city-bangkok", "Bangkok", "", "city", "TH"),
    ("city-da-nang", "Da Nang", "", "city", "VN"),
    ("city-dili", "Dili", "", "city", "TL"),
    ("asean-university-network", "ASEAN University Network", "AUN", "association", None),
    ("smart-city-consortium", "ASEAN Smart City Business Consortium", "", "company", None),
    ("asean-foundation", "ASEAN Foundation", "", "other", None),
]

VENUES = {
    "BN": ["Bandar Seri Begawan"],
    "KH": ["Phnom Penh", "Siem Reap"],
    "ID": ["Jakarta", "Bali", "Yogyakarta"],
    "LA": ["Vientiane", "Luang Prabang"],
    "MY": ["Kuala Lumpur", "Putrajaya", "Langkawi"],
    "MM": ["Nay Pyi Taw", "Yangon"],
    "PH": ["Manila", "Cebu", "Clark"],
    "SG": ["Singapore"],
    "TH": ["Bangkok", "Chiang Mai", "Pattaya"],
    "VN": ["Ha Noi", "Da Nang", "Ho Chi Minh City"],
    "TL": ["Dili"],
    "JP": ["Tokyo", "Aichi Prefecture", "Osaka", "Yokohama"],
    "CN": ["Beijing", "Nanning", "Shanghai"],
    "KR": ["Seoul", "Busan", "Jeju"],
    "IN": ["New Delhi", "Bengaluru"],
    "AU": ["Canberra", "Sydney"],
    "NZ": ["Wellington", "Auckland"],
    "US": ["Washington, D.C.", "Honolulu"],
    "CA": ["Ottawa"],
    "RU": ["Moscow", "Vladivostok"],
    "GB": ["London"],
}

# Name parts by country; names are kept as records write them, never split.
FAMILY_FIRST_CAPS = {
    "JP": (
        [
            "ISHIDA",
            "TANAKA",
            "SATO",
            "SUZUKI",
            "TAKAHASHI",
            "WATANABE",
            "ITO",
            "YAMAMOTO",
            "NAKAMURA",
            "KOBAYASHI",
            "KATO",
            "YOSHIDA",
            "YAMADA",
            "SASAKI",
            "MATSUMOTO",
            "INOUE",
        ],
        [
            "Masaru",
            "Hiroshi",
            "Takeshi",
            "Yuko",
            "Akiko",
            "Kenji",
            "Naoki",
            "Emi",
            "Satoshi",
            "Haruka",
            "Daisuke",
            "Keiko",
            "Ryo",
            "Tomoko",
            "Shinji",
            "Mariko",
        ],
    ),
    "CN": (
        ["WANG", "LI", "ZHANG", "LIU", "CHEN", "YANG", "HUANG", "ZHAO", "ZHOU", "WU"],
        ["Wei", "Fang", "Min", "Jing", "Lei", "Yan", "Qiang", "Hong", "Jun", "Xiaoming"],
    ),
    "KR": (
        ["KIM", "LEE", "PARK", "CHOI", "JUNG", "KANG", "CHO", "YOON", "JANG", "LIM"],
        ["Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Do-hyun", "Soo-ah", "Jae-won", "Eun-ji"],
    ),
}
GIVEN_FAMILY = {
    "ID": (
        ["Budi", "Siti", "Agus", "Dewi", "Retno", "Bambang", "Sri", "Hendra", "Rini"],
        ["Santoso", "Wijaya", "Kusuma", "Hartono", "Pratama", "Setiawan", "Lestari", "Sukarno"],
    ),
    "TH": (
        ["Somchai", "Suda", "Anan", "Pornthip", "Kittisak", "Malee", "Surapong", "Wanida"],
        ["Wongsawat", "Chaiyaporn", "Srisuk", "Boonmee", "Thongchai", "Rattanakorn"],
    ),
    "PH": (
        ["Maria", "Jose", "Ana", "Ramon", "Cristina", "Eduardo", "Teresa", "Manuel"],
        ["Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "Villanueva", "Aquino"],
    ),
    "KH": (
        ["Sok", "Chan", "Vannak", "Sreymom", "Dara", "Bopha", "Sophal", "Kosal"],
        ["Chanda", "Sokha", "Pisey", "Rith", "Sothea", "Vuthy", "Sambath"],
    ),
    "LA": (
        ["Khampheng", "Souksavanh", "Bounmy", "Phonesavanh", "Vilay", "Somphone"],
        ["Phommachanh", "Sisoulath", "Keomany", "Vongsa", "Inthavong", "Chanthavong"],
    ),
    "SG": (
        ["Wei Ming", "Li Hua", "Rajesh", "Siew Ling", "Kok Wah", "Nurul", "Boon Hwee"],
        ["Tan", "Lim", "Ng", "Wong", "Goh", "Chua", "Teo", "Koh"],
    ),
    "TL": (
        ["José", "Maria", "Francisco", "Ana", "Domingos", "Rosa", "Agio"],
        ["da Costa", "dos Santos", "Soares", "Guterres", "Pereira", "Ximenes"],
    ),
    "IN": (
        ["Rajesh", "Priya", "Anil", "Sunita", "Vikram", "Meera", "Arun", "Kavita"],
        ["Kumar", "Sharma", "Singh", "Patel", "Gupta", "Iyer", "Nair", "Reddy"],
    ),
    "AU": (
        ["John", "Sarah", "Michael", "Emma", "David", "Olivia", "James", "Kate"],
        ["Smith", "Jones", "Williams", "Brown", "Wilson", "Taylor", "Martin", "Walker"],
    ),
}
for _code in ("NZ", "US", "CA", "GB"):
    GIVEN_FAMILY[_code] = GIVEN_FAMILY["AU"]
GIVEN_FAMILY["RU"] = (
    ["Sergey", "Elena", "Dmitry", "Olga", "Alexander", "Natalia"],
    ["Ivanov", "Petrova", "Smirnov", "Volkova", "Kuznetsov", "Sokolova"],
)
MALAY_NAMES = [
    "Mohammad",
    "Ahmad",
    "Nazri",
    "Yusof",
    "Abdul Rahman",
    "Siti Aminah",
    "Hamzah",
    "Ismail",
    "Nurul Huda",
    "Zainal",
    "Aziz",
    "Rosnah",
    "Kamal",
    "Hashim",
]
VIETNAMESE = (
    ["Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui"],
    ["Van", "Thi", "Duc", "Minh", "Thanh", "Quoc"],
    ["An", "Binh", "Hoa", "Lan", "Long", "Mai", "Nam", "Trung", "Tuan", "Huong"],
)
MYANMAR = (
    ["U", "Daw", "Dr."],
    ["Aung", "Kyaw", "Min", "Thein", "Soe", "Win", "Myint", "Hla", "Tun", "Zaw", "Khin", "Nyein"],
)

POSITIONS = {
    "Minister": ["Minister of {portfolio}", "Deputy Minister of {portfolio}"],
    "Permanent Secretary": ["Permanent Secretary", "Secretary-General", "Deputy Secretary"],
    "Vice-Minister": ["Vice-Minister", "State Minister", "Director-General"],
    "Director-General": ["Director-General", "Director", "Deputy Director-General"],
}

AGENDA = [
    "Opening of the Meeting",
    "Adoption of the Agenda",
    "Report of the ASEAN Secretariat on {topic}",
    "Progress of co-operation on {topic}",
    "Implementation of the work plan on {topic}",
    "Matters arising from the previous meeting",
    "Co-operation with dialogue partners and other external parties",
    "Other matters",
    "Date and venue of the next meeting",
]

SUBJECTS = [
    "smart mobility",
    "urban resilience",
    "digital connectivity",
    "renewable energy",
    "food security",
    "sustainable forestry",
    "public health preparedness",
    "skills development",
    "cross-border data flows",
    "disaster risk financing",
    "green infrastructure",
    "marine plastic debris",
    "water resource management",
    "cyber security capacity",
    "tourism recovery",
    "micro, small and medium enterprises",
    "e-government services",
    "climate change adaptation",
    "haze monitoring",
    "rural electrification",
    "vaccine security",
    "migrant workers' protection",
    "women's economic empowerment",
    "youth entrepreneurship",
    "cultural heritage conservation",
    "air quality",
    "low-carbon transport",
    "regional payment connectivity",
    "trade facilitation",
    "biodiversity conservation",
    "smart grid interoperability",
    "land use planning",
    "waste-to-energy",
    "road safety",
    "port logistics",
    "aviation safety",
    "agricultural value chains",
    "fisheries management",
    "halal certification",
    "customs modernisation",
    "anti-trafficking co-operation",
    "drug control",
    "science parks",
    "open data standards",
    "affordable housing",
    "flood early warning",
    "community-based tourism",
    "circular economy",
    "traditional medicine",
    "library networks",
]
DOCUMENTS = [
    "Guidebook",
    "Work Plan",
    "Framework",
    "Roadmap",
    "Action Plan",
    "Joint Statement",
    "Strategy",
    "Declaration",
    "Terms of Reference",
    "Regional Study",
    "Blueprint",
    "Master Plan",
    "Guidelines",
    "Toolkit",
    "Compendium of Good Practices",
]
GOALS = [
    "a people-centred ASEAN Community",
    "inclusive and sustainable growth",
    "the ASEAN Community Vision 2045",
    "narrowing the development gap",
    "regional resilience",
    "a rules-based regional architecture",
    "the Sustainable Development Goals",
    "ASEAN centrality",
    "connectivity across the region",
]
ACTIONS = [
    "prepare a regional study on {subject}",
    "develop pilot projects on {subject}",
    "organise a capacity-building workshop on {subject}",
    "compile good practices in {subject}",
    "establish a network of focal points for {subject}",
    "draft guidelines on {subject}",
    "review the implementation of the work plan on {subject}",
    "mobilise resources for projects on {subject}",
    "convene an expert group on {subject}",
    "share data and lessons learned on {subject}",
    "report on progress in {subject}",
]
BODIES = [
    "Senior Officials",
    "Working Group",
    "Task Force",
    "ASEAN Secretariat",
    "Joint Consultative Committee",
    "Expert Group",
]
PRESENTERS = ["The ASEAN Secretariat", "The Chair", "The Co-chairs", "The Secretariat"]
REPORT_VERBS = ["presented", "briefed the Meeting on", "reported on", "introduced"]

QUARTER_WORDS = ["first", "second", "third", "fourth"]

PRECISION_WEIGHTS = [
    (Precision.DAY, 20),
    (Precision.MONTH, 25),
    (Precision.QUARTER, 15),
    (Precision.YEAR, 20),
    (Precision.NEXT_MEETING, 12),
    (Precision.NONE, 8),
]
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


# Rows are written parents first, in this order.
WRITE_ORDER = [
    Meeting,
    Participant,
    AgendaItem,
    Paragraph,
    Resolution,
    Resolution.party_countries.through,
    Resolution.party_organisations.through,
    FollowUpAction,
    FollowUpAction.owner_countries.through,
    FollowUpAction.owner_organisations.through,
    ProgressUpdate,
]


@dataclass
class SeriesPlan:
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


@dataclass
class Chair:
    """What paragraph 1 says of a chair."""

    person: Person
    position: str
    organisation: Organisation
    government: Country


def records_tables() -> list[str]:
    """Every table of the records app, many-to-many tables included."""
    models = apps.get_app_config("records").get_models(include_auto_created=True)
    # The records version keeps counting: pages cached before the flush stay stale.
    return [model._meta.db_table for model in models if model is not RecordsVersion]


def flush_records() -> None:
    """Empty every records table and restart its keys (TRUNCATE on PostgreSQL).

    Rows of other apps that point at records go too (``CASCADE``).
    """
    if connection.vendor == "postgresql":
        # TRUNCATE refuses tables with foreign-key checks still pending in this transaction.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    sql = connection.ops.sql_flush(
        no_style(), records_tables(), reset_sequences=True, allow_cascade=True
    )
    connection.ops.execute_sql_flush(sql)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _weighted(rng: random.Random, weighted: list[tuple]) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def _sentence_start(text: str) -> str:
    return text[0].upper() + text[1:]


def _plain_name(organisation: Organisation) -> str:
    """A ministry's name without the country it was made unique with."""
    return organisation.name.split(" (")[0]


class SampleDataGenerator:
    """Builds and writes ``meetings`` meetings holding ``resolutions`` resolutions in all.

    Keys are handed out here, from the largest key already in each table, so that rows can
    point at each other before they are written; the sequences are moved past them at the
    end (as ``loaddata`` does).
    """

    def __init__(self, *, meetings: int, resolutions: int, seed: int):
        if meetings < 1:
            raise ValueError("Generate at least one meeting.")
        if resolutions < 0:
            raise ValueError("The number of resolutions cannot be negative.")
        self.meeting_total = meetings
        self.resolution_total = resolutions
        self.rng = random.Random(seed)
        self.counts: dict[str, int] = defaultdict(int)
        self.next_id = {
            model: (model.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
            for model in WRITE_ORDER
        }
        self.rows: dict[type, list] = defaultdict(list)
        self.defaults = {
            model: {f.attname: f.get_default() for f in model._meta.concrete_fields}
            for model in WRITE_ORDER
        }
        # Callable defaults (``default=dict``) are called for each row, as Django does.
        self.callable_defaults = {
            model: [f for f in model._meta.concrete_fields if callable(f.default)]
            for model in WRITE_ORDER
        }

    def new(self, model, **fields):
        """A row of ``model`` with its key, queued for the next write.

        Built without ``Model.__init__``, which costs several times more than the rest of
        the row's journey to ``bulk_create``: the fields are set directly, over the defaults
        of the fields not given, and the row is marked as not yet saved.
        """
        unknown = fields.keys() - self.defaults[model].keys()
        if unknown:
            raise TypeError(f"{model.__name__} has no field {', '.join(sorted(unknown))}.")
        row = model.__new__(model)
        row._state = ModelState()
        row.__dict__.update(self.defaults[model])
        for f in self.callable_defaults[model]:
            row.__dict__[f.attname] = f.get_default()
        row.__dict__.update(fields, id=self.next_id[model])
        self.next_id[model] += 1
        self.rows[model].append(row)
        return row

    # Reference data -------------------------------------------------------------------

    def create_reference_data(self) -> None:
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
            (o.country_id, _plain_name(o)): o
            for o in self.organisations.values()
            if o.kind == Organisation.Kind.MINISTRY
        }
        self.counts["countries"] = len(self.countries)
        self.counts["organisations"] = len(self.organisations)
        self.create_people()

    def person_name(self, code: str) -> tuple[str, str]:
        """An honorific and a name as a record from ``code``'s delegation writes it."""
        rng = self.rng
        honorific = rng.choice(["Mr.", "Ms.", "Dr.", "H.E."])
        if code in FAMILY_FIRST_CAPS:
            families, givens = FAMILY_FIRST_CAPS[code]
            return honorific, f"{rng.choice(families)} {rng.choice(givens)}"
        if code in {"BN", "MY"}:
            woman = rng.random() < 0.4
            own = " ".join(rng.sample(MALAY_NAMES, 2))
            father = " ".join(rng.sample(MALAY_NAMES, 2))
            name = f"{('Hajah ' if woman else 'Haji ') if rng.random() < 0.5 else ''}{own} "
            name += f"{'Binti' if woman else 'Bin'} {'Haji ' if rng.random() < 0.5 else ''}{father}"
            if code == "MY" and rng.random() < 0.3:
                honorific = rng.choice(["Dato'", "Datuk"])
            return honorific, name
        if code == "VN":
            families, middles, givens = VIETNAMESE
            return honorific, f"{rng.choice(families)} {rng.choice(middles)} {rng.choice(givens)}"
        if code == "MM":
            prefixes, parts = MYANMAR
            return "", f"{rng.choice(prefixes)} {' '.join(rng.sample(parts, rng.randint(2, 3)))}"
        givens, families = GIVEN_FAMILY[code]
        return honorific, f"{rng.choice(givens)} {rng.choice(families)}"

    def create_people(self) -> None:
        per_country = max(4, self.meeting_total // 12)
        countries = [*self.members, *self.partners]
        people = []
        for country in countries:
            for _ in range(per_country):
                honorific, name = self.person_name(country.code)
                people.append(Person(honorific=honorific, name=name))
        secretariat = []
        for _ in range(max(4, self.meeting_total // 20)):
            honorific, name = self.person_name(self.rng.choice(self.members).code)
            secretariat.append(Person(honorific=honorific, name=name))
        Person.objects.bulk_create(people + secretariat, batch_size=BATCH_SIZE)
        self.people = defaultdict(list)
        for index, person in enumerate(people):
            self.people[countries[index // per_country].pk].append(person)
        self.secretariat_staff = secretariat
        self.counts["people"] = len(people) + len(secretariat)

    def create_series(self) -> list[SeriesPlan]:
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
        return [c for c in self.members if c.asean_member_since <= day]

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
        status = _weighted(rng, MEETING_STATUS_WEIGHTS)
        if number == plan.meeting_count and rng.random() < 0.3:
            status = rng.choice([Meeting.Status.DRAFT, Meeting.Status.IN_REVIEW])
        published_at = None
        if status in {Meeting.Status.PUBLISHED, Meeting.Status.WITHDRAWN}:
            published_at = datetime.datetime.combine(
                end + datetime.timedelta(days=rng.randint(7, 90)),
                datetime.time(hour=rng.randint(1, 10)),
                tzinfo=datetime.UTC,
            )
        meeting = self.new(
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
            person = pick(self.people[country.pk])
            position = rng.choice(POSITIONS[level]).format(portfolio=plan.topic)
            organisation = self.ministries[(country.pk, plan.portfolio)]
            self.new(
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
            self.new(
                Participant,
                meeting_id=meeting.pk,
                person_id=pick(self.secretariat_staff).pk,
                role=Participant.Role.DELEGATE,
                position=rng.choice(["Director", "Assistant Director", "Senior Officer"]),
                organisation_id=self.organisations["asean-secretariat"].pk,
                order=order,
            )
        return chairs

    def build_agenda(self, meeting, plan) -> list[AgendaItem]:
        titles = [*AGENDA[:2], *self.rng.sample(AGENDA[2:-2], self.rng.randint(2, 5)), *AGENDA[-2:]]
        return [
            self.new(
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
            return f"ASEAN and {partner.name}", [partner], [self.organisations["asean"]]
        if partner and choice < 0.4:
            return f"ASEAN Member States and {partner.name}", [*members, partner], []
        if partner and choice < 0.55:
            return partner.name, [partner], []
        if choice < 0.7:
            pair = rng.sample(members, 2)
            return f"{pair[0].name} and {pair[1].name}", pair, []
        if choice < 0.8:
            return "The ASEAN Secretariat", [], [self.organisations["asean-secretariat"]]
        return rng.choice(["The Meeting", "The Ministers", "The Senior Officials"]), [], []

    def clause(self, verb: str, subject: str) -> str:
        """What follows the operative verb."""
        rng = self.rng
        document = f"{rng.choice(DOCUMENTS)} on {subject.title()}"
        action = rng.choice(ACTIONS).format(subject=subject)
        goal = rng.choice(GOALS)
        if verb in {Verb.RESOLVED, Verb.CONFIRMED}:
            return f"to continue enhancing their co-operation on {subject} towards {goal}"
        if verb == Verb.AGREED:
            return f"to {action}"
        if verb == Verb.DECIDED:
            return f"to establish a {rng.choice(BODIES)} on {subject}"
        if verb in {Verb.ADOPTED, Verb.ENDORSED}:
            return f"the {document}"
        if verb == Verb.WELCOMED:
            return f"the development of the {document}"
        if verb == Verb.RECOGNISED:
            return f"the importance of {subject} for {goal}"
        if verb in {Verb.AFFIRMED, Verb.REAFFIRMED}:
            return f"their commitment to {goal} through co-operation on {subject}"
        if verb == Verb.NOTED:
            return f"with appreciation the progress of work on {subject}"
        if verb == Verb.REQUESTED:
            return f"the ASEAN Secretariat to {action}"
        if verb == Verb.TASKED:
            return f"the {rng.choice(BODIES)} to {action}"
        return f"the ASEAN Member States to {action}"  # encouraged

    def deadline(self, start: datetime.date) -> tuple[str, str, datetime.date | None]:
        """A deadline as written, its precision, and the last day of its period."""
        rng = self.rng
        precision = _weighted(rng, PRECISION_WEIGHTS)
        if precision == Precision.DAY:
            day = start + datetime.timedelta(days=rng.randint(10, 540))
            return f"by {day.day} {day:%B %Y}", precision, day
        if precision == Precision.MONTH:
            day = _add_months(start, rng.randint(1, 18))
            return f"by {day:%B %Y}", precision, display.period_end(day, precision)
        if precision == Precision.QUARTER:
            day = _add_months(start, rng.randint(3, 24))
            quarter = QUARTER_WORDS[display.quarter_of(day) - 1]
            text = f"in the {quarter} quarter of {day.year}"
            return text, precision, display.period_end(day, precision)
        if precision == Precision.YEAR:
            if rng.random() < 0.5:
                return "by the end of this year", precision, datetime.date(start.year, 12, 31)
            year = start.year + rng.randint(1, 2)
            return f"by the end of {year}", precision, datetime.date(year, 12, 31)
        if precision == Precision.NEXT_MEETING:
            return "at the next meeting", precision, None
        return "", precision, None

    def action_status(self, due: datetime.date | None, start: datetime.date) -> str:
        """Status as of ``AS_OF``: mostly done when long past, mostly open or going when not."""
        if (due or start + datetime.timedelta(days=365)) < AS_OF:
            weights = [(Status.DONE, 60), (Status.CANCELLED, 8), (Status.IN_PROGRESS, 14),
                       (Status.OPEN, 18)]  # fmt: skip
        else:
            weights = [(Status.OPEN, 50), (Status.IN_PROGRESS, 42), (Status.DONE, 6),
                       (Status.CANCELLED, 2)]  # fmt: skip
        return _weighted(self.rng, weights)

    def build_action(self, plan, meeting, paragraph, resolution, *, task, owners, countries,
                     organisations, due):  # fmt: skip
        due_text, precision, due_date = due
        status = self.action_status(due_date, meeting.start_date)
        action = self.new(
            FollowUpAction,
            meeting_id=meeting.pk,
            paragraph_id=paragraph.pk,
            resolution_id=resolution.pk if resolution else None,
            description=f"{_sentence_start(task)}.",
            owners=owners,
            due_text=due_text,
            due_date=due_date,
            due_precision=precision,
            status=status,
        )
        for country in countries:
            self.new(
                FollowUpAction.owner_countries.through,
                followupaction_id=action.pk,
                country_id=country.pk,
            )
        for organisation in organisations:
            self.new(
                FollowUpAction.owner_organisations.through,
                followupaction_id=action.pk,
                organisation_id=organisation.pk,
            )
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
            return self.new(
                Paragraph, meeting_id=meeting.pk, number=number, agenda_item_id=item.pk, text=text
            )

        # ¶1: when, where, in what form, and who chaired.
        where = f"in {meeting.venue}, {host.name}" if host else "online"
        held = {"hybrid": "held online and in person", "online": "held", "in_person": "held"}
        chaired = " and ".join(
            f"{c.person}, {c.position}, {_plain_name(c.organisation)}, "
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
            self.new(
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
                clause = self.clause(verb, topic)
                due = None
                if verb in VERBS_WITH_ACTIONS and rng.random() < 0.45:
                    due = self.deadline(meeting.start_date)
                    if due[0]:
                        clause += f" {due[0]}"
                sentences.append(f"{parties} {verb} {clause}.")
                decided.append((order, verb, parties, clause, countries, organisations, due, topic))
            standalone = None
            if rng.random() < 0.08:
                standalone = self.deadline(meeting.start_date)
                owner = rng.choice(["The ASEAN Secretariat", chairs[0].government.name])
                task = rng.choice(ACTIONS).format(subject=subject)
                sentences.append(
                    f"{owner} would {task}{' ' if standalone[0] else ''}{standalone[0]}."
                )
            row = paragraph(" ".join(sentences), item)

            for order, verb, parties, clause, countries, organisations, due, topic in decided:
                resolution = self.new(
                    Resolution,
                    paragraph_id=row.pk,
                    verb=verb,
                    parties=parties,
                    text=clause,
                    order=order,
                )
                for country in countries:
                    self.new(
                        Resolution.party_countries.through,
                        resolution_id=resolution.pk,
                        country_id=country.pk,
                    )
                for organisation in organisations:
                    self.new(
                        Resolution.party_organisations.through,
                        resolution_id=resolution.pk,
                        organisation_id=organisation.pk,
                    )
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
                self.build_action(
                    plan, meeting, row, None,
                    task=task,
                    owners=owner,
                    countries=[] if secretariat else [chairs[0].government],
                    organisations=[self.organisations["asean-secretariat"]] if secretariat else [],
                    due=standalone,
                )  # fmt: skip

        thanked = f"the Government of {host.name}" if host else "the Chair"
        paragraph(
            f"The Meeting expressed its appreciation to {thanked} for the arrangements made for "
            "the Meeting.",
            items[-1],
        )

    # Writing --------------------------------------------------------------------------

    def write(self) -> int:
        """Insert the queued rows, parents first; returns how many resolutions were written."""
        written = len(self.rows[Resolution])
        for model in WRITE_ORDER:
            rows = self.rows.pop(model, [])
            model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
            self.counts[model._meta.model_name] += len(rows)
        return written

    def run(self, progress: Callable[[int], None]) -> dict[str, int]:
        self.create_reference_data()
        plans = self.create_series()
        per_meeting = self.resolution_counts()
        # Meetings in the order they were held within each series: progress is reported
        # on actions already queued or written.
        order = [(plan, number) for plan in plans for number in range(1, plan.meeting_count + 1)]
        for index, (plan, number) in enumerate(order):
            self.build_meeting(plan, number, per_meeting[index])
            if len(self.rows[Meeting]) == MEETINGS_PER_CHUNK or index == len(order) - 1:
                progress(self.write())
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), WRITE_ORDER):
                cursor.execute(sql)
        # bulk_create sends no signals: tell cached pages the records changed.
        RecordsVersion.bump()
        return dict(self.counts)


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
        counts = generator.run(progress)
        # Whom reminders of the actions go to (records/sample_contacts.py).
        counts.update(create_sample_contacts())
        return counts
