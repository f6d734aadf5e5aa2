"""Long filter lists (meetings, countries, organisations) are never listed on the page: the
reader types and is offered the matching choices (``/resolutions/choices/<field>/``); the
filters in use are summarised above the results, each with a link that removes it."""

import pytest
from django.urls import reverse
from lxml import html
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db


def choices(client, url, words):
    response = client.get(url, {"q": words})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return [(choice["value"], choice["label"]) for choice in response.json()["results"]]


def resolution_choices(client, field, words):
    return choices(client, reverse("records:resolution_choices", args=[field]), words)


def action_choices(client, field, words):
    return choices(client, reverse("records:action_choices", args=[field]), words)


# Suggestions ----------------------------------------------------------------------------


def test_meetings_are_suggested_by_words_of_their_series_and_title(client, audit_records):
    suggested = resolution_choices(client, "meeting", "high level")
    assert sorted(suggested) == [
        ("hlm-1", str(audit_records.hlm1)),
        ("hlm-2", str(audit_records.hlm2)),
    ]


def test_every_word_typed_must_match(client, audit_records):
    assert [v for v, _ in resolution_choices(client, "meeting", "senior som-1")] == ["som-1"]
    assert resolution_choices(client, "meeting", "senior hlm-2") == []


def test_an_unpublished_meeting_is_never_suggested(client, audit_records):
    assert "hlm-3" not in [v for v, _ in resolution_choices(client, "meeting", "hlm")]
    assert "hlm-3" not in [v for v, _ in action_choices(client, "meeting", "hlm")]


def test_countries_are_suggested_by_name_or_code_if_a_published_record_names_them(
    client, audit_records
):
    assert resolution_choices(client, "party_country", "jap") == [("JP", "Japan")]
    assert resolution_choices(client, "party_country", "jp") == [("JP", "Japan")]
    # Named only in a draft.
    assert resolution_choices(client, "party_country", "draftonly") == []


def test_organisations_are_suggested_by_name_and_owners_of_actions_too(client, audit_records):
    assert resolution_choices(client, "party_organisation", "smart") == [
        ("jasca", "Japanese Association for Smart Cities")
    ]
    assert action_choices(client, "owner_organisation", "draft") == []


def test_every_suggestion_is_a_value_the_filter_takes(client, audit_records):
    for value, _ in resolution_choices(client, "meeting", "meeting"):
        response = client.get("/resolutions/", {"meeting": value})
        assert response.status_code == 200
        assert not response.context["filter"].form.errors


def test_no_words_suggest_nothing(client, audit_records):
    assert resolution_choices(client, "meeting", "  ") == []


def test_a_filter_with_a_short_list_takes_no_suggestions(client, audit_records):
    url = reverse("records:resolution_choices", args=["verb"])
    assert client.get(url, {"q": "agreed"}).status_code == 404


def test_too_many_words_are_a_400_that_says_so(client, audit_records):
    url = reverse("records:resolution_choices", args=["meeting"])
    response = client.get(url, {"q": "x" * 101})
    assertContains(response, "Type at most 100 characters", status_code=400)


# The form: no long list on the page -----------------------------------------------------


def test_the_page_lists_no_meeting_country_or_organisation_and_keeps_the_chosen_ones(
    client, audit_records
):
    response = client.get("/resolutions/?meeting=hlm-2&party_country=JP")
    tree = html.document_fromstring(response.content)
    form = tree.get_element_by_id("filters-title").getparent()
    assert form.xpath(".//option[@value='hlm-1' or @value='TH' or @value='asean']") == []
    meetings = form.xpath(".//input[@name='meeting']")
    assert [i.get("value") for i in meetings] == ["hlm-2", ""]
    assert meetings[0].get("id") == "id_meeting"
    assert {i.get("list") for i in meetings} == {"id_meeting-options"}
    assert meetings[0].get("data-suggest") == "/resolutions/choices/meeting/"
    assert tree.get_element_by_id("id_meeting-options").tag == "datalist"


def test_a_meeting_typed_by_its_slug_filters_as_a_chosen_one(client, audit_records):
    typed = client.get("/resolutions/?meeting=hlm-2&meeting=")
    assert typed.status_code == 200
    assert {r.paragraph.meeting.slug for r in typed.context["resolutions"]} == {"hlm-2"}


# The summary of active filters ----------------------------------------------------------


def summary(response):
    tree = html.document_fromstring(response.content)
    items = tree.xpath("//div[@class='active-filters']//li")
    return [
        (" ".join(item.text_content().split()), item.xpath("a")[0].get("href")) for item in items
    ]


def test_active_filters_are_named_in_words_with_a_link_removing_each(client, audit_records):
    response = client.get(
        "/resolutions/?meeting=hlm-2&verb=agreed&verb=noted&date_from=2020-01-01&sort=date&page=1"
    )
    hlm2 = str(audit_records.hlm2)
    assert summary(response) == [
        (
            f"Meeting: {hlm2} remove Meeting: {hlm2}",
            "/resolutions/?verb=agreed&verb=noted&date_from=2020-01-01&sort=date",
        ),
        (
            "Meeting from: 1 January 2020 remove Meeting from: 1 January 2020",
            "/resolutions/?meeting=hlm-2&verb=agreed&verb=noted&sort=date",
        ),
        (
            "Operative verb: agreed remove Operative verb: agreed",
            "/resolutions/?meeting=hlm-2&verb=noted&date_from=2020-01-01&sort=date",
        ),
        (
            "Operative verb: noted remove Operative verb: noted",
            "/resolutions/?meeting=hlm-2&verb=agreed&date_from=2020-01-01&sort=date",
        ),
    ]


def test_removing_the_last_filter_leads_to_the_whole_list(client, audit_records):
    response = client.get("/actions/?overdue=1")
    assert summary(response) == [("Overdue only remove Overdue only", "/actions/?")]
    assert client.get("/actions/?").status_code == 200


def test_countries_and_text_are_summarised_as_chosen(client, audit_records):
    response = client.get("/resolutions/?party_country=JP&text=guidebook")
    assert [text for text, _ in summary(response)] == [
        "Party: country: Japan remove Party: country: Japan",
        "Words in the decision: guidebook remove Words in the decision: guidebook",
    ]


def test_no_summary_without_filters_or_while_they_have_errors(client, audit_records):
    assertNotContains(client.get("/resolutions/?sort=date"), "Filtered by")
    assertNotContains(client.get("/resolutions/?date_from=2021-02-30"), "Filtered by", 400)
