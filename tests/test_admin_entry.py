"""Entering records in the admin, beyond marking decisions: pickers that show a paragraph's
words, states outside ASEAN added by editors, and a published record's form saying who may
correct it."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from records import roles
from records.models import Country, Organisation, Person
from tests.factories import MeetingFactory, OrganisationFactory, ParagraphFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    return MeetingFactory(draft=True)


def test_the_paragraph_picker_shows_its_words_and_finds_it_by_number(admin_client, meeting):
    ParagraphFactory(meeting=meeting, number=3, text="Japan reported the progress of Smart JAMP.")
    ParagraphFactory(meeting=meeting, number=4, text="The Meeting agreed to meet again.")
    url = reverse("admin:autocomplete")
    query = {"app_label": "records", "model_name": "resolution", "field_name": "paragraph"}
    by_number = admin_client.get(url, {**query, "term": "¶3"}).json()["results"]
    assert [r["text"] for r in by_number] == [
        f"¶3 of {meeting}: “Japan reported the progress of Smart JAMP.”"
    ]
    by_words = admin_client.get(url, {**query, "term": "meet again"}).json()["results"]
    assert [r["text"] for r in by_words] == [
        f"¶4 of {meeting}: “The Meeting agreed to meet again.”"
    ]


def test_an_editor_adds_a_state_outside_asean_and_cannot_make_it_a_member(signed_in):
    editor = signed_in(roles.EDITOR)
    add = reverse("admin:records_country_add")
    response = editor.post(
        add, {"name": "Republic of Korea", "code": "KR", "asean_member_since": "2020-01-01"}
    )
    assert response.status_code == 302
    korea = Country.objects.get(code="KR")
    assert (korea.name, korea.asean_member_since) == ("Republic of Korea", None)


def test_a_published_records_form_tells_an_editor_who_may_correct_it(signed_in, seed):
    editor = signed_in(roles.EDITOR)
    response = editor.get(reverse("admin:records_meeting_change", args=[seed.pk]))
    assertContains(response, f"“{seed}” is published: only a publisher can correct it")
    decision = seed.paragraphs.get(number=2).resolutions.first()
    response = editor.get(reverse("admin:records_resolution_change", args=[decision.pk]))
    assertContains(response, "only a publisher can correct it")


def test_a_publisher_is_asked_for_a_correction_note_with_a_real_example(signed_in, seed):
    publisher = signed_in(roles.PUBLISHER)
    response = publisher.get(reverse("admin:records_meeting_change", args=[seed.pk]))
    assertContains(response, "Corrected on 12 November 2021: ¶2 read “Japan” for “ASEAN”.")
    assert "only a publisher can correct it" not in response.content.decode()


def test_a_person_differing_only_in_case_accents_and_honorifics_is_flagged_before_saving(
    admin_client,
):
    Person.objects.create(honorific="Mr.", name="Nguyễn Văn An")
    add = reverse("admin:records_person_add")
    typed = {"honorific": "", "name": "H.E. nguyen van an"}
    response = admin_client.post(add, typed)
    assertContains(response, "Probably already here, written differently: “Mr. Nguyễn Văn An”")
    assertContains(response, 'value="H.E. nguyen van an"')
    assert Person.objects.count() == 1
    confirmed = admin_client.post(add, {**typed, "not_a_duplicate": "on"})
    assert confirmed.status_code == 302
    assert Person.objects.count() == 2


def test_an_organisation_named_like_another_but_for_case_is_flagged(admin_client):
    OrganisationFactory(name="ASEAN Secretariat", slug="asean-secretariat")
    response = admin_client.post(
        reverse("admin:records_organisation_add"),
        {"name": "Asean secretariat", "slug": "asean-sec", "kind": "secretariat"},
    )
    assertContains(response, "Probably already here, written differently")
    assert Organisation.objects.count() == 1
