"""Language versions of a record, staff side (issue 17): reading a version's text, adding it,
its moves through the workflow, the record's public history, its place in the canonical
serialisation, and a correction of the record that would leave versions numbering other
paragraphs."""

import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from records import roles, versions
from records.importing import UnreadableDocument
from records.importing.language_versions import read_version, read_version_file
from records.languages import (
    language_version_add,
    language_version_publish,
    language_version_send_back,
    language_version_submit_for_review,
    language_version_withdraw,
)
from records.models import AuditEntry, LanguageVersion, Meeting, Paragraph, PublishedVersion
from records.seed import JAPANESE_SOURCE
from records.services import meeting_correct, meeting_publish, meeting_submit_for_review
from tests.factories import (
    LanguageVersionFactory,
    MeetingFactory,
    ParagraphFactory,
    VersionParagraphFactory,
)
from tests.helpers import change_form_data, docx_bytes, field_name, pdf_bytes

pytestmark = pytest.mark.django_db

Status = Meeting.Status

JAPANESE = [(1, "会合は開催された。"), (2, "会合は報告に留意した。"), (3, "次回会合を確認した。")]


@pytest.fixture
def editor(user_in_role):
    return user_in_role(roles.EDITOR)


@pytest.fixture
def publisher(user_in_role):
    return user_in_role(roles.PUBLISHER)


def record(status=Status.PUBLISHED, paragraphs=3):
    meeting = MeetingFactory(
        status=status,
        published_at=None if status == Status.DRAFT else MeetingFactory().published_at,
    )
    for number in range(1, paragraphs + 1):
        ParagraphFactory(meeting=meeting, number=number, text=f"The Meeting agreed item {number}.")
    return meeting


@pytest.fixture
def published():
    meeting = record()
    versions.record_version(meeting=meeting, when=meeting.published_at)
    return meeting


def add(meeting, user=None, **fields):
    return language_version_add(
        meeting=meeting,
        **{"language": "ja", "title": "会合 議事要旨", "paragraphs": JAPANESE, **fields},
        user=user,
    )


# --- Reading a version's text ------------------------------------------------------------


def test_the_seed_japanese_file_reads_as_its_title_and_six_paragraphs():
    version = read_version(JAPANESE_SOURCE.read_text())
    assert version.title == "第3回日ASEANスマートシティ・ネットワーク ハイレベル会合 議事要旨"
    assert version.numbers == [1, 2, 3, 4, 5, 6]
    assert version.paragraphs[2][1].startswith("日本は、前回会合で提案した支援策")


def test_full_width_numbers_and_lines_broken_inside_japanese_join_without_a_space():
    version = read_version(
        "会合 議事要旨\n１．会合は、\n日本で開催された。\n２．事務局は\n発表した。"
    )
    assert version.paragraphs == [(1, "会合は、日本で開催された。"), (2, "事務局は発表した。")]
    assert version.title == "会合 議事要旨"


def test_thai_numbered_with_brackets_keeps_a_bracketed_number_inside_a_paragraph():
    version = read_version(
        "บันทึกสรุปการประชุม\n1) ที่ประชุมได้หารือ\nเรื่องเมืองอัจฉริยะ\n2) ที่ประชุมตกลง 3) ข้อ\n๓) สาม"
    )
    assert version.paragraphs == [
        (1, "ที่ประชุมได้หารือเรื่องเมืองอัจฉริยะ"),
        (2, "ที่ประชุมตกลง 3) ข้อ"),
        (3, "สาม"),
    ]


def test_vietnamese_decomposed_accents_are_kept_composed_and_headings_left_out():
    decomposed = "Ha\u0300 Nô\u0323i"  # "Hà Nội" as a Mac may type it
    version = read_version(
        f"BIÊN BẢN TÓM TẮT\n1. Hội nghị được tổ chức tại\n{decomposed}.\nKhai mạc\n"
        "2. Các bên đã nhất trí.\n1.5 triệu đồng.\n3.Kết thúc."
    )
    assert version.paragraphs == [
        (1, "Hội nghị được tổ chức tại Hà Nội."),
        (2, "Các bên đã nhất trí. 1.5 triệu đồng."),
        (3, "Kết thúc."),
    ]
    assert "“Khai mạc”" in version.notes[0]


