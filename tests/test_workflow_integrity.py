"""The workflow's integrity, as each role would test it in the admin: a part never leaves a
published record, what moves between records takes its followers along, a move of the
workflow acts only on the version of the record its user confirmed, and the progress shown
on a published record is never erased."""

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from records import roles
from records.models import AgendaItem, FollowUpAction, Meeting, Paragraph, ProgressUpdate
from records.services import meeting_correct
from tests.factories import (
    AgendaItemFactory,
    CountryFactory,
    FollowUpActionFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    ParagraphFactory,
    ProgressUpdateFactory,
    ResolutionFactory,
)
from tests.helpers import change_form_data

pytestmark = pytest.mark.django_db

Status = Meeting.Status
# Edits of the decision's parties stay within these words ("ASEAN", "ASEAN and Japan").
TEXT = "The Meeting of ASEAN and Japan agreed to meet again in Manila."


@pytest.fixture
def editor(signed_in):
    return signed_in(roles.EDITOR)


@pytest.fixture
def publisher(signed_in):
    return signed_in(roles.PUBLISHER)


def record(status=Status.DRAFT, **fields):
    """A meeting in ``status`` with ¶1, its resolution and the action that follows from it."""
    published = status in {Status.PUBLISHED, Status.WITHDRAWN}
    meeting = MeetingFactory(
        status=status, published_at=timezone.now() if published else None, **fields
    )
    paragraph = ParagraphFactory(meeting=meeting, number=1, text=TEXT)
    resolution = ResolutionFactory(paragraph=paragraph, text="to meet again in Manila")
    FollowUpActionFactory(paragraph=paragraph, resolution=resolution, description="Host it.")
    return meeting


def url_of(part):
    return reverse(f"admin:records_{part._meta.model_name}_change", args=[part.pk])


def opened(client, part):
    """The change page of ``part`` as the role opens it: its POST data, unedited."""
    return change_form_data(client.get(url_of(part)))


def save(client, part, **changes):
    return client.post(url_of(part), {**opened(client, part), **changes})


def version_of(meeting):
    return Meeting.objects.get(pk=meeting.pk).version


# --- A part never leaves a published record --------------------------------------------------


def moves_into(draft):
    """For each kind of part: the part of a record, and the change that moves it to ``draft``."""
    paragraph = draft.paragraphs.get()
    return {
        "paragraph": lambda meeting: (
            meeting.paragraphs.get(),
            {"meeting": draft.pk, "number": "5", "agenda_item": ""},
        ),
        "agenda item": lambda meeting: (
            AgendaItemFactory(meeting=meeting, number=1),
            {"meeting": draft.pk, "number": "9"},
        ),
        "resolution": lambda meeting: (
            meeting.paragraphs.get().resolutions.get(),
            {"paragraph": paragraph.pk},
        ),
        "action": lambda meeting: (
            meeting.follow_up_actions.get(),
            {"meeting": draft.pk, "paragraph": paragraph.pk, "resolution": ""},
        ),
    }


@pytest.mark.parametrize("kind", ["paragraph", "agenda item", "resolution", "action"])
def test_publisher_cannot_move_a_part_out_of_a_published_record(publisher, kind):
    published, draft = record(Status.PUBLISHED), record()
    part, move = moves_into(draft)[kind](published)
    response = save(publisher, part, **move)
    assertContains(response, "moving this out of it would delete it from that record")
    part.refresh_from_db()
    assert part.record == published
    assert not published.corrections.exists()


def test_publisher_moves_a_draft_paragraph_into_a_published_record_as_a_correction(publisher):
    published, draft = record(Status.PUBLISHED), record()
    paragraph = draft.paragraphs.get()
    assert b'name="correction_note"' in publisher.get(url_of(paragraph)).content
    refused = save(publisher, paragraph, meeting=published.pk, number="2")
    assertContains(refused, "is published: write the correction note the public will read")
    done = save(publisher, paragraph, meeting=published.pk, number="2", correction_note="¶2 added.")
    assert done.status_code == 302
    assert Paragraph.objects.get(pk=paragraph.pk).meeting == published
    assert [c.note for c in published.corrections.all()] == ["¶2 added."]


def test_editor_cannot_move_a_draft_paragraph_into_a_published_record(editor):
    published, draft = record(Status.PUBLISHED), record()
    paragraph = draft.paragraphs.get()
    response = save(editor, paragraph, meeting=published.pk, number="2")
    assertContains(response, "is published: only a publisher can correct it")
    assert Paragraph.objects.get(pk=paragraph.pk).meeting == draft


# --- Between records being written, a part takes its followers along -------------------------


