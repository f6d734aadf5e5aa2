"""Words as search reads them, the same on PostgreSQL and SQLite: case and accents ignored,
stemmed per language, and text in scripts written without spaces cut into words.

- **Languages.** A text is stemmed in its record's language: English (``en``) and Indonesian
  (``id``, and Malay, ``ms``, which the Indonesian stemmer serves) with their Snowball
  stemmers, every other language unstemmed. On PostgreSQL these are the text search
  configurations ``english_unaccent``, ``indonesian_unaccent`` and ``simple_unaccent``
  (migration 0022: ``unaccent`` before the stemmer); on SQLite the same Snowball stemmers run
  in Python (``snowballstemmer``) and the FTS5 index holds their output (:func:`index_words`).
  A query is read in all three ways and a text matches if any of them finds it, so the
  same query finds the same records whatever language each is in.
- **Scripts without spaces.** Thai text is cut into words by PyThaiNLP (its dictionary-based
  ``newmm``), Japanese by Janome (a morphological analyser with its own dictionary); both
  are pure Python, so the site installs without a compiler or system libraries. Queries are
  cut the same way, so a word typed alone finds it inside a sentence. Lao, Khmer, Burmese
  and Chinese are not cut (Chinese goes through the Japanese dictionary with kanji).
- **Accents.** Latin letters lose their accents (``Đà Nẵng`` is ``da nang``); the marks of
  other scripts (Thai vowels, Japanese voicing) are part of their letters and stay.
"""

import functools
import re
import unicodedata

import snowballstemmer

# What a language's text is stemmed as: the PostgreSQL configuration and Snowball stemmer.
ENGLISH, INDONESIAN, SIMPLE = "english", "indonesian", "simple"
STEMMED_AS = {"en": ENGLISH, "id": INDONESIAN, "ms": INDONESIAN}
CONFIGURATIONS = {ENGLISH: "english_unaccent", INDONESIAN: "indonesian_unaccent"}
CONFIGURATIONS[SIMPLE] = "simple_unaccent"

# PostgreSQL's english.stop: the words its English configuration leaves out of a text. A query
# word that is one of them alone is not searched (a phrase keeps them).
ENGLISH_STOP_WORDS = frozenset(
    [
        "i",
        "me",
        "my",
        "myself",
        "we",
        "our",
        "ours",
        "ourselves",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "he",
        "him",
        "his",
        "himself",
        "she",
        "her",
        "hers",
        "herself",
        "it",
        "its",
        "itself",
        "they",
        "them",
        "their",
        "theirs",
        "themselves",
        "what",
        "which",
        "who",
        "whom",
        "this",
        "that",
        "these",
        "those",
        "am",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "having",
        "do",
        "does",
        "did",
        "doing",
        "a",
        "an",
        "the",
        "and",
        "but",
        "if",
        "or",
        "because",
        "as",
        "until",
        "while",
        "of",
        "at",
        "by",
        "for",
        "with",
        "about",
        "against",
        "between",
        "into",
        "through",
        "during",
        "before",
        "after",
        "above",
        "below",
        "to",
        "from",
        "up",
        "down",
        "in",
        "out",
        "on",
        "off",
        "over",
        "under",
        "again",
        "further",
        "then",
        "once",
        "here",
        "there",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "no",
        "nor",
        "not",
        "only",
        "own",
        "same",
        "so",
        "than",
        "too",
        "very",
        "s",
        "t",
        "can",
        "will",
        "just",
        "don",
        "should",
        "now",
    ]
)

# A word: letters and digits, with the marks that combine with them (Thai vowels, accents typed
# apart), which Python's \w leaves out.
_MARKS = "".join(
    chr(code) for code in range(0x300, 0x10000) if unicodedata.category(chr(code)) in ("Mn", "Mc")
)
WORD = re.compile(f"(?:[^\\W_]|[{re.escape(_MARKS)}])+")
THAI = re.compile(r"[\u0e00-\u0e7f]+")
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]+")
WITHOUT_SPACES = re.compile(f"{THAI.pattern}|{JAPANESE.pattern}")

# Latin letters that carry no combining mark to drop (as PostgreSQL's unaccent.rules has them).
_LATIN_LETTERS = str.maketrans(
    {"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "æ": "ae"}
    | {"Æ": "AE", "œ": "oe", "Œ": "OE", "ħ": "h", "ı": "i"}
)


def stemmed_as(language: str) -> str:
    """``english``, ``indonesian`` or ``simple``: how a text in ``language`` is stemmed."""
    return STEMMED_AS.get((language or "").split("-")[0].lower(), SIMPLE)


def has_words_without_spaces(text: str) -> bool:
    return bool(WITHOUT_SPACES.search(text or ""))


def segmented(text: str) -> str:
    """``text`` with spaces between the words of its Thai and Japanese runs; other text as it
    is."""
    if not has_words_without_spaces(text):
        return text
    return WITHOUT_SPACES.sub(lambda run: " " + " ".join(_cut(run.group())) + " ", text)


def _cut(run: str) -> list[str]:
    if THAI.fullmatch(run):
        from pythainlp.tokenize import word_tokenize

        words = word_tokenize(run, engine="newmm", keep_whitespace=False)
    else:
        words = _janome().tokenize(run)
    return [word for word in words if word.strip()]


@functools.cache
def _janome():
    from janome.tokenizer import Tokenizer

    return Tokenizer(wakati=True)


def unaccented(word: str) -> str:
    """``word`` without the accents of its Latin letters."""
    word = unicodedata.normalize("NFC", word).translate(_LATIN_LETTERS)
    if word.isascii():
        return word
    letters = []
    for character in word:
        if "LATIN" in unicodedata.name(character, ""):
            decomposed = unicodedata.normalize("NFKD", character)
            letters.append("".join(c for c in decomposed if not unicodedata.combining(c)))
        else:
            letters.append(character)
    return "".join(letters)


@functools.cache
def _stemmer(stemming: str):
    return snowballstemmer.stemmer(stemming) if stemming != SIMPLE else None


def words(text: str, stemming: str) -> list[str]:
    """The words of ``text`` as an index holds them: cut, lower case, unaccented, stemmed."""
    found = [unaccented(word.lower()) for word in WORD.findall(segmented(text))]
    stemmer = _stemmer(stemming)
    return stemmer.stemWords(found) if stemmer else found


def index_words(text: str | None, language: str | None) -> str:
    """What SQLite's full-text index holds for ``text`` in ``language`` (migration 0022 calls
    it from its triggers as ``records_search_words``)."""
    return " ".join(words(text or "", stemmed_as(language or "")))
