"""What only PostgreSQL does: the trigger-maintained search vectors and their GIN indexes,
stemming, ts_rank and ts_headline. Deselected on other databases (see conftest.py)."""

import pytest
from django.db import connection

from records import search
from records.filters import ResolutionFilter
from records.models import LanguageVersion, Paragraph, Resolution, VersionParagraph
from tests.audit_data import action, paragraph, resolution
from tests.factories import MeetingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]


def explain(queryset) -> str:
    """The plan of ``queryset`` when reading whole tables or whole indexes is made
    unattractive, as it is on big tables (on a test's few rows it is the cheapest plan)."""
    with connection.cursor() as cursor:
        for method in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{method} = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_trigger_fills_the_search_vector_on_insert():
    made = paragraph(MeetingFactory(), 1, "The guidebooks were welcomed.")
    made.refresh_from_db()
    assert "'guidebook'" in made.search_vector


def test_trigger_refreshes_the_search_vector_on_update():
    made = paragraph(MeetingFactory(), 1, "The guidebook was welcomed.")
    Paragraph.objects.filter(pk=made.pk).update(text="The portal was launched.")
    made.refresh_from_db()
    assert "'portal'" in made.search_vector
    assert "guidebook" not in made.search_vector


def test_saving_a_row_without_changing_its_text_keeps_its_vector():
    # Django's save() writes the column (NULL) with every other field.
    made = paragraph(MeetingFactory(), 1, "The guidebook was welcomed.")
    made.number = 2
    made.save()
    made.refresh_from_db()
    assert "'guidebook'" in made.search_vector


def test_clearing_the_vector_refills_it_as_the_migration_does_for_existing_rows():
    made = paragraph(MeetingFactory(), 1, "The guidebook was welcomed.")
    Paragraph.objects.filter(pk=made.pk).update(search_vector=None)
    made.refresh_from_db()
    assert "'guidebook'" in made.search_vector


def test_action_vector_holds_description_owners_and_deadline_as_written():
    meeting = MeetingFactory()
    made = action(meeting, "Draft the charter.", owners="JASCA members", due=None)
    made.due_text = "before the monsoon"
    made.save()
    made.refresh_from_db()
    assert {"'charter'", "'jasca'", "'monsoon'"} <= {
        word.split(":")[0] for word in made.search_vector.split()
    }


def test_resolution_vector_holds_its_parties_and_clause():
    made = resolution(MeetingFactory(), 1, Resolution.Verb.AGREED, "Thailand", "to host it")
    made.refresh_from_db()
    assert "'thailand'" in made.search_vector
    assert "'host'" in made.search_vector


def test_search_uses_the_gin_index():
    terms = search.parse("guidebook")
    plan = explain(search.matching(Paragraph.objects.all(), terms, fields=["text"]))
    assert "paragraph_search_vector_idx" in plan


def test_version_paragraph_search_uses_its_gin_index():
    terms = search.parse("guidebook")
    plan = explain(search.matching(VersionParagraph.objects.all(), terms, fields=["text"]))
    assert "versionparagraph_search_vector_idx" in plan


def test_thai_text_is_indexed_word_by_word_until_a_raw_update_changes_it():
    meeting = MeetingFactory(language="th")
    made = paragraph(meeting, 1, "การพัฒนาเมืองอัจฉริยะ")
    made.refresh_from_db()
    assert made.search_text.split() == ["การพัฒนา", "เมือง", "อัจฉริยะ"]
    assert "'เมือง'" in made.search_vector
    Paragraph.objects.filter(pk=made.pk).update(text="การประชุมครั้งที่สาม")
    made.refresh_from_db()
    assert made.search_text == ""
    assert made.search_vector == "'การประชุมครั้งที่สาม':1"


def test_a_version_is_stemmed_in_its_own_language():
    version = LanguageVersion.objects.create(
        meeting=MeetingFactory(language="en"), language="id", title="Versi", status="draft"
    )
    made = VersionParagraph.objects.create(language_version=version, number=1, text="bekerja")
    made.refresh_from_db()
    assert made.search_vector == "'kerja':1"
    version.language = "vi"
    version.save()
    made.refresh_from_db()
    assert made.search_vector == "'bekerja':1"


