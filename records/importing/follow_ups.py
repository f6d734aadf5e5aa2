"""What the parties committed to do: follow-up actions, from the deadlines a paragraph sets
("by 30 April 2024", "on 27 October 2024", "at the next Meeting") and from requests and tasks
without one.

Each action gets a short description in the house style of the actions list ("Circulate a
list of focal points."), made of the words of its clause without the deadline, and its real
owner: whoever is asked or said to act ("tasked the ASEAN Secretariat to …", "agreed that
Japan would …"), or the parties who decided, but never the meeting itself ("The Meeting").
"""

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
from records.importing.words import CAPITAL, MEETING_NOUNS, ORDINAL, ordinal_number
from records.models import ActionPrecision, ResolutionVerb

_DELEGATING_VERBS = {ResolutionVerb.REQUESTED, ResolutionVerb.TASKED, ResolutionVerb.ENCOURAGED}
# Verbs filed as "other" that ask someone else to act, as written.
_DELEGATING_WORDS = {"called upon", "called on", "urged", "instructed", "directed", "mandated"}
_REPORTED_SPEECH = re.compile(r"\b(?:said|stated|asked|suggested)\b")
# An owner is named: "the ASEAN Secretariat", "Japan", "AMS" (not "the channel").
_NAME = rf"(?:[Tt]he\s+)?(?![Tt]he\s){CAPITAL}[^,;]{{0,80}}?"
_OWNER_RULES = [
    # requested / tasked / encouraged "the Secretariat to …"
    re.compile(rf"^(?P<owner>{_NAME})\s+to\s+(?P<act>\w)"),
    # agreed / decided "that Japan would …", "for the Secretariat to …"
    re.compile(
        rf"^(?:that|for)\s+(?P<owner>{_NAME})\s+(?:would|will|shall|should|to|is\s+to"
        r"|are\s+to)\s+(?P<act>(?!be\b)\w)"
    ),
    # welcomed "the offer of the Philippines to host …", "Japan's offer to host …"
    re.compile(rf"^(?:the\s+)?offer\s+(?:of|by|from)\s+(?P<owner>{_NAME})\s+to\s+(?P<act>\w)"),
    re.compile(rf"^(?P<owner>{CAPITAL}[^,;]{{0,60}}?)['’]s\s+offer\s+to\s+(?P<act>\w)"),
]
# In a sentence that decides nothing: "The ASEAN Secretariat will circulate …".
_SUBJECT_ACTS = re.compile(
    rf"^(?P<owner>{_NAME})\s+(?:will|would|shall|is\s+to|are\s+to)\s+(?P<act>(?!be\b)\w)"
)
_THE_MEETING = re.compile(rf"^(?:the\s+)?(?:\w+\s+)?{MEETING_NOUNS}$", re.IGNORECASE)
_SESSION = re.compile(rf"\b(?P<ordinal>{ORDINAL})\s+session$", re.IGNORECASE)
_RELATIVE = re.compile(r",?\s+(?:which|that|who)\s+(?:is|are|was|were|will|would|has|have)\b")


