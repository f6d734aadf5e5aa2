"""Focal points and secretariat desks for the sample records (``generate_sample_data``), so
that reminders have someone to go to: one focal point for every state and for every
organisation but the cities and companies (whose actions then have none, as in life), and a
desk for every series. Names are the sample people's; addresses are at example.org, which
receives no mail (RFC 2606)."""

import itertools

from records.models import (
    Country,
    FocalPoint,
    MeetingSeries,
    Organisation,
    OrganisationKind,
    Person,
    SecretariatDesk,
)

WITHOUT_FOCAL_POINTS = [OrganisationKind.CITY, OrganisationKind.COMPANY]


def create_sample_contacts() -> dict[str, int]:
    """Add the contacts that are missing; how many of each were added."""
    names = itertools.cycle(str(person) for person in Person.objects.order_by("pk")[:500])
    organisations = (
        Organisation.objects.exclude(kind__in=WITHOUT_FOCAL_POINTS)
        .filter(focal_points__isnull=True)
        .order_by("pk")
    )
    countries = Country.objects.filter(focal_points__isnull=True).order_by("pk")
    focal_points = [
        FocalPoint(
            name=next(names, "Focal point"),
            email=f"{organisation.slug[:60]}@focal-points.example.org",
            organisation=organisation,
        )
        for organisation in organisations
    ] + [
        FocalPoint(
            name=next(names, "Focal point"),
            email=f"{country.code.lower()}@focal-points.example.org",
            country=country,
        )
        for country in countries
    ]
    FocalPoint.objects.bulk_create(focal_points)
    desks = [
        SecretariatDesk(series=series, email=f"{series.slug[:60]}@desks.asean.example.org")
        for series in MeetingSeries.objects.filter(secretariat_desk__isnull=True).order_by("pk")
    ]
    SecretariatDesk.objects.bulk_create(desks)
    return {"focal points": len(focal_points), "secretariat desks": len(desks)}
