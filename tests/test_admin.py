import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from records.models import FollowUpAction, Meeting, Paragraph, Resolution
from tests.factories import (
    AgendaItemFactory,
    CountryFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    ParagraphFactory,
    PersonFactory,
)
from tests.helpers import inline, meeting_form

pytestmark = pytest.mark.django_db

MODELS = [
    "country",
    "organisation",
    "person",
    "meetingseries",
    "meeting",
    "agendaitem",
    "paragraph",
    "resolution",
    "followupaction",
]


def opened_version(client, url):
    """The version the change form at ``url`` carries, as a browser opening it would post."""
    return client.get(url).context["adminform"].form["opened_versions"].value()


def empty_inlines():
    return {**inline("participants", []), **inline("agenda_items", []), **inline("paragraphs", [])}


@pytest.mark.parametrize("model", MODELS)
def test_every_changelist_lists_the_seed_record(admin_client, seed, model):
    response = admin_client.get(reverse(f"admin:records_{model}_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count > 0


@pytest.mark.parametrize("model", MODELS)
def test_every_add_form_opens(admin_client, model):
    response = admin_client.get(reverse(f"admin:records_{model}_add"))
    assert response.status_code == 200
    assert response.context["adminform"].form.fields


def test_meeting_change_form_shows_its_inlines_and_view_on_site(admin_client, seed):
    response = admin_client.get(reverse("admin:records_meeting_change", args=[seed.pk]))
    formsets = {f.formset.prefix: f.formset for f in response.context["inline_admin_formsets"]}
    assert formsets["participants"].initial_form_count() == 2
    assert formsets["agenda_items"].initial_form_count() == 6
    assert formsets["paragraphs"].initial_form_count() == 6
    assertContains(response, "View on site")


def test_officer_enters_a_complete_new_record_through_the_admin(admin_client):
    series = MeetingSeriesFactory(name="ASEAN Ministers Responsible for Culture", slug="amca")
    laos, japan = CountryFactory(name="Lao PDR", code="LA"), CountryFactory(name="Japan", code="JP")
    ministry = OrganisationFactory(name="Ministry of Information, Culture and Tourism")
    chair, co_chair = PersonFactory(name="SOUVANH Thong"), PersonFactory(name="SATO Hanako")
    texts = [f"Paragraph {n}: the Meeting noted progress on item {n}." for n in range(1, 9)]
    data = meeting_form(series, country=laos.pk)
    data.update(
        inline(
            "participants",
            [
                {
                    "order": "1",
                    "role": "chair",
                    "person": chair.pk,
                    "position": "Minister",
                    "organisation": ministry.pk,
                    "government": laos.pk,
                },
                {
                    "order": "2",
                    "role": "co_chair",
                    "person": co_chair.pk,
                    "position": "Vice-Minister",
                    "organisation": "",
                    "government": japan.pk,
                },
            ],
        )
    )
    data.update(inline("agenda_items", [{"number": "1", "title": "Culture and the arts"}]))
    data.update(
        inline("paragraphs", [{"number": str(n), "text": t} for n, t in enumerate(texts, 1)])
    )

    response = admin_client.post(reverse("admin:records_meeting_add"), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    meeting = Meeting.objects.get(slug="amca-7")
    assert meeting.title == "Summary Record of the Seventh ASEAN Ministers Responsible for Culture"
    assert meeting.year == 2024
    assert [p.role for p in meeting.participants.all()] == ["chair", "co_chair"]
    assert [p.text for p in meeting.paragraphs.all()] == texts

    paragraphs = list(meeting.paragraphs.all())
    for index, paragraph in enumerate(paragraphs[:3]):
        resolution_data = {
            "paragraph": paragraph.pk,
            "order": "1",
            "parties": "The Meeting",
            "verb": "noted",
            "text": f"progress on item {index + 1}",
            "party_countries": [laos.pk, japan.pk],
            **inline(
                "follow_up_actions",
                [
                    {
                        "description": f"Report on item {index + 1}.",
                        "owners": "Lao PDR",
                        "status": "open",
                        "due_text": "by March 2025",
                        "due_date": "2025-03",
                    },
                ]
                if index < 2
                else [],
            ),
        }
        response = admin_client.post(reverse("admin:records_resolution_add"), resolution_data)
        assert response.status_code == 302, response.context and response.context["errors"]

    assert Resolution.objects.filter(paragraph__meeting=meeting).count() == 3
    actions = FollowUpAction.objects.filter(meeting=meeting).order_by("paragraph__number")
    assert [(a.paragraph.number, a.due_date, a.due_precision) for a in actions] == [
        (1, datetime.date(2025, 3, 31), "month"),
        (2, datetime.date(2025, 3, 31), "month"),
    ]
    assert set(Resolution.objects.get(paragraph=paragraphs[0]).party_countries.all()) == {
        laos,
        japan,
    }


def test_meeting_form_explains_an_end_date_before_the_start(admin_client):
    data = meeting_form(MeetingSeriesFactory(), start_date="2024-03-06", end_date="2024-03-05")
    response = admin_client.post(reverse("admin:records_meeting_add"), {**data, **empty_inlines()})
    assertContains(response, "The end date cannot be before the start date.")
    assert not Meeting.objects.exists()


def test_meeting_form_explains_a_duplicate_paragraph_number(admin_client):
    data = meeting_form(MeetingSeriesFactory())
    data.update(inline("participants", []))
    data.update(inline("agenda_items", []))
    data.update(
        inline("paragraphs", [{"number": "1", "text": "First."}, {"number": "1", "text": "Again."}])
    )
    response = admin_client.post(reverse("admin:records_meeting_add"), data)
    assertContains(response, "Please correct the duplicate data for number")
    assert not Paragraph.objects.exists()


def test_meeting_form_explains_a_duplicate_meeting_number(admin_client):
    existing = MeetingFactory()
    data = meeting_form(existing.series, sequence_number=str(existing.sequence_number))
    response = admin_client.post(reverse("admin:records_meeting_add"), {**data, **empty_inlines()})
    assertContains(response, "This series already has a meeting with this number.")


def test_officer_corrects_a_paragraph_through_the_meeting_change_form(admin_client):
    meeting = MeetingFactory(draft=True)
    paragraph = ParagraphFactory(meeting=meeting, number=1, text="Teh Meeting agreed.")
    data = meeting_form(
        meeting.series,
        sequence_number=str(meeting.sequence_number),
        title=meeting.title,
        slug=meeting.slug,
        start_date=meeting.start_date.isoformat(),
        end_date=meeting.end_date.isoformat(),
    )
    data.update(inline("participants", []))
    data.update(inline("agenda_items", []))
    data.update(
        inline(
            "paragraphs",
            [
                {
                    "id": paragraph.pk,
                    "meeting": meeting.pk,
                    "number": "1",
                    "text": "The Meeting agreed.",
                }
            ],
            initial=1,
        )
    )
    url = reverse("admin:records_meeting_change", args=[meeting.pk])
    data["opened_versions"] = opened_version(admin_client, url)
    response = admin_client.post(url, data)
    assert response.status_code == 302
    paragraph.refresh_from_db()
    assert paragraph.text == "The Meeting agreed."


def test_paragraph_agenda_choices_are_the_meetings_own(admin_client):
    meeting = MeetingFactory()
    own = AgendaItemFactory(meeting=meeting, title="Our item")
    AgendaItemFactory(title="Another meeting's item")
    response = admin_client.get(reverse("admin:records_meeting_change", args=[meeting.pk]))
    paragraph_formset = next(
        f.formset
        for f in response.context["inline_admin_formsets"]
        if f.formset.prefix == "paragraphs"
    )
    choices = list(paragraph_formset.empty_form.fields["agenda_item"].queryset)
    assert choices == [own]


def test_resolution_form_refuses_a_clause_not_in_the_paragraph(admin_client):
    paragraph = ParagraphFactory(text="The Meeting agreed to meet in 2030.")
    response = admin_client.post(
        reverse("admin:records_resolution_add"),
        {
            "paragraph": paragraph.pk,
            "order": "1",
            "parties": "The Meeting",
            "verb": "agreed",
            "text": "to meet in 2031",
            **inline("follow_up_actions", []),
        },
    )
    assertContains(response, "This clause is not in the text of ¶")
    assert not Resolution.objects.exists()


def _new_action_data(due_date: str) -> dict:
    """A new action of a draft record, with its deadline as entered."""
    paragraph = ParagraphFactory(meeting__draft=True)
    return {
        "meeting": paragraph.meeting.pk,
        "paragraph": paragraph.pk,
        "description": "Report.",
        "status": "open",
        "due_date": due_date,
        "due_text": "",
        "owners": "",
        **inline("progress_updates", []),
    }


@pytest.mark.parametrize("entered", ["28/02/2022", "2022-13", "2025-Q5", "February 2022"])
def test_action_form_refuses_a_deadline_in_no_form_it_reads_naming_the_forms(admin_client, entered):
    response = admin_client.post(
        reverse("admin:records_followupaction_add"), _new_action_data(entered)
    )
    assert response.context["adminform"].form.errors["due_date"] == [
        f"“{entered}” is not a deadline this form reads. Write it as a year (2007), a month "
        "(2022-02), a quarter (2025-Q3) or a day (2021-10-29), in that ISO form, or “next "
        "meeting”."
    ]
    assertContains(response, f'value="{entered}"')  # what was typed is kept
    assert not FollowUpAction.objects.exists()


@pytest.mark.parametrize(
    "entered, due_date, precision",
    [
        ("2022-02", datetime.date(2022, 2, 28), "month"),
        ("2025-Q3", datetime.date(2025, 9, 30), "quarter"),
        ("2007", datetime.date(2007, 12, 31), "year"),
        ("2021-10-29", datetime.date(2021, 10, 29), "day"),
        ("next meeting", None, "next_meeting"),
        ("", None, "none"),
    ],
)
def test_action_form_saves_a_deadline_at_its_precision_and_shows_it_as_entered(
    admin_client, entered, due_date, precision
):
    response = admin_client.post(
        reverse("admin:records_followupaction_add"), _new_action_data(entered)
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    action = FollowUpAction.objects.get()
    assert (action.due_date, action.due_precision) == (due_date, precision)
    change = admin_client.get(reverse("admin:records_followupaction_change", args=[action.pk]))
    assert change.context["adminform"].form["due_date"].value() == entered


def test_action_form_records_progress_reported_at_a_later_meeting(admin_client, seed):
    action = FollowUpAction.objects.get(description__startswith="Formulate the ASEAN Smart City")
    later = MeetingFactory(
        series=seed.series, sequence_number=4, start_date=datetime.date(2022, 11, 1)
    )
    reported_in = ParagraphFactory(meeting=later, number=2)
    data = {
        "meeting": action.meeting.pk,
        "paragraph": action.paragraph.pk,
        "resolution": action.resolution.pk,
        "description": action.description,
        "owners": action.owners,
        "status": "done",
        "due_text": action.due_text,
        "due_date": "2021",  # as the form shows it: unchanged
        "owner_countries": [c.pk for c in action.owner_countries.all()],
        "owner_organisations": [o.pk for o in action.owner_organisations.all()],
        **inline(
            "progress_updates",
            [
                {
                    "meeting": later.pk,
                    "paragraph": reported_in.pk,
                    "status": "done",
                    "text": "The Guidebook was published.",
                }
            ],
        ),
    }
    url = reverse("admin:records_followupaction_change", args=[action.pk])
    data["opened_versions"] = opened_version(admin_client, url)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    update = action.progress_updates.get()
    assert (update.meeting, update.paragraph, update.status) == (later, reported_in, "done")
    action.refresh_from_db()
    assert action.status == "done"
    # Tracking progress is not correcting the adopted text: no public correction note.
    assert not action.meeting.corrections.exists()


def test_changelist_search_finds_a_resolution_by_its_words(admin_client, seed):
    response = admin_client.get(
        reverse("admin:records_resolution_changelist"), {"q": "Planning Guidebook"}
    )
    assert [r.verb for r in response.context["cl"].result_list] == ["welcomed"]


def test_changelist_filter_narrows_meetings_by_status(admin_client, seed):
    MeetingFactory(draft=True)
    response = admin_client.get(
        reverse("admin:records_meeting_changelist"), {"status__exact": "draft"}
    )
    assert [m.status for m in response.context["cl"].result_list] == ["draft"]


def test_person_autocomplete_finds_names_as_written(admin_client, seed):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "records",
            "model_name": "participant",
            "field_name": "person",
            "term": "ISHIDA",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Mr. ISHIDA Masaru"]
