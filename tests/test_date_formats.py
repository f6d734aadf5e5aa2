"""Dates on forms are ISO (YYYY-MM-DD) everywhere: the admin's fields and its calendar, the
public filters, the import wizard and the audit trail's filter; a refused date names the
format, beside its field, and keeps what was typed. Pages show dates as the record writes
them."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from records.filters import FollowUpActionFilter, ResolutionFilter
from records.importing.forms import ImportActionForm
from records.models import FollowUpAction, Meeting, Resolution
from tests.factories import MeetingFactory, MeetingSeriesFactory
from tests.helpers import inline, meeting_form

FORMAT_NAMED = "Enter a date as YYYY-MM-DD, e.g. 2021-10-18."

pytestmark = pytest.mark.django_db


def _meeting_add(admin_client, **dates):
    data = {
        **meeting_form(MeetingSeriesFactory(), **dates),
        **inline("participants", []),
        **inline("agenda_items", []),
        **inline("paragraphs", []),
    }
    return admin_client.post(reverse("admin:records_meeting_add"), data)


@pytest.mark.parametrize("typed", ["20/10/2022", "10/20/2022", "20 October 2022", "2022-13-01"])
def test_the_admin_refuses_a_date_not_in_iso_form_naming_the_format_beside_the_field(
    admin_client, typed
):
    response = _meeting_add(admin_client, start_date=typed, end_date="", year="2022")
    form = response.context["adminform"].form
    assert form.errors == {"start_date": [FORMAT_NAMED]}
    # Beside its field, with what was typed kept in it.
    assertContains(
        response, f'<ul class="errorlist" id="id_start_date_error"><li>{FORMAT_NAMED}</li></ul>'
    )
    assertContains(response, f'name="start_date" value="{typed}"')
    assert not Meeting.objects.exists()


def test_the_admin_reads_an_iso_date_and_shows_it_back_in_iso_form(admin_client):
    response = _meeting_add(admin_client, start_date="2021-10-18", end_date="2021-10-19")
    assert response.status_code == 302, response.context and response.context["errors"]
    meeting = Meeting.objects.get()
    assert (meeting.start_date, meeting.end_date) == (
        datetime.date(2021, 10, 18),
        datetime.date(2021, 10, 19),
    )
    page = admin_client.get(reverse("admin:records_meeting_change", args=[meeting.pk]))
    assertContains(page, 'name="start_date" value="2021-10-18"')
    assertContains(page, 'name="end_date" value="2021-10-19"')


def test_the_admin_calendar_writes_iso_dates(admin_client):
    """The calendar widget writes the first of ``DATE_INPUT_FORMATS`` served by jsi18n."""
    script = admin_client.get(reverse("admin:jsi18n")).text
    formats = json.loads(re.search(r"django\.formats = (\{.*?\});", script, re.S).group(1))
    assert formats["DATE_INPUT_FORMATS"] == ["%Y-%m-%d"]
    assert formats["DATETIME_INPUT_FORMATS"][0] == "%Y-%m-%d %H:%M:%S"


def test_the_public_pages_still_write_dates_as_the_record_does(client):
    meeting = MeetingFactory(
        start_date=datetime.date(2021, 10, 18), end_date=datetime.date(2021, 10, 19)
    )
    assertContains(client.get(meeting.get_absolute_url()), "18–19 October 2021")


@pytest.mark.parametrize(
    "filterset, model, name",
    [
        (ResolutionFilter, Resolution, "date_from"),
        (ResolutionFilter, Resolution, "date_to"),
        (FollowUpActionFilter, FollowUpAction, "due_after"),
        (FollowUpActionFilter, FollowUpAction, "due_before"),
    ],
)
def test_the_public_filters_name_the_format_of_a_date_they_refuse(filterset, model, name):
    filters = filterset({name: "18/10/2021"}, queryset=model.objects.published())
    assert not filters.is_valid()
    assert filters.errors[name] == [FORMAT_NAMED]
    assert filterset({name: "2021-10-18"}, queryset=model.objects.published()).is_valid()


def test_the_import_wizard_reads_and_shows_iso_dates_naming_the_format():
    data = {"paragraph": 1, "description": "Report.", "due_precision": "day"}
    refused = ImportActionForm({**data, "due_date": "18/10/2021"}, paragraph_texts={1: "x"})
    assert refused.errors == {"due_date": [FORMAT_NAMED]}
    read = ImportActionForm({**data, "due_date": "2021-10-18"}, paragraph_texts={1: "x"})
    assert read.is_valid(), read.errors
    assert read.cleaned_data["due_date"] == datetime.date(2021, 10, 18)
    shown = ImportActionForm(initial={"due_date": datetime.date(2021, 10, 18)})
    assert 'value="2021-10-18"' in str(shown["due_date"])


def test_the_audit_trail_filter_names_the_format_of_a_date_it_refuses(admin_client):
    response = admin_client.get(reverse("audit_trail"), {"since": "18/10/2021"})
    assertContains(response, FORMAT_NAMED, status_code=400)
    assertContains(response, 'value="18/10/2021"', status_code=400)
