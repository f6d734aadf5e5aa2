"""/admin/audit/: who changed what, and when, across the records system, for auditors; its
filters, its CSV, and the entries each kind of write leaves (an admin form, a service, the
shell, a sign-in)."""

import csv
import datetime
import io
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from lxml import html
from pytest_django.asserts import assertContains, assertNotContains

from records import audit, roles, services
from records.models import AuditEntry, Meeting, Paragraph, Resolution
from tests.factories import (
    FollowUpActionFactory,
    MeetingFactory,
    ParagraphFactory,
    ParticipantFactory,
    PersonFactory,
    ResolutionFactory,
)
from tests.helpers import change_form_data, run_in_shell

pytestmark = pytest.mark.django_db

URL = "/admin/audit/"


@pytest.fixture
def auditor(client, user_in_role):
    user = user_in_role(roles.AUDITOR)
    client.force_login(user)
    return client


def publisher(user_in_role, first_name="Pat", last_name="Lim"):
    user = user_in_role(roles.PUBLISHER)
    user.first_name, user.last_name = first_name, last_name
    user.save()
    return user


def csv_rows(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def entries_shown(response) -> list[str]:
    """The text of each entry of the page, in order."""
    tree = html.document_fromstring(response.content.decode())
    return [
        " ".join(li.text_content().split())
        for li in tree.xpath("//li[contains(@class, 'audit-entry')]")
    ]


def edit(client, record, **changes):
    url = reverse(f"admin:records_{record._meta.model_name}_change", args=[record.pk])
    data = change_form_data(client.get(url))
    data.update(changes)
    return client.post(url, data)


# --- Who may read it ------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_anonymous_visitors_get_no_csv(client):
    response = client.get(URL + "?format=csv")
    assert response.status_code == 302
    assert not response.get("Content-Type", "").startswith("text/csv")


def test_an_editor_without_the_permission_is_refused(signed_in):
    client = signed_in(roles.EDITOR)
    assert client.get(URL).status_code == 403
    assert client.get(URL + "?format=csv").status_code == 403


def test_the_refusal_says_what_the_role_may_do_and_links_back_in_the_admins_look(signed_in):
    response = signed_in(roles.EDITOR).get(URL)
    assertContains(response, "Only auditors, publishers and administrators", status_code=403)
    assertContains(response, "Your role", status_code=403)
    assertContains(response, 'href="/admin/"', status_code=403)
    assertContains(response, "records administration", status_code=403)  # the admin's header


def test_a_member_state_delegate_is_refused(client, user_in_role):
    client.force_login(user_in_role(roles.DELEGATE))
    assert client.get(URL).status_code == 302  # not staff: to the admin's sign-in


@pytest.mark.parametrize("role", [roles.AUDITOR, roles.PUBLISHER])
def test_auditors_and_publishers_read_it(signed_in, role):
    MeetingFactory(title="A meeting to audit")
    response = signed_in(role).get(URL)
    assertContains(response, "A meeting to audit")


def test_the_admin_home_links_to_it_for_those_who_may_read_it(signed_in):
    assertContains(signed_in(roles.AUDITOR).get("/admin/"), f'href="{URL}"')


def test_the_admin_home_does_not_link_to_it_for_editors(signed_in):
    assertNotContains(signed_in(roles.EDITOR).get("/admin/"), f'href="{URL}"')


# --- What it records -------------------------------------------------------------------------


# The shell is another process: it reaches the test database on a server, not in memory.
@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_change_made_in_the_shell_is_on_the_page_as_command_or_import(client, user_in_role):
    paragraph = ParagraphFactory(meeting=MeetingFactory(draft=True), text="Old words here.")
    run_in_shell(
        "from records.models import Paragraph; "
        f"p = Paragraph.objects.get(pk={paragraph.pk}); p.text = 'New words here.'; p.save()"
    )
    paragraph.refresh_from_db()  # the trail names the part as the change left it
    client.force_login(user_in_role(roles.AUDITOR))
    response = client.get(URL + "?kind=changed")
    first = entries_shown(response)[0]
    assert "command / import" in first
    assert str(paragraph) in first
    assertContains(response, "<del>Old</del>", html=True)
    assertContains(response, "<ins>New</ins>", html=True)


# The shell is another process: it reaches the test database on a server, not in memory.
@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_change_made_in_the_shell_is_in_the_csv(client, user_in_role):
    meeting = MeetingFactory(draft=True, venue="Jakarta")
    run_in_shell(
        f"from records.models import Meeting; m = Meeting.objects.get(pk={meeting.pk}); "
        "m.venue = 'Bangkok'; m.save()"
    )
    client.force_login(user_in_role(roles.AUDITOR))
    rows = csv_rows(client.get(URL + "?format=csv&kind=changed"))
    assert [(row["who"], row["part"], row["what changed"]) for row in rows] == [
        ("command / import", str(meeting), "venue: Jakarta → Bangkok")
    ]


def test_an_admin_edit_names_the_person_the_fields_and_the_record(client, user_in_role):
    meeting = MeetingFactory(draft=True, venue="Jakarta")
    user = publisher(user_in_role)
    client.force_login(user)
    assert edit(client, meeting, venue="Manila").status_code == 302
    entry = AuditEntry.objects.filter(kind="changed").get()
    assert (entry.user, entry.who, entry.part, entry.meeting_id) == (
        user,
        "Pat Lim",
        "meeting",
        meeting.pk,
    )
    assert entry.changes == [{"field": "venue", "old": "Jakarta", "new": "Manila", "text": False}]


def test_a_workflow_move_is_recorded_with_its_states_as_people_read_them(user_in_role):
    meeting = MeetingFactory(draft=True)
    services.meeting_submit_for_review(meeting=meeting, user=user_in_role(roles.EDITOR))
    entry = AuditEntry.objects.get(kind="moved")
    assert entry.changes == [{"field": "status", "old": "Draft", "new": "In review", "text": False}]
    assert entry.who == "secretariat-editor"


def test_the_page_shows_labels_not_stored_values(auditor, user_in_role):
    meeting = MeetingFactory(draft=True)
    services.meeting_submit_for_review(meeting=meeting, user=user_in_role(roles.EDITOR))
    response = auditor.get(URL + "?kind=moved")
    assertContains(response, "Draft → In review")
    assertNotContains(response, "in_review")


def test_a_linked_row_is_named_not_numbered(user_in_role):
    paragraph = ParagraphFactory(meeting=MeetingFactory(draft=True), number=4)
    resolution = ResolutionFactory(paragraph=paragraph)
    created = AuditEntry.objects.get(part="resolution", object_id=resolution.pk)
    assert {"field": "paragraph", "old": "", "new": str(paragraph), "text": False} in (
        created.changes
    )


def test_a_correction_note_is_on_the_changes_it_came_with_and_an_entry_of_its_own(
    client, user_in_role
):
    meeting = MeetingFactory(venue="Jakarta")  # published
    paragraph = ParagraphFactory(meeting=meeting, number=1, text="The Meeting agreed.")
    client.force_login(publisher(user_in_role))
    response = edit(
        client,
        paragraph,
        text="The Meeting agreed unanimously.",
        correction_note="Added the word the Meeting used.",
    )
    assert response.status_code == 302
    changed = AuditEntry.objects.get(kind="changed", part="paragraph")
    assert changed.note == "Added the word the Meeting used."
    corrected = AuditEntry.objects.get(kind="corrected")
    assert (corrected.note, corrected.meeting_id) == (
        "Added the word the Meeting used.",
        meeting.pk,
    )


def test_a_correction_note_given_for_reference_data_is_on_its_change(client, user_in_role):
    person = PersonFactory(name="ISHIDA Masaro")
    ParticipantFactory(meeting=MeetingFactory(), person=person)  # a published record shows it
    client.force_login(publisher(user_in_role))
    response = edit(client, person, name="ISHIDA Masaru", correction_note="The chair's name.")
    assert response.status_code == 302
    changed = AuditEntry.objects.get(kind="changed", part="person")
    assert (changed.note, changed.changes[0]["new"]) == ("The chair's name.", "ISHIDA Masaru")


def test_a_save_that_changes_nothing_tracked_leaves_no_entry():
    meeting = MeetingFactory()
    before = AuditEntry.objects.count()
    meeting.save(update_fields=["updated_at"])
    assert AuditEntry.objects.count() == before


def test_a_deleted_part_keeps_its_entries_and_its_records_name():
    meeting = MeetingFactory(draft=True)
    paragraph = ParagraphFactory(meeting=meeting, number=2)
    label, record, key = str(paragraph), str(meeting), meeting.pk
    meeting.delete()
    deleted = AuditEntry.objects.get(kind="deleted", part="paragraph")
    assert (deleted.object_label, deleted.record_label, deleted.meeting_id) == (label, record, key)
    assert AuditEntry.objects.filter(kind="deleted", part="meeting").exists()


def test_a_decisions_and_an_actions_changes_belong_to_their_meeting():
    meeting = MeetingFactory(draft=True)
    resolution = ResolutionFactory(paragraph=ParagraphFactory(meeting=meeting))
    action = FollowUpActionFactory(meeting=meeting, resolution=resolution)
    entries = AuditEntry.objects.filter(meeting_id=meeting.pk)
    assert {("resolution", resolution.pk), ("followupaction", action.pk)} <= set(
        entries.values_list("part", "object_id")
    )


LOGIN = "/accounts/login/?next=/admin/"


def test_a_sign_in_is_recorded_with_the_address(client, user_in_role):
    user = user_in_role(roles.EDITOR, password="a long role passphrase")
    client.post(
        LOGIN,
        {"login": user.username, "password": "a long role passphrase"},
        REMOTE_ADDR="198.51.100.7",
    )
    entry = AuditEntry.objects.get(kind="signed_in")
    assert (entry.user, entry.address) == (user, "198.51.100.7")


def test_a_failed_sign_in_is_recorded_with_the_name_tried(client, user_in_role):
    user = user_in_role(roles.EDITOR)
    client.post(LOGIN, {"login": user.username, "password": "guess"}, REMOTE_ADDR="198.51.100.8")
    entry = AuditEntry.objects.get(kind="sign_in_failed")
    assert (entry.user, entry.who, entry.address) == (user, user.username, "198.51.100.8")


def test_a_lockout_is_recorded(client):
    for _ in range(5):
        client.post(LOGIN, {"login": "nobody", "password": "guess"}, REMOTE_ADDR="192.0.2.5")
    entry = AuditEntry.objects.get(kind="locked_out")
    assert (entry.who, entry.address, entry.user) == ("nobody", "192.0.2.5", None)


def test_sign_in_events_are_on_the_page(auditor):
    Client().post(LOGIN, {"login": "mallory", "password": "guess"}, REMOTE_ADDR="192.0.2.9")
    first = entries_shown(auditor.get(URL + "?kind=sign_in_failed"))[0]
    assert "Sign-in failed" in first
    assert "mallory" in first
    assert "192.0.2.9" in first


def test_a_sign_in_event_without_a_username_is_not_taken_for_a_command():
    assert AuditEntry(kind="locked_out", who="").by == "(no username given)"
    assert AuditEntry(kind="changed", who="").by == "command / import"


# --- Filters ---------------------------------------------------------------------------------


@pytest.fixture
def two_people_two_records(user_in_role):
    """Alice changed one meeting's venue on 1 March 2026, Bob another's paragraph on 3 March."""
    alice = user_in_role(roles.EDITOR, username="alice")
    bob = user_in_role(roles.EDITOR, username="bob")
    first, second = MeetingFactory(draft=True, venue="Hanoi"), MeetingFactory(draft=True)
    paragraph = ParagraphFactory(meeting=second, text="Text.")
    AuditEntry.objects.all().delete()
    for who, record, when, change in [
        (alice, first, "2026-03-01", {"venue": "Vientiane"}),
        (bob, paragraph, "2026-03-03", {"text": "New text."}),
    ]:
        for name, value in change.items():
            setattr(record, name, value)
        record._history_user = who
        record.save()
        at = timezone.make_aware(datetime.datetime.fromisoformat(f"{when} 10:00"))
        AuditEntry.objects.filter(user=who).update(at=at)
    return {"alice": alice, "bob": bob, "first": first, "second": second}


def labels(response) -> list[str]:
    return [entry.split(" · ")[1] for entry in entries_shown(response)]


def test_filter_by_person(auditor, two_people_two_records):
    bob = two_people_two_records["bob"]
    assert labels(auditor.get(URL + f"?person={bob.pk}")) == ["bob"]


def test_filter_by_record(auditor, two_people_two_records):
    first = two_people_two_records["first"]
    assert labels(auditor.get(URL + f"?meeting={first.pk}")) == ["alice"]


def test_the_record_filter_finds_meetings_by_name_for_an_auditor(auditor):
    meeting = MeetingFactory(draft=True, title="Summary Record of the Ninth Gathering")
    response = auditor.get(
        "/admin/autocomplete/",
        {
            "app_label": "records",
            "model_name": "auditentry",
            "field_name": "meeting",
            "term": "Ninth",
        },
    )
    assert [result["id"] for result in response.json()["results"]] == [str(meeting.pk)]


def test_filter_by_kind_of_part(auditor, two_people_two_records):
    assert labels(auditor.get(URL + "?part=paragraph")) == ["bob"]


def test_filter_by_kind_of_change(auditor, two_people_two_records, user_in_role):
    services.meeting_submit_for_review(
        meeting=two_people_two_records["first"], user=two_people_two_records["alice"]
    )
    shown = entries_shown(auditor.get(URL + "?kind=moved"))
    assert len(shown) == 1
    assert "Workflow move" in shown[0]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("since=2026-03-02", ["bob"]),
        ("until=2026-03-02", ["alice"]),
        ("since=2026-03-01&until=2026-03-01", ["alice"]),
        ("since=2026-03-01&until=2026-03-03", ["bob", "alice"]),
    ],
)
def test_filter_by_dates_includes_whole_days(auditor, two_people_two_records, query, expected):
    assert labels(auditor.get(f"{URL}?{query}")) == expected


