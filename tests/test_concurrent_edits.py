"""No lost edits: when two staff open the same record and both save, the second save is
refused with a clear message, and nothing the first saved is overwritten."""

import threading
import time

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.urls import reverse
from pytest_django.asserts import assertContains

from records.models import Delegate, FollowUpAction, Meeting, Paragraph, Resolution
from tests import factories
from tests.factories import (
    CountryFactory,
    FollowUpActionFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    ParagraphFactory,
    PersonFactory,
    ResolutionFactory,
)
from tests.helpers import change_form_data

pytestmark = pytest.mark.django_db

REFUSED = "after you opened it; your changes were not saved. Reload to see the current version."


def staff(django_user_model, name):
    user = django_user_model.objects.create_superuser(name, password="pw")
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice(django_user_model):
    return staff(django_user_model, "alice")


@pytest.fixture
def bob(django_user_model):
    return staff(django_user_model, "bob")


def change_url(record):
    return reverse(f"admin:records_{record._meta.model_name}_change", args=[record.pk])


def opened(client, record):
    """The change page of ``record`` as ``client`` opened it: its POST data, unedited."""
    return change_form_data(client.get(change_url(record)))


def save(client, record, data, **changes):
    return client.post(change_url(record), {**data, **changes})


@pytest.fixture
def meeting():
    meeting = MeetingFactory(draft=True, venue="Jakarta", note="")
    ParagraphFactory(meeting=meeting, number=1, text="The Meeting agreed.")
    ParagraphFactory(meeting=meeting, number=2, text="The Meeting noted.")
    return meeting


def test_the_second_of_two_saves_of_a_meeting_is_refused_and_writes_nothing(alice, bob, meeting):
    alices_page, bobs_page = opened(alice, meeting), opened(bob, meeting)
    assert save(alice, meeting, alices_page, venue="Vientiane").status_code == 302
    response = save(
        bob,
        meeting,
        bobs_page,
        note="Bob's note.",
        **{"paragraphs-0-text": "Bob's wording.", "paragraphs-1-DELETE": "on"},
    )
    assert response.status_code == 200
    assertContains(response, "This meeting was changed by alice at ")
    assertContains(response, REFUSED)
    meeting.refresh_from_db()
    assert (meeting.venue, meeting.note) == ("Vientiane", "")
    assert list(meeting.paragraphs.values_list("text", flat=True)) == [
        "The Meeting agreed.",
        "The Meeting noted.",
    ]
    assert not Paragraph.history.filter(history_user__username="bob").exists()
    assert not Meeting.history.filter(history_user__username="bob").exists()


def test_the_refusal_names_the_time_of_the_change_that_came_first(alice, bob, meeting):
    alices_page, bobs_page = opened(alice, meeting), opened(bob, meeting)
    save(alice, meeting, alices_page, venue="Vientiane")
    when = meeting.history.latest("history_date").history_date
    response = save(bob, meeting, bobs_page, venue="Manila")
    assertContains(response, f"changed by alice at {when:%-d %B %Y, %H:%M:%S} UTC after")


def test_an_inline_only_change_also_moves_the_meeting_on(alice, bob, meeting):
    alices_page, bobs_page = opened(alice, meeting), opened(bob, meeting)
    version = meeting.version
    save(alice, meeting, alices_page, **{"paragraphs-0-text": "The Meeting decided."})
    meeting.refresh_from_db()
    assert meeting.version > version
    response = save(bob, meeting, bobs_page, venue="Manila")
    assertContains(response, REFUSED)
    assert meeting.paragraphs.get(number=1).text == "The Meeting decided."


def test_after_reloading_the_second_editor_saves(alice, bob, meeting):
    alices_page, bobs_page = opened(alice, meeting), opened(bob, meeting)
    save(alice, meeting, alices_page, venue="Vientiane")
    assertContains(save(bob, meeting, bobs_page, note="Bob's note."), REFUSED)
    assert save(bob, meeting, opened(bob, meeting), note="Bob's note.").status_code == 302
    meeting.refresh_from_db()
    assert (meeting.venue, meeting.note) == ("Vientiane", "Bob's note.")


