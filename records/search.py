"""Full-text search over published records: the query language, matching and snippets.

What people type: words (all must appear), ``"a phrase"``, ``prefix*``, ``word OR other``
and ``-excluded``. :func:`parse` turns that into :class:`Terms`, independent of the
database; words of scripts without spaces are cut apart as texts are (``records.search_words``).
Case and accents are ignored and words stemmed in the text's language, the same way on both
databases. Each term is read as English, as Indonesian and unstemmed, and matches a text if
any of these finds it there.

On PostgreSQL the terms become ``to_tsquery`` built only from letters and digits (the user's
text never reaches the tsquery syntax), once per text search configuration, matched against
the trigger-maintained ``search_vector`` columns and their GIN indexes (migrations 0003 and
0022), ranked with ``ts_rank_cd`` and quoted with ``ts_headline``. On SQLite they become an
FTS5 ``MATCH`` on the full-text tables migration 0022 keeps (``records_paragraph_words`` …).
"""

import dataclasses
import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F, FloatField, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Length, Lower, Replace
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy

from records import search_words
from records.models import (
    FollowUpAction,
    MeetingStatus,
    Paragraph,
    Resolution,
    VersionParagraph,
    published_q,
)
from records.search_words import CONFIGURATIONS, ENGLISH, ENGLISH_STOP_WORDS
from records.text import START_MARK, STOP_MARK, without_search_marks

# What ts_headline reads a text as, to find the words it marks (any language: unaccented).
HEADLINE_CONFIGURATION = CONFIGURATIONS[ENGLISH]
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12

# A hit between the marks, with no other mark inside: a match costs one pass over the text
# whatever marks a stored text holds (``.*?`` would rescan the rest of the text from every
# unclosed start mark).
_MARKED = re.compile(f"{START_MARK}([^{START_MARK}{STOP_MARK}]*){STOP_MARK}")

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")


@dataclasses.dataclass(frozen=True)
class Term:
    """A word, a prefix (``guide*``) or a phrase (``"smart city"``) as the user typed it."""

    words: tuple[str, ...]
    text: str
    prefix: bool = False

    def tsquery(self) -> str:
        pieces = [f"'{word.lower()}'" for word in self.words]
        if self.prefix:
            pieces[-1] += ":*"
        return " <-> ".join(pieces)

    def match(self) -> str:
        """The FTS5 query of this term: the phrase of its words as each stemmer reads them,
        one of which must be found."""
        forms = {
            " ".join(search_words.words(" ".join(self.words), stemming))
            for stemming in CONFIGURATIONS
        }
        star = "*" if self.prefix else ""
        return " OR ".join(f'"{form}"{star}' for form in sorted(forms) if form)


