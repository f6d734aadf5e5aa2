import datetime
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from records import display
from records.models import (
    AgendaItem,
    FollowUpAction,
    Meeting,
    Paragraph,
    Participant,
    ProgressUpdate,
    Resolution,
)
from records.sample_data import flush_records, generate_sample_data
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def generate(meetings=12, resolutions=400, seed=7, **options):
    call_command(
        "generate_sample_data",
        meetings=meetings,
        resolutions=resolutions,
        seed=seed,
        stdout=StringIO(),
        stderr=StringIO(),
        **options,
    )


def snapshot():
    """Everything the generator wrote, keys and timestamps aside."""
    return {
        "meetings": list(
            Meeting.objects.order_by("slug").values_list(
                "slug", "title", "start_date", "end_date", "venue", "country__code", "format",
                "status", "published_at",
            )
        ),
        "participants": list(
            Participant.objects.order_by("meeting__slug", "order").values_list(
                "meeting__slug", "person__name", "role", "position", "government__code"
            )
        ),
        "paragraphs": list(
            Paragraph.objects.order_by("meeting__slug", "number").values_list(
                "meeting__slug", "number", "agenda_item__title", "text"
            )
        ),
        "resolutions": list(
            Resolution.objects.order_by("paragraph__meeting__slug", "paragraph__number", "order")
            .annotate(countries=Count("party_countries"))
            .values_list("paragraph__number", "verb", "parties", "text", "countries")
        ),
        "actions": list(
            FollowUpAction.objects.order_by("meeting__slug", "paragraph__number", "description")
            .values_list("description", "due_text", "due_date", "due_precision", "status")
        ),
        "updates": list(
            ProgressUpdate.objects.order_by("meeting__slug", "paragraph__number").values_list(
                "meeting__slug", "action__description", "text", "status"
            )
        ),
    }  # fmt: skip


def test_writes_the_numbers_of_meetings_and_resolutions_asked_for():
    generate(meetings=12, resolutions=400)
    assert Meeting.objects.count() == 12
    assert Resolution.objects.count() == 400


def test_same_seed_writes_the_same_records():
    generate(seed=3)
    first = snapshot()
    generate(seed=3, flush=True)
    assert snapshot() == first


def test_another_seed_writes_other_records():
    generate(seed=3)
    first = snapshot()
    generate(seed=4, flush=True)
    assert snapshot()["paragraphs"] != first["paragraphs"]


@pytest.mark.parametrize(
    "model",
    [Meeting, Participant, AgendaItem, Paragraph, Resolution, FollowUpAction, ProgressUpdate],
)
def test_generated_rows_pass_the_validation_staff_edits_go_through(model):
    generate(meetings=8, resolutions=200)
    rows = model.objects.order_by("pk")
    assert rows.exists()
    for row in rows[:150]:
        row.full_clean()


def test_every_resolution_clause_stands_word_for_word_in_its_paragraph():
    generate()
    for resolution in Resolution.objects.select_related("paragraph"):
        verb = resolution.verb_word or resolution.verb  # "other" is written with its word
        assert f"{resolution.parties} {verb} {resolution.text}" in (resolution.paragraph.text)


def test_every_operative_verb_precision_and_action_status_appears():
    generate()
    assert set(Resolution.objects.values_list("verb", flat=True)) == set(Resolution.Verb.values)
    assert set(FollowUpAction.objects.values_list("due_precision", flat=True)) == set(
        FollowUpAction.Precision.values
    )
    assert set(FollowUpAction.objects.values_list("status", flat=True)) == set(
        FollowUpAction.Status.values
    )


def test_most_records_are_published_and_some_are_not():
    generate(meetings=60, resolutions=600)
    published = Meeting.objects.published().count()
    assert published > 45
    assert published < 60


def test_due_dates_are_the_last_day_of_their_period():
    generate()
    dated = FollowUpAction.objects.filter(due_precision__in=FollowUpAction.DATED)
    assert dated.count() > 20
    for action in dated:
        assert action.due_date == display.period_end(action.due_date, action.due_precision)
        assert action.due_date > action.meeting.start_date


