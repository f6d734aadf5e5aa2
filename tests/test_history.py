"""Every change made through the admin is kept: who, when and what changed, field by field;
auditors read it; nobody reverts from it."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from records import models
from records.models import CacheGeneration, Meeting, Paragraph, Resolution
from tests.factories import (
    AgendaItemFactory,
    CountryFactory,
    FollowUpActionFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    ParagraphFactory,
    ParticipantFactory,
    ProgressUpdateFactory,
    ResolutionFactory,
)
from tests.helpers import change_form_data

pytestmark = pytest.mark.django_db

RECORD_MODELS = [
    models.Country,
    models.Organisation,
    models.Person,
    models.MeetingSeries,
    models.Meeting,
    models.Participant,
    models.AgendaItem,
    models.Paragraph,
    models.Resolution,
    models.FollowUpAction,
    models.ProgressUpdate,
]


@pytest.fixture
def alice(django_user_model):
    user = django_user_model.objects.create_superuser(
        "alice", password="pw", first_name="Alice", last_name="Amsterdam"
    )
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def auditor(django_user_model):
    """Staff allowed to view every records model and nothing else, as the Auditor group."""
    user = django_user_model.objects.create_user("audrey", password="pw", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="records", codename__startswith="view_"
        ).exclude(codename__startswith="view_historical")
    )
    client = Client()
    client.force_login(user)
    return client


def change_url(record):
    return reverse(f"admin:records_{record._meta.model_name}_change", args=[record.pk])


def history_url(record):
    return reverse(f"admin:records_{record._meta.model_name}_history", args=[record.pk])


def edit(client, record, **changes):
    """Open ``record``'s admin change page, change some fields, save; returns the response."""
    url = change_url(record)
    data = change_form_data(client.get(url))
    data.update(changes)
    return client.post(url, data)


def meeting_with_paragraph(text="The Meeting agreed to meet again in 2030."):
    meeting = MeetingFactory(draft=True, venue="Jakarta")
    paragraph = ParagraphFactory(meeting=meeting, number=1, text=text)
    return meeting, paragraph


def last_change(record):
    return record.history.order_by("-history_date", "-history_id").first()


def changed_fields(record):
    """``{field: (old, new)}`` of the last change to ``record``."""
    last = last_change(record)
    delta = last.diff_against(last.prev_record)
    return {change.field: (change.old, change.new) for change in delta.changes}


@pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda m: m.__name__)
def test_every_records_model_keeps_its_history(model):
    ProgressUpdateFactory(action__resolution=ResolutionFactory())
    ParticipantFactory()
    AgendaItemFactory()
    record = model.objects.first()
    assert record.history.filter(history_type="+").exists()


def test_a_meeting_edit_records_who_changed_which_field(alice):
    meeting, _ = meeting_with_paragraph()
    response = edit(alice, meeting, venue="Vientiane")
    assert response.status_code == 302
    last = last_change(meeting)
    assert (last.history_type, last.history_user) == ("~", alice.user)
    assert changed_fields(meeting) == {"venue": ("Jakarta", "Vientiane")}


def test_a_paragraph_edited_inline_records_its_own_change(alice):
    meeting, paragraph = meeting_with_paragraph("Teh Meeting agreed.")
    response = edit(alice, meeting, **{"paragraphs-0-text": "The Meeting agreed."})
    assert response.status_code == 302
    assert last_change(paragraph).history_user == alice.user
    assert changed_fields(paragraph) == {"text": ("Teh Meeting agreed.", "The Meeting agreed.")}


def test_an_inline_row_deleted_from_the_meeting_leaves_its_history(alice):
    meeting, paragraph = meeting_with_paragraph()
    response = edit(alice, meeting, **{"paragraphs-0-DELETE": "on"})
    assert response.status_code == 302
    assert not Paragraph.objects.exists()
    deleted = Paragraph.history.get(id=paragraph.pk, history_type="-")
    assert (deleted.history_user, deleted.text) == (alice.user, paragraph.text)


def test_a_resolutions_parties_change_is_recorded(alice):
    resolution = ResolutionFactory(paragraph__meeting__draft=True)
    japan = CountryFactory(name="Japan", code="JP")
    response = edit(alice, resolution, party_countries=[str(japan.pk)])
    assert response.status_code == 302
    parties = Resolution.history.filter(id=resolution.pk).order_by("history_date", "history_id")
    assert list(parties.last().party_countries.values_list("country", flat=True)) == [japan.pk]
    assert list(parties.first().party_countries.all()) == []
    assert {record.history_user for record in parties.filter(history_type="~")} == {alice.user}


