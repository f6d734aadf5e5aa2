"""/search/: the query language, finding words in published records, ranking, snippets and
advice for empty or unusable queries. These hold on PostgreSQL and on the SQLite fallback;
PostgreSQL's own features are in test_search_postgresql.py."""

import pytest
from django.core.exceptions import ValidationError
from pytest_django.asserts import assertContains, assertNotContains

from records import search
from records.models import Paragraph, Resolution
from records.text import START_MARK, STOP_MARK
from tests.audit_data import build_records, paragraph, resolution
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    return build_records()


def hits(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return [(hit.kind, hit.obj.pk) for hit in response.context["hits"]]


# The query language (no database) --------------------------------------------------------


def test_words_must_all_match():
    assert search.parse("smart cities").tsquery() == "(('smart')) & (('cities'))"


def test_quotes_make_a_phrase():
    assert search.parse('"business matching"').tsquery() == "(('business' <-> 'matching'))"


def test_a_trailing_star_makes_a_prefix():
    assert search.parse("guide*").tsquery() == "(('guide':*))"


def test_or_joins_alternatives():
    assert search.parse("guidebook OR portal smart").tsquery() == (
        "(('guidebook') | ('portal')) & (('smart'))"
    )


def test_minus_excludes():
    assert search.parse("guidebook -draft").tsquery() == "(('guidebook')) & !('draft')"


def test_hyphenated_words_stay_together_as_a_phrase():
    terms = search.parse("co-operation")
    assert terms.tsquery() == "(('co' <-> 'operation'))"
    assert terms.positive[0].text == "co-operation"


def test_tsquery_syntax_typed_by_the_user_is_only_text():
    terms = search.parse("a&b | !c <-> d:* 'e' \\f (g)")
    assert terms.tsquery() == "(('a' <-> 'b')) & (('c')) & (('d':*)) & (('e')) & (('f')) & (('g'))"


def test_punctuation_alone_gives_no_terms():
    assert not search.parse("!!! *** ---")


def test_only_exclusions_is_an_error():
    with pytest.raises(ValidationError, match="not only what to leave out"):
        search.parse("-guidebook")


def test_too_many_terms_is_an_error():
    with pytest.raises(ValidationError, match="at most 12"):
        search.parse(" ".join(f"word{n}" for n in range(13)))


def test_null_character_is_an_error():
    with pytest.raises(ValidationError, match="null character"):
        search.parse("guide\x00book")


def test_unicode_words_are_kept():
    assert search.parse("Đà Nẵng").tsquery() == "(('đà')) & (('nẵng'))"


# Finding published records -------------------------------------------------------------


def test_finds_paragraphs_resolutions_and_actions(client, records):
    found = hits(client, "guidebook")
    assert ("paragraph", records.guidebook.paragraph.pk) in found
    assert ("resolution", records.guidebook.pk) in found
    assert ("action", records.publish_guidebook.pk) in found


def test_results_link_to_the_paragraph(client, records):
    response = client.get("/search/", {"q": "flood workshop", "kind": "resolution"})
    assertContains(response, 'href="/meetings/som-1/#p1"')


def test_drafts_are_never_found(client, records):
    response = client.get("/search/", {"q": "DRAFTLEAK"})
    assert response.context["hits"] == []
    assert response.context["paginator"].count == 0
    assertNotContains(response, "hlm-3")


def test_kind_limits_the_search(client, records):
    response = client.get("/search/", {"q": "guidebook", "kind": "action"})
    assert [(hit.kind, hit.obj.pk) for hit in response.context["hits"]] == [
        ("action", records.publish_guidebook.pk)
    ]


def test_phrase_needs_the_words_together(client):
    meeting = MeetingFactory()
    together = paragraph(meeting, 1, "The business matching session continued.")
    paragraph(meeting, 2, "Matching the needs of business was discussed.")
    assert hits(client, '"business matching"') == [("paragraph", together.pk)]


def test_prefix_finds_words_starting_so(client):
    meeting = MeetingFactory()
    found = paragraph(meeting, 1, "The Guidebook was welcomed.")
    paragraph(meeting, 2, "A guide was welcomed.")
    assert hits(client, "guideb*") == [("paragraph", found.pk)]


def test_excluded_words_remove_results(client):
    meeting = MeetingFactory()
    kept = paragraph(meeting, 1, "The portal for transport was launched.")
    paragraph(meeting, 2, "The portal for JASCA was launched.")
    assert hits(client, "portal -JASCA") == [("paragraph", kept.pk)]


def test_or_finds_either(client):
    meeting = MeetingFactory()
    first = paragraph(meeting, 1, "The portal was launched.")
    second = paragraph(meeting, 2, "The guidebook was drafted.")
    paragraph(meeting, 3, "Nothing else happened.")
    assert sorted(hits(client, "portal OR guidebook")) == sorted(
        [("paragraph", first.pk), ("paragraph", second.pk)]
    )


def test_more_mentions_rank_higher(client):
    meeting = MeetingFactory()
    once = paragraph(meeting, 1, "The guidebook was noted among many other matters of the day.")
    thrice = paragraph(meeting, 2, "The guidebook, the guidebook annex and the guidebook index.")
    assert hits(client, "guidebook") == [("paragraph", thrice.pk), ("paragraph", once.pk)]


def test_snippet_marks_the_words_found(client, records):
    response = client.get("/search/", {"q": "portal", "kind": "action"})
    [hit] = response.context["hits"]
    assert "<mark>portal</mark>" in hit.snippet


def test_snippets_escape_the_record_text(client):
    meeting = MeetingFactory()
    paragraph(meeting, 1, 'The <script>alert("x")</script> guidebook & <b>annex</b>.')
    response = client.get("/search/", {"q": "guidebook"})
    [hit] = response.context["hits"]
    html = response.content.decode()
    assert "<script>" not in html
    assert "<b>" not in html
    assert "<mark>guidebook</mark> &amp;" in hit.snippet


def test_parties_and_descriptions_are_escaped_in_results(client):
    meeting = MeetingFactory()
    resolution(meeting, 1, Resolution.Verb.NOTED, "<i>Japan</i>", "the guidebook")
    response = client.get("/search/", {"q": "guidebook", "kind": "resolution"})
    assertContains(response, "&lt;i&gt;Japan&lt;/i&gt; noted")


# Search marks in the stored text ---------------------------------------------------------
# The marks of a hit (records/text.py) are dropped from text as it is validated; these texts
# are written around validation, as rows saved before that were.

STRAY_MARKS = f"{START_MARK * 3000}the {START_MARK}Japanese{STOP_MARK} guidebook{START_MARK * 3000}"


def test_highlight_marks_each_closed_pair_of_marks_and_drops_stray_ones():
    headline = f"{START_MARK}{START_MARK}a{STOP_MARK} <b>{STOP_MARK} {START_MARK}c"
    assert search.highlight(headline) == "<mark>a</mark> &lt;b&gt; c"


def test_snippet_shows_a_text_full_of_marks_without_them():
    terms = search.parse("guidebook")
    assert search.snippet(STRAY_MARKS, terms) == "the Japanese <mark>guidebook</mark>"


def test_snippet_marks_words_in_any_form_case_or_accents():
    terms = search.parse("da nang city guideb*")
    text = "Held in Đà Nẵng on Smart Cities and the GUIDEBOOK, not capacity"
    assert search.snippet(text, terms) == (
        "Held in <mark>Đà</mark> <mark>Nẵng</mark> on Smart <mark>Cities</mark> and the "
        "<mark>GUIDEBOOK</mark>, not capacity"
    )


def test_search_marks_only_the_words_found_in_a_text_stored_with_marks(client):
    made = resolution(MeetingFactory(), 1, Resolution.Verb.WELCOMED, "Japan", "the guidebook")
    Resolution.objects.filter(pk=made.pk).update(text=STRAY_MARKS)
    Paragraph.objects.filter(pk=made.paragraph_id).update(text=STRAY_MARKS)
    response = client.get("/search/", {"q": "guidebook"})
    snippets = {hit.kind: str(hit.snippet) for hit in response.context["hits"]}
    assert snippets == {
        "paragraph": "the Japanese <mark>guidebook</mark>",
        "resolution": "the Japanese <mark>guidebook</mark>",
    }


# Helpful pages ---------------------------------------------------------------------------


def test_empty_query_shows_how_to_search(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # the cache generation (page cache), nothing else
        response = client.get("/search/")
    assert response.status_code == 200
    assertContains(response, "How to search")


def test_no_result_explains_what_to_try(client, records):
    response = client.get("/search/", {"q": "zeppelin"})
    assertContains(response, "Nothing in the published records matches")


def test_stop_words_alone_say_there_are_no_words(client, records):
    response = client.get("/search/", {"q": "the of and"})
    assert response.status_code == 200
    assert "hits" not in response.context
    assertContains(response, "There are no words to search for")


def test_punctuation_only_query_says_there_are_no_words(client, records):
    response = client.get("/search/", {"q": "*** ???"})
    assert response.status_code == 200
    assertContains(response, "There are no words to search for")


def test_overlong_query_gets_the_page_with_the_reason(client, records):
    response = client.get("/search/", {"q": "guidebook " * 1000})
    assert response.status_code == 200
    assertContains(response, "at most 200 characters")


def test_page_beyond_the_results_is_404_with_a_message(client, records):
    response = client.get("/search/", {"q": "guidebook", "page": "9"})
    assert response.status_code == 404
    assertContains(response, "There is no page 9", status_code=404)


@pytest.mark.parametrize("count", [2, 9])
def test_search_query_count_is_constant(client, django_assert_num_queries, count):
    meeting = MeetingFactory()
    for number in range(1, count + 1):
        resolution(
            meeting, number, Resolution.Verb.AGREED, "The Meeting", f"the guidebook {number}"
        )
    # the cache generation (page cache), count, the page of keys, then the paragraphs and
    # resolutions of that page
    with django_assert_num_queries(5):
        response = client.get("/search/", {"q": "guidebook"})
    assert len(response.context["hits"]) == 2 * count