@dataclasses.dataclass(frozen=True)
class Terms:
    """A parsed query: every group must match (a group is terms joined by OR), none of
    ``excluded`` may."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()

    def __bool__(self):
        return bool(self.groups)

    @property
    def positive(self) -> list[Term]:
        return [term for group in self.groups for term in group]

    def tsquery(self) -> str:
        parts = []
        for group in self.groups:
            joined = " | ".join(f"({term.tsquery()})" for term in group)
            parts.append(f"({joined})")
        parts += [f"!({term.tsquery()})" for term in self.excluded]
        return " & ".join(parts)

    def match(self) -> str:
        """The FTS5 query: every group, none of the excluded terms."""
        groups = " AND ".join(
            "(" + " OR ".join(f"({term.match()})" for term in group) + ")" for group in self.groups
        )
        return " ".join([f"({groups})", *(f"NOT ({term.match()})" for term in self.excluded)])


def _term(raw: str, *, phrase: bool) -> Term | None:
    """A term from a bare word or the inside of quotes; None if it holds no word."""
    words = tuple(search_words.WORD.findall(search_words.segmented(raw)))
    if not words:
        return None
    if not phrase and len(words) == 1 and words[0].lower() in ENGLISH_STOP_WORDS:
        return None  # "the", "of": in nearly every English text, and left out of its index
    # The plain text, for icontains: a phrase with its spaces tidied, a word without the
    # punctuation around it ("guidebook," → "guidebook"; "co-operation" stays whole).
    text = " ".join(raw.split()) if phrase else _EDGE_PUNCTUATION.sub("", raw)
    return Term(words=words, text=text, prefix=not phrase and raw.endswith("*"))


def parse(query: str) -> Terms:
    """Parse a search box; raise ``ValidationError`` saying what is wrong with it."""
    if "\x00" in query:
        raise ValidationError(gettext("The search contains a null character; remove it."))
    if len(query) > MAX_QUERY_LENGTH:
        raise ValidationError(
            gettext("Search for at most %(most)s characters (this has %(length)s).")
            % {"most": MAX_QUERY_LENGTH, "length": len(query)}
        )
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False
    for match in _TOKEN.finditer(query):
        negated, quoted, bare = match.groups()
        if bare is not None and bare.upper() == "OR":
            join_next = bool(groups)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negated, bare = "-", bare[1:]
        term = _term(quoted if quoted is not None else bare, phrase=quoted is not None)
        if term is None:
            continue
        if negated:
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    count = sum(len(group) for group in groups) + len(excluded)
    if count > MAX_TERMS:
        raise ValidationError(
            gettext("Use at most %(most)s words or phrases (this has %(count)s).")
            % {"most": MAX_TERMS, "count": count}
        )
    if excluded and not groups:
        raise ValidationError(gettext("Say what to look for, not only what to leave out."))
    return Terms(groups=tuple(tuple(group) for group in groups), excluded=tuple(excluded))


def uses_postgresql() -> bool:
    return connection.vendor == "postgresql"


class _AnyForm(SearchQuery):
    """``terms`` as one tsquery: each term read in every text search configuration (its
    distinct forms, any of which may match: ``records_search_forms``, migration 0022), the
    groups joined by ``&&``, the excluded terms negated. One expression, quick to build and
    compile whatever the number of terms, and folded into a constant as it is planned."""

    def __init__(self, terms: Terms):
        super().__init__("", search_type="raw")
        self.terms = terms

    def as_sql(self, compiler, connection, **extra_context):
        groups = [
            " || ".join(["records_search_forms(%s)"] * len(group)) for group in self.terms.groups
        ]
        sql = " && ".join(
            [f"({group})" for group in groups]
            + ["!!records_search_forms(%s)"] * len(self.terms.excluded)
        )
        params = [term.tsquery() for term in self.terms.positive]
        params += [term.tsquery() for term in self.terms.excluded]
        return f"({sql})", params


def search_query(terms: Terms) -> SearchQuery:
    return _AnyForm(terms)


def matching(queryset: QuerySet, terms: Terms, *, fields: list[str]) -> QuerySet:
    """The rows of ``queryset`` whose ``fields`` match ``terms``.

    On PostgreSQL the row's ``search_vector`` is used, on SQLite its full-text table; both
    hold the words of those same fields (migration 0022).
    """
    if not terms:
        return queryset
    if uses_postgresql():
        return queryset.filter(search_vector=search_query(terms))
    index = f"{queryset.model._meta.db_table}_words"
    found = RawSQL(f"SELECT rowid FROM {index} WHERE {index} MATCH %s", [terms.match()])
    return queryset.filter(pk__in=found)


def rank(terms: Terms, fields: list[str]):
    """How well a row matches: more often and closer together rank higher.

    On PostgreSQL, ``ts_rank_cd`` (cover density: frequency and proximity) of the stored
    vector, divided by 1 + log(length) so that a short decision about the subject is not
    buried under long paragraphs mentioning it once. Elsewhere, how often the terms occur.
    """
    if uses_postgresql():
        return SearchRank(
            F("search_vector"), search_query(terms), cover_density=True, normalization=Value(1)
        )
    occurrences = Value(0.0, output_field=FloatField())
    for term in terms.positive:
        needle = term.text.lower()
        for field in fields:
            # (length of the text − its length with the term removed) / length of the term
            occurrences += Cast(
                Length(Lower(field)) - Length(Replace(Lower(field), Value(needle), Value(""))),
                FloatField(),
            ) / Value(float(len(needle)))
    return occurrences


def with_headline(queryset: QuerySet, terms: Terms, field: str, *, whole=False) -> QuerySet:
    """Annotate ``headline``: ``field`` with its matches between sentinels.

    ``whole`` for short texts (a clause, an action): all of it; otherwise up to two passages
    around the best matches, cut at whole words. Only on PostgreSQL; elsewhere
    :func:`snippet` makes one in Python.
    """
    if not uses_postgresql():
        return queryset
    options = (
        {"highlight_all": True}
        if whole
        else {
            "max_words": 40,
            "min_words": 20,
            "short_word": 0,
            "max_fragments": 2,
            "fragment_delimiter": " … ",
        }
    )
    # Marks already in the stored text (saved before they were dropped on the way in, or by a
    # write that skips validation) are taken out first: every mark in the headline is a hit.
    text = Replace(Replace(field, Value(START_MARK)), Value(STOP_MARK))
    return queryset.annotate(
        headline=SearchHeadline(
            text,
            search_query(terms),
            config=HEADLINE_CONFIGURATION,
            start_sel=START_MARK,
            stop_sel=STOP_MARK,
            **options,
        )
    )


def highlight(headline: str) -> SafeString:
    """Escape ``ts_headline`` output, then turn its marks into ``<mark>`` elements, in time
    linear in its length."""
    # Safe: every character of the database's text is escaped before any tag is added.
    marked = _MARKED.sub(r"<mark>\1</mark>", str(escape(headline)))
    return mark_safe(without_search_marks(marked))


def snippet(text: str, terms: Terms, *, width: int = 240) -> SafeString:
    """A passage of ``text`` around the first match, matches in ``<mark>``, all escaped.

    The SQLite fallback for ``ts_headline``; like it, it shows the text without search marks,
    and marks the words as search reads them (any form, case or accents).
    """
    text = without_search_marks(text)
    spans = _found(text, terms)
    start = 0
    if spans and spans[0][0] > width // 3:
        start = text.rfind(" ", 0, spans[0][0] - width // 3) + 1
    end = min(len(text), start + width)
    if end < len(text):
        end = max(text.rfind(" ", start, end), start + width // 2)
    pieces = []
    position = start
    for found_start, found_end in spans:
        if found_start < position or found_end > end:
            continue
        pieces.append(str(escape(text[position:found_start])))
        pieces.append(f"<mark>{escape(text[found_start:found_end])}</mark>")
        position = found_end
    pieces.append(str(escape(text[position:end])))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)


def _found(text: str, terms: Terms) -> list[tuple[int, int]]:
    """Where in ``text`` the words of ``terms`` stand, in order: words whose form is a term
    word's form in one of the stemmings; words of scripts without spaces as they are written."""
    wanted = {stemming: set() for stemming in CONFIGURATIONS}
    prefixes = {stemming: set() for stemming in CONFIGURATIONS}
    written = set()
    for term in terms.positive:
        if all(map(search_words.has_words_without_spaces, term.words)):
            written.add("".join(term.words))  # as written: 城市, not each of 城 and 市
            continue
        for position, word in enumerate(term.words):
            if search_words.has_words_without_spaces(word):
                written.add(word)
                continue
            if word.lower() in ENGLISH_STOP_WORDS:
                continue
            last = position == len(term.words) - 1
            for stemming in CONFIGURATIONS:
                forms = prefixes if term.prefix and last else wanted
                forms[stemming].update(search_words.words(word, stemming))
    spans = []
    for match in search_words.WORD.finditer(text):
        for stemming in CONFIGURATIONS:
            forms = search_words.words(match.group(), stemming)
            if len(forms) == 1 and (
                forms[0] in wanted[stemming]
                or any(forms[0].startswith(prefix) for prefix in prefixes[stemming])
            ):
                spans.append(match.span())
                break
    if written:
        longest_first = sorted(written, key=len, reverse=True)
        pattern = re.compile("|".join(re.escape(word) for word in longest_first))
        spans += [match.span() for match in pattern.finditer(text)]
    return sorted(spans)


