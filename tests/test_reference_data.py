"""A change to a person, organisation, country or series that published records show is made
only by a publisher, as a public correction of each of those records; a withdrawn record
freezes what it shows; what only drafts show is changed freely."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from records import roles
from records.models import Correction, Meeting, Organisation
from tests.factories import (
    CountryFactory,
    FollowUpActionFactory,
    MeetingFactory,
    OrganisationFactory,
    ParticipantFactory,
    PersonFactory,
    ProgressUpdateFactory,
    ResolutionFactory,
)
from tests.helpers import change_form_data

pytestmark = pytest.mark.django_db

Status = Meeting.Status
NOTE = "The co-chair's name was misspelt; it reads “TANAKA Hanako”."


@pytest.fixture
def editor(signed_in):
    return signed_in(roles.EDITOR)


@pytest.fixture
def publisher(signed_in):
    return signed_in(roles.PUBLISHER)


@pytest.fixture
def person():
    return PersonFactory(honorific="Ms.", name="TANAKA Hanakp")


def chaired_by(person, status=Status.PUBLISHED):
    """A record in ``status`` whose co-chair is ``person``."""
    published = status in {Status.PUBLISHED, Status.WITHDRAWN}
    meeting = MeetingFactory(status=status, published_at=timezone.now() if published else None)
    ParticipantFactory(meeting=meeting, person=person)
    return meeting


def change_url(row):
    return reverse(f"admin:records_{row._meta.model_name}_change", args=[row.pk])


def save(client, row, **changes):
    """Open ``row``'s change page as ``client``, change the fields and save."""
    data = change_form_data(client.get(change_url(row)))
    return client.post(change_url(row), {**data, **changes})


def fresh(row):
    return type(row).objects.get(pk=row.pk)


def test_editor_renaming_a_person_a_published_record_shows_is_refused(editor, person):
    meeting = chaired_by(person)
    response = save(editor, person, name="TANAKA Hanako")
    assertContains(
        response,
        "Published records show this person’s name: only a publisher can change it, with a "
        f"correction note on each of them (“{meeting}”).",
    )
    assert fresh(person).name == "TANAKA Hanakp"
    assert not Correction.objects.exists()


def test_publisher_renaming_a_person_a_published_record_shows_writes_the_note(publisher, person):
    chaired_by(person)
    response = save(publisher, person, name="TANAKA Hanako")
    assertContains(
        response,
        "Published records show this person’s name: write the correction note the public will "
        "read with each of them.",
    )
    assert fresh(person).name == "TANAKA Hanakp"
    assert not Correction.objects.exists()


def test_publisher_renaming_a_person_corrects_each_published_record_showing_it(
    client, publisher, person
):
    first, second = chaired_by(person), chaired_by(person)
    draft = chaired_by(person, Status.DRAFT)
    response = save(publisher, person, name="TANAKA Hanako", correction_note=NOTE)
    assert response.status_code == 302
    assert fresh(person).name == "TANAKA Hanako"
    corrected = Correction.objects.filter(note=NOTE, made_by__username="publisher")
    assert sorted(corrected.values_list("meeting", flat=True)) == [first.pk, second.pk]
    assert not draft.corrections.exists()
    client.logout()
    page = client.get(first.get_absolute_url())
    correction = f'<p class="record-note record-correction">{corrected.first().public_text}</p>'
    assertContains(page, correction, html=True)
    assertContains(page, '<span class="person">Ms. TANAKA Hanako</span>', html=True)


def test_editor_renaming_a_person_only_drafts_show_saves_without_a_correction(editor, person):
    chaired_by(person, Status.DRAFT)
    chaired_by(person, Status.IN_REVIEW)
    assert save(editor, person, name="TANAKA Hanako").status_code == 302
    assert fresh(person).name == "TANAKA Hanako"
    assert not Correction.objects.exists()


def test_a_change_page_asks_for_the_note_only_when_a_published_record_shows_the_row(publisher):
    shown, only_in_a_draft = PersonFactory(), PersonFactory()
    meeting = chaired_by(shown)
    chaired_by(only_in_a_draft, Status.DRAFT)
    page = publisher.get(change_url(shown))
    assertContains(page, 'name="correction_note"')
    assertContains(page, f"{meeting}</a> (published)")
    assertContains(page, "A change to its honorific or name corrects each of these published")
    assertNotContains(publisher.get(change_url(only_in_a_draft)), 'name="correction_note"')


def test_a_withdrawn_record_freezes_what_it_shows_even_for_a_publisher(publisher, person):
    chaired_by(person)
    withdrawn = chaired_by(person, Status.WITHDRAWN)
    response = save(publisher, person, honorific="Dr.", correction_note=NOTE)
    assertContains(
        response,
        f"Withdrawn records show this person’s honorific (“{withdrawn}”): a withdrawn record "
        "is frozen, so it can no longer be changed.",
    )
    assert fresh(person).honorific == "Ms."
    assert not Correction.objects.exists()


