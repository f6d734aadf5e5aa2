"""Records of other shapes: ASEAN ministerial and dialogue meetings, joint statements, United
Nations summary records and G20 statements, each read as a reader annotated it by hand.

The texts and their annotations are in ``tests/records/shapes/`` (``bench/recognition.py``
scores them in ``bench/RECOGNITION.md``); here each must be read completely, and the
done-when record (six paragraphs, seven decisions, three actions) must come through the
admin's import from a .txt, a .docx and a .pdf file alike.
"""

import datetime
import io
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from bench.recognition import SHAPES as SHAPES_DIR
from bench.recognition import annotations, compare, shape_text
from records.importing import parse_record
from records.models import Country, FollowUpAction, Meeting, MeetingSeries, Resolution
from records.seed import SOURCE
from records.services import record_import
from tests.helpers import (
    docx_bytes,
    field_name,
    import_form_data,
    rendered_pdf_bytes,
)

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:records_meeting_import")
SHAPES = annotations()


def parse(name):
    return parse_record(shape_text(name))


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_every_annotated_part_of_each_shape_is_recognised_and_nothing_else(name):
    scores = compare(SHAPES[name], parse(name))
    unread = {category: (s.missing, s.extra) for category, s in scores.items() if not s.complete}
    assert unread == {}


# --- The done-when record, from each kind of file ------------------------------------------

SIX = shape_text("six_paragraphs")
SIX_PARAGRAPHS = [block.strip() for block in SIX.split("\n\n") if block.strip()]


def upload(kind):
    if kind == "txt":
        return SimpleUploadedFile("record.txt", SIX.encode("utf-8"))
    if kind == "docx":
        return SimpleUploadedFile("record.docx", docx_bytes(SIX_PARAGRAPHS))
    return SimpleUploadedFile("record.pdf", rendered_pdf_bytes(SIX_PARAGRAPHS))


@pytest.mark.parametrize("kind", ["txt", "docx", "pdf"])
def test_six_paragraph_record_is_imported_whole_from_each_kind_of_file(clerk, seed, kind):
    preview = clerk.post(IMPORT_URL, {"file": upload(kind)})
    assert clerk.post(IMPORT_URL, import_form_data(preview)).status_code == 302
    meeting = Meeting.objects.get(series__name="ASEAN-Korea Transport Cooperation Forum")
    assert (meeting.sequence_number, meeting.start_date, meeting.end_date, meeting.format) == (
        7,
        datetime.date(2024, 5, 9),
        datetime.date(2024, 5, 10),
        "in_person",
    )
    assert (meeting.venue, meeting.country.name) == ("Đà Nẵng", "Viet Nam")
    assert list(meeting.participants.values_list("role", "person__name", "government__code")) == [
        ("co_chair", "Nguyễn Xuân Sang", "VN"),
        ("co_chair", "Kim Sang-hoon", "KR"),
    ]
    assert [p.text for p in meeting.paragraphs.order_by("number")] == [
        text.split(". ", 1)[1] for text in SIX_PARAGRAPHS[1:]
    ]
    resolutions = Resolution.objects.filter(paragraph__meeting=meeting).order_by(
        "paragraph__number", "order"
    )
    assert [(r.paragraph.number, r.verb, r.parties) for r in resolutions] == [
        (2, "welcomed", "The Forum"),
        (3, "endorsed", "The Forum"),
        (3, "requested", "The Forum"),
        (4, "agreed", "The Forum"),
        (4, "tasked", "The Forum"),
        (5, "expressed appreciation", "The Forum"),
        (6, "decided", "The Forum"),
    ]
    actions = FollowUpAction.objects.filter(meeting=meeting).order_by("paragraph__number")
    assert [
        (a.paragraph.number, a.description, a.owners, a.due_date, a.due_precision)
        + (a.resolution.verb,)
        for a in actions
    ] == [
        (
            3,
            "Circulate the Action Plan to all ASEAN Member States.",
            "the ASEAN Secretariat",
            datetime.date(2024, 6, 30),
            "day",
            "requested",
        ),
        (
            4,
            "Submit its terms of reference.",
            "the ASEAN Land Transport Working Group",
            datetime.date(2024, 9, 30),
            "quarter",
            "tasked",
        ),
        (
            6,
            "Hold the Eighth ASEAN-Korea Transport Cooperation Forum in the Republic of Korea.",
            "",
            None,
            "next_meeting",
            "decided",
        ),
    ]


# --- Series, countries and people ----------------------------------------------------------


FIRST_MEKONG_HEALTH = """Summary Record of the Inaugural Meeting of the Mekong Health Ministers

1. The Inaugural Meeting of the Mekong Health Ministers was held in Vientiane, Lao PDR on
3 October 2022. The Meeting was chaired by Minister Bounfeng Phommalaysith of Lao PDR.

2. The Ministers agreed to meet every year.
"""


