"""Marking decisions in a record's text: from words an officer selects in a paragraph, the
decisions and follow-up actions the importer's recogniser reads there, proposed for the
officer to confirm (``records/admin/marking.py`` shows them). Nothing here writes.

The recogniser reads the whole paragraph (a subject stands before its verb, a deadline in a
clause belongs to that clause's decision); what is proposed is what the selection touches.
When it touches nothing the recogniser read, the selection itself is proposed: as a decision
when it holds an operative verb, otherwise as a follow-up action (a sentence saying what is to
be done), its deadline read from its words.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from records import wording
from records.importing import dates
from records.importing.budget import Budget
from records.importing.decisions import resolutions
from records.importing.follow_ups import actions
from records.importing.layout import join_lines, mend
from records.importing.lookup import PartyMatcher
from records.importing.parsed import ParsedParagraph, ParsedRecord
from records.importing.sentences import sentences
from records.importing.text import checked_text
from records.models import ActionPrecision, Paragraph, Resolution, ResolutionVerb
from records.models.resolutions import verb_pattern


@dataclass
class ProposedDecision:
    verb: str
    parties: str
    text: str
    verb_word: str = ""
    co_parties: str = ""  # who else it binds, as written after "agreed with …"
    countries: list = field(default_factory=list)
    organisations: list = field(default_factory=list)
    existing: Resolution | None = None  # the same decision, already recorded


@dataclass
class ProposedAction:
    description: str
    owners: str = ""
    due_text: str = ""
    due_date: datetime.date | None = None
    due_precision: str = ActionPrecision.NONE.value
    decision: int | None = None  # index into the proposal's decisions
    countries: list = field(default_factory=list)
    organisations: list = field(default_factory=list)


@dataclass
class Proposal:
    decisions: list[ProposedDecision]
    actions: list[ProposedAction]


def paragraph_sentences(text: str) -> list[str]:
    """The sentences of a paragraph, for choosing one with the keyboard."""
    return [text[start:end].strip() for start, end in sentences(text)]


_NUMBERED = re.compile(r"^\s*(?P<number>\d{1,3})[.)]\s+(?P<text>\S.*)$")


def numbered_paragraphs(text: str) -> list[tuple[int | None, str]]:
    """The paragraphs of pasted text, with their numbers where the text numbers them ("4.",
    "4)"); a blank line also ends one. Line breaks and dropped spaces are mended as the
    importer mends them, nothing else."""
    found: list[tuple[int | None, list[str]]] = []
    current = None
    for line in checked_text(text).split("\n"):
        numbered = _NUMBERED.match(line)
        if numbered:
            current = [numbered.group("text")]
            found.append((int(numbered.group("number")), current))
        elif not line.strip():
            current = None
        elif current is None:
            current = [line.strip()]
            found.append((None, current))
        else:
            current.append(line.strip())
    return [(number, mend(join_lines(lines)).text) for number, lines in found]


def propose(paragraph: Paragraph, selection: str) -> Proposal | None:
    """What ``selection`` (words of ``paragraph``) marks, or None when the paragraph does not
    have those words."""
    text = unicodedata.normalize("NFC", paragraph.text)
    where = wording.span(selection, text)
    if where is None:
        return None
    start, end = where
    parsed = ParsedParagraph(paragraph.number, text)
    budget = Budget(paragraphs=1)
    resolutions(parsed, budget)
    actions(parsed, ParsedRecord(start_date=paragraph.meeting.start_date), budget)

    verbs = [span for span in parsed.spans if span.kind == "verb"]
    clauses = [span for span in parsed.spans if span.kind == "resolution"]
    chosen: dict[int, int] = {}  # the recogniser's order (1-based) → index in the proposal
    decisions = []
    for order, (verb, clause) in enumerate(zip(verbs, clauses, strict=True), start=1):
        if verb.start < end and clause.end > start:
            chosen[order] = len(decisions)
            found = parsed.resolutions[order - 1]
            decisions.append(
                ProposedDecision(found.verb, found.parties, found.text, co_parties=found.co_parties)
            )
    deadlines = iter(span for span in parsed.spans if span.kind == "deadline")
    proposed_actions = []
    for action in parsed.actions:
        deadline = next(deadlines) if action.due_text else None
        touched = deadline is not None and deadline.start < end and deadline.end > start
        if action.resolution in chosen or touched:
            proposed_actions.append(
                ProposedAction(
                    description=action.description,
                    owners=action.owners,
                    due_text=action.due_text,
                    due_date=action.due_date,
                    due_precision=action.due_precision,
                    decision=chosen.get(action.resolution),
                )
            )
    if not decisions and not proposed_actions:
        _from_selection(text[start:end], paragraph, decisions, proposed_actions)
    _link(paragraph, decisions, proposed_actions)
    return Proposal(decisions, proposed_actions)


def _from_selection(words: str, paragraph: Paragraph, decisions: list, proposed: list) -> None:
    for verb in ResolutionVerb.values:
        if verb == ResolutionVerb.OTHER:
            continue
        match = re.search(rf"(?<!\w)(?:{verb_pattern(verb)})(?!\w)", words, re.IGNORECASE)
        if match:
            parties = words[: match.start()].strip(" ,;")
            clause = words[match.end() :].strip(" .,;")
            decisions.append(ProposedDecision(verb, parties, clause))
            return
    deadline = next(iter(dates.find_deadlines(words, paragraph.meeting.start_date)), None)
    proposed.append(
        ProposedAction(
            description=words.strip(),
            due_text=deadline.text if deadline else "",
            due_date=deadline.due_date if deadline else None,
            due_precision=deadline.precision if deadline else ActionPrecision.NONE.value,
        )
    )


def _link(paragraph: Paragraph, decisions: list, proposed: list) -> None:
    """The countries and organisations each names, and decisions already recorded."""
    matcher = PartyMatcher()
    day = paragraph.meeting.start_date
    recorded = {(r.verb, wording.normalised(r.text)): r for r in paragraph.resolutions.all()}
    for decision in decisions:
        named = f"{decision.parties} {decision.co_parties}"
        decision.countries, decision.organisations = matcher.match(named, day)
        decision.existing = recorded.get((decision.verb, wording.normalised(decision.text)))
    for action in proposed:
        action.countries, action.organisations = matcher.match(action.owners, day)
