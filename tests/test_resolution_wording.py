"""A decision says only what its paragraph says: its verb, parties and clause are found in the
paragraph (read alike: Unicode form, quotes, spaces), it is recorded once, and its order is
filled in. The model refuses the rest, so every form, the importer and the API do."""

import unicodedata

import pytest
from django.core.exceptions import ValidationError

from records.importing import parse_record
from records.models import Resolution
from records.seed import load_seed_records
from tests.factories import ParagraphFactory, ResolutionFactory

pytestmark = pytest.mark.django_db

PARAGRAPH = (
    "The ASEAN Secretariat presented its report. In this regard, ASEAN and Japan resolved to "
    "continue enhancing their cooperation and welcomed the “Smart City Planning Guidebook” "
    "planned by the end of this year."
)


def refusal(resolution: Resolution) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        resolution.full_clean()
    return error.value.message_dict


def decision(paragraph=None, **fields) -> Resolution:
    fields = {
        "verb": "resolved",
        "parties": "ASEAN and Japan",
        "text": "to continue enhancing their cooperation",
        **fields,
    }
    return Resolution(paragraph=paragraph or ParagraphFactory(text=PARAGRAPH), **fields)


def test_every_decision_of_the_seed_record_is_faithful_to_its_paragraph():
    load_seed_records()
    resolutions = list(Resolution.objects.select_related("paragraph"))
    assert len(resolutions) == 6
    for resolution in resolutions:
        resolution.full_clean()


def test_a_faithful_decision_is_valid():
    decision().full_clean()


def test_a_verb_its_paragraph_does_not_contain_is_refused_with_the_nearest_words():
    errors = refusal(decision(verb="agreed"))
    assert list(errors) == ["verb"]
    assert "“agreed” is not in the text of ¶" in errors["verb"][0]
    assert "nearest words" in errors["verb"][0]


@pytest.mark.parametrize(
    ("verb", "written"),
    [
        ("agreed", "The Meeting agreed to meet"),
        ("agreed", "The Meeting agrees to meet"),
        ("agreed", "The Meeting Agreed to meet"),
        ("agreed", "Ministers, agreeing to meet, parted"),
        ("recognised", "The Meeting recognized the need to meet"),
        ("undertook", "The Parties undertake to meet"),
        ("noted", "The Meeting noted the need to meet"),
    ],
)
def test_the_verb_is_found_in_any_inflection_the_record_uses(verb, written):
    paragraph = ParagraphFactory(text=f"{written} again.")
    parties = written.split(" ")[0]
    Resolution(paragraph=paragraph, verb=verb, parties=parties, text="again").full_clean()


def test_noted_is_not_found_in_not():
    paragraph = ParagraphFactory(text="The Meeting did not meet again.")
    errors = refusal(
        Resolution(paragraph=paragraph, verb="noted", parties="The Meeting", text="meet again")
    )
    assert "verb" in errors


def test_expressed_appreciation_is_found_as_the_record_writes_the_phrase():
    paragraph = ParagraphFactory(
        text="The Meeting expressed its sincere appreciation to Japan for hosting."
    )
    Resolution(
        paragraph=paragraph,
        verb="expressed appreciation",
        parties="The Meeting",
        text="to Japan for hosting",
    ).full_clean()
    other = ParagraphFactory(text="The Meeting expressed concern at the appreciation of costs.")
    errors = refusal(
        Resolution(
            paragraph=other, verb="expressed appreciation", parties="The Meeting", text="concern"
        )
    )
    assert "verb" in errors


def test_other_verb_must_give_its_word_and_the_word_must_be_in_the_paragraph():
    paragraph = ParagraphFactory(text="The Meeting called upon the Parties to meet again.")
    faithful = Resolution(
        paragraph=paragraph,
        verb="other",
        verb_word="called upon",
        parties="The Meeting",
        text="the Parties to meet again",
    )
    faithful.full_clean()
    assert faithful.verb_as_written == "called upon"
    without_word = Resolution(
        paragraph=paragraph, verb="other", parties="The Meeting", text="the Parties to meet again"
    )
    assert "verb_word" in refusal(without_word)
    wrong_word = Resolution(
        paragraph=paragraph,
        verb="other",
        verb_word="urged",
        parties="The Meeting",
        text="the Parties to meet again",
    )
    assert "“urged” is not in the text of ¶" in refusal(wrong_word)["verb_word"][0]


def test_a_listed_verb_keeps_no_word_of_its_own():
    errors = refusal(decision(verb_word="resolved"))
    assert "verb_word" in errors


def test_parties_its_paragraph_does_not_name_are_refused_with_the_nearest_words():
    errors = refusal(decision(parties="ASEAN and China"))
    assert list(errors) == ["parties"]
    assert "“ASEAN and China” is not in the text of ¶" in errors["parties"][0]
    assert "“ASEAN and Japan”" in errors["parties"][0]


def test_parties_are_kept_as_the_paragraph_writes_them():
    resolution = decision(parties="asean and japan")
    resolution.full_clean()
    assert resolution.parties == "ASEAN and Japan"


def test_a_clause_typed_with_straight_quotes_decomposed_letters_and_odd_spaces_is_found():
    paragraph = ParagraphFactory(
        text="Viet Nam welcomed the “Hội nghị” report of Đà Nẵng\u00a0city on smart cities."
    )
    typed = unicodedata.normalize("NFD", 'the "Hội nghị"  report of Đà Nẵng city')
    resolution = Resolution(paragraph=paragraph, verb="welcomed", parties="Viet Nam", text=typed)
    resolution.full_clean()
    # Kept as the paragraph writes it: its quotes, its letters, its spaces.
    assert resolution.text == "the “Hội nghị” report of Đà Nẵng\u00a0city"


def test_a_clause_not_in_the_paragraph_is_refused_saying_where_they_part_ways():
    errors = refusal(decision(text="to continue enhancing their trade"))
    message = errors["text"][0]
    assert "This clause is not in the text of ¶" in message
    assert "After “…to continue enhancing their ”" in message
    assert "the paragraph reads “cooperation and welcomed" in message
    assert "the clause “trade…”" in message


def test_the_same_decision_twice_in_a_paragraph_is_refused():
    paragraph = ParagraphFactory(text=PARAGRAPH)
    first = decision(paragraph)
    first.full_clean()
    first.save()
    errors = refusal(decision(paragraph, text="to continue  enhancing their cooperation"))
    assert "already has this decision" in errors["text"][0]
    # Changing the saved one is no duplicate of itself.
    first.full_clean()


def test_order_is_filled_in_after_the_paragraphs_other_decisions():
    paragraph = ParagraphFactory(text=PARAGRAPH)
    first = decision(paragraph)
    first.full_clean()
    first.save()
    second = decision(paragraph, verb="welcomed", text="the “Smart City Planning Guidebook”")
    second.full_clean()
    second.save()
    assert (first.order, second.order) == (1, 2)
    saved_without_clean = ResolutionFactory(paragraph=paragraph, order=None, verb="welcomed")
    assert saved_without_clean.order == 3


def test_the_importer_reads_no_verb_other_in_the_word_other():
    record = parse_record(
        "Summary Record of the First ASEAN Smart Cities Meeting\n\n"
        "1. The First ASEAN Smart Cities Meeting was held in Jakarta on 9 February 2007.\n\n"
        "2. The Meeting noted the report and other documents of the Network.\n"
    )
    verbs = [r.verb for p in record.paragraphs for r in p.resolutions]
    assert verbs == ["noted"]