def test_filters_combine(auditor, two_people_two_records):
    alice = two_people_two_records["alice"]
    assert labels(auditor.get(URL + f"?person={alice.pk}&part=paragraph")) == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("since=2026-13-01", "Enter a date as YYYY-MM-DD, e.g. 2021-10-18."),
        ("since=2026-03-04&until=2026-03-01", "The “From” date is after the “To” date."),
        ("kind=nonsense", "Select a valid choice."),
        ("meeting=abc", "Select a valid choice."),
    ],
)
def test_a_bad_filter_answers_400_saying_what_is_wrong(auditor, query, message):
    assertContains(auditor.get(f"{URL}?{query}"), message, status_code=400)
    assertContains(auditor.get(f"{URL}?{query}&format=csv"), message, status_code=400)


def test_a_bad_page_number_answers_400(auditor):
    assertContains(
        auditor.get(URL + "?page=abc"), "Page numbers are whole numbers", status_code=400
    )


def test_pages_run_newest_first_and_keep_the_filters(auditor):
    meeting = MeetingFactory(draft=True)
    for number in range(1, 56):
        ParagraphFactory(meeting=meeting, number=number)
    first = auditor.get(URL + "?part=paragraph")
    assert "¶55 " in entries_shown(first)[0]
    assertContains(first, 'href="?part=paragraph&amp;page=2"')
    second = auditor.get(URL + "?part=paragraph&page=2")
    numbers = [re.search(r"¶[0-9]+", entry)[0] for entry in entries_shown(second)]
    assert numbers == ["¶5", "¶4", "¶3", "¶2", "¶1"]


