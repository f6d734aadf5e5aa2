"""The admin's "Import a summary record": paste or upload, preview, correct, confirm."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from records.models import FollowUpAction, Meeting, Paragraph, Resolution
from records.seed import SOURCE
from tests.helpers import (
    docx_bytes,
    field_name,
    pdf_bytes,
    scanned_pdf_bytes,
)
from tests.helpers import (
    import_form_data as form_data,
)

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:records_meeting_import")
SEED_TEXT = SOURCE.read_text(encoding="utf-8")
RECORDS = Path(__file__).with_name("records")


# --- Getting there -------------------------------------------------------------------------


def test_meeting_changelist_links_to_the_import(admin_client):
    response = admin_client.get(reverse("admin:records_meeting_changelist"))
    assertContains(
        response,
        f'<a href="{IMPORT_URL}" class="addlink">Import a summary record</a>',
        html=True,
    )


def test_staff_who_may_not_add_meetings_see_no_link_and_get_403(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_meeting"))
    client.force_login(user)
    assertNotContains(client.get(reverse("admin:records_meeting_changelist")), IMPORT_URL)
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"text": SEED_TEXT}).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_import_page_offers_paste_and_upload(clerk):
    response = clerk.get(IMPORT_URL)
    assertContains(response, '<textarea name="text"', count=1)
    assertContains(response, 'accept=".txt,.docx,.pdf"')


# --- Preview -------------------------------------------------------------------------------


def test_preview_highlights_what_each_part_became_and_saves_nothing(clerk):
    response = clerk.post(IMPORT_URL, {"text": SEED_TEXT})
    assertContains(
        response,
        '<mark class="import-verb" title="R2.1 resolved (ASEAN and Japan)">resolved</mark>',
        html=True,
    )
    assertContains(
        response,
        '<mark class="import-deadline import-resolution" '
        'title="R2.2 welcomed (ASEAN and Japan); A2.1 due end of 2021">'
        "by the end of this year</mark>",
        html=True,
    )
    assertContains(response, '<span class="import-label">A5.2 due February 2022</span>', html=True)
    assertContains(response, "¶4: “eachASEANMember” → “each ASEAN Member”")
    assert Meeting.objects.count() == 0


def test_preview_shows_what_is_left_for_the_officer(clerk):
    response = clerk.post(IMPORT_URL, {"text": (RECORDS / "un_style.txt").read_text()})
    assertContains(response, "“The meeting rose at 1 p.m.”: the time of the meeting has no field")
    assertContains(
        response,
        '<option value="new:Austria" selected>Austria (new: add to the countries table)</option>',
        html=True,
    )


def test_editor_text_is_escaped_in_the_preview(clerk):
    hostile = SEED_TEXT.replace(
        "Japan raised three", 'Japan <script>alert("x")</script> raised three'
    )
    response = clerk.post(IMPORT_URL, {"text": hostile})
    assert response.status_code == 200
    assertNotContains(response, '<script>alert("x")</script>')
    assertContains(response, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")


def long_record(base, copies):
    """``base`` followed by ``copies`` copies of the seed's paragraphs, numbered on."""
    number = len(re.findall(r"^\d+\. ", base, flags=re.MULTILINE))
    body = [base]
    seed_lines = [line for line in SEED_TEXT.splitlines() if line.strip()][2:]
    for _ in range(copies):
        for line in seed_lines:
            if re.match(r"\d+\. ", line):
                number += 1
                line = re.sub(r"^\d+\.", f"{number}.", line)
            body.append(line)
    return "\n".join(body), number


def test_preview_queries_do_not_grow_with_the_record(clerk, seed, django_assert_num_queries):
    small = SEED_TEXT
    large, paragraphs = long_record((RECORDS / "three_co_chairs_annexes.txt").read_text(), 16)
    assert paragraphs == 99
    for text in (small, large):
        with django_assert_num_queries(9):
            assert clerk.post(IMPORT_URL, {"text": text}).status_code == 200


# --- Confirmation --------------------------------------------------------------------------