def test_unnumbered_text_is_its_title_then_a_paragraph_per_block():
    version = read_version("Tiêu đề\n\nĐoạn một.\n\nĐoạn hai\ntiếp tục.")
    assert (version.title, version.paragraphs) == (
        "Tiêu đề",
        [(1, "Đoạn một."), (2, "Đoạn hai tiếp tục.")],
    )


def test_a_version_is_read_from_word_and_pdf_files():
    lines = ["会合 議事要旨", "1. 会合は開催された。", "2. 会合は報告に留意した。"]
    assert read_version_file("ja.docx", docx_bytes(lines)).numbers == [1, 2]
    assert read_version_file("ja.txt", "\n".join(lines).encode("utf-16")).numbers == [1, 2]


def test_one_block_of_text_is_one_paragraph_without_a_title():
    version = read_version("会合は開催された。")
    assert (version.title, version.paragraphs) == ("", [(1, "会合は開催された。")])


def test_an_empty_text_is_refused():
    with pytest.raises(UnreadableDocument, match="There is no text"):
        read_version(" \n\n ")


def test_an_unreadable_file_is_refused_as_the_importer_refuses_it():
    with pytest.raises(UnreadableDocument, match=r"not a \.txt, \.docx or \.pdf"):
        read_version_file("ja.exe", b"MZ\x90\x00")
    with pytest.raises(UnreadableDocument, match="binary data"):
        read_version_file("ja.txt", b"\x00\x01\x02" * 100)


def test_a_pdf_version_drops_its_page_numbers():
    data = pdf_bytes(["Title line", "1. First paragraph.", "2. Second paragraph.", "3"])
    assert read_version_file("v.pdf", data).paragraphs == [
        (1, "First paragraph."),
        (2, "Second paragraph."),
    ]


# --- Adding a version -------------------------------------------------------------------


def test_a_version_is_added_as_a_draft_with_its_paragraphs(published, editor):
    version = add(published, editor)
    assert (version.status, version.language, version.title) == (
        Status.DRAFT,
        "ja",
        "会合 議事要旨",
    )
    assert list(version.paragraphs.values_list("number", "text")) == JAPANESE


def test_the_language_code_is_written_in_its_usual_case(published):
    assert add(published, language="ZH_hant").language == "zh-Hant"


def test_a_version_in_the_records_own_language_is_refused(published):
    with pytest.raises(ValidationError) as error:
        add(published, language="en")
    assert error.value.message_dict["language"] == [
        "The record's own text is in English: a version adds another language."
    ]


def test_a_second_version_in_a_language_is_refused(published):
    add(published)
    with pytest.raises(ValidationError) as error:
        add(published)
    assert (
        "This record already has a version in this language: withdraw it (or delete it, a "
        "draft) before adding another."
    ) in error.value.messages
    assert LanguageVersion.objects.count() == 1


def test_an_invalid_language_tag_is_refused(published):
    with pytest.raises(ValidationError) as error:
        add(published, language="japanese")
    assert "is not a language code" in error.value.message_dict["language"][0]


def test_different_paragraph_numbers_are_refused_with_the_clear_message(published):
    with pytest.raises(ValidationError) as error:
        add(published, paragraphs=JAPANESE[:2])
    assert error.value.message_dict["paragraphs"] == [
        "The Japanese version has 2 paragraphs (¶1–2); the record has 3 (¶1–3). Every version "
        "numbers the same paragraphs."
    ]
    assert not LanguageVersion.objects.exists()


def test_a_paragraph_numbered_twice_is_refused(published):
    with pytest.raises(ValidationError) as error:
        add(published, paragraphs=[*JAPANESE, (2, "もう一度")])
    assert error.value.message_dict["paragraphs"] == ["The text numbers ¶2 twice."]


def test_a_second_original_is_refused(published):
    add(published, original=True)
    with pytest.raises(ValidationError) as error:
        add(published, language="th", original=True)
    assert "Another version of this record is its original." in error.value.messages


def test_text_is_kept_nfc(published):
    version = add(published, paragraphs=[(1, "Ha\u0300 No\u0323i"), *JAPANESE[1:]])
    assert version.paragraphs.get(number=1).text == "Hà Nọi"