# --- The CSV ---------------------------------------------------------------------------------


def test_the_csv_holds_exactly_the_filtered_rows_of_every_page(auditor):
    meeting, other = MeetingFactory(draft=True), MeetingFactory(draft=True)
    for number in range(1, 61):
        ParagraphFactory(meeting=meeting, number=number)
    ParagraphFactory(meeting=other, number=1)
    rows = csv_rows(auditor.get(URL + f"?format=csv&part=paragraph&meeting={meeting.pk}"))
    expected = AuditEntry.objects.filter(part="paragraph", meeting_id=meeting.pk)
    assert [row["part id"] for row in rows] == [str(e.object_id) for e in expected]
    assert len(rows) == 60
    assert {row["record"] for row in rows} == {str(meeting)}


def test_the_csv_names_its_columns_and_times_in_utc(auditor, two_people_two_records):
    rows = csv_rows(
        auditor.get(URL + "?format=csv&person=" + str(two_people_two_records["bob"].pk))
    )
    assert list(rows[0]) == [
        "when (UTC)",
        "who",
        "change",
        "kind of part",
        "part",
        "part id",
        "record",
        "record id",
        "what changed",
        "correction note",
        "address",
    ]
    assert rows[0]["when (UTC)"] == "2026-03-03 10:00:00"
    assert rows[0]["what changed"] == "text: Text. → New text."