def test_a_note_without_a_change_to_what_records_show_is_refused(publisher):
    organisation = OrganisationFactory()
    ParticipantFactory(meeting=MeetingFactory(), organisation=organisation)
    response = save(publisher, organisation, kind="secretariat", correction_note=NOTE)
    assertContains(
        response, "No published record shows what you changed: leave the correction note empty."
    )
    assert fresh(organisation).kind == Organisation.Kind.MINISTRY
    assert not Correction.objects.exists()


def test_editor_changes_what_no_record_shows_of_an_organisation_published_records_show(editor):
    organisation = OrganisationFactory()
    ParticipantFactory(meeting=MeetingFactory(), organisation=organisation)
    assert save(editor, organisation, kind="secretariat").status_code == 302
    assert fresh(organisation).kind == Organisation.Kind.SECRETARIAT
    assert not Correction.objects.exists()


def test_editor_cannot_rename_an_organisation_that_is_a_party_to_a_published_resolution(editor):
    organisation = OrganisationFactory(name="ASEAN Secretariat", short_name="ASEC")
    resolution = ResolutionFactory()
    resolution.party_organisations.add(organisation)
    response = save(editor, organisation, short_name="ASEC-J")
    assertContains(response, "Published records show this organisation’s short name: only a")
    assert fresh(organisation).short_name == "ASEC"


def test_editor_cannot_change_the_slug_of_a_series_published_records_show(editor):
    series = MeetingFactory().series
    response = save(editor, series, slug="renamed")
    assertContains(response, "Published records show this meeting series’s web address: only a")
    assert fresh(series).slug == series.slug


def hosted(meeting):
    meeting.country = CountryFactory()
    meeting.save()
    return meeting.country


def action_owner(meeting):
    action = FollowUpActionFactory(paragraph__meeting=meeting)
    return action.owner_organisations.create(name="JASCA", slug="jasca")


@pytest.mark.parametrize(
    ("build", "changes"),
    [
        (lambda meeting: meeting.series, {"short_name": "ASEAN SCF"}),
        (hosted, {"code": "LA"}),
        (action_owner, {"name": "Japanese Association for Smart Cities in ASEAN"}),
    ],
    ids=["series", "host-country", "action-owner"],
)
def test_superuser_changing_what_a_record_shows_corrects_the_record(admin_client, build, changes):
    meeting = MeetingFactory()
    row = build(meeting)
    assert save(admin_client, row, **changes, correction_note=NOTE).status_code == 302
    assert [c.note for c in Correction.objects.filter(meeting=meeting)] == [NOTE]
    assert all(getattr(fresh(row), field) == value for field, value in changes.items())


def test_a_record_is_found_through_each_way_it_shows_reference_data():
    meeting = MeetingFactory(country=CountryFactory())
    chair = ParticipantFactory(meeting=meeting)
    resolution = ResolutionFactory(paragraph__meeting=meeting)
    resolution.party_countries.add(party_country := CountryFactory())
    resolution.party_organisations.add(party := OrganisationFactory())
    action = FollowUpActionFactory(paragraph=resolution.paragraph)
    action.owner_countries.add(owner_country := CountryFactory())
    action.owner_organisations.add(owner := OrganisationFactory())
    earlier = MeetingFactory()  # of another series, reported on at ``meeting``
    ProgressUpdateFactory(action=FollowUpActionFactory(paragraph__meeting=earlier), meeting=meeting)
    shown = [
        chair.person,
        chair.organisation,
        party,
        owner,
        meeting.country,
        chair.government,
        party_country,
        owner_country,
        meeting.series,
    ]
    for row in shown:
        assert list(row.records_showing()) == [meeting], row
    assert set(earlier.series.records_showing()) == {earlier, meeting}
    assert not PersonFactory().records_showing().exists()
    assert not CountryFactory().records_showing().exists()


def test_the_change_page_lists_the_records_showing_a_person_in_one_query_for_all(publisher):
    def queries_for_page_of(person):
        with CaptureQueriesContext(connection) as queries:
            page = publisher.get(change_url(person))
        return page, len(queries)

    one, three = PersonFactory(), PersonFactory()
    chaired_by(one)
    records = [chaired_by(three) for _ in range(3)]
    publisher.get(change_url(one))  # what a process reads once and keeps, read before counting
    page, count_for_three = queries_for_page_of(three)
    for record in records:
        assertContains(page, f"{record}</a> (published)")
    assert queries_for_page_of(one)[1] == count_for_three


def test_a_row_a_published_record_shows_is_not_deleted(admin_client):
    organisation = OrganisationFactory()
    resolution = ResolutionFactory()
    resolution.party_organisations.add(organisation)
    url = reverse("admin:records_organisation_delete", args=[organisation.pk])
    response = admin_client.post(url, {"post": "yes"})
    assertContains(response, f"The published record “{resolution.paragraph.meeting}”")
    assert list(resolution.party_organisations.all()) == [organisation]


def test_a_row_only_drafts_show_is_deleted(admin_client):
    organisation = OrganisationFactory()
    ResolutionFactory(paragraph__meeting__draft=True).party_organisations.add(organisation)
    url = reverse("admin:records_organisation_delete", args=[organisation.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