def test_no_version_is_added_to_a_withdrawn_record():
    meeting = record(Status.WITHDRAWN)
    with pytest.raises(ValidationError, match="withdrawn"):
        add(meeting)


def test_an_auditor_may_not_add_a_version(published, user_in_role):
    with pytest.raises(PermissionDenied):
        add(published, user_in_role(roles.AUDITOR))


# --- The workflow -----------------------------------------------------------------------


def test_a_version_of_a_published_record_is_submitted_and_published_into_its_history(
    published, editor, publisher
):
    version = add(published, editor)
    language_version_submit_for_review(language_version=version, user=editor)
    language_version_publish(language_version=version, user=publisher)
    version.refresh_from_db()
    assert version.status == Status.PUBLISHED and version.published_at is not None
    latest = published.published_versions.order_by("-number").first()
    assert latest.number == 2
    assert latest.note.startswith("Japanese version added on ")
    assert latest.note.endswith(str(version.published_at.year))
    assert versions.read(latest)["versions"][0]["title"] == "会合 議事要旨"
    assert versions.problems(published) == []


def test_the_history_note_shows_on_the_records_public_history(client, published, publisher):
    version = add(published)
    language_version_submit_for_review(language_version=version, user=None)
    language_version_publish(language_version=version, user=publisher)
    response = client.get(f"/meetings/{published.slug}/versions/")
    assert "Japanese version added on" in response.content.decode()


def test_an_editor_may_not_publish_a_version(published, editor):
    version = add(published)
    language_version_submit_for_review(language_version=version, user=editor)
    with pytest.raises(PermissionDenied):
        language_version_publish(language_version=version, user=editor)


def test_a_draft_version_is_not_published(published, publisher):
    version = add(published)
    with pytest.raises(ValidationError, match="only a record that is in review"):
        language_version_publish(language_version=version, user=publisher)


def test_a_version_changed_since_the_page_was_opened_is_not_moved(published, editor):
    version = add(published)
    opened = version.version
    version.title = "新しい題"
    version.save()
    with pytest.raises(ValidationError, match="was changed since you opened this page"):
        language_version_submit_for_review(language_version=version, user=editor, version=opened)


def test_a_mismatched_draft_is_not_submitted(published, editor):
    version = LanguageVersionFactory(meeting=published, draft=True, paragraphs=False)
    VersionParagraphFactory(language_version=version, number=1)
    with pytest.raises(ValidationError, match="has 1 paragraph \\(¶1\\); the record has 3"):
        language_version_submit_for_review(language_version=version, user=editor)


def test_a_version_is_sent_back_to_draft(published, editor):
    version = add(published)
    language_version_submit_for_review(language_version=version, user=editor)
    language_version_send_back(language_version=version, user=editor)
    version.refresh_from_db()
    assert version.status == Status.DRAFT


def test_a_version_of_a_record_in_review_is_published_with_the_record(publisher):
    meeting = record(Status.DRAFT)
    version = add(meeting)
    draft = add(meeting, language="th")
    language_version_submit_for_review(language_version=version, user=None)
    meeting_submit_for_review(meeting=meeting, user=None)
    with pytest.raises(ValidationError, match="published with it"):
        language_version_publish(language_version=version, user=publisher)
    meeting_publish(meeting=meeting, user=publisher)
    version.refresh_from_db()
    draft.refresh_from_db()
    assert version.status == Status.PUBLISHED and draft.status == Status.DRAFT
    first = meeting.published_versions.get()
    assert first.note == ""  # its first publication, with the version
    assert [v["language"] for v in versions.read(first)["versions"]] == ["ja"]


def test_a_record_whose_version_in_review_is_mismatched_is_not_published(publisher):
    meeting = record(Status.DRAFT)
    version = add(meeting)
    language_version_submit_for_review(language_version=version, user=None)
    meeting_submit_for_review(meeting=meeting, user=None)
    ParagraphFactory(meeting=meeting, number=4)
    with pytest.raises(ValidationError, match="Send the Japanese version back to draft"):
        meeting_publish(meeting=meeting, user=publisher)
    meeting.refresh_from_db()
    assert meeting.status == Status.IN_REVIEW
    assert not PublishedVersion.objects.filter(meeting=meeting).exists()