def test_the_resolution_history_page_shows_its_parties_before_and_after(alice, auditor):
    resolution = ResolutionFactory(paragraph__meeting__draft=True)
    japan = CountryFactory(name="Japan", code="JP")
    edit(alice, resolution, party_countries=[str(japan.pk)])
    response = auditor.get(history_url(resolution))
    assertContains(response, "<strong>Party countries:</strong> (empty) → Japan", html=True)


def test_the_meeting_history_page_shows_its_inline_rows_changes(alice, auditor):
    meeting, _ = meeting_with_paragraph("Teh Meeting agreed.")
    edit(alice, meeting, venue="Vientiane", **{"paragraphs-0-text": "The Meeting agreed."})
    response = auditor.get(history_url(meeting))
    assertContains(response, "<strong>Venue:</strong> Jakarta → Vientiane", html=True)
    assertContains(response, "<del>Teh</del>", html=True)
    assertContains(response, "<ins>The</ins>", html=True)
    assertContains(response, f"Paragraph: ¶1 of {meeting}")
    assertContains(response, "<td>Alice Amsterdam</td>", count=2, html=True)


def test_the_history_page_shows_a_changed_paragraph_as_the_words_removed_and_added(alice, auditor):
    before = "The Meeting agreed " + "to strengthen co-operation, " * 20 + "by 2030."
    after = before.replace("by 2030", "by 2031")
    meeting, _ = meeting_with_paragraph(before)
    edit(alice, meeting, **{"paragraphs-0-text": after})
    response = auditor.get(history_url(meeting))
    assertContains(response, "<del>2030.</del>", html=True)
    assertContains(response, "<ins>2031.</ins>", html=True)
    assert "… " in response.content.decode()  # the unchanged start, shortened
    assertNotContains(response, f"{before} → ")  # never the two whole texts


def test_the_history_page_shows_choices_as_people_read_them(alice, auditor):
    meeting, _ = meeting_with_paragraph()
    edit(alice, meeting, format="online")
    response = auditor.get(history_url(meeting))
    assertContains(response, "<strong>Format:</strong> In person → Online", html=True)


def test_a_meetings_history_holds_its_decisions_and_actions_changes(alice, auditor):
    meeting, paragraph = meeting_with_paragraph()
    # Both parties are in the paragraph, so a decision may name either (records/wording.py).
    Paragraph.objects.filter(pk=paragraph.pk).update(
        text="The Meeting and The Ministers agreed to meet again in 2030."
    )
    paragraph.refresh_from_db()
    resolution = ResolutionFactory(paragraph=paragraph, parties="The Meeting")
    action = FollowUpActionFactory(meeting=meeting, resolution=resolution, paragraph=paragraph)
    edit(alice, resolution, parties="The Ministers")
    edit(alice, action, status="in_progress")
    response = auditor.get(history_url(meeting))
    assertContains(response, "<strong>Parties:</strong> The Meeting → The Ministers", html=True)
    assertContains(response, "<strong>Status:</strong> Open → In progress", html=True)
    resolution.refresh_from_db()
    assertContains(response, f"Decision: {resolution}")


def test_the_history_page_shows_the_correction_note_on_its_row(django_user_model, auditor):
    from django.contrib.auth.models import Group

    from records import roles

    publisher = django_user_model.objects.create_user("pat", password="pw", is_staff=True)
    publisher.groups.add(Group.objects.get(name=roles.PUBLISHER))
    client = Client()
    client.force_login(publisher)
    meeting = MeetingFactory(venue="Jakarta")  # published
    edit(client, meeting, venue="Vientiane", correction_note="The venue was misspelt.")
    response = auditor.get(history_url(meeting))
    assertContains(
        response,
        '<p class="audit-note"><strong>Correction note:</strong> The venue was misspelt.</p>',
        html=True,
        count=2,  # on the change, and on the correction itself
    )


def test_the_history_page_escapes_what_editors_wrote(alice, auditor):
    meeting, _ = meeting_with_paragraph()
    edit(alice, meeting, **{"paragraphs-0-text": "<script>alert(1)</script>"})
    response = auditor.get(history_url(meeting))
    assertNotContains(response, "<script>alert(1)")
    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")


@pytest.mark.parametrize(
    "factory", [MeetingFactory, ParagraphFactory, ResolutionFactory, FollowUpActionFactory]
)
def test_a_view_only_user_reads_history_and_past_versions(auditor, factory):
    record = factory()
    assert auditor.get(history_url(record)).status_code == 200
    version = record.history.get()
    past = reverse(
        f"admin:records_{record._meta.model_name}_simple_history",
        args=[record.pk, version.history_id],
    )
    response = auditor.get(past)
    assert response.status_code == 200
    assertNotContains(response, 'value="Revert"')


