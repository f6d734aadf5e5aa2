"""The filtersets of /resolutions/ and /actions/: each filter alone, combined, sorted, and
what they say about bad input."""

import datetime

import pytest
from django.http import QueryDict
from django.utils import timezone

from records.filters import FollowUpActionFilter, ResolutionFilter
from records.models import FollowUpAction, Resolution
from tests.audit_data import build_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    return build_records()


def query(params: str) -> QueryDict:
    return QueryDict(params)


def resolutions(params: str) -> list[Resolution]:
    filterset = ResolutionFilter(query(params), queryset=Resolution.objects.published())
    assert filterset.is_valid(), filterset.errors
    return list(filterset.qs)


def actions(params: str) -> list[FollowUpAction]:
    filterset = FollowUpActionFilter(query(params), queryset=FollowUpAction.objects.published())
    assert filterset.is_valid(), filterset.errors
    return list(filterset.qs)


def resolution_errors(params: str) -> dict:
    filterset = ResolutionFilter(query(params), queryset=Resolution.objects.published())
    assert not filterset.is_valid()
    return filterset.errors


def action_errors(params: str) -> dict:
    filterset = FollowUpActionFilter(query(params), queryset=FollowUpAction.objects.published())
    assert not filterset.is_valid()
    return filterset.errors


# Resolutions: each filter alone ---------------------------------------------------------


def test_no_filter_lists_every_published_resolution_newest_meeting_first(records):
    assert resolutions("") == [
        records.workshop,
        records.cooperation,
        records.noted,
        records.guidebook,
    ]


def test_meeting_filter_takes_a_meeting_slug(records):
    assert resolutions("meeting=hlm-2") == [records.cooperation, records.noted]


def test_meeting_filter_takes_several_meetings(records):
    assert resolutions("meeting=hlm-1&meeting=som-1") == [records.workshop, records.guidebook]


def test_series_filter_takes_a_series_slug(records):
    assert resolutions("series=som") == [records.workshop]


def test_year_filter_matches_the_meeting_year(records):
    assert resolutions("year=2019") == [records.guidebook]


def test_date_range_matches_meetings_starting_within_it_inclusive(records):
    assert resolutions("date_from=2021-06-07&date_to=2021-10-31") == [
        records.cooperation,
        records.noted,
    ]


def test_date_from_alone_matches_later_meetings(records):
    assert resolutions("date_from=2021-11-01") == [records.workshop]


def test_verb_filter_matches_the_operative_verb(records):
    assert resolutions("verb=agreed") == [records.workshop, records.cooperation]


def test_verb_filter_takes_several_verbs(records):
    assert resolutions("verb=welcomed&verb=noted") == [records.noted, records.guidebook]


def test_party_country_filter_takes_an_iso_code(records):
    assert resolutions("party_country=JP") == [records.cooperation, records.guidebook]


def test_party_country_filter_takes_several_codes_and_lists_each_match_once(records):
    assert resolutions("party_country=JP&party_country=BN&party_country=TH") == [
        records.workshop,
        records.cooperation,
        records.guidebook,
    ]


def test_party_organisation_filter_takes_an_organisation_slug(records):
    assert resolutions("party_organisation=jasca") == [records.noted]


def test_agenda_item_filter_matches_words_of_the_title_in_any_case(records):
    assert resolutions("agenda_item=URBAN tran") == [records.cooperation]


def test_text_filter_finds_words_of_the_clause(records):
    assert resolutions("text=guidebook") == [records.guidebook]


def test_text_filter_finds_words_of_the_parties(records):
    assert resolutions("text=Thailand") == [records.workshop]


def test_text_filter_needs_every_word(records):
    assert resolutions("text=urban cooperation") == [records.cooperation]
    assert resolutions("text=urban guidebook") == []


# Resolutions: combined and sorted ------------------------------------------------------


def test_filters_combine_so_that_every_one_must_match(records):
    assert resolutions("series=hlm&verb=agreed&party_country=JP") == [records.cooperation]


def test_combined_filters_can_exclude_everything(records):
    assert resolutions("meeting=hlm-1&verb=agreed") == []


def test_year_verb_and_text_combine(records):
    assert resolutions("year=2021&verb=agreed&text=flood") == [records.workshop]


def test_sort_by_oldest_meeting_first_keeps_the_record_order_within_a_meeting(records):
    assert resolutions("sort=date") == [
        records.guidebook,
        records.cooperation,
        records.noted,
        records.workshop,
    ]


def test_sort_by_verb_then_newest_meeting(records):
    assert resolutions("sort=verb") == [
        records.workshop,
        records.cooperation,
        records.noted,
        records.guidebook,
    ]


def test_sort_by_verb_descending(records):
    assert resolutions("sort=-verb")[0] == records.guidebook


# Resolutions: bad input is a form error --------------------------------------------------


def test_unknown_meeting_slug_is_a_form_error(records):
    assert "meeting" in resolution_errors("meeting=no-such-meeting")


def test_a_draft_meeting_slug_is_as_unknown_as_a_missing_one(records):
    errors = resolution_errors("meeting=hlm-3")
    assert "hlm-3 is not one of the available choices" in str(errors["meeting"])


def test_malformed_date_is_a_form_error(records):
    assert "date_from" in resolution_errors("date_from=2021-13-45")


def test_date_range_the_wrong_way_round_is_a_form_error(records):
    errors = resolution_errors("date_from=2022-01-01&date_to=2021-01-01")
    assert "must not be before" in str(errors["date_to"])


def test_year_out_of_range_is_a_form_error(records):
    assert "year" in resolution_errors("year=99999")