def test_a_published_version_is_withdrawn_with_its_reason_in_the_history(published, publisher):
    version = LanguageVersionFactory(meeting=published)
    with pytest.raises(ValidationError):
        language_version_withdraw(language_version=version, reason=" ", user=publisher)
    language_version_withdraw(
        language_version=version, reason="The translation was not checked.", user=publisher
    )
    version.refresh_from_db()
    assert version.status == Status.WITHDRAWN
    latest = published.published_versions.order_by("-number").first()
    assert latest.note.startswith("Japanese version withdrawn on ")
    assert latest.note.endswith(": The translation was not checked.")
    assert "versions" not in versions.read(latest)


def test_publishing_a_version_is_in_the_audit_trail_with_its_note(published, publisher):
    version = add(published)
    language_version_submit_for_review(language_version=version, user=None)
    language_version_publish(language_version=version, user=publisher)
    entry = AuditEntry.objects.filter(part="languageversion", kind=AuditEntry.Kind.MOVED).latest(
        "at"
    )
    assert entry.user == publisher
    assert entry.note.startswith("Japanese version added on ")
    assert entry.meeting_id == published.pk


# --- Corrections of the record ----------------------------------------------------------


def test_a_correction_adding_a_paragraph_while_a_version_is_published_is_refused(published):
    LanguageVersionFactory(meeting=published)
    ParagraphFactory(meeting=published, number=4)
    with pytest.raises(ValidationError, match="has a published Japanese version numbering 3"):
        meeting_correct(meeting=published, note="¶4 added.", user=None)


def test_a_correction_in_place_with_a_published_version_is_made(published):
    LanguageVersionFactory(meeting=published)
    Paragraph.objects.filter(meeting=published, number=1).update(text="Mended.")
    meeting_correct(meeting=published, note="¶1 mended.", user=None)
    assert versions.problems(published) == []


def test_a_draft_version_does_not_stop_a_correction_adding_a_paragraph(published):
    LanguageVersionFactory(meeting=published, draft=True)
    ParagraphFactory(meeting=published, number=4)
    meeting_correct(meeting=published, note="¶4 added.", user=None)


# --- The canonical serialisation --------------------------------------------------------


def test_a_record_without_versions_serialises_byte_for_byte_as_before(published):
    content = versions.current_content(published)
    expected = json.dumps(
        {
            "note": "",
            "paragraphs": [
                {"number": n, "text": f"The Meeting agreed item {n}."} for n in (1, 2, 3)
            ],
            "title": published.title,
            "work": json.loads(content)["work"],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    assert content == expected
    LanguageVersionFactory(meeting=published, draft=True)
    assert versions.current_content(published) == expected


def test_published_versions_are_serialised_in_order_of_language(published):
    LanguageVersionFactory(meeting=published, language="th", title="บันทึก", original=True)
    LanguageVersionFactory(meeting=published, language="ja", title="議事要旨")
    data = json.loads(versions.current_content(published))
    assert [v["language"] for v in data["versions"]] == ["ja", "th"]
    assert data["versions"][1] == {
        "authoritative": False,
        "language": "th",
        "original": True,
        "paragraphs": [
            {"number": n, "text": f"会合は第{n}項の事項について協力を強化することで合意した。"}
            for n in (1, 2, 3)
        ],
        "title": "บันทึก",
    }


def test_a_published_versions_text_changed_behind_the_application_is_found(published):
    version = LanguageVersionFactory(meeting=published)
    versions.record_version(meeting=published, note="Japanese version added.")
    version.paragraphs.filter(number=1).update(text="改ざん")
    assert versions.problems(published) == ["the published text differs from version 2"]


# --- import_record --version-of ---------------------------------------------------------


def run(*args):
    out = io.StringIO()
    call_command("import_record", *map(str, args), stdout=out)
    return out.getvalue()


@pytest.fixture
def japanese_file(tmp_path):
    path = tmp_path / "ja.txt"
    path.write_text(
        "会合 議事要旨\n" + "\n".join(f"{n}．{text}" for n, text in JAPANESE), encoding="utf-8"
    )
    return path


def test_the_command_adds_the_version_as_a_draft(published, japanese_file):
    output = run(
        japanese_file, "--version-of", published.slug, "--language", "ja", "--not-authoritative"
    )
    version = LanguageVersion.objects.get()
    assert (version.status, version.title, version.authoritative, version.original) == (
        Status.DRAFT,
        "会合 議事要旨",
        False,
        False,
    )
    assert list(version.paragraphs.values_list("number", "text")) == JAPANESE
    admin_url = reverse("admin:records_languageversion_change", args=[version.pk])
    assert output.splitlines()[-1] == f"Created the draft version: {admin_url}"


def test_the_commands_dry_run_prints_the_version_and_saves_nothing(published, japanese_file):
    output = run(
        japanese_file, "--version-of", published.slug, "--language", "ja", "--original", "--dry-run"
    )
    assert not LanguageVersion.objects.exists()
    lines = output.splitlines()
    assert lines[0] == f"Japanese (ja) version of “{published}” (authoritative, the original)"
    assert lines[1] == "  title: 会合 議事要旨"
    assert lines[2] == "¶1: 会合は開催された。"
    assert lines[-1] == "Dry run: nothing was saved."


def test_the_commands_dry_run_reports_a_refusal_and_fails(published, tmp_path):
    path = tmp_path / "ja.txt"
    path.write_text("題\n1. 一。\n2. 二。", encoding="utf-8")
    with pytest.raises(CommandError, match=r"has 2 paragraphs \(¶1–2\); the record has 3"):
        run(path, "--version-of", published.slug, "--language", "ja", "--dry-run")
    assert not LanguageVersion.objects.exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--version-of", "no-such-record", "--language", "ja"], "No record has the address"),
        (["--language", "ja"], "Give both --version-of SLUG and --language CODE."),
        (["--version-of", "{slug}", "--language", "en"], "The record's own text is in English"),
        (["--version-of", "{slug}", "--language", "nihongo"], "is not a language code"),
    ],
)
def test_the_command_refuses_with_a_message(published, japanese_file, arguments, message):
    arguments = [argument.format(slug=published.slug) for argument in arguments]
    with pytest.raises(CommandError, match=message):
        run(japanese_file, *arguments)
    assert not LanguageVersion.objects.exists()