def actions(paragraph: ParsedParagraph, record: ParsedRecord, budget: Budget) -> None:
    clauses = [(s.start, s.end) for s in paragraph.spans if s.kind == "resolution"]
    clause_starts = [start for start, _ in clauses]
    bounds = sentences(paragraph.text)
    reported: dict[tuple[int, int], bool] = {}  # sentence → whether it is reported speech
    deadlines = dates.find_deadlines(
        paragraph.text, record.start_date, record.end_date, _next_numbers(record)
    )
    for deadline in deadlines:
        # The clause starting last before the deadline holds it, if it reaches that far.
        index = bisect.bisect_right(clause_starts, deadline.start)
        order = index if index and deadline.end <= clauses[index - 1][1] else None
        if order:
            resolution = paragraph.resolutions[order - 1]
            start, end = clauses[order - 1]
            delegating = _delegating(resolution)
            owners, act = _owner(paragraph.text[start:end], delegating)
            if not owners and not delegating:
                owners = _acting_parties(resolution.parties)
        else:
            start, end = bounds[max(bisect.bisect_right(bounds, (deadline.start, 1 << 62)) - 1, 0)]
            if (start, end) not in reported:
                reported[start, end] = bool(_REPORTED_SPEECH.search(paragraph.text, start, end))
            if reported[start, end]:
                continue  # what a delegation said should happen is not a commitment
            owner = _SUBJECT_ACTS.match(paragraph.text[start:end])
            owners = _acting_parties(owner.group("owner")) if owner else ""
            act = owner.start("act") if owner else 0
        description = _description(paragraph.text, start + act, end, (deadline.start, deadline.end))
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
        start, end = clauses[order - 1]
        owners, act = _owner(paragraph.text[start:end], delegating=True)
        description = _description(paragraph.text, start + act, end, None)
        budget.spend(1, len(description))
        paragraph.actions.append(
            ParsedAction(
                description=description,
                owners=owners,
                due_precision=ActionPrecision.NONE.value,
                resolution=order,
            )
        )


def _next_numbers(record: ParsedRecord) -> frozenset[int]:
    """The numbers the next meeting may be named by: the next meeting's, and in a United
    Nations record the next session's ("Eightieth session" → 81)."""
    numbers = {record.sequence_number}
    # The session ends the name: its tail is looked at, not a name as long as a hostile title.
    session = _SESSION.search(record.series_name[-60:])
    if session:
        numbers.add(ordinal_number(session.group("ordinal")))
    return frozenset(number + 1 for number in numbers if number)


def _delegating(resolution: ParsedResolution) -> bool:
    """Whether the decision asks someone else to act: "requested the Secretariat to …"."""
    return resolution.verb in _DELEGATING_VERBS or resolution.verb_word in _DELEGATING_WORDS


def _owner(clause: str, delegating: bool) -> tuple[str, int]:
    """Who the clause says acts, and where what they do starts: ("the Secretariat", 22) for
    "the Secretariat to circulate …"; ("", 0) when it names no one."""
    rules = _OWNER_RULES if delegating else _OWNER_RULES[1:]
    for rule in rules:
        match = rule.match(clause)
        if match and not _THE_MEETING.match(match.group("owner")):
            return match.group("owner"), match.start("act")
    return "", 0


def _acting_parties(parties: str) -> str:
    """The parties who decided act themselves, unless they are the meeting ("The Meeting
    agreed to …" names no owner: the officer names one)."""
    if _THE_MEETING.match(parties.strip()) or not re.match(_NAME + "$", parties.strip()):
        return ""
    return parties.strip()


def _description(text: str, start: int, end: int, deadline: tuple[int, int] | None) -> str:
    """The clause ``text[start:end]`` without its deadline, as the actions list words them:
    "to circulate a list of focal points by 30 April 2024" → "Circulate a list of focal
    points."; a long noun phrase stops before its relative clause ("… Guidebook which is
    planned …" → "… Guidebook.")."""
    pieces = [text[start:end]]
    if deadline and start <= deadline[0] and deadline[1] <= end:
        pieces = [text[start : deadline[0]], text[deadline[1] : end]]
    words = " ".join(" ".join(piece.split()) for piece in pieces if piece.strip())
    words = re.sub(r"\s+([,;.])", r"\1", words)
    words = re.sub(r"^(?:to|that)\s+", "", words)
    relative = _RELATIVE.search(words)
    if relative and len(words[: relative.start()].split()) >= 3:
        words = words[: relative.start()]
    words = re.sub(r"(?:[\s,;:.]|\b(?:and|or|to|by|on|at|in)\b)+$", "", words)
    if not words:
        return " ".join(text[start:end].split())
    return words[:1].upper() + words[1:] + "."
