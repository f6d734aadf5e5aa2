"""The sample records come with focal points and secretariat desks, so that reminders can be
tried on them (and measured: bench/reminders.py)."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from records import reminders
from records.models import Country, FocalPoint, MeetingSeries, Organisation, SecretariatDesk

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample():
    call_command(
        "generate_sample_data",
        meetings=12,
        resolutions=400,
        seed=7,
        stdout=StringIO(),
        stderr=StringIO(),
    )


def test_every_state_and_organisation_but_cities_and_companies_has_a_focal_point(sample):
    assert set(
        FocalPoint.objects.filter(country__isnull=False).values_list("country", flat=True)
    ) == set(Country.objects.values_list("pk", flat=True))
    with_focal_points = Organisation.objects.filter(focal_points__isnull=False)
    assert (
        with_focal_points.count()
        == Organisation.objects.exclude(kind__in=["city", "company"]).count()
    )
    assert not with_focal_points.filter(kind__in=["city", "company"]).exists()
    assert all(
        email.endswith(".example.org")
        for email in FocalPoint.objects.values_list("email", flat=True)
    )
    for focal_point in FocalPoint.objects.all()[:50]:
        focal_point.full_clean()


def test_every_series_has_a_desk(sample):
    assert SecretariatDesk.objects.count() == MeetingSeries.objects.count()


def test_the_sample_records_have_reminders_to_send(sample):
    policy = reminders.Policy(today=datetime.date(2025, 6, 1), window=365)
    digests = list(reminders.owner_digests(policy))
    assert len(digests) > 5
    assert any(digest.overdue for digest in digests)
    assert any(digest.due_soon for digest in digests)
    assert list(reminders.desk_digests(policy))