def test_confirming_the_preview_creates_the_draft_and_opens_it(clerk):
    preview = clerk.post(IMPORT_URL, {"text": SEED_TEXT})
    response = clerk.post(IMPORT_URL, form_data(preview))
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:records_meeting_change", args=[meeting.pk])
    assert (meeting.status, meeting.sequence_number, meeting.start_date.isoformat()) == (
        "draft",
        3,
        "2021-10-18",
    )
    assert meeting.paragraphs.count() == 6
    assert Resolution.objects.filter(paragraph__meeting=meeting).count() == 6
    assert meeting.follow_up_actions.count() == 4


def test_officer_corrections_and_dropped_items_are_what_is_saved(clerk):
    preview = clerk.post(IMPORT_URL, {"text": SEED_TEXT})
    data = form_data(preview)
    data["meeting-sequence_number"] = "7"
    data["meeting-series_short_name"] = "ASEAN-Japan SCN HLM"
    data[field_name(data, "resolutions", "DELETE", "verb", "resolved")] = "on"
    data[field_name(data, "resolutions", "parties", "verb", "recognised")] = "Japan"
    data[field_name(data, "paragraphs", "DELETE", "number", "5")] = "on"
    data[field_name(data, "participants", "position", "name", "ISHIDA Masaru")] = "Vice-Minister"
    assert clerk.post(IMPORT_URL, data).status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.sequence_number, meeting.series.short_name) == (7, "ASEAN-Japan SCN HLM")
    assert list(
        Resolution.objects.filter(paragraph__meeting=meeting).values_list(
            "paragraph__number", "order", "verb"
        )
    ) == [
        (2, 1, "welcomed"),
        (3, 1, "agreed"),
        (4, 1, "recognised"),
        (6, 1, "affirmed"),
        (6, 2, "confirmed"),
    ]
    assert Resolution.objects.get(paragraph__meeting=meeting, verb="recognised").parties == "Japan"
    assert list(meeting.paragraphs.values_list("number", flat=True)) == [1, 2, 3, 4, 6]
    welcomed = FollowUpAction.objects.get(meeting=meeting, paragraph__number=2)
    assert welcomed.resolution.verb == "welcomed"
    assert meeting.participants.get(order=1).position == "Vice-Minister"


def test_a_clause_corrected_away_from_the_text_is_refused(clerk):
    preview = clerk.post(IMPORT_URL, {"text": SEED_TEXT})
    data = form_data(preview)
    data[field_name(data, "resolutions", "text", "verb", "affirmed")] = "to do what was not said"
    response = clerk.post(IMPORT_URL, data)
    assertContains(response, "This clause is not in the text of ¶6: copy it exactly.")
    assert Meeting.objects.count() == 0


def test_a_verb_corrected_to_one_its_paragraph_does_not_use_is_refused(clerk):
    preview = clerk.post(IMPORT_URL, {"text": SEED_TEXT})
    data = form_data(preview)
    data[field_name(data, "resolutions", "verb", "verb", "recognised")] = "noted"
    response = clerk.post(IMPORT_URL, data)
    assertContains(response, "“noted” is not in the text of ¶4")
    assert Meeting.objects.count() == 0


def test_choosing_a_series_whose_number_is_taken_is_refused(clerk, seed):
    preview = clerk.post(IMPORT_URL, {"text": (RECORDS / "un_style.txt").read_text()})
    data = form_data(preview)
    data["meeting-series"] = str(seed.series.pk)
    data["meeting-sequence_number"] = "3"
    response = clerk.post(IMPORT_URL, data)
    assertContains(response, f"This series already has meeting 3: {seed}.")
    assert Meeting.objects.count() == 2


def test_a_new_series_named_like_an_existing_one_is_refused(clerk, seed):
    preview = clerk.post(IMPORT_URL, {"text": (RECORDS / "un_style.txt").read_text()})
    data = form_data(preview)
    data["meeting-series_name"] = "ASEAN-Japan Smart Cities Network High-Level Meeting"
    response = clerk.post(IMPORT_URL, data)
    assertContains(response, "“ASEAN-Japan SCN HLM” already exists: choose it in the list above.")
    assert Meeting.objects.count() == 2