def test_no_revert_button_even_for_staff_who_may_change_the_record(alice):
    meeting = MeetingFactory()
    version = meeting.history.get()
    url = reverse("admin:records_meeting_simple_history", args=[meeting.pk, version.history_id])
    response = alice.get(url)
    assert response.status_code == 200
    assertNotContains(response, 'value="Revert"')
    assertNotContains(alice.get(history_url(meeting)), "revert")


@pytest.mark.parametrize("client_fixture", ["auditor", "alice"])
def test_nobody_reverts_a_record_from_its_history(request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    meeting = MeetingFactory(venue="Jakarta")
    original = meeting.history.get()
    meeting.venue = "Vientiane"
    meeting.save()
    url = reverse("admin:records_meeting_simple_history", args=[meeting.pk, original.history_id])
    data = change_form_data(client.get(change_url(meeting)))
    response = client.post(url, {**data, "venue": "Jakarta"})
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.venue == "Vientiane"


def test_a_view_only_user_cannot_change_a_record(auditor):
    meeting, _ = meeting_with_paragraph()
    response = auditor.get(change_url(meeting))
    assert response.status_code == 200
    assert "opened_versions" not in response.context["adminform"].form.fields
    data = {"venue": "Vientiane", "opened_versions": f"meeting:{meeting.pk}:1"}
    assert auditor.post(change_url(meeting), data).status_code == 403
    meeting.refresh_from_db()
    assert meeting.venue == "Jakarta"


@pytest.mark.parametrize("paragraphs", [2, 12])
def test_meeting_history_page_queries_do_not_grow_with_its_paragraphs(
    alice, auditor, django_assert_num_queries, paragraphs
):
    meeting = MeetingFactory(draft=True)
    AgendaItemFactory(meeting=meeting, number=1)
    for number in range(1, paragraphs + 1):
        ParagraphFactory(meeting=meeting, number=number)
    ParticipantFactory(meeting=meeting)
    edit(alice, meeting, **{f"paragraphs-{i}-text": f"Amended {i}." for i in range(paragraphs)})
    assert Paragraph.history.filter(history_type="~").count() == paragraphs
    # Session, user, the meeting, the user's permissions (2), the meeting's series (for its
    # name), the count and the page of its audit entries.
    with django_assert_num_queries(8):
        response = auditor.get(history_url(meeting))
    # Each paragraph added and changed; the agenda item, participant and meeting added (the
    # meeting's save with its inlines changed none of its own fields).
    assert response.context["page_obj"].paginator.count == 2 * paragraphs + 3


def test_a_save_bumps_the_cache_generation_once_not_again_for_its_history(committed):
    with committed():
        meeting = MeetingFactory()
    before = CacheGeneration.read()
    meeting.venue = "Vientiane"
    with CaptureQueriesContext(connection) as queries, committed():
        meeting.save()
    table = CacheGeneration._meta.db_table
    statements = [query["sql"] for query in queries.captured_queries]
    bumps = [sql for sql in statements if sql.startswith("UPDATE") and table in sql]
    assert len(bumps) == 1
    assert CacheGeneration.read() > before
    assert meeting.history.count() == 2


def test_records_written_in_bulk_have_no_history():
    from records.sample_data import generate_sample_data

    generate_sample_data(meetings=2, resolutions=4, seed=1)
    assert Meeting.objects.count() == 2
    assert not Meeting.history.exists()


def test_the_first_change_to_a_record_written_in_bulk_says_its_earlier_state_is_unknown(
    alice, auditor
):
    Meeting.objects.bulk_create([MeetingFactory.build(series=MeetingSeriesFactory(), draft=True)])
    meeting = Meeting.objects.get()
    assert not meeting.history.exists()
    edit(alice, meeting, venue="Vientiane")
    response = auditor.get(history_url(meeting))
    assertContains(response, "The first change recorded: what it changed is not known.")
    assertContains(response, "<td>Alice Amsterdam</td>", html=True)


def test_deleting_meetings_from_the_list_keeps_who_deleted_them_and_what_they_held(alice):
    meeting, paragraph = meeting_with_paragraph()
    response = alice.post(
        reverse("admin:records_meeting_changelist"),
        {"action": "delete_selected", "_selected_action": [meeting.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Meeting.objects.exists()
    deleted_meeting = Meeting.history.get(id=meeting.pk, history_type="-")
    deleted_paragraph = Paragraph.history.get(id=paragraph.pk, history_type="-")
    assert deleted_meeting.history_user == deleted_paragraph.history_user == alice.user
    assert deleted_paragraph.text == paragraph.text
