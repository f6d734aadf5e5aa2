"""The publication workflow: draft → in review → published (→ corrected) → withdrawn, and the
way back from review to draft; the services that make each move, and the roles.

Permission boundaries are tested by direct POSTs to the admin's URLs, as a forged request
would make them: each is refused (403, or the admin's refusal) with nothing changed.
"""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains

from records import roles
from records.models import Correction, FollowUpAction, Meeting, Paragraph, Resolution
from records.services import (
    meeting_correct,
    meeting_publish,
    meeting_send_back,
    meeting_submit_for_review,
    meeting_withdraw,
)
from tests.factories import FollowUpActionFactory, MeetingFactory, ParagraphFactory
from tests.helpers import (
    change_form_data,
    inline,
    meeting_change_data,
    meeting_form,
    one_paragraph_record,
    opened_versions,
)

pytestmark = pytest.mark.django_db

Status = Meeting.Status


@pytest.fixture
def editor(user_in_role):
    return user_in_role(roles.EDITOR)


@pytest.fixture
def publisher(user_in_role):
    return user_in_role(roles.PUBLISHER)


@pytest.fixture
def auditor(user_in_role):
    return user_in_role(roles.AUDITOR)


@pytest.fixture
def delegate(user_in_role):
    return user_in_role(roles.DELEGATE)


def status_of(meeting):
    return Meeting.objects.get(pk=meeting.pk).status


def login(client, user):
    client.force_login(user)
    return client


def transition_url(meeting, name):
    return reverse("admin:records_meeting_transition", args=[meeting.pk, name])


def confirmed(*meetings, **extra):
    """The POST of a confirmation page opened now: yes, with the version of each record."""
    versions = {f"version-{m.pk}": Meeting.objects.get(pk=m.pk).version for m in meetings}
    return {"confirm": "1", **versions, **extra}


def changelist_action(client, action, meetings, **extra):
    return client.post(
        reverse("admin:records_meeting_changelist"),
        {"action": action, "_selected_action": [m.pk for m in meetings], **confirmed(*meetings)}
        | extra,
    )


# --- The services ---------------------------------------------------------------------------


def test_a_draft_goes_through_review_to_publication(publisher, editor):
    meeting = one_paragraph_record()
    meeting_submit_for_review(meeting=meeting, user=editor)
    assert status_of(meeting) == Status.IN_REVIEW
    meeting_publish(meeting=meeting, user=publisher)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.published_at is not None) == (Status.PUBLISHED, True)


def test_a_record_in_review_can_be_sent_back_to_draft(publisher):
    meeting = one_paragraph_record(Status.IN_REVIEW)
    meeting_send_back(meeting=meeting, user=publisher)
    assert status_of(meeting) == Status.DRAFT


@pytest.mark.parametrize(
    ("move", "status"),
    [
        (lambda m, u: meeting_submit_for_review(meeting=m, user=u), Status.IN_REVIEW),
        (lambda m, u: meeting_publish(meeting=m, user=u), Status.DRAFT),
        (lambda m, u: meeting_publish(meeting=m, user=u), Status.WITHDRAWN),
        (lambda m, u: meeting_send_back(meeting=m, user=u), Status.PUBLISHED),
        (lambda m, u: meeting_correct(meeting=m, note="A note.", user=u), Status.IN_REVIEW),
        (lambda m, u: meeting_withdraw(meeting=m, reason="Why.", user=u), Status.DRAFT),
    ],
)
def test_a_move_the_state_does_not_allow_is_refused_and_changes_nothing(move, status):
    meeting = one_paragraph_record(status)
    with pytest.raises(ValidationError, match="only a record that is"):
        move(meeting, None)
    assert status_of(meeting) == status
    assert not Correction.objects.exists()


def test_publishing_needs_the_publish_permission(editor):
    meeting = one_paragraph_record(Status.IN_REVIEW)
    with pytest.raises(PermissionDenied):
        meeting_publish(meeting=meeting, user=editor)
    assert status_of(meeting) == Status.IN_REVIEW


def test_a_correction_keeps_the_record_published_and_adds_its_note(publisher):
    meeting = one_paragraph_record(Status.PUBLISHED)
    correction = meeting_correct(meeting=meeting, note="  Paragraph 1 mended. ", user=publisher)
    assert status_of(meeting) == Status.PUBLISHED
    assert (correction.note, correction.made_by) == ("Paragraph 1 mended.", publisher)


