"""The words the rules look for: ordinals, honorifics, countries, verbs."""

import re

from records.display import ordinal_word
from records.models import ResolutionVerb

# "Third" → 3, "Twenty-First" → 21, "Twenty First" → 21; numerals "3rd", "15th" are read too.
ORDINALS = {ordinal_word(n).lower(): n for n in range(1, 100)}
ORDINALS.update({word.replace("-", " "): n for word, n in list(ORDINALS.items())})
# "The Inaugural Meeting of …" is the series' first.
ORDINALS["inaugural"] = 1
ORDINAL = (
    r"(?:\d{1,3}(?:st|nd|rd|th)|"
    + "|".join(sorted((re.escape(w).replace(r"\ ", r"[\s-]") for w in ORDINALS), key=len)[::-1])
    + r")"
)


def ordinal_number(word: str) -> int:
    word = re.sub(r"[\s-]+", " ", word.strip().lower())
    if word[:1].isdigit():
        return int(re.match(r"\d+", word).group())
    return ORDINALS[word]


# Honorifics as records write them, before the name: "H.E. Dr.", "Mr.", "Dato’ Sri". Six at
# most ("H.E. Dato’ Sri Dr." has three): a run without end made every pattern backtrack.
HONORIFIC = (
    r"(?:(?:H\.\s?E\.|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Prof\.?|Hon\.?|Mdm\.?|Madam|Miss|Sir"
    r"|Dato['’]?\s+Sri|Dato['’]|Datuk|Tan\s+Sri|Excellency)\s+){1,6}"
)

# A capital letter, Latin with diacritics included ("Đà Nẵng", "Ürümqi"): what starts a name.
CAPITAL = (
    "[A-Z"
    + "".join(chr(c) for c in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)] if chr(c).isupper())
    + "]"
)

# Words that name an office, first in "Minister A of …", "Secretary of State B".
OFFICE_WORDS = {
    "Minister",
    "Ministers",
    "Vice-Minister",
    "Deputy",
    "Vice",
    "Prime",
    "Foreign",
    "Secretary",
    "Secretary-General",
    "Under-Secretary",
    "Director-General",
    "Director",
    "President",
    "Vice-President",
    "Ambassador",
    "Commissioner",
    "Chairman",
    "Chairperson",
    "Chair",
    "Governor",
    "Mayor",
    "Chief",
    "Head",
    "Senior",
    "Permanent",
    "Special",
    "Envoy",
    "Assistant",
    "Executive",
    "State",
    "General",
}
# Words of a portfolio, between an office and a name: "Minister of Foreign Affairs A".
PORTFOLIO_WORDS = {
    "Affairs",
    "Agriculture",
    "Commerce",
    "Communications",
    "Cooperation",
    "Culture",
    "Defence",
    "Defense",
    "Development",
    "Digital",
    "Economy",
    "Economic",
    "Education",
    "Energy",
    "Environment",
    "Finance",
    "Fisheries",
    "Forestry",
    "Health",
    "Home",
    "Industry",
    "Information",
    "Infrastructure",
    "Innovation",
    "Interior",
    "Investment",
    "Justice",
    "Labour",
    "Land",
    "Planning",
    "Resources",
    "Science",
    "Security",
    "Social",
    "Technology",
    "Tourism",
    "Trade",
    "Transport",
    "Welfare",
    "Works",
    "Youth",
}
# Lower-case words inside a name: "Haji Mohammad Nazri bin Haji …".
NAME_PARTICLES = {"bin", "binti", "van", "de", "da", "der", "al", "el", "y"}

# Names of states as records write them → the name the country is filed under.
COUNTRY_NAMES = {
    "Brunei Darussalam": ["Brunei", "Nation of Brunei Darussalam"],
    "Cambodia": ["Kingdom of Cambodia"],
    "Indonesia": ["Republic of Indonesia"],
    "Lao PDR": ["Laos", "Lao People's Democratic Republic", "Lao People’s Democratic Republic"],
    "Malaysia": [],
    "Myanmar": ["Republic of the Union of Myanmar"],
    "Philippines": ["the Philippines", "Republic of the Philippines"],
    "Singapore": ["Republic of Singapore"],
    "Thailand": ["Kingdom of Thailand"],
    "Viet Nam": ["Vietnam", "Socialist Republic of Viet Nam"],
    "Timor-Leste": ["Democratic Republic of Timor-Leste", "East Timor"],
    "Japan": [],
    "China": ["People's Republic of China", "People’s Republic of China", "PRC"],
    "Republic of Korea": ["Korea", "ROK", "South Korea"],
    "India": ["Republic of India"],
    "Australia": ["Commonwealth of Australia"],
    "New Zealand": [],
    "United States": ["United States of America", "USA", "U.S.A."],
    "Russian Federation": ["Russia"],
    "Canada": [],
    "United Kingdom": ["UK", "United Kingdom of Great Britain and Northern Ireland"],
    "Austria": [],
    "France": [],
    "Germany": [],
    "Italy": [],
    "Netherlands": ["the Netherlands"],
    "Norway": [],
    "Switzerland": [],
    "Brazil": [],
    "Mexico": [],
    "South Africa": [],
    "Argentina": [],
    "Saudi Arabia": ["Kingdom of Saudi Arabia"],
    "Türkiye": ["Turkey", "Republic of Türkiye"],
    "Spain": [],
    "Bangladesh": [],
    "Sri Lanka": [],
    "Pakistan": [],
    "Mongolia": [],
    "Papua New Guinea": [],
}
# ISO 3166-1 alpha-2 codes of the states above: a state a record names that is not yet in
# the countries table can be added with its code when the record is imported.
COUNTRY_CODES = {
    "Brunei Darussalam": "BN",
    "Cambodia": "KH",
    "Indonesia": "ID",
    "Lao PDR": "LA",
    "Malaysia": "MY",
    "Myanmar": "MM",
    "Philippines": "PH",
    "Singapore": "SG",
    "Thailand": "TH",
    "Viet Nam": "VN",
    "Timor-Leste": "TL",
    "Japan": "JP",
    "China": "CN",
    "Republic of Korea": "KR",
    "India": "IN",
    "Australia": "AU",
    "New Zealand": "NZ",
    "United States": "US",
    "Russian Federation": "RU",
    "Canada": "CA",
    "United Kingdom": "GB",
    "Austria": "AT",
    "France": "FR",
    "Germany": "DE",
    "Italy": "IT",
    "Netherlands": "NL",
    "Norway": "NO",
    "Switzerland": "CH",
    "Brazil": "BR",
    "Mexico": "MX",
    "South Africa": "ZA",
    "Argentina": "AR",
    "Saudi Arabia": "SA",
    "Türkiye": "TR",
    "Spain": "ES",
    "Bangladesh": "BD",
    "Sri Lanka": "LK",
    "Pakistan": "PK",
    "Mongolia": "MN",
    "Papua New Guinea": "PG",
}
# Every name of a state records use, as written.
COUNTRY_ALIASES = sorted(
    {alias for name, aliases in COUNTRY_NAMES.items() for alias in [name, *aliases]}
)
_COUNTRY_LOOKUP = {
    alias.lower(): name for name, aliases in COUNTRY_NAMES.items() for alias in [name, *aliases]
}


