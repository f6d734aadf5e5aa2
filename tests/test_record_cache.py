"""Public pages are rendered once and cached until a change the public may see commits."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from records import caching
from records.models import CacheGeneration, Country, Meeting, Resolution
from records.services import meeting_withdraw
from tests.factories import (
    FollowUpActionFactory,
    MeetingFactory,
    ParagraphFactory,
    ParticipantFactory,
    ProgressUpdateFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db


def make_record(paragraphs=2):
    meeting = MeetingFactory()
    ParticipantFactory(meeting=meeting)
    for number in range(1, paragraphs + 1):
        paragraph = ParagraphFactory(meeting=meeting, number=number)
        resolution = ResolutionFactory(paragraph=paragraph)
        FollowUpActionFactory(paragraph=paragraph, resolution=resolution)
    return meeting


def version():
    # Read as the pages do: the row may be missing after a flush (transactional tests).
    return CacheGeneration.read()


@pytest.mark.parametrize("paragraphs", [1, 25])
def test_cached_record_page_reads_one_row_however_long_the_record(
    django_assert_num_queries, paragraphs
):
    meeting = make_record(paragraphs)
    first = Client().get(meeting.get_absolute_url())
    with django_assert_num_queries(1):
        again = Client().get(meeting.get_absolute_url())
    assert again.content == first.content
    assert again.content.decode().count('class="paragraph"') == paragraphs


def test_corrected_paragraph_shows_at_once(client, committed):
    meeting = make_record()
    paragraph = meeting.paragraphs.get(number=1)
    client.get(meeting.get_absolute_url())
    paragraph.text = "The Meeting agreed to the corrected wording."
    with committed():
        paragraph.save()
    assert "the corrected wording" in client.get(meeting.get_absolute_url()).content.decode()


def test_deleted_resolution_disappears_at_once(client, committed):
    meeting = make_record(paragraphs=1)
    resolution = ResolutionFactory(
        paragraph=meeting.paragraphs.get(), parties="Japan", text="strengthen co-operation"
    )
    assert "Japan <strong" in client.get(meeting.get_absolute_url()).content.decode()
    with committed():
        resolution.delete()
    assert "Japan <strong" not in client.get(meeting.get_absolute_url()).content.decode()


def test_renamed_person_shows_on_every_record_at_once(client, committed):
    meeting = make_record()
    person = meeting.participants.get().person
    client.get(meeting.get_absolute_url())
    person.name = "SATO Hanako"
    with committed():
        person.save()
    assert "SATO Hanako" in client.get(meeting.get_absolute_url()).content.decode()


def test_withdrawn_record_is_not_served_from_the_cache(client, committed):
    meeting = make_record()
    assert client.get(meeting.get_absolute_url()).status_code == 200
    with committed():
        meeting_withdraw(meeting=meeting, reason="Adopted text replaced.", user=None)
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_progress_on_an_action_of_a_record_withdrawn_later_stops_showing(client, committed):
    update = ProgressUpdateFactory(text="Progress reported.")
    later, earlier = update.meeting, update.action.meeting
    assert update.action.description in client.get(later.get_absolute_url()).content.decode()
    with committed():
        meeting_withdraw(meeting=earlier, reason="Adopted text replaced.", user=None)
    assert update.action.description not in client.get(later.get_absolute_url()).content.decode()


def test_every_save_delete_and_link_change_of_a_published_record_moves_the_generation(
    committed,
):
    before = version()
    with committed():
        resolution = ResolutionFactory()  # meeting, paragraph and resolution saved
    after_create = version()
    with committed():
        resolution.party_countries.add(Country.objects.create(name="Japan", code="JP"))
    after_link = version()
    with committed():
        resolution.delete()
    assert before < after_create < after_link < version()


def test_the_generation_moves_after_the_commit_never_for_a_rollback(committed):
    before = version()
    with committed():
        with transaction.atomic():
            MeetingFactory()
            assert version() == before  # readers see the old number with the old data
        assert version() == before
    assert version() > before
    moved = version()
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        MeetingFactory()
        raise RuntimeError("roll back")
    assert version() == moved


def test_generated_sample_data_moves_the_generation_though_it_sends_no_signals(committed):
    before = version()
    with committed():
        call_command(
            "generate_sample_data", meetings=1, resolutions=0, stdout=StringIO(), stderr=StringIO()
        )
    assert version() > before


def test_a_staff_preview_of_a_draft_is_not_what_the_public_gets_once_published(
    client, admin_user, committed
):
    meeting = MeetingFactory(draft=True)
    ParagraphFactory(meeting=meeting, text="Draft wording.")
    client.force_login(admin_user)
    assert "Draft wording." in client.get(meeting.get_absolute_url()).content.decode()
    paragraph = meeting.paragraphs.get()
    paragraph.text = "Adopted wording."
    meeting.status = Meeting.Status.PUBLISHED
    meeting.full_clean()  # dates the publication, as the admin does
    with committed():
        paragraph.save()
        meeting.save()
    public = Client().get(meeting.get_absolute_url()).content.decode()
    assert "Adopted wording." in public
    assert "Draft wording." not in public
    assert "Preview:" not in public


def test_signed_in_staff_always_get_the_page_rendered_afresh(client, admin_user):
    meeting = make_record()
    Client().get(meeting.get_absolute_url())
    client.force_login(admin_user)
    paragraph = meeting.paragraphs.get(number=1)
    type(paragraph).objects.filter(pk=paragraph.pk).update(text="Changed without signals.")
    assert "Changed without signals." in client.get(meeting.get_absolute_url()).content.decode()


def test_each_address_is_cached_on_its_own(client):
    meeting = make_record()
    client.get(meeting.get_absolute_url())
    paragraph = meeting.paragraphs.get(number=1)
    type(paragraph).objects.filter(pk=paragraph.pk).update(text="Changed without signals.")
    fresh = client.get(meeting.get_absolute_url(), {"utm_source": "mail"}).content.decode()
    assert "Changed without signals." in fresh


def test_each_host_and_scheme_gets_the_page_with_its_own_address(client, settings):
    settings.ALLOWED_HOSTS = ["records.asean.org", "mirror.example.org"]
    url = make_record().get_absolute_url()
    for host, secure in [
        ("records.asean.org", False),
        ("mirror.example.org", False),
        ("records.asean.org", True),
    ]:
        page = client.get(url, headers={"host": host}, secure=secure).content.decode()
        assert f"{'https' if secure else 'http'}://{host}{url}" in page


def test_cached_pages_are_rendered_afresh_the_next_day(client, monkeypatch):
    meeting = make_record()
    client.get(meeting.get_absolute_url())
    paragraph = meeting.paragraphs.get(number=1)
    type(paragraph).objects.filter(pk=paragraph.pk).update(text="Changed without signals.")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(caching.timezone, "localdate", lambda: tomorrow)
    assert "Changed without signals." in client.get(meeting.get_absolute_url()).content.decode()


@pytest.mark.parametrize("url", ["/", "/meetings/"])
def test_a_newly_published_record_is_listed_at_once(client, committed, url):
    MeetingFactory()
    client.get(url)
    draft = MeetingFactory(draft=True, title="Summary Record of the Newly Published Meeting")
    assert "Newly Published" not in client.get(url).content.decode()
    draft.status = Meeting.Status.PUBLISHED
    draft.full_clean()
    with committed():
        draft.save()
    assert "Newly Published" in client.get(url).content.decode()


def test_a_page_not_found_is_not_cached(client):
    draft = MeetingFactory(draft=True)
    assert client.get(draft.get_absolute_url()).status_code == 404
    type(draft).objects.filter(pk=draft.pk).update(
        status=Meeting.Status.PUBLISHED, published_at=timezone.now()
    )
    assert client.get(draft.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "url", ["/resolutions/", "/resolutions/?verb=agreed", "/search/?q=airship"]
)
def test_lists_and_search_show_a_corrected_clause_at_once(client, committed, url):
    resolution = ResolutionFactory(
        paragraph__text="The Meeting agreed to study the zeppelin airship.",
        text="to study the zeppelin airship",
    )
    assert "zeppelin" in client.get(url).content.decode()
    paragraph = resolution.paragraph
    paragraph.text = "The Meeting agreed to study the dirigible airship."
    resolution.text = "to study the dirigible airship"
    with committed():
        paragraph.save()
        resolution.save()
    page = client.get(url).content.decode()
    assert "zeppelin" not in page
    assert "dirigible" in page


def test_overview_counts_a_newly_published_record_at_once(client, committed):
    ResolutionFactory()
    draft = MeetingFactory(draft=True)
    ResolutionFactory(paragraph__meeting=draft)
    assert draft.get_absolute_url() not in client.get("/overview/").content.decode()
    draft.status = Meeting.Status.PUBLISHED
    draft.full_clean()
    with committed():
        draft.save()
    assert draft.get_absolute_url() in client.get("/overview/").content.decode()


def test_a_csv_export_is_never_served_from_the_cache(client):
    ResolutionFactory()
    b"".join(client.get("/resolutions/?format=csv").streaming_content)
    Resolution.objects.update(parties="Changed without signals")
    export = b"".join(client.get("/resolutions/?format=csv").streaming_content).decode()
    assert "Changed without signals" in export


def test_a_flushed_generation_row_reads_as_zero_and_the_next_change_brings_it_back(committed):
    CacheGeneration.objects.all().delete()  # as a transactional test's flush does
    assert CacheGeneration.read() == 0
    with committed():
        MeetingFactory()
    assert CacheGeneration.read() > 0
