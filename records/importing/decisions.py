"""What the parties decided: resolutions (an operative verb with its subject and clause) and
the follow-up actions that carry a deadline or a request."""

import bisect
import re

from records import display
from records.importing import dates
from records.importing.budget import Budget
from records.importing.parsed import (
    ParsedAction,
    ParsedParagraph,
    ParsedRecord,
    ParsedResolution,
    Span,
)
from records.importing.sentences import sentences
from records.importing.words import OPERATIVE_VERBS, REPORTING_VERBS
from records.models import ActionPrecision, ResolutionVerb

_VERBS = sorted({*OPERATIVE_VERBS, *REPORTING_VERBS}, key=len, reverse=True)
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
    + "|".join(OPERATIVE_VERBS)
    + r")\b(?!\s+by\b))"
)


def resolutions(paragraph: ParsedParagraph, budget: Budget) -> None:
    text = paragraph.text
    for start, end in sentences(text):
        subject = None
        stops = None  # where this sentence's clauses may end, found once when first needed
        for match in _VERB.finditer(text, start, end):
            verb = match.group("verb")
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
            if verb not in OPERATIVE_VERBS or not parties:
                continue
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
            resolution = ParsedResolution(OPERATIVE_VERBS[verb], parties, clause)
            with_parties = re.match(r"with\s+(?P<who>.+?)\s+(?:to|that|on)\b", clause)
            if with_parties and resolution.verb == ResolutionVerb.AGREED:
                resolution.co_parties = with_parties.group("who")
            paragraph.resolutions.append(resolution)
            order = len(paragraph.resolutions)
            label = f"R{paragraph.number}.{order} {resolution.verb} ({parties})"
            paragraph.spans.append(Span(match.start(), match.end(), "verb", label))
            paragraph.spans.append(
                Span(clause_start, clause_start + len(clause), "resolution", label)
            )


_SUBJECT_REACH = 300


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
        w in _SUBJECT_STOPWORDS or w in OPERATIVE_VERBS or w in REPORTING_VERBS
        for w in (w.strip('“”"(),') for w in text.split())
    )


# --- Follow-up actions ---------------------------------------------------------------------

_DELEGATING_VERBS = {ResolutionVerb.REQUESTED, ResolutionVerb.TASKED, ResolutionVerb.ENCOURAGED}
_REPORTED_SPEECH = re.compile(r"\b(?:said|stated|asked|suggested)\b")
_OWNERS = re.compile(r"^(?P<owners>(?:the\s+)?[A-Z][^,;]{0,80}?)\s+to\s+\w+")


def actions(paragraph: ParsedParagraph, record: ParsedRecord, budget: Budget) -> None:
    clauses = _clause_spans(paragraph)
    clause_starts = [start for start, _ in clauses.values()]
    bounds = sentences(paragraph.text)
    reported: dict[tuple[int, int], bool] = {}  # sentence → whether it is reported speech
    for deadline in dates.find_deadlines(paragraph.text, record.start_date):
        # The clause starting last before the deadline holds it, if it reaches that far.
        index = bisect.bisect_right(clause_starts, deadline.start)
        order = None
        if index and deadline.end <= clauses[index][1]:
            order = index
        if order:
            resolution = paragraph.resolutions[order - 1]
            description, owners = resolution.text, _owners(resolution)
        else:
            start, end = bounds[max(bisect.bisect_right(bounds, (deadline.start, 1 << 62)) - 1, 0)]
            if (start, end) not in reported:
                reported[start, end] = bool(_REPORTED_SPEECH.search(paragraph.text, start, end))
            if reported[start, end]:
                continue  # what a delegation said should happen is not a commitment
            description, owners = paragraph.text[start:end].strip(), ""
        budget.spend(1, len(description))
        action = ParsedAction(
            description=description,
            owners=owners,
            due_text=deadline.text,
            due_date=deadline.due_date,
            due_precision=deadline.precision,
            resolution=order,
        )
        paragraph.actions.append(action)
        due = (
            display.due_date(action.due_date, action.due_precision)
            if action.due_date
            else ActionPrecision(action.due_precision).label.lower()
        )
        paragraph.spans.append(
            Span(
                deadline.start,
                deadline.end,
                "deadline",
                f"A{paragraph.number}.{len(paragraph.actions)} due {due}",
            )
        )
    # "requested the Secretariat to …", "tasked …": a follow-up even without a deadline.
    linked = {action.resolution for action in paragraph.actions}
    for order, resolution in enumerate(paragraph.resolutions, start=1):
        if order in linked or resolution.verb not in {
            ResolutionVerb.REQUESTED,
            ResolutionVerb.TASKED,
        }:
            continue
        budget.spend(1, len(resolution.text))
        paragraph.actions.append(
            ParsedAction(
                description=resolution.text,
                owners=_owners(resolution),
                due_precision=ActionPrecision.NONE.value,
                resolution=order,
            )
        )


def _owners(resolution: ParsedResolution) -> str:
    """Who acts: "requested the Secretariat to …" → "the Secretariat"; otherwise the parties."""
    if resolution.verb in _DELEGATING_VERBS:
        owners = _OWNERS.match(resolution.text)
        return owners.group("owners") if owners else ""
    return resolution.parties


def _clause_spans(paragraph: ParsedParagraph) -> dict[int, tuple[int, int]]:
    clauses = [s for s in paragraph.spans if s.kind == "resolution"]
    return {order: (s.start, s.end) for order, s in enumerate(clauses, start=1)}