def test_a_series_titled_meeting_of_the_is_matched_on_the_next_import(seed):
    record_import(parsed=parse_record(FIRST_MEKONG_HEALTH))
    assert MeetingSeries.objects.filter(name="Mekong Health Ministers").count() == 1
    record_import(parsed=parse("five_co_chairs"))
    series = MeetingSeries.objects.get(name="Mekong Health Ministers")
    assert list(series.meetings.order_by("sequence_number").values_list("sequence_number")) == [
        (1,),
        (2,),
    ]


def test_a_series_named_with_its_meeting_noun_is_the_same_series(clerk, seed):
    MeetingSeries.objects.create(
        name="ASEAN-Australia Digital Trade Dialogue Meeting", short_name="AADTD", slug="aadtd"
    )
    preview = clerk.post(IMPORT_URL, {"text": shape_text("inaugural_dialogue")})
    data = import_form_data(preview)
    assert data["meeting-series"] == str(MeetingSeries.objects.get(slug="aadtd").pk)
    assert data["meeting-sequence_number"] == "1"


def test_states_outside_the_countries_table_are_offered_and_added_with_their_code(clerk, seed):
    preview = clerk.post(IMPORT_URL, {"text": shape_text("co_chairs_without_honorifics")})
    assertContains(
        preview,
        '<option value="new:United States" selected>'
        "United States (new: add to the countries table)</option>",
        html=True,
    )
    assertContains(preview, "“United States” is not in the countries table: it is added (code US)")
    assert not Country.objects.filter(code="US").exists()
    assert clerk.post(IMPORT_URL, import_form_data(preview)).status_code == 302
    meeting = Meeting.objects.get(series__name="Mekong-U.S. Partnership Ministerial Meeting")
    assert list(
        meeting.participants.values_list(
            "person__honorific", "person__name", "position", "government__name"
        )
    ) == [
        ("", "Antony J. Blinken", "Secretary of State", "United States"),
        ("", "Saleumxay Kommasith", "Minister of Foreign Affairs", "Lao PDR"),
    ]
    assert Country.objects.get(code="US").name == "United States"


def test_a_state_left_out_in_the_preview_is_not_added(clerk, seed):
    preview = clerk.post(IMPORT_URL, {"text": shape_text("co_chairs_without_honorifics")})
    data = import_form_data(preview)
    data[field_name(data, "participants", "government", "name", "Antony J. Blinken")] = ""
    assert clerk.post(IMPORT_URL, data).status_code == 302
    assert not Country.objects.filter(code="US").exists()


def test_a_name_in_two_scripts_is_kept_whole(seed):
    meeting = record_import(parsed=parse("un_commission_two_scripts"))
    chair = meeting.participants.get(role="chair")
    assert (chair.person.honorific, chair.person.name, chair.government.name) == (
        "Mr.",
        "Somchai Jaidee (สมชาย ใจดี)",
        "Thailand",
    )


# --- Text as it comes ----------------------------------------------------------------------


def test_invisible_characters_are_removed_and_reported():
    record = parse("meeting_of_the_ministers")
    assert "\u200b" not in "".join(p.text for p in record.paragraphs)
    assert record.paragraphs[3].resolutions[1].text.endswith("hosting the APTERR Secretariat")
    removed = "3 invisible characters (zero-width space ×3) were removed from the text"
    assert removed in record.notes[-1]


def test_a_joiner_inside_another_script_is_kept():
    text = shape_text("un_commission_two_scripts").replace("สมชาย", "สม\u200dชาย")
    record = parse_record(text)
    assert record.participants[0].name == "Somchai Jaidee (สม\u200dชาย ใจดี)"
    assert not any("invisible" in note for note in record.notes)


def test_decomposed_accents_read_as_the_composed_text():
    decomposed = unicodedata.normalize("NFD", shape_text("inaugural_dialogue"))
    assert decomposed != shape_text("inaugural_dialogue")
    record = parse_record(decomposed)
    assert (record.venue, record.participants[0].name) == ("Đà Nẵng", "Nguyễn Thị Thu Hằng")


@pytest.mark.parametrize(
    ("held", "expected"),
    [
        ("was held in person in Singapore", "in_person"),
        ("was held face-to-face in Singapore", "in_person"),
        ("was held in person and virtually in Singapore", "hybrid"),
        ("was held virtually from Singapore", "online"),
    ],
)
def test_the_format_as_the_opening_states_it(held, expected):
    text = shape_text("joint_media_statement").replace("were held in person in Singapore", held)
    record = parse_record(text)
    assert record.format == expected
    assert not any("does not say whether the meeting was online" in n for n in record.notes)


# --- Verbs ---------------------------------------------------------------------------------


def test_verbs_outside_the_list_are_kept_as_other_with_their_word(seed):
    meeting = record_import(parsed=parse("meeting_of_the_ministers"))
    resolutions = Resolution.objects.filter(paragraph__meeting=meeting, paragraph__number=2)
    assert list(resolutions.order_by("order").values_list("verb", "verb_word")) == [
        ("other", "approved"),
        ("other", "called upon"),
    ]
    action = meeting.follow_up_actions.get(paragraph__number=2)
    assert (action.owners, action.description) == (
        "the APTERR Secretariat",
        "Finalise its rice reserve assessment.",
    )