def test_a_paragraph_moved_between_drafts_takes_its_actions_and_reported_progress(editor):
    series = MeetingSeriesFactory()
    first = record(series=series, sequence_number=1)
    second = record(series=series, sequence_number=2)
    in_review = record(Status.IN_REVIEW, series=series, sequence_number=3)
    paragraph = second.paragraphs.get()
    FollowUpActionFactory(paragraph=paragraph, description="Report on it.")
    reported = ProgressUpdateFactory(
        action=first.follow_up_actions.get(), meeting=second, paragraph=paragraph
    )
    response = save(editor, paragraph, meeting=in_review.pk, number="2")
    assert response.status_code == 302
    assert Paragraph.objects.get(pk=paragraph.pk).meeting == in_review
    assert sorted(paragraph.follow_up_actions.values_list("meeting_id", flat=True)) == [
        in_review.pk,
        in_review.pk,
    ]
    assert ProgressUpdate.objects.get(pk=reported.pk).meeting == in_review
    assert all(a.meeting_id == a.paragraph.meeting_id for a in FollowUpAction.objects.all())


def test_a_resolution_moved_between_drafts_takes_its_actions(editor):
    first, second = record(), record(Status.IN_REVIEW)
    resolution = first.paragraphs.get().resolutions.get()
    target = second.paragraphs.get()
    target.resolutions.all().delete()  # else the same decision twice in ¶1, which is refused
    response = save(editor, resolution, paragraph=target.pk)
    assert response.status_code == 302
    action = resolution.follow_up_actions.get()
    assert (action.paragraph, action.meeting) == (target, second)
    assert not first.follow_up_actions.exists()


def test_a_move_that_would_leave_a_follower_wrong_is_refused(editor):
    series = MeetingSeriesFactory()
    first = record(series=series, sequence_number=1)
    second = record(series=series, sequence_number=2)
    paragraph = second.paragraphs.get()
    ProgressUpdateFactory(action=first.follow_up_actions.get(), meeting=second, paragraph=paragraph)
    response = save(editor, paragraph, meeting=first.pk, number="2")
    assertContains(response, "would move with it and then be wrong: Progress is reported at a")
    assert Paragraph.objects.get(pk=paragraph.pk).meeting == second


def test_an_agenda_item_moves_only_without_the_paragraphs_filed_under_it(editor):
    first, second = record(), record()
    item = AgendaItemFactory(meeting=first, number=1)
    Paragraph.objects.filter(meeting=first).update(agenda_item=item)
    response = save(editor, item, meeting=second.pk)
    assertContains(response, "Paragraphs of its record are filed under this item")
    assert AgendaItem.objects.get(pk=item.pk).meeting == first


# --- A move of the workflow acts on the version its user confirmed --------------------------


def transition_url(meeting, name):
    return reverse("admin:records_meeting_transition", args=[meeting.pk, name])


def confirm(page):
    """Yes, on the confirmation ``page``: its hidden fields posted back."""
    versions = {f"version-{meeting.pk}": version for meeting, version in page.context["versions"]}
    return {"confirm": "1", **versions}


def test_publish_is_refused_when_the_record_changed_after_the_confirmation_opened(
    client, user_in_role
):
    meeting = record(Status.IN_REVIEW)
    publisher, editor = user_in_role(roles.PUBLISHER), user_in_role(roles.EDITOR)
    client.force_login(publisher)
    page = client.get(transition_url(meeting, "publish"))
    client.force_login(editor)
    resolution = meeting.paragraphs.get().resolutions.get()
    assert save(client, resolution, parties="ASEAN and Japan").status_code == 302
    client.force_login(publisher)
    response = client.post(transition_url(meeting, "publish"), confirm(page), follow=True)
    assertContains(response, f"was changed by {editor} at ")
    assertContains(response, "since you opened this page; review it again.")
    assert Meeting.objects.get(pk=meeting.pk).status == Status.IN_REVIEW


def test_publishing_several_records_publishes_only_those_unchanged_since_confirming(
    client, user_in_role
):
    unchanged, changed = record(Status.IN_REVIEW), record(Status.IN_REVIEW)
    publisher, editor = user_in_role(roles.PUBLISHER), user_in_role(roles.EDITOR)
    changelist = reverse("admin:records_meeting_changelist")
    selected = {"action": "publish", "_selected_action": [unchanged.pk, changed.pk]}
    client.force_login(publisher)
    page = client.post(changelist, selected)
    client.force_login(editor)
    assert save(client, changed.follow_up_actions.get(), description="Host it.").status_code == 302
    client.force_login(publisher)
    response = client.post(changelist, {**selected, **confirm(page)}, follow=True)
    assertContains(response, f"“{changed}” was changed by {editor}")
    statuses = dict(Meeting.objects.values_list("pk", "status"))
    assert (statuses[unchanged.pk], statuses[changed.pk]) == (Status.PUBLISHED, Status.IN_REVIEW)


