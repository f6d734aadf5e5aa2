"""Finding a decision's words in its paragraph: the one rule for "it says only what its
paragraph says" (``Resolution.clean`` asks it; the admin's marking of decisions too).

A quotation is found when it matches the paragraph once both are read alike: Unicode in one
form (NFC: Vietnamese typed with combining marks matches the record's precomposed letters),
straight and curly quotes alike, any run of spaces, non-breaking spaces and line breaks as one
space, soft hyphens and zero-width spaces left out. Where it is not found, ``nearest`` and
``parting`` say what the paragraph has instead, for the message the officer reads.
"""

import difflib
import re
import unicodedata

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "“": '"', "”": '"'})
_QUOTES.update(str.maketrans({"„": '"', "‟": '"', "″": '"', "«": '"', "»": '"'}))
_INVISIBLE = {"\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` (already NFC) read alike, and for each character of the result the index of the
    character of ``text`` it came from."""
    out, where = [], []
    spacing = False
    for index, char in enumerate(text):
        if char in _INVISIBLE:
            continue
        if char.isspace():
            if out and not spacing:
                out.append(" ")
                where.append(index)
            spacing = True
            continue
        spacing = False
        out.append(char.translate(_QUOTES))
        where.append(index)
    if out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


def normalised(text: str) -> str:
    """``text`` as quotations are compared: NFC, quotes and spaces alike."""
    return _folded(unicodedata.normalize("NFC", text))[0]


def locate(quotation: str, paragraph: str, *, ignore_case: bool = False) -> str | None:
    """The words of ``paragraph`` that ``quotation`` quotes (as the paragraph writes them,
    in NFC), or None when the paragraph does not have them."""
    canonical = unicodedata.normalize("NFC", paragraph)
    where = span(quotation, canonical, ignore_case=ignore_case)
    return canonical[where[0] : where[1]] if where else None


def span(quotation: str, paragraph: str, *, ignore_case: bool = False) -> tuple[int, int] | None:
    """Where in ``paragraph`` (NFC) the words ``quotation`` quotes start and end, or None."""
    wanted = normalised(quotation)
    if not wanted:
        return None
    folded, where = _folded(unicodedata.normalize("NFC", paragraph))
    match = re.search(re.escape(wanted), folded, re.IGNORECASE if ignore_case else 0)
    if match is None:
        return None
    return where[match.start()], where[match.end() - 1] + 1


def contains_phrase(paragraph: str, pattern: str) -> bool:
    """Whether ``paragraph`` (read alike) has a match of the regular expression ``pattern``,
    taken as whole words, in any case."""
    return (
        re.search(rf"(?<!\w)(?:{pattern})(?!\w)", normalised(paragraph), re.IGNORECASE) is not None
    )


def nearest(phrase: str, paragraph: str) -> str:
    """The run of the paragraph's words most like ``phrase`` (as many words), for a message."""
    words = normalised(paragraph).split(" ")
    size = max(1, len(normalised(phrase).split(" ")))
    wanted = normalised(phrase).casefold()
    best, best_ratio = "", 0.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)
    for start in range(max(1, len(words) - size + 1)):
        candidate = " ".join(words[start : start + size])
        matcher.set_seq1(candidate.casefold())
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    return best


def parting(quotation: str, paragraph: str, *, context: int = 40) -> tuple[str, str, str]:
    """Where ``quotation`` and ``paragraph`` part ways: the words they share up to there (the
    end of them), what the paragraph goes on with, and what the quotation goes on with."""
    wanted, folded = normalised(quotation), normalised(paragraph)
    # A prefix found means every shorter one is found: the longest is found by halving.
    low, high = 0, len(wanted)
    while low < high:
        middle = (low + high + 1) // 2
        if wanted[:middle] in folded:
            low = middle
        else:
            high = middle - 1
    shared = wanted[:low]
    start = folded.find(shared) + len(shared) if shared else 0
    return (
        shared[-context:],
        folded[start : start + context],
        wanted[low : low + context],
    )
