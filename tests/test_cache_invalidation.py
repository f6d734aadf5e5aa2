"""The public's cache is renewed by what the public may see, once per committed transaction:
a draft's edits leave it alone, a correction renews it at once, and a record's PDF, Akoma
Ntoso and JSON are rendered once per generation, answering 304 without rendering."""

import threading

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from records import roles
from records.languages import (
    language_version_add,
    language_version_publish,
    language_version_submit_for_review,
)
from records.models import CacheGeneration, Meeting, Paragraph, Resolution
from records.services import meeting_correct, meeting_submit_for_review
from tests.factories import (
    CountryFactory,
    FollowUpActionFactory,
    MeetingFactory,
    ParagraphFactory,
    ParticipantFactory,
    PersonFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db


def published_record(paragraphs=3, **fields):
    meeting = MeetingFactory(**fields)
    ParticipantFactory(meeting=meeting)
    for number in range(1, paragraphs + 1):
        paragraph = ParagraphFactory(meeting=meeting, number=number)
        ResolutionFactory(paragraph=paragraph)
        FollowUpActionFactory(paragraph=paragraph)
    return meeting


PUBLIC_URLS = ["record", "/", "/meetings/", "/resolutions/", "/search/?q=agreed"]


def address(url, meeting):
    return meeting.get_absolute_url() if url == "record" else url


# A draft's edits leave the public's cache alone -----------------------------------------


@pytest.mark.parametrize("url", PUBLIC_URLS)
@pytest.mark.parametrize("state", [Meeting.Status.DRAFT, Meeting.Status.IN_REVIEW])
def test_editing_a_record_being_written_leaves_the_public_pages_cached(
    django_assert_num_queries, committed, url, state
):
    with committed():
        published = published_record()
        draft = published_record(status=state, published_at=None)
    first = Client().get(address(url, published))
    generation = CacheGeneration.read()
    with committed():
        paragraph = draft.paragraphs.get(number=1)
        paragraph.text = "The Meeting agreed to a wording still being negotiated."
        paragraph.save()
        draft.title = "Summary Record of a Meeting Still Being Written"
        draft.save()
        ResolutionFactory(paragraph=paragraph, text="a decision still being drafted")
        FollowUpActionFactory(paragraph=paragraph).delete()
        draft.participants.get().delete()
    assert CacheGeneration.read() == generation
    with django_assert_num_queries(1):  # the generation: the page is served as cached
        again = Client().get(address(url, published))
    assert again.status_code == 200
    assert again.content == first.content


def test_submitting_a_draft_for_review_leaves_the_public_pages_cached(committed, user_in_role):
    with committed():
        draft = published_record(status=Meeting.Status.DRAFT, published_at=None)
    generation = CacheGeneration.read()
    with committed():
        meeting_submit_for_review(meeting=draft, user=user_in_role(roles.EDITOR))
    assert CacheGeneration.read() == generation


def test_renaming_a_person_only_drafts_show_leaves_the_public_pages_cached(committed):
    with committed():
        draft = published_record(status=Meeting.Status.DRAFT, published_at=None)
        published = published_record()
    person = draft.participants.get().person
    generation = CacheGeneration.read()
    with committed():
        person.name = "TANAKA Jiro"
        person.save()
        PersonFactory()  # a new person, for the draft's next participant
    assert CacheGeneration.read() == generation
    published_person = published.participants.get().person
    with committed():
        published_person.name = "SUZUKI Ichiro"
        published_person.save()
    assert CacheGeneration.read() > generation


def test_linking_a_country_to_a_drafts_decision_leaves_the_public_pages_cached(committed):
    with committed():
        draft = published_record(status=Meeting.Status.DRAFT, published_at=None)
        published = published_record()
        country = CountryFactory()
    generation = CacheGeneration.read()
    draft_decision = Resolution.objects.filter(paragraph__meeting=draft).first()
    with committed():
        country.resolutions.add(draft_decision)  # from the country's side
    assert CacheGeneration.read() == generation
    with committed():
        country.resolutions.add(Resolution.objects.filter(paragraph__meeting=published).first())
    assert CacheGeneration.read() > generation


# What the public sees renews it at once --------------------------------------------------


def test_adding_and_editing_a_language_version_in_draft_leaves_the_public_pages_cached(
    committed, user_in_role
):
    with committed():
        meeting = published_record(paragraphs=2)
    first = Client().get(meeting.get_absolute_url())
    generation = CacheGeneration.read()
    with committed():
        version = language_version_add(
            meeting=meeting,
            language="vi",
            title="Biên bản tóm tắt",
            paragraphs=[(1, "Hội nghị đã đồng ý."), (2, "Hội nghị ghi nhận.")],
            user=user_in_role(roles.EDITOR),
        )
    with committed():
        paragraph = version.paragraphs.get(number=2)
        paragraph.text = "Hội nghị đã ghi nhận."
        paragraph.save()
        language_version_submit_for_review(
            language_version=version, user=user_in_role(roles.EDITOR, "second-editor")
        )
    assert CacheGeneration.read() == generation
    assert Client().get(meeting.get_absolute_url()).content == first.content


def test_publishing_a_language_version_shows_it_on_the_record_page_at_once(committed, user_in_role):
    with committed():
        meeting = published_record(paragraphs=1)
        version = language_version_add(
            meeting=meeting, language="th", title="บันทึกสรุป", paragraphs=[(1, "ที่ประชุมเห็นชอบ")]
        )
        language_version_submit_for_review(language_version=version, user=None)
    alternate = '<link rel="alternate" hreflang="th"'
    assert alternate not in Client().get(meeting.get_absolute_url()).content.decode()
    with committed():
        language_version_publish(language_version=version, user=user_in_role(roles.PUBLISHER))
    assert alternate in Client().get(meeting.get_absolute_url()).content.decode()


def test_a_published_correction_shows_its_new_text_at_once(committed, user_in_role):
    meeting = published_record()
    url = meeting.get_absolute_url()
    assert "to a wording corrected" not in Client().get(url).content.decode()
    paragraph = meeting.paragraphs.get(number=2)
    paragraph.text = "The Meeting agreed to a wording corrected after publication."
    with committed(), transaction.atomic():
        paragraph.save()
        meeting_correct(
            meeting=meeting, note="Paragraph 2 corrected.", user=user_in_role(roles.PUBLISHER)
        )
    page = Client().get(url).content.decode()
    assert "to a wording corrected after publication" in page
    assert "Paragraph 2 corrected." in page


def test_restricting_a_published_record_takes_it_off_the_public_pages_at_once(committed):
    meeting = published_record()
    assert Client().get(meeting.get_absolute_url()).status_code == 200
    assert meeting.get_absolute_url() in Client().get("/meetings/").content.decode()
    meeting.visibility = Meeting.Visibility.RESTRICTED
    with committed():
        meeting.save()
    assert Client().get(meeting.get_absolute_url()).status_code == 404
    assert meeting.get_absolute_url() not in Client().get("/meetings/").content.decode()


def test_moving_a_paragraph_out_of_a_published_record_renews_its_page(committed):
    published = published_record()
    draft = published_record(status=Meeting.Status.DRAFT, published_at=None)
    paragraph = ParagraphFactory(meeting=published, number=9, text="A paragraph filed wrongly.")
    url = published.get_absolute_url()
    assert "filed wrongly" in Client().get(url).content.decode()
    # Read afresh, as the admin does: it remembers the record it was loaded in.
    paragraph = Paragraph.objects.get(pk=paragraph.pk)
    paragraph.meeting = draft
    with committed():
        paragraph.save()  # to the draft: only the record it left is public
    assert "filed wrongly" not in Client().get(url).content.decode()


def test_the_generation_moves_once_after_a_transaction_that_saves_many_parts(committed):
    with committed():
        meeting = published_record(paragraphs=10)
    paragraphs = list(meeting.paragraphs.all())
    table = CacheGeneration._meta.db_table
    with CaptureQueriesContext(connection) as queries, committed(), transaction.atomic():
        for paragraph in paragraphs:
            paragraph.text += " (corrected)"
            paragraph.save()
            for resolution in paragraph.resolutions.all():
                resolution.save()
        in_the_transaction = len(queries.captured_queries)
    bumps = [
        index
        for index, query in enumerate(queries.captured_queries)
        if query["sql"].startswith("UPDATE") and table in query["sql"]
    ]
    assert len(bumps) == 1
    assert bumps[0] >= in_the_transaction  # after the commit, not in the transaction


def test_the_generation_never_goes_back_to_a_number_pages_were_cached_under(committed):
    with committed():
        MeetingFactory()
    used = CacheGeneration.read()
    # A backup restored from before (or a database made afresh) holds an older number.
    CacheGeneration.objects.update(number=5)
    with committed():
        MeetingFactory()
    assert CacheGeneration.read() > used


# Writers never queue on the generation ----------------------------------------------------


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_writers_correcting_records_at_once_do_not_wait_for_each_other():
    first, second = published_record(), published_record()
    saved, release = threading.Event(), threading.Event()
    errors = []

    def hold_a_correction_open():
        try:
            with transaction.atomic():
                paragraph = first.paragraphs.get(number=1)
                paragraph.text = "Corrected by the first writer."
                paragraph.save()
                saved.set()
                release.wait(timeout=30)
        except Exception as error:  # reported below, in the test's own thread
            errors.append(error)
            saved.set()
        finally:
            connections.close_all()

    writer = threading.Thread(target=hold_a_correction_open)
    writer.start()
    try:
        assert saved.wait(timeout=30)
        generation = CacheGeneration.read()
        with transaction.atomic():
            with connection.cursor() as cursor:
                # Waiting on the first writer's row lock would fail this, not hang.
                cursor.execute("SET LOCAL lock_timeout = '3s'")
            paragraph = second.paragraphs.get(number=1)
            paragraph.text = "Corrected by the second writer."
            paragraph.save()
        assert CacheGeneration.read() > generation  # moved, with the first still open
    finally:
        release.set()
        writer.join(timeout=30)
    assert errors == []


# Render once: the record's PDF, Akoma Ntoso and JSON --------------------------------------

FORMS = ["record.pdf", "akn.xml", "api"]


def form_url(form, meeting):
    if form == "api":
        return f"/api/meetings/{meeting.slug}/"
    return f"{meeting.get_absolute_url()}{form}"


@pytest.mark.parametrize("name", FORMS)
def test_a_current_etag_is_answered_304_from_the_cache_without_rendering(
    django_assert_num_queries, name
):
    meeting = published_record()
    url = form_url(name, meeting)
    first = Client().get(url)
    assert first.status_code == 200
    with django_assert_num_queries(1):  # the generation; the record is not even loaded
        not_modified = Client().get(url, headers={"if-none-match": first["ETag"]})
    assert not_modified.status_code == 304
    assert not_modified["ETag"] == first["ETag"]
    with django_assert_num_queries(1):
        again = Client().get(url)
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Last-Modified"] == first["Last-Modified"]


@pytest.mark.parametrize("name", FORMS)
def test_a_rendering_is_renewed_by_a_correction_and_keeps_its_etag_across_an_emptied_cache(
    committed, name
):
    meeting = published_record()
    url = form_url(name, meeting)
    first = Client().get(url)
    cache.clear()
    assert Client().get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    paragraph = meeting.paragraphs.get(number=1)
    paragraph.text = "The Meeting agreed to the corrected wording."
    with committed():
        paragraph.save()
    corrected = Client().get(url, headers={"if-none-match": first["ETag"]})
    assert corrected.status_code == 200
    assert corrected["ETag"] != first["ETag"]


@pytest.mark.parametrize("name", ["record.pdf", "akn.xml"])
def test_a_delegates_rendering_of_a_restricted_record_never_reaches_the_public(
    client, user_in_role, name
):
    meeting = published_record(visibility=Meeting.Visibility.RESTRICTED)
    url = form_url(name, meeting)
    client.force_login(user_in_role(roles.DELEGATE))
    assert client.get(url).status_code == 200
    assert Client().get(url).status_code == 404
    assert client.get(url).status_code == 200  # nor the public's 404 the delegate


def test_emptying_the_cache_signs_nobody_out(client):
    user = User.objects.create_user("officer", password="a long passphrase", is_staff=True)
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    cache.clear()
    assert client.get("/admin/").status_code == 200