def test_the_command_refuses_a_file_it_cannot_read(published, tmp_path):
    path = tmp_path / "ja.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(CommandError, match="Word 97–2003"):
        run(path, "--version-of", published.slug, "--language", "ja")
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "missing.txt", "--version-of", published.slug, "--language", "ja")


def test_the_seed_ships_its_japanese_version_read_by_the_versions_reader(seed):
    version = LanguageVersion.objects.get(language="ja")
    assert version.title == read_version(JAPANESE_SOURCE.read_text()).title
    assert version.paragraph_numbers_problem() == ""
    assert version.status == version.meeting.status == Status.PUBLISHED


# --- The admin --------------------------------------------------------------------------


def add_url(meeting):
    return reverse("admin:records_meeting_add_version", args=[meeting.pk])


def pasted(**fields):
    text = "会合 議事要旨\n" + "\n".join(f"{n}. {text}" for n, text in JAPANESE)
    return {"language": "ja", "title": "", "authoritative": "on", "text": text, **fields}


def test_the_records_page_lists_its_versions_and_links_to_adding_one(published, signed_in):
    version = LanguageVersionFactory(meeting=published, original=True)
    client = signed_in(roles.EDITOR)
    response = client.get(reverse("admin:records_meeting_change", args=[published.pk]))
    change_url = reverse("admin:records_languageversion_change", args=[version.pk])
    assertContains(
        response,
        f'<li><a href="{change_url}">Japanese (ja)</a>: published, not authoritative, '
        "the original, 3 paragraph(s)</li>",
        html=True,
    )
    assertContains(response, "The record's own text: English (en), authoritative.")
    assertContains(response, f'href="{add_url(published)}"')


def test_preview_shows_the_paragraphs_side_by_side_and_saves_nothing(published, signed_in):
    response = signed_in(roles.EDITOR).post(add_url(published), {**pasted(), "preview": "1"})
    assert [(row.number, row.record, row.version) for row in response.context["rows"]] == [
        (n, f"The Meeting agreed item {n}.", text) for n, text in JAPANESE
    ]
    assert response.context["version_title"] == "会合 議事要旨"
    assertContains(response, 'name="save"')
    assert not LanguageVersion.objects.exists()