def test_resolution_text_filter_uses_the_gin_index():
    filterset = ResolutionFilter({"text": "guidebook"}, queryset=Resolution.objects.all())
    assert filterset.is_valid()
    assert "resolution_search_vector_idx" in explain(filterset.qs)


def test_agenda_item_filter_uses_the_trigram_index():
    filterset = ResolutionFilter({"agenda_item": "transport"}, queryset=Resolution.objects.all())
    assert filterset.is_valid()
    assert "agendaitem_title_trgm_idx" in explain(filterset.qs)


def test_search_finds_other_forms_of_a_word(client):
    made = paragraph(MeetingFactory(), 1, "Smart cities were discussed.")
    response = client.get("/search/", {"q": "city"})
    assert [hit.obj.pk for hit in response.context["hits"]] == [made.pk]


def test_headline_marks_every_form_of_the_word_found(client):
    paragraph(MeetingFactory(), 1, "The city and its cities were discussed.")
    response = client.get("/search/", {"q": "city"})
    [hit] = response.context["hits"]
    assert hit.snippet == "The <mark>city</mark> and its <mark>cities</mark> were discussed"


def test_headline_quotes_a_passage_of_a_long_paragraph(client):
    filler = " ".join(f"word{n}" for n in range(200))
    paragraph(MeetingFactory(), 1, f"{filler} the guidebook was welcomed {filler}")
    response = client.get("/search/", {"q": "guidebook"})
    [hit] = response.context["hits"]
    assert "<mark>guidebook</mark>" in hit.snippet
    assert len(hit.snippet) < 600


def test_rank_puts_words_found_together_first(client):
    meeting = MeetingFactory()
    loose = paragraph(meeting, 1, "Business was discussed; later, matching of needs was noted.")
    close = paragraph(meeting, 2, "The business matching session continued.")
    response = client.get("/search/", {"q": "business matching"})
    assert [hit.obj.pk for hit in response.context["hits"]] == [close.pk, loose.pk]


def test_rank_puts_a_short_decision_above_a_long_paragraph_mentioning_it_once(client):
    meeting = MeetingFactory()
    filler = " ".join(f"topic{n}" for n in range(120))
    long = paragraph(meeting, 1, f"The guidebook was mentioned. {filler}")
    short = resolution(meeting, 2, Resolution.Verb.WELCOMED, "ASEAN", "the guidebook")
    response = client.get("/search/", {"q": "guidebook"})
    found = [(hit.kind, hit.obj.pk) for hit in response.context["hits"]]
    assert found.index(("resolution", short.pk)) < found.index(("paragraph", long.pk))


def test_prefix_matches_stems(client):
    made = paragraph(MeetingFactory(), 1, "Co-operation on urbanisation continued.")
    response = client.get("/search/", {"q": "urbanis*"})
    assert [hit.obj.pk for hit in response.context["hits"]] == [made.pk]


def test_hyphenated_query_finds_the_hyphenated_word(client):
    made = paragraph(MeetingFactory(), 1, "Co-operation on urbanisation continued.")
    response = client.get("/search/", {"q": "co-operation"})
    assert [hit.obj.pk for hit in response.context["hits"]] == [made.pk]


def test_seed_record_is_searchable(client, seed):
    response = client.get("/search/", {"q": '"planning guidebook"'})
    kinds = {(hit.kind, hit.paragraph.number) for hit in response.context["hits"]}
    assert ("paragraph", 2) in kinds
    assert ("resolution", 2) in kinds
    assert ("action", 2) in kinds


def test_migration_filled_vectors_exist_for_every_row(seed):
    assert not Paragraph.objects.filter(search_vector__isnull=True).exists()
    assert not Resolution.objects.filter(search_vector__isnull=True).exists()