def test_the_csv_neutralises_formulas(auditor):
    PersonFactory(honorific="", name='=HYPERLINK("http://evil.example")')
    rows = csv_rows(auditor.get(URL + "?format=csv&part=person"))
    assert rows[0]["part"] == """'=HYPERLINK("http://evil.example")"""
    mallory = "@SUM(1+1)"
    Client().post(LOGIN, {"login": mallory, "password": "guess"})
    rows = csv_rows(auditor.get(URL + "?format=csv&kind=sign_in_failed"))
    assert rows[0]["who"] == "'@SUM(1+1)"


# --- Reading a change ------------------------------------------------------------------------


def test_a_word_diff_marks_only_the_words_removed_and_added():
    assert audit.word_diff("The Meeting agreed to meet.", "The Meeting decided to meet.") == [
        {"op": "same", "text": "The Meeting "},
        {"op": "del", "text": "agreed"},
        {"op": "ins", "text": "decided"},
        {"op": "same", "text": " to meet."},
    ]


def test_a_word_diff_shortens_long_unchanged_stretches():
    words = " ".join(f"w{n}" for n in range(40))
    segments = audit.word_diff(words + " end.", words + " finish.")
    assert segments[0]["text"].startswith("… ")
    assert "w0 " not in segments[0]["text"]
    assert segments[0]["text"].endswith("w39 ")
    assert segments[1:] == [{"op": "del", "text": "end."}, {"op": "ins", "text": "finish."}]