def test_saving_twice_from_the_same_page_is_refused_the_second_time(alice, meeting):
    page = opened(alice, meeting)
    assert save(alice, meeting, page, venue="Vientiane").status_code == 302
    assertContains(save(alice, meeting, page, venue="Manila"), "was changed by alice")


def test_a_form_without_its_opened_version_is_refused(alice, meeting):
    page = opened(alice, meeting)
    del page["opened_versions"]
    response = save(alice, meeting, page, venue="Manila")
    assertContains(response, "This form does not say which version of the record it was opened at")
    meeting.refresh_from_db()
    assert meeting.venue == "Jakarta"


def test_a_paragraph_saved_on_its_own_page_refuses_the_meetings_older_form(alice, bob, meeting):
    paragraph = meeting.paragraphs.get(number=1)
    bobs_meeting_page = opened(bob, meeting)
    alices_paragraph_page = opened(alice, paragraph)
    assert save(alice, paragraph, alices_paragraph_page, text="Alice's.").status_code == 302
    response = save(bob, meeting, bobs_meeting_page, **{"paragraphs-0-text": "Bob's."})
    assertContains(response, "This meeting was changed by alice")
    paragraph.refresh_from_db()
    assert paragraph.text == "Alice's."


def test_the_meeting_saved_refuses_a_paragraph_page_opened_before(alice, bob, meeting):
    paragraph = meeting.paragraphs.get(number=1)
    bobs_paragraph_page = opened(bob, paragraph)
    save(alice, meeting, opened(alice, meeting), **{"paragraphs-0-text": "Alice's."})
    response = save(bob, paragraph, bobs_paragraph_page, text="Bob's.")
    assertContains(response, "This meeting was changed by alice")
    paragraph.refresh_from_db()
    assert paragraph.text == "Alice's."


def test_the_second_of_two_saves_of_a_resolution_is_refused(alice, bob):
    resolution = ResolutionFactory(
        paragraph__meeting__draft=True,
        paragraph__text="The Meeting of ASEAN agreed to meet again.",
        parties="The Meeting",
    )
    FollowUpActionFactory(paragraph=resolution.paragraph, resolution=resolution)
    japan = CountryFactory(name="Japan", code="JP")
    alices_page, bobs_page = opened(alice, resolution), opened(bob, resolution)
    assert save(alice, resolution, alices_page, parties="ASEAN").status_code == 302
    response = save(
        bob,
        resolution,
        bobs_page,
        party_countries=[str(japan.pk)],
        **{"follow_up_actions-0-description": "Bob's action."},
    )
    assertContains(response, "This decision was changed by alice")
    resolution.refresh_from_db()
    assert resolution.parties == "ASEAN"
    assert not resolution.party_countries.exists()
    assert resolution.follow_up_actions.get().description != "Bob's action."


def test_an_action_edited_in_its_resolution_refuses_the_actions_older_form(alice, bob):
    resolution = ResolutionFactory(paragraph__meeting__draft=True)
    action = FollowUpActionFactory(paragraph=resolution.paragraph, resolution=resolution)
    bobs_action_page = opened(bob, action)
    response = save(
        alice,
        resolution,
        opened(alice, resolution),
        **{"follow_up_actions-0-description": "Alice's action."},
    )
    assert response.status_code == 302
    response = save(bob, action, bobs_action_page, description="Bob's action.")
    assertContains(response, "This follow-up action was changed by alice")
    assert FollowUpAction.objects.get().description == "Alice's action."


def test_an_action_saved_on_its_own_page_refuses_its_resolutions_older_form(alice, bob):
    resolution = ResolutionFactory(paragraph__meeting__draft=True)
    action = FollowUpActionFactory(paragraph=resolution.paragraph, resolution=resolution)
    bobs_resolution_page = opened(bob, resolution)
    assert save(alice, action, opened(alice, action), status="done").status_code == 302
    response = save(
        bob, resolution, bobs_resolution_page, **{"follow_up_actions-0-status": "cancelled"}
    )
    assertContains(response, "This decision was changed by alice")
    assert FollowUpAction.objects.get().status == "done"


