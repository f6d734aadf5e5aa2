"""The words, names and phrases of the sample records, and the functions that make a
person's name, a decision's clause and a deadline of them, as records write them."""

import calendar
import datetime
import random

from records import display
from records.models import FollowUpAction, Resolution

Precision = FollowUpAction.Precision
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


def weighted(rng: random.Random, choices: list[tuple]) -> str:
    """One of ``(value, weight)`` ``choices``, as likely as its weight."""
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights)[0]


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def person_name(rng: random.Random, code: str) -> tuple[str, str]:
    """An honorific and a name as a record from ``code``'s delegation writes it."""
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


# The word of the verb "other" in sample records.
OTHER_VERB_WORD = "called upon"


def decision_clause(rng: random.Random, verb: str, subject: str) -> str:
    """What follows the operative verb."""
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
    if verb == Verb.UNDERTOOK:
        return f"to {action}"
    if verb == Verb.EXPRESSED_APPRECIATION:
        return f"for the progress of work on {subject}"
    return f"the ASEAN Member States to {action}"  # encouraged, called upon


def deadline(rng: random.Random, start: datetime.date) -> tuple[str, str, datetime.date | None]:
    """A deadline as written, its precision, and the last day of its period."""
    precision = weighted(rng, PRECISION_WEIGHTS)
    if precision == Precision.DAY:
        day = start + datetime.timedelta(days=rng.randint(10, 540))
        return f"by {day.day} {day:%B %Y}", precision, day
    if precision == Precision.MONTH:
        day = add_months(start, rng.randint(1, 18))
        return f"by {day:%B %Y}", precision, display.period_end(day, precision)
    if precision == Precision.QUARTER:
        day = add_months(start, rng.randint(3, 24))
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
