"""Reference data that records name: states, organisations, people and meeting series."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from records.models.versioning import VersionedRecord


class Country(VersionedRecord):
    """A state: an ASEAN Member State, a dialogue partner such as Japan, or another."""

    name = models.CharField(max_length=100, unique=True)
    code = models.CharField(
        max_length=2, unique=True, help_text="ISO 3166-1 alpha-2 code, e.g. JP."
    )
    asean_member_since = models.DateField(
        null=True,
        blank=True,
        help_text="Date of admission to ASEAN; empty for non-members.",
    )

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name


class OrganisationKind(models.TextChoices):
    INTERGOVERNMENTAL = "intergovernmental", "Intergovernmental body"
    SECRETARIAT = "secretariat", "Secretariat"
    MINISTRY = "ministry", "Ministry or government agency"
    ASSOCIATION = "association", "Association or network"
    CITY = "city", "City"
    COMPANY = "company", "Company"
    OTHER = "other", "Other"


class Organisation(VersionedRecord):
    """A ministry, secretariat, association, city or other body named in a record."""

    Kind = OrganisationKind

    name = models.CharField(max_length=255, unique=True)
    short_name = models.CharField(max_length=50, blank=True, help_text="e.g. MLIT, JASCA.")
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text="Empty for bodies that belong to no single state, such as the ASEAN Secretariat.",
    )

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values),
                name="organisation_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.short_name})" if self.short_name else self.name


class Person(VersionedRecord):
    """A person as records write them: honorific and name kept exactly, never split."""

    honorific = models.CharField(max_length=30, blank=True, help_text="e.g. Mr., Ms., Dr., H.E.")
    name = models.CharField(
        max_length=200,
        help_text="As the record writes it, e.g. “ISHIDA Masaru” (family name first) or "
        "“Haji Mohammad Nazri Bin Haji Mohammad Yusof”.",
    )

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return f"{self.honorific} {self.name}".strip()


class MeetingSeries(VersionedRecord):
    """A recurring meeting, e.g. the ASEAN-Japan Smart Cities Network High Level Meeting."""

    name = models.CharField(max_length=255, unique=True)
    short_name = models.CharField(max_length=60, help_text="e.g. ASEAN-Japan SCN HLM.")
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "meeting series"

    def __str__(self):
        return self.short_name or self.name