def test_a_correction_needs_its_note(publisher):
    meeting = one_paragraph_record(Status.PUBLISHED)
    with pytest.raises(ValidationError, match="correction note"):
        meeting_correct(meeting=meeting, note="  ", user=publisher)
    assert not Correction.objects.exists()


def test_withdrawal_needs_a_reason_and_keeps_it(publisher):
    meeting = one_paragraph_record(Status.PUBLISHED)
    with pytest.raises(ValidationError, match="reason"):
        meeting_withdraw(meeting=meeting, reason=" ", user=publisher)
    assert status_of(meeting) == Status.PUBLISHED
    meeting_withdraw(meeting=meeting, reason="Superseded by a revised record.", user=publisher)
    meeting.refresh_from_db()
    assert meeting.status == Status.WITHDRAWN
    assert meeting.withdrawal_reason == "Superseded by a revised record."
    assert meeting.withdrawn_at is not None


def test_the_database_refuses_a_withdrawn_record_without_a_reason():
    meeting = one_paragraph_record(Status.PUBLISHED)
    meeting.status = Status.WITHDRAWN
    with pytest.raises(ValidationError, match="reason it was withdrawn"):
        meeting.full_clean()


# --- The roles ------------------------------------------------------------------------------


def test_the_roles_hold_their_permissions():
    def codenames(role):
        return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))

    assert {"submit_meeting", "change_meeting", "add_paragraph"} <= codenames(roles.EDITOR)
    assert not {"publish_meeting", "correct_meeting", "withdraw_meeting"} & codenames(roles.EDITOR)
    assert {"publish_meeting", "correct_meeting", "withdraw_meeting"} <= codenames(roles.PUBLISHER)
    auditor = codenames(roles.AUDITOR)
    assert {"view_meeting", "view_resolution", "view_correction"} <= auditor
    assert all(codename.startswith("view_") for codename in auditor)
    assert "view_restricted_meeting" not in auditor
    assert codenames(roles.DELEGATE) == {"view_restricted_meeting"}


def test_making_the_roles_again_changes_nothing_and_restores_what_was_removed():
    before = {g.name: set(g.permissions.all()) for g in Group.objects.all()}
    Group.objects.get(name=roles.PUBLISHER).permissions.clear()
    roles.create_roles()
    roles.create_roles()
    assert {g.name: set(g.permissions.all()) for g in Group.objects.all()} == before


@pytest.mark.django_db(transaction=True)
def test_the_roles_exist_again_after_the_database_is_flushed():
    call_command("flush", interactive=False, verbosity=0)
    assert set(Group.objects.values_list("name", flat=True)) == {
        roles.EDITOR,
        roles.PUBLISHER,
        roles.AUDITOR,
        roles.DELEGATE,
    }
    assert Group.objects.get(name=roles.DELEGATE).permissions.count() == 1


# --- Secretariat editor ---------------------------------------------------------------------


def test_editor_creates_a_draft_whatever_status_is_posted(client, editor, seed):
    login(client, editor)
    data = meeting_form(seed.series, status="published", published_at_0="2024-01-01")
    data.update(inline("participants", []))
    data.update(inline("agenda_items", []))
    data.update(inline("paragraphs", []))
    response = client.post(reverse("admin:records_meeting_add"), data)
    assert response.status_code == 302
    meeting = Meeting.objects.get(series=seed.series, sequence_number=7)
    assert (meeting.status, meeting.published_at) == (Status.DRAFT, None)