def country_name(text: str) -> str:
    """The filed name of the state ``text`` names ("Kingdom of Thailand" → "Thailand"), or ""."""
    text = re.sub(r"^the\s+", "", text.strip(" .,;"), flags=re.IGNORECASE)
    return _COUNTRY_LOOKUP.get(text.lower(), "") or _COUNTRY_LOOKUP.get(f"the {text}".lower(), "")


# Operative verbs, as written → as filed ("recognized" is filed as "recognised"). "Expressed
# appreciation" is read by its own rule (words may stand between: "expressed its sincere
# appreciation"), and "other" is no word a record writes.
OPERATIVE_VERBS = {
    verb: verb
    for verb in ResolutionVerb.values
    if verb not in {ResolutionVerb.OTHER, ResolutionVerb.EXPRESSED_APPRECIATION}
}
OPERATIVE_VERBS["recognized"] = ResolutionVerb.RECOGNISED.value
# Verbs that carry a decision but are none of the listed ones: filed as "other", with the
# word as written ("called upon").
OTHER_OPERATIVE_VERBS = {
    "approved",
    "accepted",
    "instructed",
    "directed",
    "mandated",
    "pledged",
    "supported",
    "urged",
    "called upon",
    "called on",
    "took note",
}

# Verbs that report rather than decide; they end a decision's clause ("… and thanked …").
REPORTING_VERBS = {
    "acknowledged",
    "announced",
    "appreciated",
    "briefed",
    "called",
    "commended",
    "congratulated",
    "considered",
    "conveyed",
    "delivered",
    "discussed",
    "emphasised",
    "emphasized",
    "exchanged",
    "expressed",
    "extended",
    "explained",
    "highlighted",
    "informed",
    "introduced",
    "invited",
    "launched",
    "observed",
    "presented",
    "proposed",
    "raised",
    "recalled",
    "reported",
    "reviewed",
    "said",
    "shared",
    "showed",
    "stated",
    "stressed",
    "suggested",
    "thanked",
    "underlined",
    "underscored",
    "met",
    "updated",
}

MEETING_NOUNS = r"(?:Meeting|Summit|Session|Conference|Forum|Consultations?|Dialogue|Retreat)"

# What a joint statement calls itself: "Joint Media Statement", "Co-Chairs' Statement".
STATEMENT = (
    r"(?:Joint\s+(?:Media\s+|Ministerial\s+|Press\s+)?Statement|Chair(?:man)?['’]?s['’]?\s+"
    r"Statement|Co-Chairs['’]?\s+Statement|(?:Ministerial\s+|Leaders['’]?\s+)?Declaration"
    r"|Communiqu[eé])"
)
STATEMENT_LINE = re.compile(rf"^(?:the\s+)?{STATEMENT}$", re.IGNORECASE)
_STATEMENT_TITLE = re.compile(
    rf"\b{STATEMENT}\b.*\b{MEETING_NOUNS}\b|\b{MEETING_NOUNS}\b.*\b{STATEMENT}\b", re.IGNORECASE
)
_SUMMARY_RECORD = re.compile(r"summary\s+record", re.IGNORECASE)
_ORDINAL_MEETING = re.compile(rf"\b{ORDINAL}\b.*\b{MEETING_NOUNS}\b", re.IGNORECASE)
# "Sixty-first session": a United Nations body's session, not a meeting's title.
SESSION_LINE = re.compile(rf"^{ORDINAL}\s+session$", re.IGNORECASE)


def looks_like_title(line: str) -> bool:
    """ "Summary Record of …", an ordinal and a meeting ("The Third … Meeting"), or a joint
    statement of a meeting ("Joint Statement of the G20 … Ministers' Meeting")."""
    if _SUMMARY_RECORD.search(line):
        return True
    return len(line.split()) <= 25 and (
        (bool(_ORDINAL_MEETING.search(line)) and not SESSION_LINE.match(line))
        or bool(_STATEMENT_TITLE.search(line))
    )


def names_a_meeting(line: str) -> bool:
    """A heading line naming a meeting: "G20 Digital Economy Ministers' Meeting"."""
    return (
        len(line.split()) <= 20
        and not line.endswith(".")
        and bool(re.search(rf"\b{MEETING_NOUNS}\b", line, re.IGNORECASE))
    )