def test_a_government_chosen_in_the_preview_is_saved(clerk, seed):
    preview = clerk.post(IMPORT_URL, {"text": (RECORDS / "un_style.txt").read_text()})
    data = form_data(preview)
    japan = seed.country
    assert data[field_name(data, "participants", "government", "name", "Tanaka")] == str(japan.pk)
    data[field_name(data, "participants", "government", "name", "Bühler")] = str(japan.pk)
    assert clerk.post(IMPORT_URL, data).status_code == 302
    meeting = Meeting.objects.get(sequence_number=5)
    assert list(meeting.participants.values_list("person__name", "government__code")) == [
        ("Bühler", "JP"),
        ("Smith", "GB"),
        ("Tanaka", "JP"),
    ]


def test_a_changed_preview_is_refused_with_400(clerk):
    data = form_data(clerk.post(IMPORT_URL, {"text": SEED_TEXT}))
    data["payload"] = data["payload"][:-3] + "abc"
    response = clerk.post(IMPORT_URL, data)
    assertContains(response, "The preview could not be checked", status_code=400)
    assert Meeting.objects.count() == 0


def test_record_already_in_the_system_is_reported_and_not_created_again(clerk, seed):
    preview = clerk.post(IMPORT_URL, {"text": SEED_TEXT})
    assertContains(preview, "This record is already in the system:")
    assertContains(preview, "6 of 6 paragraphs are those of")
    assertNotContains(preview, 'value="Create the draft meeting"')
    data = form_data(preview)
    data["meeting-sequence_number"] = "9"
    response = clerk.post(IMPORT_URL, data)
    assertContains(response, "The draft was not created")
    assertContains(response, "This record is already in the system: 6 of its 6 paragraphs")
    assert Meeting.objects.count() == 2


def test_a_long_record_goes_through_preview_and_confirmation(clerk):
    text, paragraphs = long_record(SEED_TEXT, 16)
    preview = clerk.post(IMPORT_URL, {"text": text})
    assert clerk.post(IMPORT_URL, form_data(preview)).status_code == 302
    assert paragraphs == 102
    assert Paragraph.objects.count() == 102


# --- Uploads and bad input -----------------------------------------------------------------


def test_word_upload_is_previewed(clerk):
    lines = ["Summary Record of the Fifteenth ASEAN Ministers on Energy Meeting"]
    lines += (RECORDS / "unnumbered_single_chair.txt").read_text().splitlines()[2:]
    upload = SimpleUploadedFile("record.docx", docx_bytes(lines))
    response = clerk.post(IMPORT_URL, {"file": upload})
    assertContains(response, "chair 1: H.E. Dr. Purnomo Yusgiantoro")
    assert Meeting.objects.count() == 0


def test_pdf_upload_is_previewed(clerk):
    lines = [line for line in SEED_TEXT.splitlines() if line.strip()]
    response = clerk.post(IMPORT_URL, {"file": SimpleUploadedFile("record.pdf", pdf_bytes(lines))})
    assertContains(response, "co-chair 2: Mr. Haji Mohammad Nazri Bin Haji Mohammad Yusof")


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({}, "Paste the text of the record or upload its file."),
        ({"text": "   "}, "Paste the text of the record or upload its file."),
        (
            {"text": SEED_TEXT, "file": ("record.txt", SEED_TEXT.encode())},
            "Paste the text or upload a file, not both.",
        ),
        (
            {"file": ("big.txt", b"a" * (20 * 1024 * 1024))},
            "The file is 20.0 MB; files up to 10 MB",
        ),
        ({"file": ("noise.txt", bytes(range(256)) * 20)}, "This is not text"),
        ({"file": ("scan.pdf", scanned_pdf_bytes())}, "it looks like a scan"),
        ({"file": ("empty.docx", b"")}, "The submitted file is empty."),
        (
            {"text": "会议纪要。第三次高级别会议于二〇二一年十月举行。"},
            "Most of the text is in Cjk script",
        ),
        ({"text": "Shopping list:\n\nEggs, milk and bread for the week."}, "no title naming"),
    ],
    ids=[
        "nothing",
        "blank",
        "both",
        "20mb",
        "binary",
        "scanned",
        "empty",
        "chinese",
        "not-a-record",
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(clerk, post, message):
    data = {
        key: SimpleUploadedFile(*value) if isinstance(value, tuple) else value
        for key, value in post.items()
    }
    response = clerk.post(IMPORT_URL, data)
    assertContains(response, message)
    assertContains(response, 'id="record-import-form"')
    assert Meeting.objects.count() == 0