def test_editor_edits_a_draft_but_cannot_set_its_status(client, editor):
    meeting = one_paragraph_record()
    login(client, editor)
    url = reverse("admin:records_meeting_change", args=[meeting.pk])
    assert b'name="correction_note"' not in client.get(url).content  # a draft needs none
    response = client.post(url, meeting_change_data(meeting, venue="Vientiane", status="published"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.venue, meeting.status) == ("Vientiane", Status.DRAFT)


def test_editor_submits_a_draft_for_review_after_confirming(client, editor):
    meeting = one_paragraph_record()
    login(client, editor)
    page = client.get(transition_url(meeting, "submit"))
    assert page.status_code == 200
    assert b"Yes, submit for review" in page.content
    assert status_of(meeting) == Status.DRAFT  # asking is not doing
    response = client.post(transition_url(meeting, "submit"), confirmed(meeting))
    assert response.status_code == 302
    assert status_of(meeting) == Status.IN_REVIEW


def test_change_page_offers_the_transitions_of_the_role_and_state(client, editor, publisher):
    meeting = one_paragraph_record(Status.IN_REVIEW)
    url = reverse("admin:records_meeting_change", args=[meeting.pk])
    editor_page = login(client, editor).get(url).content.decode()
    assert "Send back to draft" in editor_page
    assert transition_url(meeting, "publish") not in editor_page
    publisher_page = login(client, publisher).get(url).content.decode()
    assert transition_url(meeting, "publish") in publisher_page


@pytest.mark.parametrize("name", ["publish", "withdraw"])
def test_editor_cannot_publish_or_withdraw_by_a_direct_post(client, editor, name):
    meeting = one_paragraph_record(Status.IN_REVIEW if name == "publish" else Status.PUBLISHED)
    before = status_of(meeting)
    login(client, editor)
    response = client.post(transition_url(meeting, name), {"confirm": "1", "reason": "x"})
    assert response.status_code == 403
    assert status_of(meeting) == before


def test_editor_cannot_publish_through_the_changelist_action(client, editor):
    meeting = one_paragraph_record(Status.IN_REVIEW)
    login(client, editor)
    changelist_action(client, "publish", [meeting])
    assert status_of(meeting) == Status.IN_REVIEW


def test_editor_cannot_change_a_published_record(client, editor):
    meeting = one_paragraph_record(Status.PUBLISHED)
    login(client, editor)
    url = reverse("admin:records_meeting_change", args=[meeting.pk])
    assert b'name="_save"' not in client.get(url).content  # shown read-only
    response = client.post(
        url, meeting_change_data(meeting, venue="Elsewhere", correction_note="x")
    )
    assert response.status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).venue == meeting.venue
    assert not Correction.objects.exists()


def test_editor_cannot_change_or_delete_a_published_records_paragraph(client, editor):
    meeting = one_paragraph_record(Status.PUBLISHED)
    paragraph = meeting.paragraphs.get()
    login(client, editor)
    change = client.post(
        reverse("admin:records_paragraph_change", args=[paragraph.pk]),
        {"meeting": meeting.pk, "number": "1", "text": "Rewritten."},
    )
    delete = client.post(
        reverse("admin:records_paragraph_delete", args=[paragraph.pk]), {"post": "yes"}
    )
    bulk = client.post(
        reverse("admin:records_paragraph_changelist"),
        {"action": "delete_selected", "_selected_action": [paragraph.pk], "post": "yes"},
    )
    assert (change.status_code, delete.status_code, bulk.status_code) == (403, 403, 403)
    assert Paragraph.objects.get(pk=paragraph.pk).text == paragraph.text


def test_editor_cannot_add_a_resolution_to_a_published_record(client, editor):
    meeting = one_paragraph_record(Status.PUBLISHED)
    paragraph = meeting.paragraphs.get()
    login(client, editor)
    response = client.post(
        reverse("admin:records_resolution_add"),
        {
            "paragraph": paragraph.pk,
            "order": "1",
            "parties": "The Meeting",
            "verb": "agreed",
            "text": "to meet again",
            **inline("follow_up_actions", []),
        },
    )
    assert response.status_code == 200
    assert "is published: only a publisher can correct it" in response.content.decode()
    assert not Resolution.objects.exists()


def test_editor_deletes_a_draft_but_not_a_published_record(client, editor):
    draft, published = one_paragraph_record(), one_paragraph_record(Status.PUBLISHED)
    login(client, editor)
    refused = client.post(
        reverse("admin:records_meeting_delete", args=[published.pk]), {"post": "yes"}
    )
    assert refused.status_code == 403
    done = client.post(reverse("admin:records_meeting_delete", args=[draft.pk]), {"post": "yes"})
    assert done.status_code == 302
    assert list(Meeting.objects.values_list("pk", flat=True)) == [published.pk]


# --- Publisher ------------------------------------------------------------------------------


