"""The words the rules look for: ordinals, honorifics, countries, verbs."""

import re

from records.display import ordinal_word
from records.models import ResolutionVerb

# "Third" → 3, "Twenty-First" → 21, "Twenty First" → 21; numerals "3rd", "15th" are read too.
ORDINALS = {ordinal_word(n).lower(): n for n in range(1, 100)}
ORDINALS.update({word.replace("-", " "): n for word, n in list(ORDINALS.items())})
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
}
_COUNTRY_LOOKUP = {
    alias.lower(): name for name, aliases in COUNTRY_NAMES.items() for alias in [name, *aliases]
}


def country_name(text: str) -> str:
    """The filed name of the state ``text`` names ("Kingdom of Thailand" → "Thailand"), or ""."""
    text = re.sub(r"^the\s+", "", text.strip(" .,;"), flags=re.IGNORECASE)
    return _COUNTRY_LOOKUP.get(text.lower(), "") or _COUNTRY_LOOKUP.get(f"the {text}".lower(), "")


# Operative verbs, as written → as filed ("recognized" is filed as "recognised").
# "other" is no word to look for: it stands for a verb none of these, kept with its own word.
OPERATIVE_VERBS = {verb: verb for verb in ResolutionVerb.values if verb != ResolutionVerb.OTHER}
OPERATIVE_VERBS["recognized"] = ResolutionVerb.RECOGNISED.value

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
    "updated",
    "urged",
}

MEETING_NOUNS = r"(?:Meeting|Summit|Session|Conference|Forum|Consultations?|Dialogue|Retreat)"

_SUMMARY_RECORD = re.compile(r"summary\s+record", re.IGNORECASE)
_ORDINAL_MEETING = re.compile(rf"\b{ORDINAL}\b.*\b{MEETING_NOUNS}\b", re.IGNORECASE)
# "Sixty-first session": a United Nations body's session, not a meeting's title.
SESSION_LINE = re.compile(rf"^{ORDINAL}\s+session$", re.IGNORECASE)


def looks_like_title(line: str) -> bool:
    """ "Summary Record of …", or an ordinal and a meeting: "The Third … Meeting"."""
    if _SUMMARY_RECORD.search(line):
        return True
    return (
        len(line.split()) <= 25
        and bool(_ORDINAL_MEETING.search(line))
        and not SESSION_LINE.match(line)
    )
