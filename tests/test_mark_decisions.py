"""The "Mark decisions" page: paragraphs pasted are numbered on, words selected in a paragraph
are proposed as the decisions and follow-up actions the recogniser reads there, and what the
officer confirms is saved; every refusal keeps what was typed and says why beside the field."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains

from records.admin.due import due_as_entered, parse_due
from records.models import FollowUpAction, Paragraph, Resolution
from tests.factories import (
    CountryFactory,
    FollowUpActionFactory,
    MeetingFactory,
    ParagraphFactory,
)

pytestmark = pytest.mark.django_db

SECOND = (
    "The ASEAN Secretariat presented the ASEAN Smart Cities Network. In this regard, ASEAN "
    "and Japan resolved to continue enhancing their cooperation and welcomed the development "
    "of a Guidebook which is planned to be formulated jointly by the end of this year."
)


@pytest.fixture
def meeting():
    return MeetingFactory(draft=True, start_date=datetime.date(2021, 10, 18))


def page(meeting) -> str:
    return reverse("admin:records_meeting_decisions", args=[meeting.pk])


def proposal_data(response) -> dict:
    """The POST data of the proposal the page shows, as proposed, with "Save" pressed."""
    [(paragraph, _, (decisions, actions))] = [
        row for row in response.context["rows"] if row[2] is not None
    ]
    data = {"paragraph": paragraph.pk, "confirm": "Save"}
    for formset in (decisions, actions):
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        for form in formset.forms:
            for name, field in form.fields.items():
                value = field.prepare_value(form[name].value())
                if isinstance(value, bool):
                    if value:
                        data[form[name].html_name] = "on"
                elif isinstance(value, list | tuple):
                    data[form[name].html_name] = [str(item) for item in value]
                else:
                    data[form[name].html_name] = "" if value is None else value
    return data


def propose(client, meeting, paragraph, selection):
    return client.post(
        page(meeting),
        {"paragraph": paragraph.pk, f"mark-{paragraph.number}-selection": selection},
    )


def test_pasted_paragraphs_are_added_numbered_as_the_text_numbers_them(admin_client, meeting):
    ParagraphFactory(meeting=meeting, number=1, text="The Meeting was held online.")
    text = f"2. {SECOND}\n\n3. Japan reported progress and agreed to continue cooperation."
    response = admin_client.post(page(meeting), {"text": text, "add_paragraphs": "1"})
    assert response.status_code == 302
    assert list(meeting.paragraphs.values_list("number", "text")) == [
        (1, "The Meeting was held online."),
        (2, SECOND),
        (3, "Japan reported progress and agreed to continue cooperation."),
    ]


def test_a_pasted_paragraph_number_the_record_has_is_refused_and_the_text_kept(
    admin_client, meeting
):
    ParagraphFactory(meeting=meeting, number=2, text="The Meeting agreed to meet.")
    text = f"2. {SECOND}"
    response = admin_client.post(page(meeting), {"text": text, "add_paragraphs": "1"})
    assertContains(response, "This record already has a ¶2")
    assertContains(response, "In this regard, ASEAN and Japan resolved")
    assert Paragraph.objects.filter(meeting=meeting).count() == 1


def test_selected_words_propose_the_decisions_and_action_the_recogniser_reads(
    admin_client, meeting
):
    japan = CountryFactory(name="Japan", code="JP")
    paragraph = ParagraphFactory(meeting=meeting, number=2, text=SECOND)
    response = propose(admin_client, meeting, paragraph, "resolved to continue enhancing")
    [(_, _, (decisions, actions))] = [r for r in response.context["rows"] if r[2]]
    assert [form.initial["verb"] for form in decisions.forms] == ["resolved"]
    assert decisions.forms[0].initial["parties"] == "ASEAN and Japan"
    assert decisions.forms[0].initial["party_countries"] == [japan.pk]
    assert actions.forms == []

    response = propose(admin_client, meeting, paragraph, "welcomed the development of a")
    [(_, _, (decisions, actions))] = [r for r in response.context["rows"] if r[2]]
    assert [form.initial["verb"] for form in decisions.forms] == ["welcomed"]
    [action] = actions.forms
    assert action.initial["due_text"] == "by the end of this year"
    assert action["due_date"].value() == "2021"  # the end of 2021, at its precision


def test_a_confirmed_proposal_is_saved_numbered_and_linked(admin_client, meeting):
    paragraph = ParagraphFactory(meeting=meeting, number=2, text=SECOND)
    response = propose(admin_client, meeting, paragraph, SECOND)
    response = admin_client.post(page(meeting), proposal_data(response))
    assert response.status_code == 302
    assert list(paragraph.resolutions.values_list("order", "verb", "parties")) == [
        (1, "resolved", "ASEAN and Japan"),
        (2, "welcomed", "ASEAN and Japan"),
    ]
    action = FollowUpAction.objects.get(paragraph=paragraph)
    assert action.resolution.verb == "welcomed"
    assert (action.due_date, action.due_precision) == (datetime.date(2021, 12, 31), "year")
    assert action.meeting == meeting


def test_words_already_recorded_are_proposed_unticked(admin_client, meeting):
    paragraph = ParagraphFactory(meeting=meeting, number=2, text=SECOND)
    admin_client.post(
        page(meeting),
        proposal_data(propose(admin_client, meeting, paragraph, "resolved to continue")),
    )
    response = propose(admin_client, meeting, paragraph, "resolved to continue")
    assertContains(response, "Already recorded in this paragraph.")
    admin_client.post(page(meeting), proposal_data(response))
    assert paragraph.resolutions.count() == 1


def test_a_sentence_chosen_by_keyboard_proposes_an_action_from_it(admin_client, meeting):
    paragraph = ParagraphFactory(
        meeting=meeting,
        number=5,
        text="A website was introduced. The channel is expected to be established by "
        "February, 2022. Companies showed their interest.",
    )
    response = admin_client.post(page(meeting), {"paragraph": paragraph.pk, "mark-5-sentence": "1"})
    [(_, _, (decisions, actions))] = [r for r in response.context["rows"] if r[2]]
    assert decisions.forms == []
    [action] = actions.forms
    # The description as the actions list words it, its deadline apart (the importer's rule).
    assert action.initial["description"] == "The channel is expected to be established."
    assert action["due_date"].value() == "2022-02"


def test_parties_corrected_away_from_the_paragraph_are_refused_and_what_was_typed_kept(
    admin_client, meeting
):
    paragraph = ParagraphFactory(meeting=meeting, number=2, text=SECOND)
    data = proposal_data(propose(admin_client, meeting, paragraph, "resolved to continue"))
    data["decisions-0-parties"] = "ASEAN and Korea"
    response = admin_client.post(page(meeting), data)
    assert response.status_code == 200
    assertContains(response, "“ASEAN and Korea” is not in the text of ¶2")
    assertContains(response, 'value="ASEAN and Korea"')
    assert not Resolution.objects.exists()


def test_a_due_date_in_no_form_it_reads_is_refused_naming_the_forms(admin_client, meeting):
    paragraph = ParagraphFactory(meeting=meeting, number=2, text=SECOND)
    data = proposal_data(propose(admin_client, meeting, paragraph, SECOND))
    data["actions-0-due_date"] = "31/12/2021"
    response = admin_client.post(page(meeting), data)
    assertContains(response, "“31/12/2021” is not a deadline this form reads")
    assertContains(response, 'value="31/12/2021"')
    assert not Resolution.objects.exists()


def test_an_action_whose_decision_is_unticked_is_refused(admin_client, meeting):
    paragraph = ParagraphFactory(meeting=meeting, number=2, text=SECOND)
    data = proposal_data(propose(admin_client, meeting, paragraph, SECOND))
    del data["decisions-1-keep"]
    response = admin_client.post(page(meeting), data)
    assertContains(response, "It follows from a decision you did not keep")
    assert not Resolution.objects.exists()


def test_words_not_in_the_paragraph_are_refused(admin_client, meeting):
    paragraph = ParagraphFactory(meeting=meeting, number=2, text=SECOND)
    response = propose(admin_client, meeting, paragraph, "ASEAN and Korea resolved")
    assertContains(response, "These words are not in ¶2")
    assertContains(response, "ASEAN and Korea resolved")


def test_a_published_record_is_not_marked_here(admin_client):
    published = MeetingFactory()
    assert admin_client.get(page(published)).status_code == 403
    change = admin_client.get(reverse("admin:records_meeting_change", args=[published.pk]))
    assert "Mark decisions" not in change.content.decode()


def test_the_change_form_of_a_draft_links_to_the_page(admin_client, meeting):
    change = admin_client.get(reverse("admin:records_meeting_change", args=[meeting.pk]))
    assertContains(change, f'href="{page(meeting)}"')


@pytest.mark.parametrize(
    ("entered", "due"),
    [
        ("2007", (datetime.date(2007, 12, 31), "year")),
        ("2022-02", (datetime.date(2022, 2, 28), "month")),
        ("2025-Q3", (datetime.date(2025, 9, 30), "quarter")),
        ("2021-10-29", (datetime.date(2021, 10, 29), "day")),
        ("next meeting", (None, "next_meeting")),
        ("", (None, "none")),
    ],
)
def test_a_due_date_is_entered_at_its_precision_and_shown_the_same_way(entered, due):
    assert parse_due(entered) == due
    assert due_as_entered(*due) == entered


@pytest.mark.parametrize("entered", ["31/12/2021", "2022-13", "2022-Q5", "February 2022"])
def test_a_due_date_in_another_form_is_not_read(entered):
    with pytest.raises(ValueError):
        parse_due(entered)


def test_decisions_marked_out_of_order_are_numbered_as_the_text_has_them(admin_client, meeting):
    paragraph = ParagraphFactory(meeting=meeting, number=2, text=SECOND)
    for words in ["welcomed the development", "resolved to continue"]:
        data = proposal_data(propose(admin_client, meeting, paragraph, words))
        data.update({key: "" for key in data if key.startswith("actions-") and "keep" in key})
        assert admin_client.post(page(meeting), data).status_code == 302
    assert list(paragraph.resolutions.order_by("order").values_list("order", "verb")) == [
        (1, "resolved"),
        (2, "welcomed"),
    ]


def test_the_page_reads_the_same_number_of_queries_however_long_the_record(admin_client):
    def queries_for(size: int) -> int:
        meeting = MeetingFactory(draft=True)
        for number in range(1, size + 1):
            paragraph = ParagraphFactory(meeting=meeting, number=number, text=SECOND)
            decision = Resolution(
                paragraph=paragraph,
                verb="resolved",
                parties="ASEAN and Japan",
                text="to continue enhancing their cooperation",
            )
            decision.full_clean()
            decision.save()
            FollowUpActionFactory(paragraph=paragraph, resolution=decision)
        admin_client.get(page(meeting))  # the session and permissions, read once
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(page(meeting)).status_code == 200
        return len(queries)

    assert queries_for(2) == queries_for(8)