def test_publisher_publishes_from_the_changelist_after_confirming(client, publisher):
    first, second = one_paragraph_record(Status.IN_REVIEW), one_paragraph_record(Status.IN_REVIEW)
    login(client, publisher)
    confirm = client.post(
        reverse("admin:records_meeting_changelist"),
        {"action": "publish", "_selected_action": [first.pk, second.pk]},
    )
    assert confirm.status_code == 200
    assert b"Yes, publish" in confirm.content
    assert status_of(first) == Status.IN_REVIEW
    response = changelist_action(client, "publish", [first, second])
    assert response.status_code == 302
    assert (status_of(first), status_of(second)) == (Status.PUBLISHED, Status.PUBLISHED)


def test_publisher_cannot_publish_a_draft_not_reviewed(client, publisher):
    meeting = one_paragraph_record()
    login(client, publisher)
    response = client.post(transition_url(meeting, "publish"), confirmed(meeting), follow=True)
    assert "only a record that is in review can be published" in response.content.decode()
    assert status_of(meeting) == Status.DRAFT


def test_publisher_withdraws_with_a_reason_only(client, publisher):
    meeting = one_paragraph_record(Status.PUBLISHED)
    login(client, publisher)
    refused = client.post(transition_url(meeting, "withdraw"), confirmed(meeting, reason=""))
    assert refused.status_code == 200
    assert b"This field is required." in refused.content
    assert status_of(meeting) == Status.PUBLISHED
    client.post(transition_url(meeting, "withdraw"), confirmed(meeting, reason="Superseded."))
    meeting.refresh_from_db()
    assert (meeting.status, meeting.withdrawal_reason) == (Status.WITHDRAWN, "Superseded.")


def test_publisher_corrects_a_published_record_only_with_a_note(client, publisher):
    meeting = one_paragraph_record(Status.PUBLISHED)
    url = reverse("admin:records_meeting_change", args=[meeting.pk])
    login(client, publisher)
    assert b'name="correction_note"' in client.get(url).content
    refused = client.post(url, meeting_change_data(meeting, venue="Aichi Prefecture"))
    assert refused.status_code == 200
    assert "write the correction note the public will read" in refused.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).venue == meeting.venue
    done = client.post(
        url,
        meeting_change_data(meeting, venue="Aichi Prefecture", correction_note="The venue mended."),
    )
    assert done.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.venue, meeting.status) == ("Aichi Prefecture", Status.PUBLISHED)
    assert [(c.note, c.made_by) for c in meeting.corrections.all()] == [
        ("The venue mended.", publisher)
    ]


def test_publisher_corrects_a_paragraph_on_its_own_form_with_a_note(client, publisher):
    meeting = one_paragraph_record(Status.PUBLISHED)
    paragraph = meeting.paragraphs.get()
    login(client, publisher)
    response = client.post(
        reverse("admin:records_paragraph_change", args=[paragraph.pk]),
        {
            "meeting": meeting.pk,
            "number": "1",
            "text": "The Meeting agreed to meet in 2023.",
            "correction_note": "Paragraph 1 gave the wrong year.",
            **opened_versions(meeting),
        },
    )
    assert response.status_code == 302
    assert Paragraph.objects.get(pk=paragraph.pk).text == "The Meeting agreed to meet in 2023."
    assert meeting.corrections.get().note == "Paragraph 1 gave the wrong year."


def test_nobody_changes_or_deletes_a_withdrawn_record(client, publisher, admin_user):
    meeting = one_paragraph_record(Status.PUBLISHED)
    meeting_withdraw(meeting=meeting, reason="Superseded.", user=None)
    for user in (publisher, admin_user):
        login(client, user)
        change = client.post(
            reverse("admin:records_meeting_change", args=[meeting.pk]),
            meeting_change_data(meeting, venue="Elsewhere", correction_note="x"),
        )
        delete = client.post(
            reverse("admin:records_meeting_delete", args=[meeting.pk]), {"post": "yes"}
        )
        assert (change.status_code, delete.status_code) == (403, 403)
    assert Meeting.objects.get(pk=meeting.pk).venue == meeting.venue


# --- Auditor --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model",
    ["meeting", "agendaitem", "paragraph", "resolution", "followupaction", "country", "person"],
)
def test_auditor_reads_every_list_including_drafts(client, auditor, seed, model):
    login(client, auditor)
    response = client.get(reverse(f"admin:records_{model}_changelist"))
    assert response.status_code == 200, model


def test_auditor_sees_drafts_read_only(client, auditor):
    meeting = one_paragraph_record()
    login(client, auditor)
    page = client.get(reverse("admin:records_meeting_change", args=[meeting.pk]))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content