def test_actions_at_next_meeting_or_without_deadline_have_no_date():
    generate()
    undated = FollowUpAction.objects.exclude(due_precision__in=FollowUpAction.DATED)
    assert undated.exists()
    assert not undated.filter(due_date__isnull=False).exists()


def test_progress_is_reported_at_later_meetings_of_the_same_series():
    generate()
    updates = ProgressUpdate.objects.select_related("meeting", "action__meeting", "paragraph")
    assert updates.count() > 10
    for update in updates:
        assert update.meeting.series_id == update.action.meeting.series_id
        assert update.meeting.sequence_number > update.action.meeting.sequence_number
        assert update.text in update.paragraph.text


def test_every_meeting_has_a_chair_and_partner_series_have_two_co_chairs():
    generate()
    for meeting in Meeting.objects.select_related("series"):
        roles = list(meeting.participants.filter(order__lte=2).values_list("role", flat=True))
        if meeting.series.name.startswith("ASEAN-"):
            assert roles == [Participant.Role.CO_CHAIR, Participant.Role.CO_CHAIR]
        else:
            assert roles[0] == Participant.Role.CHAIR


def test_paragraph_one_says_who_chaired():
    generate(meetings=4, resolutions=40)
    for meeting in Meeting.objects.all():
        first = meeting.paragraphs.get(number=1).text
        for chair in meeting.participants.filter(role__in=["chair", "co_chair"]):
            assert chair.person.name in first


def test_resolutions_name_their_parties():
    generate()
    linked = Resolution.objects.filter(party_countries__isnull=False).distinct()
    assert linked.count() > 50
    resolution = linked.filter(parties__contains=" and ").first()
    for country in resolution.party_countries.all():
        assert country.name in resolution.parties or "Member States" in resolution.parties


def test_no_records_from_before_a_country_joined_name_it_as_a_member():
    generate(meetings=40, resolutions=800)
    early = Resolution.objects.filter(
        paragraph__meeting__start_date__lt=datetime.date(2025, 10, 26),
        party_countries__code="TL",
    )
    assert not early.exists()


def test_refuses_a_database_that_already_holds_meetings():
    MeetingFactory()
    with pytest.raises(CommandError, match="already holds 1 meetings"):
        generate()
    assert Meeting.objects.count() == 1


def test_flush_replaces_the_records_already_there():
    existing = MeetingFactory()
    generate(meetings=5, resolutions=50, flush=True)
    assert not Meeting.objects.filter(slug=existing.slug).exists()
    assert Meeting.objects.count() == 5


def test_rows_added_after_generation_get_fresh_keys():
    generate(meetings=3, resolutions=30)
    last = Resolution.objects.order_by("-pk").first()
    added = Resolution.objects.create(
        paragraph=last.paragraph, verb=last.verb, parties=last.parties, text=last.text
    )
    assert added.pk > last.pk


def test_zero_resolutions_still_writes_meetings_with_paragraphs():
    flush_records()
    counts = generate_sample_data(meetings=2, resolutions=0, seed=1)
    assert counts["meeting"] == 2
    assert Resolution.objects.count() == 0
    assert Paragraph.objects.count() == 4


@pytest.mark.parametrize(
    ("meetings", "resolutions", "message"),
    [(0, 10, "--meetings must be at least 1"), (2, -1, "--resolutions cannot be negative")],
)
def test_rejects_impossible_sizes(meetings, resolutions, message):
    with pytest.raises(CommandError, match=message):
        generate(meetings=meetings, resolutions=resolutions)


def test_reports_what_it_wrote():
    out = StringIO()
    call_command("generate_sample_data", meetings=3, resolutions=30, stdout=out, stderr=StringIO())
    assert "30 resolution," in out.getvalue()
    assert "3 meeting," in out.getvalue()


def test_without_the_development_requirements_it_says_what_to_install(monkeypatch):
    # Production installs requirements.txt only; the progress bar is in requirements-dev.txt.
    monkeypatch.setitem(sys.modules, "tqdm", None)  # what Python does for a missing package
    with pytest.raises(CommandError, match="pip install -r requirements-dev.txt"):
        generate(meetings=1, resolutions=0)
    assert Meeting.objects.count() == 0