def test_preview_of_a_mismatched_text_shows_the_refusal_and_keeps_the_text(published, signed_in):
    data = pasted(text="題\n1. 一。\n2. 二。")
    response = signed_in(roles.EDITOR).post(add_url(published), {**data, "save": "1"})
    assertContains(
        response,
        "The Japanese version has 2 paragraphs (¶1–2); the record has 3 (¶1–3). Every version "
        "numbers the same paragraphs.",
    )
    assert response.context["form"]["text"].value() == "題\n1. 一。\n2. 二。"
    assertNotContains(response, 'name="save"')
    assert [row.version for row in response.context["rows"]] == ["一。", "二。", ""]
    assert not LanguageVersion.objects.exists()


def test_save_adds_the_draft_and_opens_its_page(published, signed_in):
    response = signed_in(roles.EDITOR).post(add_url(published), {**pasted(), "save": "1"})
    version = LanguageVersion.objects.get()
    assert response.url == reverse("admin:records_languageversion_change", args=[version.pk])
    assert (version.status, version.title, version.authoritative) == (
        Status.DRAFT,
        "会合 議事要旨",
        True,
    )
    assert list(version.paragraphs.values_list("number", "text")) == JAPANESE


def test_an_uploaded_file_is_read_and_its_text_kept_in_the_form(published, signed_in):
    lines = ["会合 議事要旨", *(f"{n}. {text}" for n, text in JAPANESE)]
    upload = SimpleUploadedFile("ja.docx", docx_bytes(lines))
    data = {**pasted(text="", language="en"), "file": upload, "preview": "1"}
    response = signed_in(roles.EDITOR).post(add_url(published), data)
    assertContains(response, "The record&#x27;s own text is in English")
    assert response.context["form"]["text"].value() == "\n".join(lines)


def test_an_unreadable_upload_is_refused_beside_the_form(published, signed_in):
    upload = SimpleUploadedFile("ja.doc", b"\xd0\xcf\x11\xe0")
    data = {**pasted(text=""), "file": upload, "preview": "1"}
    response = signed_in(roles.EDITOR).post(add_url(published), data)
    assertContains(response, "Word 97–2003 (.doc) files cannot be read")
    assert not LanguageVersion.objects.exists()


def test_an_auditor_may_not_open_the_add_page(published, signed_in):
    assert signed_in(roles.AUDITOR).get(add_url(published)).status_code == 403


def transition_url(version, name):
    return reverse("admin:records_languageversion_transition", args=[version.pk, name])


def test_a_version_moves_through_the_admins_buttons(published, signed_in):
    version = LanguageVersionFactory(meeting=published, draft=True)
    client = signed_in(roles.PUBLISHER)
    change = client.get(reverse("admin:records_languageversion_change", args=[version.pk]))
    assertContains(change, f'href="{transition_url(version, "submit")}"')
    for name in ("submit", "publish"):
        version.refresh_from_db()
        assertContains(client.get(transition_url(version, name)), "Yes, ")
        client.post(
            transition_url(version, name),
            {"confirm": "1", f"version-{version.pk}": version.version},
        )
    version.refresh_from_db()
    assert version.status == Status.PUBLISHED
    assert published.published_versions.latest("number").note.startswith("Japanese version added")


def test_withdrawing_in_the_admin_asks_for_the_reason(published, signed_in):
    version = LanguageVersionFactory(meeting=published)
    client = signed_in(roles.PUBLISHER)
    data = {"confirm": "1", f"version-{version.pk}": version.version, "reason": ""}
    assertContains(client.post(transition_url(version, "withdraw"), data), "This field is required")
    client.post(transition_url(version, "withdraw"), {**data, "reason": "Not checked."})
    version.refresh_from_db()
    assert version.status == Status.WITHDRAWN


def test_an_editor_is_not_offered_publish_and_is_refused_it(published, signed_in):
    version = LanguageVersionFactory(meeting=published, status=Status.IN_REVIEW, published_at=None)
    client = signed_in(roles.EDITOR)
    change = client.get(reverse("admin:records_languageversion_change", args=[version.pk]))
    assertNotContains(change, transition_url(version, "publish"))
    response = client.post(
        transition_url(version, "publish"), {"confirm": "1", f"version-{version.pk}": "1"}
    )
    assert response.status_code == 403
    version.refresh_from_db()
    assert version.status == Status.IN_REVIEW