# The search page: paragraphs, resolutions and follow-up actions of published records -----

KINDS = {
    "paragraph": gettext_lazy("Paragraphs"),
    "resolution": gettext_lazy("Decisions"),
    "action": gettext_lazy("Follow-up actions"),
    "version": gettext_lazy("Other language versions"),
}


@dataclasses.dataclass
class Hit:
    """One search result: what was found, where, and the passage that matched."""

    kind: str
    obj: object
    snippet: SafeString

    @property
    def paragraph(self):
        """The paragraph found or holding what was found (a version's own paragraph)."""
        if self.kind in ("paragraph", "version"):
            return self.obj
        return self.obj.paragraph

    @property
    def meeting(self):
        if self.kind == "paragraph":
            return self.obj.meeting
        if self.kind == "resolution":
            return self.obj.paragraph.meeting
        if self.kind == "version":
            return self.obj.language_version.meeting
        return self.obj.meeting

    @property
    def version(self):
        """The language version found, for a version's paragraph; else None."""
        return self.obj.language_version if self.kind == "version" else None

    @property
    def url(self):
        url = self.meeting.get_absolute_url()
        if self.version is not None:
            # The version's own page: /meetings/<slug>/<language>/.
            url = f"{url}{self.version.language}/"
        return f"{url}#{self.paragraph.anchor}" if self.paragraph is not None else url


