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
- **Scripts without spaces.** Runs of the scripts written without spaces between words are
  cut into words, by script whatever the text's language (a Lao name in an English paragraph
  is cut too), and queries are cut the same way, so a word typed alone finds it inside a
  sentence; a query's words form a phrase, so their order counts. Thai is cut by PyThaiNLP
  (its dictionary-based ``newmm``), Lao by LaoNLP (the same maximal matching with a Lao
  dictionary, by PyThaiNLP's author). Khmer and Burmese have no kept pure-Python segmenter
  (Khmer's need the compiled CRFsuite), so they are cut by rules into the units their letters
  are written in (:func:`_syllables`: Khmer clusters, Burmese syllables): a word is the phrase
  of its units, found wherever it is written; a part of a unit is not. Chinese characters
  (hanzi, kanji) are words of one character each, in Chinese and Japanese alike: the same
  characters are cut the same way whatever the language, and a query without kana cannot
  tell which it is (a word is the phrase of its characters, as Lucene's CJK bigrams find it,
  and one character alone is found too); Japanese kana are cut by Janome (a morphological
  analyser with its own dictionary). All are pure Python, so the site installs without a
  compiler or system libraries; :func:`load_segmenters` loads their dictionaries at a
  server's start (``gunicorn.conf.py``), not at its first query.
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
LAO = re.compile(r"[\u0e80-\u0eff]+")
KHMER = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]+")
BURMESE = re.compile(r"[\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f]+")
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_KANA = r"\u3040-\u30ff\uff66-\uff9f"
HAN, KANA = re.compile(f"[{_HAN}]"), re.compile(f"[{_KANA}]")
CHINESE_OR_JAPANESE = re.compile(f"[{_HAN}{_KANA}]+")
WITHOUT_SPACES = re.compile(
    "|".join(script.pattern for script in (THAI, LAO, KHMER, BURMESE, CHINESE_OR_JAPANESE))
)
# A Khmer syllable: a letter with its vowels and signs, and the letters it carries below
# (COENG, U+17D2, then the letter).
_KHMER_SYLLABLE = re.compile(r"[^\u17b4-\u17d3\u17dd](?:\u17d2.?|[\u17b4-\u17d1\u17d3\u17dd])*")
# Where a Burmese syllable starts (Ye Kyaw Thu's sylbreak): at a consonant neither stacked
# under the one before (after ္, U+1039) nor killed into its final (before ် or ္), or at an
# independent vowel, digit or sign.
_BURMESE_SYLLABLE_START = re.compile(
    r"(?<!\u1039)[\u1000-\u1021](?![\u103a\u1039])|[\u1023-\u102a\u103f\u1040-\u104f]"
)

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
    """``text`` with spaces between the words of its runs of scripts written without them;
    other text as it is."""
    if not has_words_without_spaces(text):
        return text
    return WITHOUT_SPACES.sub(lambda run: " " + " ".join(_cut(run.group())) + " ", text)


def _cut(run: str) -> list[str]:
    if THAI.fullmatch(run):
        from pythainlp.tokenize import word_tokenize

        words = word_tokenize(run, engine="newmm", keep_whitespace=False)
    elif LAO.fullmatch(run):
        from laonlp.tokenize import word_tokenize

        words = word_tokenize(run)
    elif KHMER.fullmatch(run) or BURMESE.fullmatch(run):
        words = _syllables(run)
    elif KANA.search(run):
        # Japanese: Janome finds the kana words; its kanji words go one character each.
        words = [piece for word in _janome().tokenize(run) for piece in _one_han_each(word)]
    else:
        words = list(run)  # Chinese characters only: one each
    return [word for word in words if word.strip()]


def _one_han_each(word: str) -> list[str]:
    """``取り組み`` → ``取 り 組 み``: each Chinese character alone, kana between kept whole."""
    return [piece for piece in re.split(f"({HAN.pattern})", word) if piece]


def _syllables(run: str) -> list[str]:
    """A Khmer run cut into its clusters (a letter with what is written on and under it), a
    Burmese one into its syllables."""
    if KHMER.fullmatch(run):
        return _KHMER_SYLLABLE.findall(run)
    starts = [match.start() for match in _BURMESE_SYLLABLE_START.finditer(run)]
    bounds = sorted({0, *starts, len(run)})
    return [run[start:end] for start, end in zip(bounds, bounds[1:], strict=False)]


@functools.cache
def _janome():
    from janome.tokenizer import Tokenizer

    return Tokenizer(wakati=True)


def load_segmenters() -> None:
    """Load the dictionaries of the segmenters (two or three seconds, once per process), so
    that the first query in Thai, Lao or Japanese is as quick as the next: gunicorn's
    ``post_worker_init`` calls this in a thread as each worker starts."""
    segmented("การประชุม ກອງປະຊຸມ 会議の記録")


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