def test_auditor_changes_nothing_by_any_direct_post(client, auditor):
    meeting = one_paragraph_record(Status.IN_REVIEW)
    paragraph = meeting.paragraphs.get()
    login(client, auditor)
    responses = [
        client.post(
            reverse("admin:records_meeting_change", args=[meeting.pk]),
            meeting_change_data(meeting, venue="Elsewhere"),
        ),
        client.post(reverse("admin:records_meeting_add"), meeting_change_data(meeting)),
        client.post(reverse("admin:records_meeting_delete", args=[meeting.pk]), {"post": "yes"}),
        client.post(
            reverse("admin:records_paragraph_change", args=[paragraph.pk]),
            {"meeting": meeting.pk, "number": "1", "text": "Rewritten."},
        ),
        client.post(transition_url(meeting, "publish"), {"confirm": "1"}),
        client.post(transition_url(meeting, "send_back"), {"confirm": "1"}),
    ]
    assert [r.status_code for r in responses] == [403] * 6
    changelist_action(client, "publish", [meeting])
    meeting.refresh_from_db()
    assert (meeting.status, meeting.venue) == (Status.IN_REVIEW, "Jakarta")
    assert Paragraph.objects.get(pk=paragraph.pk).text == paragraph.text


def test_auditor_exports_the_selected_rows_as_csv(client, auditor):
    draft, published = one_paragraph_record(), one_paragraph_record(Status.PUBLISHED)
    login(client, auditor)
    response = client.post(
        reverse("admin:records_meeting_changelist"),
        {"action": "export_as_csv", "_selected_action": [draft.pk, published.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert sorted((row["slug"], row["status"]) for row in rows) == sorted(
        [(draft.slug, "draft"), (published.slug, "published")]
    )


def test_admin_export_neutralises_spreadsheet_formulas(client, auditor):
    meeting = one_paragraph_record()
    Meeting.objects.filter(pk=meeting.pk).update(venue="=HYPERLINK(1)")
    login(client, auditor)
    response = client.post(
        reverse("admin:records_meeting_changelist"),
        {"action": "export_as_csv", "_selected_action": [meeting.pk]},
    )
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0]["venue"] == "'=HYPERLINK(1)"


# --- Member-state delegate and anonymous ----------------------------------------------------


def test_delegate_has_no_admin_access(client, delegate):
    meeting = one_paragraph_record(Status.IN_REVIEW)
    login(client, delegate)
    page = client.get(reverse("admin:records_meeting_changelist"))
    post = client.post(transition_url(meeting, "publish"), {"confirm": "1"})
    assert page.status_code == post.status_code == 302
    assert "/admin/login/" in post["Location"]
    assert status_of(meeting) == Status.IN_REVIEW


def test_an_unknown_transition_is_not_found(admin_client):
    meeting = one_paragraph_record()
    assert admin_client.get(transition_url(meeting, "delete-everything")).status_code == 404


def test_publisher_deletes_no_published_record_alone_or_in_bulk(client, publisher):
    meeting = one_paragraph_record(Status.PUBLISHED)
    login(client, publisher)
    alone = client.post(reverse("admin:records_meeting_delete", args=[meeting.pk]), {"post": "yes"})
    bulk = client.post(
        reverse("admin:records_meeting_changelist"),
        {"action": "delete_selected", "_selected_action": [meeting.pk], "post": "yes"},
    )
    assert (alone.status_code, bulk.status_code) == (403, 403)
    assert Meeting.objects.filter(pk=meeting.pk).exists()


@pytest.mark.parametrize("name", ["submit", "send_back", "publish", "withdraw"])
def test_anonymous_posts_to_the_admin_are_sent_to_log_in(client, name):
    meeting = one_paragraph_record(Status.IN_REVIEW)
    responses = [
        client.post(transition_url(meeting, name), {"confirm": "1", "reason": "x"}),
        changelist_action(client, name, [meeting], reason="x"),
        client.post(
            reverse("admin:records_meeting_change", args=[meeting.pk]),
            meeting_change_data(meeting, venue="Elsewhere"),
        ),
    ]
    assert all("/admin/login/" in r["Location"] for r in responses)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.venue) == (Status.IN_REVIEW, "Jakarta")


# --- Tracking the progress of a published record's actions ------------------------------


def published_action():
    meeting = one_paragraph_record(Status.PUBLISHED)
    return FollowUpActionFactory(paragraph=meeting.paragraphs.get(), description="Report back.")


def action_page(client, action):
    url = reverse("admin:records_followupaction_change", args=[action.pk])
    return url, change_form_data(client.get(url))


def test_editor_updates_the_status_of_a_published_records_action_without_a_note(client, editor):
    action = published_action()
    login(client, editor)
    url, data = action_page(client, action)
    response = client.post(url, {**data, "status": "in_progress"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "in_progress"
    assert not action.meeting.corrections.exists()
    assert action.history.latest().history_user == editor


def test_editor_cannot_change_the_adopted_words_of_a_published_records_action(client, editor):
    action = published_action()
    login(client, editor)
    url, data = action_page(client, action)
    assert "description" not in data  # shown read-only
    response = client.post(url, {**data, "description": "Rewritten.", "status": "done"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.description, action.status) == ("Report back.", "done")


def test_editor_sees_a_published_records_deadline_as_written_and_cannot_change_it(client, editor):
    action = published_action()
    FollowUpAction.objects.filter(pk=action.pk).update(
        due_date=datetime.date(2022, 2, 28), due_precision="month"
    )
    login(client, editor)
    url, data = action_page(client, action)
    assert "due_date" not in data  # shown read-only, at its precision
    assertContains(client.get(url), "February 2022")
    response = client.post(url, {**data, "due_date": "2030", "status": "done"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.due_date, action.due_precision, action.status) == (
        datetime.date(2022, 2, 28),
        "month",
        "done",
    )


def test_publisher_changing_only_a_deadlines_precision_still_needs_a_note(client, publisher):
    """“2022-Q1” and “2022-03” end on the same day; what the record says differs."""
    action = published_action()
    FollowUpAction.objects.filter(pk=action.pk).update(
        due_date=datetime.date(2022, 3, 31), due_precision="month"
    )
    login(client, publisher)
    url, data = action_page(client, action)
    assert data["due_date"] == "2022-03"
    refused = client.post(url, {**data, "due_date": "2022-Q1"})
    assertContains(refused, "write the correction note the public will read")
    assertContains(refused, 'value="2022-Q1"')
    assert FollowUpAction.objects.get(pk=action.pk).due_precision == "month"
    url, data = action_page(client, action)
    done = client.post(url, {**data, "due_date": "2022-Q1", "correction_note": "By Q1 2022."})
    assert done.status_code == 302
    action.refresh_from_db()
    assert (action.due_date, action.due_precision) == (datetime.date(2022, 3, 31), "quarter")


def test_editor_records_progress_on_a_published_records_action(client, editor):
    action = published_action()
    later = MeetingFactory(series=action.meeting.series, draft=True)
    reported_in = ParagraphFactory(meeting=later, number=4)
    login(client, editor)
    url, data = action_page(client, action)
    response = client.post(
        url,
        {
            **data,
            "progress_updates-TOTAL_FORMS": "1",
            "progress_updates-0-meeting": later.pk,
            "progress_updates-0-paragraph": reported_in.pk,
            "progress_updates-0-status": "done",
            "progress_updates-0-text": "The report was made.",
        },
    )
    assert response.status_code == 302
    assert action.progress_updates.get().text == "The report was made."
    assert not action.meeting.corrections.exists()


def test_publisher_changing_an_actions_words_still_needs_a_note(client, publisher):
    action = published_action()
    login(client, publisher)
    url, data = action_page(client, action)
    refused = client.post(url, {**data, "description": "Report back by June."})
    assertContains(refused, "write the correction note the public will read")
    assert FollowUpAction.objects.get(pk=action.pk).description == "Report back."
    url, data = action_page(client, action)
    done = client.post(
        url, {**data, "description": "Report back by June.", "correction_note": "Date added."}
    )
    assert done.status_code == 302
    assert action.meeting.corrections.get().note == "Date added."


def test_nobody_tracks_the_actions_of_a_withdrawn_record(client, editor):
    action = published_action()
    meeting_withdraw(meeting=action.meeting, reason="Superseded.", user=None)
    login(client, editor)
    url = reverse("admin:records_followupaction_change", args=[action.pk])
    response = client.post(url, {**change_form_data(client.get(url)), "status": "done"})
    assert response.status_code == 403
    assert FollowUpAction.objects.get(pk=action.pk).status == "open"