def test_the_page_shows_a_changed_paragraph_as_a_word_diff(auditor):
    paragraph = ParagraphFactory(meeting=MeetingFactory(draft=True), text="We agreed to meet.")
    paragraph.text = "We decided to meet."
    paragraph.save()
    response = auditor.get(URL + "?kind=changed")
    assertContains(response, "<del>agreed</del>", html=True)
    assertContains(response, "<ins>decided</ins>", html=True)
    assertNotContains(response, "We agreed to meet. → We decided to meet.")


def test_the_page_escapes_what_editors_wrote(auditor):
    MeetingFactory(draft=True, venue='<script>alert("x")</script>')
    response = auditor.get(URL)
    assertContains(response, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")
    assertNotContains(response, '<script>alert("x")')


def test_parts_and_records_are_linked_to_their_admin_pages(auditor):
    meeting = MeetingFactory(draft=True)
    paragraph = ParagraphFactory(meeting=meeting)
    response = auditor.get(URL + "?part=paragraph")
    assertContains(
        response, f'href="{reverse("admin:records_paragraph_change", args=[paragraph.pk])}"'
    )
    assertContains(
        response, f'href="{reverse("admin:records_meeting_history", args=[meeting.pk])}"'
    )


@pytest.mark.parametrize("count", [1, 60])
def test_the_page_makes_as_many_queries_however_many_entries(
    auditor, django_assert_num_queries, count
):
    meeting = MeetingFactory(draft=True)
    for number in range(1, count + 1):
        ParagraphFactory(meeting=meeting, number=number)
    # session, user, its permissions (groups), the staff for the person filter, the page
    with django_assert_num_queries(6):
        auditor.get(URL)


# --- History kept before the trail ---------------------------------------------------------


def test_the_backfill_writes_the_entries_of_history_kept_before_the_trail():
    meeting = MeetingFactory(draft=True, venue="Jakarta")
    meeting.venue = "Manila"
    meeting.save()
    kept = list(AuditEntry.objects.values_list("kind", "changes").order_by("at", "pk"))
    AuditEntry.objects.all().delete()
    assert audit.backfill() == len(kept)
    assert list(AuditEntry.objects.values_list("kind", "changes").order_by("at", "pk")) == kept


def test_the_backfill_skips_entries_already_written():
    MeetingFactory(draft=True)
    assert audit.backfill() == 0


def test_a_history_row_with_no_earlier_one_says_its_earlier_state_is_unknown(auditor):
    meeting = MeetingFactory(draft=True)
    Meeting.history.all().delete()
    meeting.venue = "Yangon"
    meeting.save()
    assertContains(auditor.get(URL + "?kind=changed"), "what it changed is not known")


def test_models_that_keep_history_are_all_in_the_trail():
    parts = {model.instance_type for model in audit.history_models()}
    assert {Meeting, Paragraph, Resolution} <= parts
    assert User not in parts