def version_change(client, version):
    url = reverse("admin:records_languageversion_change", args=[version.pk])
    return url, change_form_data(client.get(url))


def test_correcting_a_published_version_needs_a_note_and_is_frozen_in_the_history(
    published, signed_in
):
    version = LanguageVersionFactory(meeting=published)
    client = signed_in(roles.PUBLISHER)
    url, data = version_change(client, version)
    data[field_name(data, "paragraphs", "text", "number", 1)] = "訂正された第1項。"
    response = client.post(url, data)
    assertContains(response, "write the correction note the public will read with the record")
    assert version.paragraphs.get(number=1).text != "訂正された第1項。"
    client.post(url, {**data, "correction_note": "¶1 of the Japanese version mended."})
    assert version.paragraphs.get(number=1).text == "訂正された第1項。"
    latest = published.published_versions.latest("number")
    assert latest.note == "¶1 of the Japanese version mended."
    assert versions.read(latest)["versions"][0]["paragraphs"][0]["text"] == "訂正された第1項。"
    assert published.corrections.get().note == "¶1 of the Japanese version mended."
    entry = AuditEntry.objects.filter(part="versionparagraph").latest("at")
    assert entry.note == "¶1 of the Japanese version mended."


def test_an_editor_may_only_read_a_published_version(published, signed_in):
    version = LanguageVersionFactory(meeting=published)
    client = signed_in(roles.EDITOR)
    response = client.get(reverse("admin:records_languageversion_change", args=[version.pk]))
    assertContains(response, "only a publisher can correct it")
    assertNotContains(response, 'name="title"')


def test_a_published_version_keeps_the_records_paragraph_numbers(published, signed_in):
    version = LanguageVersionFactory(meeting=published)
    client = signed_in(roles.PUBLISHER)
    url, data = version_change(client, version)
    data[field_name(data, "paragraphs", "number", "number", 3)] = "4"
    response = client.post(url, {**data, "correction_note": "Renumbered."})
    assertContains(response, "The Japanese version has 3 paragraphs (¶1, ¶2, ¶4)")
    assert sorted(version.paragraphs.values_list("number", flat=True)) == [1, 2, 3]


def test_a_draft_version_is_edited_freely_by_an_editor(published, signed_in):
    version = LanguageVersionFactory(meeting=published, draft=True)
    client = signed_in(roles.EDITOR)
    url, data = version_change(client, version)
    response = client.post(url, {**data, "title": "新しい題"})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.title == "新しい題"
    assert published.published_versions.count() == 1


def test_a_correction_adding_a_paragraph_on_the_records_page_is_refused(published, signed_in):
    LanguageVersionFactory(meeting=published)
    client = signed_in(roles.PUBLISHER)
    url = reverse("admin:records_meeting_change", args=[published.pk])
    data = change_form_data(client.get(url))
    data["paragraphs-TOTAL_FORMS"] = str(int(data["paragraphs-TOTAL_FORMS"]) + 1)
    row = int(data["paragraphs-TOTAL_FORMS"]) - 1
    data.update(
        {
            f"paragraphs-{row}-number": "4",
            f"paragraphs-{row}-text": "The Meeting added a paragraph.",
            f"paragraphs-{row}-meeting": str(published.pk),
            "correction_note": "¶4 added.",
        }
    )
    response = client.post(url, data)
    assertContains(response, "has a published Japanese version numbering 3 paragraphs")
    assert published.paragraphs.count() == 3
    assert published.published_versions.count() == 1


def test_the_meeting_form_sets_the_records_language(signed_in):
    meeting = record(Status.DRAFT)
    client = signed_in(roles.EDITOR)
    url = reverse("admin:records_meeting_change", args=[meeting.pk])
    data = change_form_data(client.get(url))
    data.pop("authoritative", None)
    client.post(url, {**data, "language": "TH"})
    meeting.refresh_from_db()
    assert (meeting.language, meeting.authoritative) == ("th", False)