def _sources(terms: Terms, include_restricted: bool):
    """Per kind: the published rows that match, the meeting path and the searched fields."""
    return {
        "paragraph": (
            Paragraph.objects.filter(published_q("meeting", include_restricted=include_restricted)),
            "meeting",
            ["text"],
        ),
        "resolution": (
            Resolution.objects.published(include_restricted=include_restricted),
            "paragraph__meeting",
            ["text", "parties"],
        ),
        "action": (
            FollowUpAction.objects.published(include_restricted=include_restricted),
            "meeting",
            ["description", "owners", "due_text"],
        ),
        "version": (
            _published_version_paragraphs(include_restricted),
            "language_version__meeting",
            ["text"],
        ),
    }


def _published_version_paragraphs(include_restricted: bool) -> QuerySet:
    """Paragraphs of the versions the public sees: published, of a published record."""
    return VersionParagraph.objects.filter(
        published_q("language_version__meeting", include_restricted=include_restricted),
        language_version__status=MeetingStatus.PUBLISHED,
    )


def hit_rows(terms: Terms, kinds: list[str], *, include_restricted: bool = False) -> QuerySet:
    """One row per match — ``(kind, id, rank, year, number)`` — best first, as a union.

    Only keys are selected here, so that the page of results is cut before any headline is
    computed; :func:`load_hits` then fetches the rows of one page.
    """
    parts = []
    for kind, (queryset, meeting, fields) in _sources(terms, include_restricted).items():
        if kind not in kinds:
            continue
        rows = matching(queryset, terms, fields=fields).annotate(
            hit_kind=Value(kind),
            hit_id=F("pk"),
            hit_rank=rank(terms, fields),
            hit_year=F(f"{meeting}__year"),
            hit_number=F(f"{meeting}__sequence_number"),
        )
        parts.append(
            rows.order_by().values_list("hit_kind", "hit_id", "hit_rank", "hit_year", "hit_number")
        )
    first, *others = parts
    union = first.union(*others, all=True) if others else first
    return union.order_by("-hit_rank", "-hit_year", "-hit_number", "hit_kind", "hit_id")


def load_hits(rows, terms: Terms, *, include_restricted: bool = False) -> list[Hit]:
    """The results for ``rows`` of :func:`hit_rows`, in their order, with snippets."""
    ids: dict[str, list[int]] = {kind: [] for kind in KINDS}
    for kind, pk, *_ in rows:
        ids[kind].append(pk)
    loaded = {}
    if ids["paragraph"]:
        paragraphs = Paragraph.objects.filter(
            published_q("meeting", include_restricted=include_restricted), pk__in=ids["paragraph"]
        )
        for paragraph in with_headline(paragraphs.select_related("meeting__series"), terms, "text"):
            loaded["paragraph", paragraph.pk] = Hit(
                "paragraph", paragraph, _snippet(paragraph, paragraph.text, terms)
            )
    if ids["resolution"]:
        resolutions = Resolution.objects.published(include_restricted=include_restricted).filter(
            pk__in=ids["resolution"]
        )
        for resolution in with_headline(
            resolutions.select_related("paragraph__meeting__series"), terms, "text", whole=True
        ):
            loaded["resolution", resolution.pk] = Hit(
                "resolution", resolution, _snippet(resolution, resolution.text, terms)
            )
    if ids["action"]:
        actions = FollowUpAction.objects.published(include_restricted=include_restricted).filter(
            pk__in=ids["action"]
        )
        for action in with_headline(
            actions.select_related("meeting__series", "paragraph"),
            terms,
            "description",
            whole=True,
        ):
            loaded["action", action.pk] = Hit(
                "action", action, _snippet(action, action.description, terms)
            )
    if ids["version"]:
        paragraphs = _published_version_paragraphs(include_restricted).filter(pk__in=ids["version"])
        for paragraph in with_headline(
            paragraphs.select_related("language_version__meeting__series"), terms, "text"
        ):
            loaded["version", paragraph.pk] = Hit(
                "version", paragraph, _snippet(paragraph, paragraph.text, terms)
            )
    return [loaded[kind, pk] for kind, pk, *_ in rows if (kind, pk) in loaded]


def _snippet(obj, text: str, terms: Terms) -> SafeString:
    headline = getattr(obj, "headline", None)
    return highlight(headline) if headline is not None else snippet(text, terms)
