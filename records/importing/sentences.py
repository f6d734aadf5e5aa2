"""Where the sentences of a paragraph start and end: the unit most rules read."""

import functools
import re

_ABBREVIATIONS = {
    "mr",
    "ms",
    "mrs",
    "dr",
    "prof",
    "h.e",
    "st",
    "no",
    "nos",
    "jr",
    "sr",
    "hon",
    "mdm",
    "e.g",
    "i.e",
    "cf",
    "vs",
    "art",
    "para",
    "paras",
    "rev",
    "vol",
    "pp",
    "a.m",
    "p.m",
    "u.s",
    "u.n",
    "co",
    "ltd",
    "inc",
}
_SENTENCE_END = re.compile(r"[.!?][”\"’)]*(?=\s+[“\"(]?[A-Z0-9])")


_INITIALS = re.compile(r"[a-z]|(?:[a-z]\.)+[a-z]")


# Each rule asks for the sentences of the paragraph it reads: they are found once.
@functools.lru_cache(maxsize=8)
def sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Where each sentence of ``text`` starts and ends; "Mr." and "H.E." end none."""
    bounds, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        word_start = max(text.rfind(" ", start, match.start()) + 1, start)
        word = text[word_start : match.start()].lower().lstrip('(“"')
        # "Mekong-U.S. Partnership": the abbreviation is the last part of the word.
        word = word.rsplit("-", 1)[-1]
        if word in _ABBREVIATIONS or _INITIALS.fullmatch(word):
            continue
        bounds.append((start, match.end()))
        start = match.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        bounds.append((start, len(text)))
    return tuple(bounds)