def test_a_paragraph_added_to_a_published_record_on_its_own_page_is_refused(published, signed_in):
    LanguageVersionFactory(meeting=published)
    client = signed_in(roles.PUBLISHER)
    response = client.post(
        reverse("admin:records_paragraph_add"),
        {
            "meeting": published.pk,
            "number": "4",
            "text": "The Meeting added a paragraph.",
            "correction_note": "¶4 added.",
        },
    )
    assertContains(response, "has a published Japanese version numbering 3 paragraphs")
    assert published.paragraphs.count() == 3


MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_the_preview_escapes_markup_in_the_version_and_the_record(published, signed_in):
    Paragraph.objects.filter(meeting=published, number=1).update(text=f"Record {MARKUP}")
    data = pasted(text=f"題 {MARKUP}\n1. 一 {MARKUP}\n2. 二\n3. 三")
    response = signed_in(roles.EDITOR).post(add_url(published), {**data, "preview": "1"})
    content = response.content.decode()
    assert MARKUP not in content
    assert content.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") >= 3


def test_the_versions_page_escapes_markup_in_its_title_and_paragraphs(published, signed_in):
    version = LanguageVersionFactory(meeting=published, draft=True, title=f"題 {MARKUP}")
    version.paragraphs.filter(number=1).update(text=f"一 {MARKUP}")
    client = signed_in(roles.EDITOR)
    response = client.get(reverse("admin:records_languageversion_change", args=[version.pk]))
    assert MARKUP not in response.content.decode()
    assertContains(response, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")


def test_the_records_own_language_is_never_one_of_its_versions(signed_in):
    meeting = record(Status.DRAFT)
    LanguageVersionFactory(meeting=meeting, draft=True)
    client = signed_in(roles.EDITOR)
    url = reverse("admin:records_meeting_change", args=[meeting.pk])
    data = change_form_data(client.get(url))
    response = client.post(url, {**data, "language": "JA"})
    assertContains(response, "This record has a Japanese version")
    meeting.refresh_from_db()
    assert meeting.language == "en"


def test_publishing_a_record_names_the_versions_published_with_it(signed_in):
    meeting = record(Status.IN_REVIEW)
    LanguageVersionFactory(meeting=meeting, status=Status.IN_REVIEW, published_at=None)
    LanguageVersionFactory(meeting=meeting, language="th", draft=True)
    client = signed_in(roles.PUBLISHER)
    response = client.get(reverse("admin:records_meeting_transition", args=[meeting.pk, "publish"]))
    assert [str(v) for v in response.context["published_with"]] == [
        f"Japanese version of {meeting}"
    ]


def test_the_diff_of_a_version_added_holds_its_words_inserted(published, publisher):
    version = add(published)
    language_version_submit_for_review(language_version=version, user=None)
    language_version_publish(language_version=version, user=publisher)
    first, second = published.published_versions.order_by("number")
    changes = versions.diff(first, second)
    assert changes["paragraphs"] == []
    (added,) = changes["versions"]
    assert added.language == "ja"
    assert [(c.kind, c.text) for c in added.title] == [("inserted", "会合 議事要旨")]
    assert [(p.number, [(c.kind, c.text) for c in p.changes]) for p in added.paragraphs] == [
        (number, [("inserted", text)]) for number, text in JAPANESE
    ]


def test_the_add_page_asks_for_the_language_the_text_or_a_file(published, signed_in):
    response = signed_in(roles.EDITOR).get(add_url(published))
    for name in ("language", "title", "authoritative", "original", "text", "file"):
        assertContains(response, f'name="{name}"')
    assertNotContains(response, 'name="save"')  # only once previewed


def test_a_draft_version_may_be_deleted_a_published_one_never(published, signed_in):
    draft = LanguageVersionFactory(meeting=published, language="th", draft=True)
    version = LanguageVersionFactory(meeting=published)
    client = signed_in(roles.PUBLISHER)
    delete = "admin:records_languageversion_delete"
    assert client.get(reverse(delete, args=[version.pk])).status_code == 403
    client.post(reverse(delete, args=[draft.pk]), {"post": "yes"})
    assert list(LanguageVersion.objects.values_list("language", flat=True)) == ["ja"]


def test_a_new_meeting_is_in_english_and_authoritative_until_told_otherwise(signed_in):
    response = signed_in(roles.EDITOR).get(reverse("admin:records_meeting_add"))
    assert response.context["adminform"].form["language"].value() == "en"
    assert response.context["adminform"].form["authoritative"].value() is True