def test_unknown_verb_is_a_form_error(records):
    assert "verb" in resolution_errors("verb=vetoed")


def test_party_country_only_named_in_drafts_is_not_a_choice(records):
    assert "party_country" in resolution_errors("party_country=ZZ")


def test_party_organisation_only_named_in_drafts_is_not_a_choice(records):
    assert "party_organisation" in resolution_errors("party_organisation=draft-only-body")


def test_overlong_text_is_a_form_error(records):
    assert "text" in resolution_errors("text=" + "a" * 201)


def test_null_character_in_a_slug_is_a_form_error(records):
    assert "meeting" in resolution_errors("meeting=hlm-1%00")


def test_unknown_sort_is_a_form_error(records):
    assert "sort" in resolution_errors("sort=pk")


# Follow-up actions: each filter alone ---------------------------------------------------


def test_no_filter_lists_published_actions_soonest_deadline_first(records):
    assert actions("") == [
        records.publish_guidebook,
        records.flood_workshop,
        records.portal,
        records.matching_report,
    ]


def test_status_filter(records):
    assert actions("status=in_progress") == [records.portal]


def test_status_filter_takes_several(records):
    assert actions("status=open&status=done") == [
        records.publish_guidebook,
        records.flood_workshop,
        records.matching_report,
    ]


def test_owner_country_filter(records):
    assert actions("owner_country=BN") == [records.portal]


def test_owner_organisation_filter(records):
    assert actions("owner_organisation=jasca") == [records.matching_report]


def test_meeting_filter_matches_where_the_action_was_committed(records):
    assert actions("meeting=hlm-2") == [records.portal, records.matching_report]


def test_series_filter_on_actions(records):
    assert actions("series=som") == [records.flood_workshop]


def test_due_before_compares_the_last_day_of_the_period(records):
    # "by the end of 2019" is kept as 31 December 2019.
    assert actions("due_before=2019-12-30") == []
    assert actions("due_before=2019-12-31") == [records.publish_guidebook]


def test_due_after_is_inclusive(records):
    assert actions("due_after=2021-12-01") == [records.flood_workshop, records.portal]


def test_overdue_filter_lists_open_actions_past_their_deadline(records):
    assert actions("overdue=1") == [records.publish_guidebook]


@pytest.mark.parametrize("value", ["true", "on", "yes", "TRUE"])
def test_overdue_filter_accepts_the_usual_ways_of_saying_yes(records, value):
    assert actions(f"overdue={value}") == [records.publish_guidebook]


@pytest.mark.parametrize("value", ["", "0", "false", "off"])
def test_overdue_switched_off_filters_nothing(records, value):
    assert len(actions(f"overdue={value}")) == 4


def test_text_filter_on_actions_finds_the_description(records):
    assert actions("text=portal") == [records.portal]


def test_text_filter_on_actions_finds_the_owners(records):
    assert actions("text=JASCA") == [records.matching_report]


# Follow-up actions: combined, sorted, bad input ----------------------------------------


def test_action_filters_combine(records):
    assert actions("series=hlm&status=open&owner_country=JP") == [records.publish_guidebook]


def test_overdue_combines_with_owner(records):
    assert actions("overdue=1&owner_country=BN") == []


def test_sort_actions_by_latest_deadline_first_puts_undated_last(records):
    assert actions("sort=-due") == [
        records.portal,
        records.flood_workshop,
        records.publish_guidebook,
        records.matching_report,
    ]


def test_sort_actions_by_newest_meeting(records):
    assert actions("sort=-date") == [
        records.flood_workshop,
        records.portal,
        records.matching_report,
        records.publish_guidebook,
    ]


def test_overdue_with_any_other_word_is_a_form_error(records):
    errors = action_errors("overdue=maybe")
    assert "Use 1 to switch this on" in str(errors["overdue"])


def test_due_range_the_wrong_way_round_is_a_form_error(records):
    assert "due_before" in action_errors("due_after=2022-01-01&due_before=2021-01-01")


def test_owner_country_only_named_in_drafts_is_not_a_choice(records):
    assert "owner_country" in action_errors("owner_country=ZZ")


def test_malformed_due_date_is_a_form_error(records):
    assert "due_after" in action_errors("due_after=yesterday")


def test_today_is_used_for_overdue(records):
    records.portal.due_date = timezone.localdate() - datetime.timedelta(days=1)
    records.portal.due_precision = FollowUpAction.Precision.DAY
    records.portal.save()
    assert actions("overdue=1") == [records.publish_guidebook, records.portal]


# The filter form's selects ---------------------------------------------------------------


@pytest.mark.parametrize("params", ["", "series=hlm&verb=agreed&verb=noted&sort=date"])
def test_filter_selects_write_the_html_of_djangos_own_select(records, params):
    """``records/widgets/select.html`` writes the options in one loop: the same bytes as
    Django's select, which includes a template for each option; chosen ones are marked."""
    from django import forms

    form = ResolutionFilter(query(params), queryset=Resolution.objects.published()).form
    written = {}
    for name, django_select in [
        ("series", forms.SelectMultiple),
        ("verb", forms.SelectMultiple),
        ("sort", forms.Select),
    ]:
        widget = form.fields[name].widget
        assert widget.template_name == "records/widgets/select.html"
        written[name] = str(form[name])
        widget.__class__ = django_select
        assert str(form[name]) == written[name]
    assert ('<option value="hlm" selected>' in written["series"]) == bool(params)
    assert written["verb"].count(" selected>") == (2 if params else 0)