def test_a_participle_or_reported_speech_is_no_decision():
    text = shape_text("joint_media_statement").replace(
        "The Ministers adopted the Singapore Declaration on Digital Trust and endorsed",
        "The Ministers heard the projects supported by Japan. Mr. TANAKA (Japan) said that "
        "his delegation approved the Singapore Declaration and supported",
    )
    verbs = [(r.verb, r.verb_word) for r in parse_record(text).paragraphs[1].resolutions]
    assert verbs == []


def test_other_in_the_preview_needs_its_word(clerk, seed):
    preview = clerk.post(IMPORT_URL, {"text": shape_text("six_paragraphs")})
    data = import_form_data(preview)
    data[field_name(data, "resolutions", "verb", "verb", "welcomed")] = "other"
    response = clerk.post(IMPORT_URL, data)
    assertContains(response, "Give the verb as the paragraph writes it.")
    data[field_name(data, "resolutions", "verb_word", "verb", "other")] = "welcomed"
    assert clerk.post(IMPORT_URL, data).status_code == 302
    assert Resolution.objects.get(verb="other").verb_word == "welcomed"


# --- Actions -------------------------------------------------------------------------------


def test_a_dated_event_is_an_action_and_the_meeting_own_days_are_not():
    record = parse("inaugural_dialogue")
    events = [(p.number, a.due_text) for p in record.paragraphs for a in p.actions]
    assert (4, "on 27 October 2024") in events
    assert not record.paragraphs[0].actions


def test_an_action_of_the_meeting_has_no_owner_but_a_named_one_does():
    record = parse("inaugural_dialogue")
    assert [(a.owners, a.description) for a in record.paragraphs[2].actions] == [
        ("the ASEAN Secretariat", "Circulate a list of focal points.")
    ]
    assert [(a.owners, a.description) for a in record.paragraphs[4].actions] == [
        ("", "Hold its second meeting in Australia.")
    ]


# --- The wizard keeps what was typed --------------------------------------------------------


def test_a_refused_text_comes_back_in_the_form(clerk):
    typed = "Minutes of our lunch\n\nWe ate noodles and agreed to meet again by 30 June 2030."
    response = clerk.post(IMPORT_URL, {"text": typed})
    assertContains(response, "no title naming")
    assert import_form_data(response, "record-import-form")["text"] == typed


def test_the_preview_gives_the_text_back_to_edit(clerk):
    typed = shape_text("g20_joint_statement")
    preview = clerk.post(IMPORT_URL, {"text": typed})
    data = import_form_data(preview)
    data["edit"] = "Edit the text and recognise it again"
    response = clerk.post(IMPORT_URL, data)
    assert import_form_data(response, "record-import-form")["text"] == typed
    assert Meeting.objects.count() == 0


def test_a_record_already_in_the_system_links_to_its_admin_page(clerk, seed):
    preview = clerk.post(IMPORT_URL, {"text": SOURCE.read_text(encoding="utf-8")})
    change = reverse("admin:records_meeting_change", args=[seed.pk])
    assertContains(preview, f'<a href="{change}">{seed}</a>', html=True)
    assertNotContains(preview, reverse("records:meeting_detail", kwargs={"slug": seed.slug}))


def test_the_text_given_back_to_edit_is_escaped(clerk):
    hostile = shape_text("six_paragraphs").replace(
        "warm hospitality", 'warm </textarea><script>alert("x")</script> hospitality'
    )
    preview = clerk.post(IMPORT_URL, {"text": hostile})
    data = import_form_data(preview)
    data["edit"] = "Edit the text and recognise it again"
    response = clerk.post(IMPORT_URL, data)
    assertNotContains(response, '<script>alert("x")</script>')
    assertContains(response, "&lt;/textarea&gt;&lt;script&gt;alert(&quot;x&quot;)")
    assert import_form_data(response, "record-import-form")["text"] == hostile


def test_a_decision_said_twice_in_a_paragraph_is_recognised_once():
    text = shape_text("six_paragraphs").replace(
        "The Forum welcomed the launch of the ASEAN-Korea Smart Mobility Partnership.",
        "The Forum welcomed the launch of the ASEAN-Korea Smart Mobility Partnership. "
        "ASEAN Member States also welcomed the launch of the ASEAN-Korea Smart Mobility "
        "Partnership.",
    )
    resolutions = parse_record(text).paragraphs[1].resolutions
    assert [(r.verb, r.parties) for r in resolutions] == [("welcomed", "The Forum")]


def test_the_command_prints_a_verb_outside_the_list_as_written(seed):
    out = io.StringIO()
    path = SHAPES_DIR / "meeting_of_the_ministers.txt"
    call_command("import_record", str(path), "--dry-run", stdout=out)
    assert "  The Ministers called upon the APTERR Secretariat to finalise" in out.getvalue()
    assert Meeting.objects.count() == 2
