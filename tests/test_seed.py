import re
from pathlib import Path

import pytest
from django.core.management import call_command

from records.models import Meeting, Paragraph
from records.seed import SOURCE, THIRD_HLM_SLUG, paragraphs_from_extracted_text

pytestmark = pytest.mark.django_db

# The PDF extraction artefacts of the seed text: (as extracted, as the printed record reads).
MENDS = [
    ("eachASEANMember", "each ASEAN Member"),
    ("points,“", "points, “"),
    ("”,“", "”, “"),
    ("transparent”for", "transparent” for"),
]

SHARED_SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_4e93c7b00ce8b12d.txt"


def words(text):
    """The words of a text, ignoring line breaks and the mended extraction artefacts."""
    for extracted, printed in MENDS:
        text = text.replace(extracted, printed)
    text = re.sub(r"-\s*\n\s*", "-", text)
    return text.split()


def test_shipped_text_is_the_extracted_pdf_text_unaltered():
    if SHARED_SEED.exists():
        assert SOURCE.read_bytes() == SHARED_SEED.read_bytes()
    assert "eachASEANMember" in SOURCE.read_text(encoding="utf-8")


def test_loaded_paragraphs_keep_every_word_of_the_record(seed):
    source = SOURCE.read_text(encoding="utf-8")
    body = source[source.index("1. ") :]
    loaded = " ".join(f"{p.number}. {p.text}" for p in seed.paragraphs.order_by("number"))
    assert loaded.split() == words(body)


def test_extraction_artefacts_are_mended():
    paragraphs = paragraphs_from_extracted_text(SOURCE.read_text(encoding="utf-8"))
    assert "held online and in-person at Aichi Prefecture" in paragraphs[1]
    assert "in each ASEAN Member State, and introduced" in paragraphs[4]
    assert "eachASEANMember" not in paragraphs[4]
    assert "points, “forming" in paragraphs[4]


def test_seed_command_loads_once_and_leaves_corrections_alone():
    call_command("load_seed_records")
    paragraph = Paragraph.objects.get(meeting__slug=THIRD_HLM_SLUG, number=1)
    paragraph.text = "Corrected by staff."
    paragraph.save()
    call_command("load_seed_records")
    assert Meeting.objects.filter(slug=THIRD_HLM_SLUG).count() == 1
    paragraph.refresh_from_db()
    assert paragraph.text == "Corrected by staff."
    assert Paragraph.objects.filter(meeting__slug=THIRD_HLM_SLUG).count() == 6
