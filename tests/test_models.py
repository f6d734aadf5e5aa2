import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from records.models import FollowUpAction, Meeting, ProgressUpdate, Resolution
from tests.factories import (
    AgendaItemFactory,
    CountryFactory,
    FollowUpActionFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    ParagraphFactory,
    ParticipantFactory,
    ProgressUpdateFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db


def refused_by_database(save):
    with pytest.raises(IntegrityError), transaction.atomic():
        save()


def messages(error: ValidationError) -> str:
    return " ".join(m for msgs in error.message_dict.values() for m in msgs)


# Meetings


def test_database_refuses_end_date_before_start_date():
    meeting = MeetingFactory()
    meeting.end_date = meeting.start_date - datetime.timedelta(days=1)
    refused_by_database(meeting.save)


def test_form_validation_says_end_date_cannot_precede_start_date():
    meeting = MeetingFactory.build(
        series=MeetingSeriesFactory(),
        start_date=datetime.date(2021, 10, 19),
        end_date=datetime.date(2021, 10, 18),
    )
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "The end date cannot be before the start date." in messages(error.value)


def test_database_refuses_two_meetings_with_one_number_in_a_series():
    meeting = MeetingFactory()
    duplicate = MeetingFactory.build(
        series=meeting.series, sequence_number=meeting.sequence_number, slug="other"
    )
    refused_by_database(duplicate.save)


def test_form_validation_names_the_duplicate_meeting_number():
    meeting = MeetingFactory()
    duplicate = MeetingFactory.build(
        series=meeting.series, sequence_number=meeting.sequence_number, slug="other"
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "This series already has a meeting with this number." in messages(error.value)


def test_database_refuses_a_year_other_than_the_start_dates():
    meeting = MeetingFactory(start_date=datetime.date(2021, 10, 18))
    meeting.year = 2020
    refused_by_database(meeting.save)


def test_database_refuses_an_unknown_status():
    meeting = MeetingFactory()
    meeting.status = "archived"
    refused_by_database(meeting.save)


def test_database_refuses_an_unknown_format():
    meeting = MeetingFactory()
    meeting.format = "telepathy"
    refused_by_database(meeting.save)


def test_database_refuses_a_published_record_without_publication_date():
    meeting = MeetingFactory(draft=True)
    meeting.status = Meeting.Status.PUBLISHED
    refused_by_database(meeting.save)


def test_clean_stamps_the_publication_date_when_publishing():
    meeting = MeetingFactory(draft=True)
    meeting.status = Meeting.Status.PUBLISHED
    meeting.full_clean()
    assert meeting.published_at is not None


def test_clean_fills_year_title_slug_and_end_date_from_what_is_known():
    series = MeetingSeriesFactory(name="ASEAN Tourism Forum", slug="atf")
    meeting = Meeting(
        series=series, sequence_number=15, start_date=datetime.date(2019, 1, 14), year=None
    )
    meeting.full_clean()
    assert meeting.year == 2019
    assert meeting.end_date == datetime.date(2019, 1, 14)
    assert meeting.title == "Summary Record of the Fifteenth ASEAN Tourism Forum"
    assert meeting.slug == "atf-15"


def test_meeting_with_unknown_dates_needs_its_year():
    meeting = Meeting(series=MeetingSeriesFactory(), sequence_number=2)
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "Enter the year, or the dates, of the meeting." in messages(error.value)


def test_meeting_year_must_agree_with_its_start_date():
    meeting = MeetingFactory.build(
        series=MeetingSeriesFactory(), start_date=datetime.date(2021, 10, 18), year=2020
    )
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "The meeting started in 2021, not 2020." in messages(error.value)


def test_online_meeting_has_no_host_country():
    meeting = MeetingFactory.build(
        series=MeetingSeriesFactory(), format=Meeting.Format.ONLINE, country=CountryFactory()
    )
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "country" in error.value.message_dict


def test_meeting_str_names_ordinal_series_and_dates():
    series = MeetingSeriesFactory(short_name="ASEAN-Japan SCN HLM")
    meeting = MeetingFactory(
        series=series,
        sequence_number=3,
        start_date=datetime.date(2021, 10, 18),
        end_date=datetime.date(2021, 10, 19),
    )
    assert str(meeting) == "Third ASEAN-Japan SCN HLM, 18–19 October 2021"


# People at meetings, agenda, paragraphs


def test_database_refuses_listing_a_person_twice_at_one_meeting():
    participant = ParticipantFactory()
    refused_by_database(
        lambda: ParticipantFactory(meeting=participant.meeting, person=participant.person)
    )


def test_database_refuses_two_paragraphs_with_one_number():
    paragraph = ParagraphFactory()
    refused_by_database(
        lambda: ParagraphFactory(meeting=paragraph.meeting, number=paragraph.number)
    )


def test_form_validation_names_the_duplicate_paragraph_number():
    paragraph = ParagraphFactory()
    duplicate = ParagraphFactory.build(meeting=paragraph.meeting, number=paragraph.number)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "This record already has a paragraph with this number." in messages(error.value)


def test_database_refuses_paragraph_number_zero():
    refused_by_database(lambda: ParagraphFactory(number=0))


def test_database_refuses_two_agenda_items_with_one_number():
    item = AgendaItemFactory()
    refused_by_database(lambda: AgendaItemFactory(meeting=item.meeting, number=item.number))


def test_paragraph_cannot_sit_under_another_meetings_agenda_item():
    paragraph = ParagraphFactory.build(meeting=MeetingFactory(), agenda_item=AgendaItemFactory())
    with pytest.raises(ValidationError) as error:
        paragraph.full_clean()
    assert "Choose an agenda item of this paragraph's own meeting." in messages(error.value)


def test_paragraph_url_points_at_its_anchor():
    paragraph = ParagraphFactory(number=4)
    assert paragraph.get_absolute_url() == f"/meetings/{paragraph.meeting.slug}/#p4"


# Resolutions


def test_resolution_clause_must_be_in_its_paragraph():
    paragraph = ParagraphFactory(text="The Meeting agreed to meet again in 2030.")
    resolution = Resolution(
        paragraph=paragraph, verb="agreed", parties="The Meeting", text="to meet in 2031"
    )
    with pytest.raises(ValidationError) as error:
        resolution.full_clean()
    assert "This clause is not in the text of ¶" in messages(error.value)


def test_resolution_clause_may_differ_from_its_paragraph_in_line_breaks_only():
    paragraph = ParagraphFactory(text="The Meeting agreed to meet\nagain in 2030.")
    resolution = Resolution(
        paragraph=paragraph, verb="agreed", parties="The Meeting", text="to meet again  in 2030"
    )
    resolution.full_clean()


def test_database_refuses_an_unknown_operative_verb():
    resolution = ResolutionFactory()
    resolution.verb = "voted"
    refused_by_database(resolution.save)


# Follow-up actions


def test_database_refuses_a_dated_precision_without_a_date():
    action = FollowUpActionFactory()
    action.due_date = None
    refused_by_database(action.save)


def test_database_refuses_a_date_on_an_action_due_at_the_next_meeting():
    action = FollowUpActionFactory()
    action.due_precision = FollowUpAction.Precision.NEXT_MEETING
    refused_by_database(action.save)


def test_database_refuses_an_unknown_action_status():
    action = FollowUpActionFactory()
    action.status = "forgotten"
    refused_by_database(action.save)


@pytest.mark.parametrize(
    ("entered", "precision", "kept", "shown"),
    [
        (datetime.date(2022, 2, 1), "month", datetime.date(2022, 2, 28), "February 2022"),
        (datetime.date(2025, 8, 1), "quarter", datetime.date(2025, 9, 30), "Q3 2025"),
        (datetime.date(2021, 10, 18), "year", datetime.date(2021, 12, 31), "end of 2021"),
        (datetime.date(2021, 10, 29), "day", datetime.date(2021, 10, 29), "29 October 2021"),
    ],
)
def test_clean_keeps_the_last_day_of_the_due_period(entered, precision, kept, shown):
    action = FollowUpActionFactory.build(
        paragraph=ParagraphFactory(), due_date=entered, due_precision=precision
    )
    action.meeting = action.paragraph.meeting
    action.full_clean()
    assert action.due_date == kept
    assert action.due_display == shown


def test_action_due_at_next_meeting_takes_no_date():
    action = FollowUpActionFactory.build(
        paragraph=ParagraphFactory(),
        due_date=datetime.date(2022, 1, 1),
        due_precision=FollowUpAction.Precision.NEXT_MEETING,
    )
    action.meeting = action.paragraph.meeting
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert "takes no date" in messages(error.value)
    assert FollowUpAction(due_precision="next_meeting").due_display == "At the next meeting"


def test_action_takes_its_paragraph_and_meeting_from_its_resolution():
    resolution = ResolutionFactory()
    action = FollowUpAction(
        resolution=resolution,
        description="Report back.",
        due_date=datetime.date(2030, 1, 1),
        due_precision="day",
    )
    action.full_clean()
    assert action.paragraph == resolution.paragraph
    assert action.meeting == resolution.paragraph.meeting


def test_action_follows_its_resolution_into_another_paragraph():
    resolution = ResolutionFactory()
    action = FollowUpActionFactory.build(paragraph=ParagraphFactory(), resolution=resolution)
    action.full_clean()
    assert action.paragraph == resolution.paragraph
    assert action.meeting == resolution.paragraph.meeting


def test_action_needs_a_meeting_or_a_paragraph():
    action = FollowUpAction(description="Report.", due_precision="none")
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert "Choose the meeting where it was committed, or its paragraph." in messages(error.value)


@pytest.mark.parametrize(
    ("due_date", "precision", "today", "overdue"),
    [
        (datetime.date(2021, 10, 29), "day", datetime.date(2021, 10, 29), False),
        (datetime.date(2021, 10, 29), "day", datetime.date(2021, 10, 30), True),
        (datetime.date(2022, 2, 28), "month", datetime.date(2022, 2, 28), False),
        (datetime.date(2022, 2, 28), "month", datetime.date(2022, 3, 1), True),
        (datetime.date(2025, 9, 30), "quarter", datetime.date(2025, 9, 30), False),
        (datetime.date(2025, 9, 30), "quarter", datetime.date(2025, 10, 1), True),
        (datetime.date(2021, 12, 31), "year", datetime.date(2021, 12, 31), False),
        (datetime.date(2021, 12, 31), "year", datetime.date(2022, 1, 1), True),
    ],
)
def test_overdue_is_judged_at_the_due_dates_precision(due_date, precision, today, overdue):
    action = FollowUpActionFactory(due_date=due_date, due_precision=precision)
    assert (action in FollowUpAction.objects.overdue(today=today)) is overdue


@pytest.mark.parametrize("status", ["done", "cancelled"])
def test_closed_actions_are_never_overdue(status):
    action = FollowUpActionFactory(due_date=datetime.date(2020, 1, 1), status=status)
    assert action not in FollowUpAction.objects.overdue(today=datetime.date(2026, 1, 1))


def test_progress_is_reported_at_a_later_meeting_not_the_committing_one():
    action = FollowUpActionFactory()
    update = ProgressUpdate(action=action, meeting=action.meeting, text="Done early.")
    with pytest.raises(ValidationError) as error:
        update.full_clean()
    assert "later meeting" in messages(error.value)


def test_progress_reported_at_a_draft_meeting_is_not_published():
    update = ProgressUpdateFactory(meeting=MeetingFactory(draft=True))
    public = ProgressUpdateFactory()
    assert list(ProgressUpdate.objects.published()) == [public]
    assert update.pk


def test_published_querysets_leave_out_draft_records():
    draft = MeetingFactory(draft=True)
    ResolutionFactory(paragraph=ParagraphFactory(meeting=draft))
    FollowUpActionFactory(paragraph=ParagraphFactory(meeting=draft))
    published_resolution = ResolutionFactory()
    published_action = FollowUpActionFactory()
    assert list(Resolution.objects.published()) == [published_resolution]
    assert list(FollowUpAction.objects.published()) == [published_action]
    assert draft not in Meeting.objects.published()