def test_a_move_posted_without_the_version_it_was_confirmed_on_is_refused(publisher):
    meeting = record(Status.IN_REVIEW)
    response = publisher.post(transition_url(meeting, "publish"), {"confirm": "1"}, follow=True)
    assertContains(response, "This page does not say which version")
    assert Meeting.objects.get(pk=meeting.pk).status == Status.IN_REVIEW


CHANGES = {
    "resolution's words": lambda m: (m.paragraphs.get().resolutions.get(), {"parties": "ASEAN"}),
    "resolution's parties": lambda m: (
        m.paragraphs.get().resolutions.get(),
        {"party_countries": [str(CountryFactory().pk)]},
    ),
    "action's words": lambda m: (m.follow_up_actions.get(), {"description": "Host it soon."}),
    "action's owners": lambda m: (
        m.follow_up_actions.get(),
        {"owner_countries": [str(CountryFactory().pk)]},
    ),
    "agenda item": lambda m: (AgendaItemFactory(meeting=m, number=1), {"title": "Other"}),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_to_any_part_of_a_record_moves_its_version_on(editor, change):
    meeting = record(Status.IN_REVIEW)
    part, edit = CHANGES[change](meeting)
    before = version_of(meeting)
    assert save(editor, part, **edit).status_code == 302
    assert version_of(meeting) > before


def test_deleting_parts_in_bulk_moves_their_cache_generation_on(editor):
    meeting = record(Status.IN_REVIEW)
    before = version_of(meeting)
    response = editor.post(
        reverse("admin:records_paragraph_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [meeting.paragraphs.get().pk],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not meeting.paragraphs.exists()
    assert version_of(meeting) > before


def test_a_correction_moves_the_cache_generation_on():
    meeting = record(Status.PUBLISHED)
    before = Meeting.objects.get(pk=meeting.pk)
    meeting_correct(meeting=meeting, note="¶1 mended.", user=None)
    after = Meeting.objects.get(pk=meeting.pk)
    assert after.version == before.version + 1
    assert after.updated_at > before.updated_at


# --- Progress shown on a published record is never erased ----------------------------------


def test_editor_cannot_delete_progress_on_a_published_records_action(editor):
    published = record(Status.PUBLISHED)
    action = published.follow_up_actions.get()
    update = ProgressUpdateFactory(action=action)
    page = editor.get(url_of(action))
    assert b'name="progress_updates-0-DELETE"' not in page.content
    data = {**change_form_data(page), "progress_updates-0-DELETE": "on"}
    editor.post(url_of(action), data)
    assert ProgressUpdate.objects.filter(pk=update.pk).exists()


def test_editor_cannot_delete_progress_reported_at_a_published_meeting(editor):
    series = MeetingSeriesFactory()
    draft = record(series=series, sequence_number=1)
    action = draft.follow_up_actions.get()
    later = record(Status.PUBLISHED, series=series, sequence_number=2)
    update = ProgressUpdateFactory(action=action, meeting=later)
    response = save(editor, action, **{"progress_updates-0-DELETE": "on"})
    assertContains(response, "is on a published record: it can be corrected, never deleted.")
    assert ProgressUpdate.objects.filter(pk=update.pk).exists()


def test_progress_reported_at_a_published_meeting_is_not_moved_off_it(editor):
    series = MeetingSeriesFactory()
    draft = record(series=series, sequence_number=1)
    action = draft.follow_up_actions.get()
    later = record(Status.PUBLISHED, series=series, sequence_number=2)
    other = record(series=series, sequence_number=3)
    update = ProgressUpdateFactory(action=action, meeting=later, paragraph=None)
    response = save(editor, action, **{"progress_updates-0-meeting": str(other.pk)})
    assertContains(response, f"“{later}” is published: moving")
    assert ProgressUpdate.objects.get(pk=update.pk).meeting == later


def test_progress_reported_at_a_draft_meeting_moves_to_another(editor):
    series = MeetingSeriesFactory()
    draft = record(series=series, sequence_number=1)
    action = draft.follow_up_actions.get()
    later = record(series=series, sequence_number=2)
    other = record(series=series, sequence_number=3)
    update = ProgressUpdateFactory(action=action, meeting=later, paragraph=None)
    save(editor, action, **{"progress_updates-0-meeting": str(other.pk)})
    assert ProgressUpdate.objects.get(pk=update.pk).meeting == other


def test_publisher_cannot_delete_a_published_records_paragraph_on_its_page(publisher):
    published = record(Status.PUBLISHED)
    meeting_page = reverse("admin:records_meeting_change", args=[published.pk])
    page = publisher.get(meeting_page)
    assert b'name="paragraphs-0-DELETE"' not in page.content
    data = {
        **change_form_data(page),
        "paragraphs-0-DELETE": "on",
        "correction_note": "¶1 removed.",
    }
    publisher.post(meeting_page, data)
    assert published.paragraphs.exists()
