"""Reference data that records name: states, organisations, people and meeting series."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from records.models.versioning import VersionedRecord


class ReferenceDataQuerySet(models.QuerySet):
    def records_showing(self):
        """The meetings whose records show any of these rows: one query, however many ways
        a record may show them (``shown_by``)."""
        from records.models.meetings import Meeting

        keys = self.values("pk")
        condition = Q()
        for path in self.model.shown_by:
            condition |= Q(pk__in=Meeting.objects.filter(**{f"{path}__in": keys}).values("pk"))
        return Meeting.objects.filter(condition)


class ReferenceData(VersionedRecord):
    """A row that records name and show with its current values: a person, organisation,
    country or series, edited on its own admin page.

    ``shown_fields`` are the fields a record shows (its page, PDF, Akoma Ntoso, JSON, CSV or
    feed); ``shown_by`` the paths from a meeting to the rows its record shows
    (``row.records_showing()``). A change to a shown field changes every record that
    shows the row: the admin makes it only as a public correction of each published one
    (``records/admin/reference.py``).
    """

    shown_fields: tuple[str, ...] = ()
    shown_by: tuple[str, ...] = ()

    objects = ReferenceDataQuerySet.as_manager()

    class Meta:
        abstract = True

    def records_showing(self):
        """The meetings whose records show this row (see ``shown_by``)."""
        return type(self).objects.filter(pk=self.pk).records_showing()

    def records_q(self) -> Q:
        """The condition for the meetings whose records show this row."""
        return Q(pk__in=self.records_showing().values("pk"))


class Country(ReferenceData):
    """A state: an ASEAN Member State, a dialogue partner such as Japan, or another."""

    # The code is in each record's JSON and Akoma Ntoso; the date of admission in none.
    shown_fields = ("name", "code")
    shown_by = (
        "country",
        "participants__government",
        "paragraphs__resolutions__party_countries",
        "follow_up_actions__owner_countries",
    )

    name = models.CharField(max_length=100, unique=True, verbose_name=_("name"))
    code = models.CharField(
        max_length=2,
        unique=True,
        help_text=_("ISO 3166-1 alpha-2 code, e.g. JP."),
        verbose_name=_("code"),
    )
    asean_member_since = models.DateField(
        null=True,
        blank=True,
        help_text=_("Date of admission to ASEAN; empty for non-members."),
        verbose_name=_("asean member since"),
    )

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name


class OrganisationKind(models.TextChoices):
    INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental body")
    SECRETARIAT = "secretariat", _("Secretariat")
    MINISTRY = "ministry", _("Ministry or government agency")
    ASSOCIATION = "association", _("Association or network")
    CITY = "city", _("City")
    COMPANY = "company", _("Company")
    OTHER = "other", _("Other")


class Organisation(ReferenceData):
    """A ministry, secretariat, association, city or other body named in a record."""

    Kind = OrganisationKind

    # The slug is in each record's JSON and Akoma Ntoso; the kind and country in none.
    shown_fields = ("name", "short_name", "slug")
    shown_by = (
        "participants__organisation",
        "paragraphs__resolutions__party_organisations",
        "follow_up_actions__owner_organisations",
    )

    name = models.CharField(max_length=255, unique=True, verbose_name=_("name"))
    short_name = models.CharField(
        max_length=50, blank=True, help_text=_("e.g. MLIT, JASCA."), verbose_name=_("short name")
    )
    slug = models.SlugField(
        _("web address"),
        max_length=100,
        unique=True,
        help_text=_(
            "The name in its public addresses and filters, e.g. “asean”; lower case, "
            "hyphens for spaces."
        ),
    )
    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.OTHER, verbose_name=_("kind")
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_(
            "Empty for bodies that belong to no single state, such as the ASEAN Secretariat."
        ),
        verbose_name=_("country"),
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


class Person(ReferenceData):
    """A person as records write them: honorific and name kept exactly, never split."""

    shown_fields = ("honorific", "name")
    shown_by = ("participants__person",)

    honorific = models.CharField(
        max_length=30,
        blank=True,
        help_text=_("e.g. Mr., Ms., Dr., H.E."),
        verbose_name=_("honorific"),
    )
    name = models.CharField(
        max_length=200,
        help_text=_(
            "As the record writes it, e.g. “ISHIDA Masaru” (family name first) or "
            "“Haji Mohammad Nazri Bin Haji Mohammad Yusof”."
        ),
        verbose_name=_("name"),
    )

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("people")

    def __str__(self):
        return f"{self.honorific} {self.name}".strip()


class MeetingSeries(ReferenceData):
    """A recurring meeting, e.g. the ASEAN-Japan Smart Cities Network High Level Meeting."""

    # The slug is in each record's JSON and its Akoma Ntoso address; the description is shown
    # with the list of meetings, by no record. A record's title is its own, kept per meeting.
    shown_fields = ("name", "short_name", "slug")
    # A record shows its own series, and the series of the actions reported on at it.
    shown_by = ("series", "progress_updates__action__meeting__series")

    name = models.CharField(max_length=255, unique=True, verbose_name=_("name"))
    short_name = models.CharField(
        max_length=60, help_text=_("e.g. ASEAN-Japan SCN HLM."), verbose_name=_("short name")
    )
    slug = models.SlugField(
        _("web address"),
        max_length=100,
        unique=True,
        help_text=_(
            "The name in its public addresses and filters, e.g. “asean”; lower case, "
            "hyphens for spaces."
        ),
    )
    description = models.TextField(blank=True, verbose_name=_("description"))

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("meeting series")

    def __str__(self):
        return self.short_name or self.name

    @property
    def language(self):
        """The language its name and description are written in: the site's, as staff keep
        the series (a page in another language says so on the elements showing them)."""
        return settings.LANGUAGE_CODE
