"""What the parties decided: resolutions, each an operative verb with its subject and its
clause, copied from the paragraph (the follow-up actions they carry are ``follow_ups``')."""

import bisect
import re

from records.importing.budget import Budget
from records.importing.parsed import ParsedParagraph, ParsedResolution, Span
from records.importing.sentences import sentences
from records.importing.words import OPERATIVE_VERBS, OTHER_OPERATIVE_VERBS, REPORTING_VERBS
from records.models import ResolutionVerb

# "expressed appreciation", "expressed its sincere appreciation": words may stand between.
_APPRECIATION = r"expressed\s+(?:[\w'’-]+\s+){0,3}?appreciation"
_DECIDING = {*OPERATIVE_VERBS, *OTHER_OPERATIVE_VERBS}
_VERBS = sorted({*_DECIDING, *REPORTING_VERBS}, key=len, reverse=True)
_VERBS = [_APPRECIATION, *(re.escape(verb) for verb in _VERBS)]
_VERB = re.compile(r"\b(?P<verb>" + "|".join(_VERBS) + r")\b")
_ADVERBS = (
    r"(?:also|further|furthermore|warmly|strongly|fully|unanimously|duly|jointly|again|"
    r"therefore|thus|hence|highly|greatly|sincerely|formally|officially|collectively|"
    r"respectively|subsequently|then|finally|additionally)"
)
_TRAILING_ADVERBS = re.compile(rf"(?:\s*\b{_ADVERBS})+\s*$")
# A verb after these words is passive, perfect or part of a phrase: "as mutually agreed".
_NOT_A_DECISION = {
    "as",
    "be",
    "been",
    "being",
    "is",
    "was",
    "were",
    "are",
    "has",
    "have",
    "had",
    "mutually",
    "previously",
    "already",
    "not",
    "it",
    "to",
    "once",
    "recently",
}
_SUBJECT_STOPWORDS = {
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "is",
    "was",
    "were",
    "are",
    "be",
    "been",
    "has",
    "have",
    "had",
    "would",
    "will",
    "should",
    "could",
    "may",
    "might",
    "must",
}
_DANGLING = re.compile(r"\b(?:the|a|an|of|to|for|by|as|in|on|at|with|from|and|or)$", re.I)
_CLAUSE_END = re.compile(
    r"(?:,?\s+and\s+(?:also\s+|further\s+)?|;\s+(?:and\s+)?)(?=(?:"
    + "|".join(_VERBS)
    + r")\b(?!\s+by\b))|,\s+(?=(?:"
    + "|".join([_APPRECIATION, *(re.escape(verb) for verb in _DECIDING)])
    + r")\b(?!\s+by\b))"
)


def resolutions(paragraph: ParsedParagraph, budget: Budget) -> None:
    text = paragraph.text
    seen: set[tuple[str, str, str]] = set()
    for start, end in sentences(text):
        subject = None
        stops = None  # where this sentence's clauses may end, found once when first needed
        for match in _VERB.finditer(text, start, end):
            verb = match.group("verb")
            if verb in _SPEECH:
                break  # "said that his delegation welcomed …": what follows is reported
            # A subject is a few words: look at most this far back (and stay linear).
            window = max(start, match.start() - _SUBJECT_REACH)
            prefix = text[window : match.start()]
            previous = re.search(r"(\S+)\s*$", _TRAILING_ADVERBS.sub("", prefix))
            if previous and previous.group(1).lower().strip(",") in _NOT_A_DECISION:
                continue
            coordinated = re.search(rf"(?:,|\band)(?:\s+{_ADVERBS})*\s*$", prefix)
            if coordinated and prefix.strip():
                parties = subject
            else:
                parties = _subject(prefix, whole=window == start)
                if parties and subject is None:
                    subject = parties
            filed = _filed_verb(verb)
            if filed is None or not parties:
                continue
            if filed == ResolutionVerb.OTHER and _BY_AGENT.match(text, match.end()):
                continue  # "activities supported by Japan": a participle, not a decision
            clause_start = match.end()
            while clause_start < end and text[clause_start].isspace():
                clause_start += 1
            if stops is None:
                # No separator starts inside another, so these are all of them: a clause
                # ends at the first after its verb (one scan of the sentence, not one a verb).
                stops = [stop.start() for stop in _CLAUSE_END.finditer(text, start, end)]
            index = bisect.bisect_left(stops, clause_start)
            clause_end = stops[index] if index < len(stops) else end
            clause = text[clause_start:clause_end].rstrip(" .,;:")
            budget.spend(0, len(clause))
            if len(clause.split()) < 2:
                continue
            budget.spend(2)  # the verb and its clause
            resolution = ParsedResolution(filed, parties, clause)
            if filed == ResolutionVerb.OTHER:
                resolution.verb_word = verb
            key = (resolution.verb, resolution.verb_word, " ".join(clause.split()))
            if key in seen:
                continue  # the same decision said twice in a paragraph is one decision
            seen.add(key)
            with_parties = re.match(r"with\s+(?P<who>.+?)\s+(?:to|that|on)\b", clause)
            if with_parties and resolution.verb == ResolutionVerb.AGREED:
                resolution.co_parties = with_parties.group("who")
            paragraph.resolutions.append(resolution)
            order = len(paragraph.resolutions)
            written = resolution.verb_word or resolution.verb
            label = f"R{paragraph.number}.{order} {written} ({parties})"
            paragraph.spans.append(Span(match.start(), match.end(), "verb", label))
            paragraph.spans.append(
                Span(clause_start, clause_start + len(clause), "resolution", label)
            )


_SUBJECT_REACH = 300
_SPEECH = {"said", "stated", "suggested", "explained", "observed"}
_BY_AGENT = re.compile(r"\s+by\b")


def _filed_verb(verb: str) -> str | None:
    """The verb a resolution is filed under, or None for a verb that reports, not decides."""
    if verb in OPERATIVE_VERBS:
        return OPERATIVE_VERBS[verb]
    if verb in OTHER_OPERATIVE_VERBS:
        return ResolutionVerb.OTHER.value
    if verb.startswith("expressed") and verb.endswith("appreciation"):
        return ResolutionVerb.EXPRESSED_APPRECIATION.value
    return None


def _subject(prefix: str, whole: bool = True) -> str:
    """The subject of a verb from the words before it in its sentence, or "" if none is clear.

    "In this regard, ASEAN and Japan" → "ASEAN and Japan"; "Japan reported … and" → "".
    """
    prefix = _TRAILING_ADVERBS.sub("", prefix).strip()
    candidate = re.split(r"[,;]\s*", prefix)[-1].strip()
    if not candidate and "," in prefix and whole:
        candidate = prefix.split(",")[0].strip()
    if _has_verb(candidate) and " and " in candidate:
        # "China reported on the Fund and the Meeting welcomed …": a new subject after "and".
        candidate = candidate.rsplit(" and ", 1)[1].strip()
    words = candidate.split()
    if not words or len(words) > 12 or not (candidate[:1].isupper() or words[0] == "the"):
        return ""
    if _DANGLING.search(candidate):
        return ""
    if _has_verb(candidate):
        return ""
    return candidate


def _has_verb(text: str) -> bool:
    return any(
        w in _SUBJECT_STOPWORDS or w in _DECIDING or w in REPORTING_VERBS
        for w in (w.strip('“”"(),') for w in text.split())
    )