@pytest.mark.parametrize(
    ("factory", "alices", "bobs"),
    [
        (PersonFactory, {"name": "TANAKA Hanako"}, {"honorific": "Dr."}),
        (OrganisationFactory, {"name": "Ministry of Transport"}, {"short_name": "MOT"}),
        (CountryFactory, {"name": "Viet Nam"}, {"asean_member_since": "1995-07-28"}),
        (MeetingSeriesFactory, {"name": "ASEAN Smart Cities Forum"}, {"description": "Bob's."}),
    ],
    ids=["person", "organisation", "country", "series"],
)
def test_the_second_of_two_saves_of_reference_data_is_refused(alice, bob, factory, alices, bobs):
    row = factory()
    alices_page, bobs_page = opened(alice, row), opened(bob, row)
    assert save(alice, row, alices_page, **alices).status_code == 302
    response = save(bob, row, bobs_page, **bobs)
    assertContains(response, f"This {row._meta.verbose_name} was changed by alice at ")
    assertContains(response, REFUSED)
    saved = type(row).objects.get(pk=row.pk)
    assert {field: str(getattr(saved, field)) for field in alices} == alices
    assert all(getattr(saved, field) == getattr(row, field) for field in bobs)
    assert not type(row).history.filter(history_user__username="bob").exists()


def _editable_in_the_admin(model) -> bool:
    """Whether anyone may change the model's rows in the admin (logs of what was sent and
    the public's subscriptions are read-only there)."""
    request = RequestFactory().get("/")
    request.user = User(is_active=True, is_staff=True, is_superuser=True)
    return admin.site._registry[model].has_change_permission(request)


@pytest.mark.parametrize(
    "model",
    [
        model
        for model in admin.site._registry
        if model._meta.app_label == "records"
        and _editable_in_the_admin(model)
        # Accounts, not records (a delegate's name and whether they may sign in): no version,
        # as on Django's own user pages; deactivating twice is deactivating once.
        and model is not Delegate
    ],
    ids=lambda model: model._meta.model_name,
)
def test_every_records_change_page_is_saved_only_over_the_version_it_opened(
    alice, model, settings, tmp_path
):
    """What a change page edits inline (participants, agenda items and paragraphs on the
    meeting; actions on the resolution; progress on the action) is guarded by its page."""
    settings.MEDIA_ROOT = str(tmp_path)
    row = getattr(factories, f"{model.__name__}Factory")()
    assertContains(alice.get(change_url(row)), 'name="opened_versions"')


def test_each_save_of_a_versioned_record_moves_its_version_on():
    meeting = MeetingFactory()
    assert meeting.version == 1
    meeting.save()
    meeting.save(update_fields=["venue"])
    assert Meeting.objects.get().version == 3
    resolution = ResolutionFactory(paragraph__meeting__draft=True)
    resolution.save()
    assert Resolution.objects.get().version == 2


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_save_waits_for_one_in_progress_and_then_is_refused(bob):
    """The version is checked under a row lock: a save that starts while another is still
    being written waits for it, then sees the new version, rather than overwriting it."""
    meeting = MeetingFactory(draft=True, venue="Jakarta")
    bobs_page = opened(bob, meeting)
    locked, release = threading.Event(), threading.Event()

    def first_save():
        try:
            with transaction.atomic():
                first = Meeting.objects.select_for_update().get(pk=meeting.pk)
                locked.set()
                release.wait(timeout=30)
                first.venue = "Vientiane"
                first.save()
        finally:
            connection.close()

    def release_once_bob_waits():
        try:
            waiting = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            with connection.cursor() as cursor:
                for _ in range(300):
                    cursor.execute(waiting)
                    if cursor.fetchone()[0]:
                        break
                    time.sleep(0.05)
        finally:
            connection.close()
            release.set()

    threads = [threading.Thread(target=first_save), threading.Thread(target=release_once_bob_waits)]
    threads[0].start()
    assert locked.wait(timeout=30)
    threads[1].start()
    response = save(bob, meeting, bobs_page, venue="Manila")
    for thread in threads:
        thread.join()
    assertContains(response, REFUSED)
    meeting.refresh_from_db()
    assert meeting.venue == "Vientiane"
