"""The API's JSON shapes. Field names are part of the public contract: add, never rename.

Dates are ISO 8601 (``2021-10-18``); times ISO 8601 in UTC. A follow-up action's
``due_date`` is the last day of its period and ``due_precision`` says which period.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from records.models import (
    AgendaItem,
    Attachment,
    Correction,
    Country,
    FollowUpAction,
    LanguageVersion,
    Meeting,
    MeetingSeries,
    Organisation,
    Paragraph,
    Participant,
    ProgressUpdate,
    Resolution,
    VersionParagraph,
)


class ReadOnlySerializer(serializers.ModelSerializer):
    """Every field is output only and always present; model help texts (written for staff
    in the admin) are left out of the API's documentation."""

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        field_kwargs.pop("help_text", None)
        return field_class, field_kwargs

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.read_only = True
        return fields


def _absolute(serializer, path):
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


class CountryRefSerializer(ReadOnlySerializer):
    class Meta:
        model = Country
        fields = ["code", "name"]


class CountrySerializer(ReadOnlySerializer):
    asean_member_since = serializers.DateField(
        allow_null=True, help_text="Date of admission to ASEAN; null for non-members."
    )

    class Meta:
        model = Country
        fields = ["code", "name", "asean_member_since"]


class OrganisationRefSerializer(ReadOnlySerializer):
    class Meta:
        model = Organisation
        fields = ["slug", "name", "short_name"]


class OrganisationSerializer(ReadOnlySerializer):
    country = CountryRefSerializer(allow_null=True)

    class Meta:
        model = Organisation
        fields = ["slug", "name", "short_name", "kind", "country"]


class SeriesRefSerializer(ReadOnlySerializer):
    class Meta:
        model = MeetingSeries
        fields = ["slug", "name", "short_name"]


class SeriesSerializer(ReadOnlySerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = MeetingSeries
        fields = ["slug", "name", "short_name", "description", "url"]

    def get_url(self, series) -> str:
        return _absolute(self, reverse("api:series-detail", kwargs={"slug": series.slug}))


class MeetingRefSerializer(ReadOnlySerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ["slug", "title", "url"]

    def get_url(self, meeting) -> str:
        return _absolute(self, reverse("api:meeting-detail", kwargs={"slug": meeting.slug}))


class MeetingSerializer(ReadOnlySerializer):
    """A published meeting, as listed."""

    series = SeriesRefSerializer()
    ordinal = serializers.CharField(help_text="The sequence number in words: “Third”.")
    country = CountryRefSerializer(allow_null=True, help_text="Host country; null if online.")
    url = serializers.SerializerMethodField(help_text="This record in the API.")
    html_url = serializers.SerializerMethodField(help_text="The record's public page.")
    akn_url = serializers.SerializerMethodField(help_text="The record as Akoma Ntoso 3.0 XML.")
    pdf_url = serializers.SerializerMethodField(help_text="The record as PDF.")

    class Meta:
        model = Meeting
        fields = [
            "slug",
            "title",
            "series",
            "sequence_number",
            "ordinal",
            "year",
            "start_date",
            "end_date",
            "venue",
            "country",
            "format",
            "published_at",
            "url",
            "html_url",
            "akn_url",
            "pdf_url",
        ]

    def get_url(self, meeting) -> str:
        return _absolute(self, reverse("api:meeting-detail", kwargs={"slug": meeting.slug}))

    def get_html_url(self, meeting) -> str:
        return _absolute(self, meeting.get_absolute_url())

    def get_akn_url(self, meeting) -> str:
        return _absolute(self, reverse("records:meeting_akn", kwargs={"slug": meeting.slug}))

    def get_pdf_url(self, meeting) -> str:
        return _absolute(self, reverse("records:meeting_pdf", kwargs={"slug": meeting.slug}))


class ParticipantSerializer(ReadOnlySerializer):
    honorific = serializers.CharField(source="person.honorific")
    name = serializers.CharField(
        source="person.name", help_text="As the record writes it; never split or reordered."
    )
    organisation = OrganisationRefSerializer(allow_null=True)
    government = CountryRefSerializer(allow_null=True)

    class Meta:
        model = Participant
        fields = ["order", "role", "honorific", "name", "position", "organisation", "government"]


class AgendaItemSerializer(ReadOnlySerializer):
    class Meta:
        model = AgendaItem
        fields = ["number", "title"]


class ParagraphSerializer(ReadOnlySerializer):
    agenda_item = serializers.IntegerField(
        source="agenda_item.number", allow_null=True, help_text="The agenda item's number."
    )
    text = serializers.CharField(help_text="The adopted text, word for word.")
    html_url = serializers.SerializerMethodField()

    class Meta:
        model = Paragraph
        fields = ["number", "agenda_item", "text", "html_url"]

    def get_html_url(self, paragraph) -> str:
        return _absolute(self, paragraph.get_absolute_url())


class ResolutionSerializer(ReadOnlySerializer):
    """A resolution within its meeting's record."""

    paragraph = serializers.IntegerField(
        source="paragraph.number", help_text="The number of the paragraph it is in."
    )
    party_countries = CountryRefSerializer(many=True, source="listed_party_countries")
    party_organisations = OrganisationRefSerializer(many=True, source="listed_party_organisations")
    verb_as_written = serializers.CharField(
        read_only=True,
        help_text="The verb as the record writes it: the same as `verb`, except for `other`, "
        "where it is the record's own word (“called upon”).",
    )

    class Meta:
        model = Resolution
        fields = [
            "id",
            "paragraph",
            "order",
            "parties",
            "verb",
            "verb_as_written",
            "text",
            "party_countries",
            "party_organisations",
        ]


class ProgressUpdateSerializer(ReadOnlySerializer):
    meeting = MeetingRefSerializer(help_text="The meeting at which progress was reported.")
    paragraph = serializers.IntegerField(
        source="paragraph.number", allow_null=True, help_text="Its paragraph in that record."
    )

    class Meta:
        model = ProgressUpdate
        fields = ["meeting", "paragraph", "text", "status"]


class FollowUpActionSerializer(ReadOnlySerializer):
    """A follow-up action within the meeting that committed it."""

    paragraph = serializers.IntegerField(
        source="paragraph.number", allow_null=True, help_text="The paragraph that commits it."
    )
    resolution = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The id of the resolution it follows from."
    )
    owner_countries = CountryRefSerializer(many=True, source="listed_owner_countries")
    owner_organisations = OrganisationRefSerializer(many=True, source="listed_owner_organisations")
    due_date = serializers.DateField(
        allow_null=True,
        help_text="The last day of the period given by due_precision (“by February 2022” is "
        "2022-02-28); null for “next_meeting” and “none”.",
    )
    due_display = serializers.CharField(help_text="The deadline at its precision: “February 2022”.")
    overdue = serializers.BooleanField(
        source="is_overdue",
        help_text="Past its deadline at its precision, and neither done nor cancelled, today: "
        "what ``overdue=1`` lists.",
    )
    overdue_since = serializers.DateField(
        allow_null=True,
        help_text="The first day it was overdue: the day after the last day of its deadline's "
        "period (due February 2022: 2022-03-01); null unless overdue today.",
    )
    days_overdue = serializers.IntegerField(
        allow_null=True,
        help_text="Days overdue today, counting the first overdue day as 1; null unless "
        "overdue today.",
    )
    carried_over = serializers.BooleanField(
        help_text="Carried over to a later meeting: among the matters arising of a later "
        "published meeting of its series (still open when it met, or reported on there): "
        "what ``carried_over=1`` lists.",
    )
    progress_updates = ProgressUpdateSerializer(
        many=True,
        source="published_progress_updates",
        help_text="Progress reported at later meetings, oldest first.",
    )

    class Meta:
        model = FollowUpAction
        fields = [
            "id",
            "paragraph",
            "resolution",
            "description",
            "owners",
            "owner_countries",
            "owner_organisations",
            "due_text",
            "due_date",
            "due_precision",
            "due_display",
            "status",
            "overdue",
            "overdue_since",
            "days_overdue",
            "carried_over",
            "progress_updates",
        ]


class ReportedProgressSerializer(ReadOnlySerializer):
    """Progress reported at this meeting on an action committed at an earlier one."""

    action = serializers.CharField(source="action.description")
    committed_at = MeetingRefSerializer(source="action.meeting")
    paragraph = serializers.IntegerField(source="paragraph.number", allow_null=True)

    class Meta:
        model = ProgressUpdate
        fields = ["action", "committed_at", "paragraph", "text", "status"]


class CorrectionSerializer(ReadOnlySerializer):
    """A correction made after publication, with its public note."""

    date = serializers.DateField(
        source="corrected_day", help_text="The day of the correction (ISO 8601)."
    )
    text = serializers.CharField(
        source="public_text", help_text="As shown with the record: “Corrected on …: …”."
    )

    class Meta:
        model = Correction
        fields = ["date", "note", "text"]


class AttachmentSerializer(ReadOnlySerializer):
    """A file attached to the record, with the SHA-256 of its bytes."""

    url = serializers.SerializerMethodField(help_text="Where to download it.")

    class Meta:
        model = Attachment
        fields = ["kind", "title", "language", "content_type", "size", "sha256", "url"]

    def get_url(self, attachment) -> str:
        return _absolute(self, attachment.get_absolute_url())


class VersionParagraphSerializer(ReadOnlySerializer):
    text = serializers.CharField(help_text="The text in the version's language, word for word.")
    html_url = serializers.SerializerMethodField(help_text="The paragraph on the version's page.")

    class Meta:
        model = VersionParagraph
        fields = ["number", "text", "html_url"]

    def get_html_url(self, paragraph) -> str:
        page = _version_address(paragraph.language_version, "language_version")
        return _absolute(self, f"{page}#{paragraph.anchor}")


def _version_address(version, name) -> str:
    return reverse(
        f"records:{name}", kwargs={"slug": version.meeting.slug, "language": version.language}
    )


class LanguageVersionSerializer(ReadOnlySerializer):
    """The record in another language: its own title and numbered paragraphs, the same
    numbers as the record's. Decisions and follow-up actions are the record's, on its
    paragraphs of the same number."""

    language = serializers.CharField(help_text="Its BCP 47 language tag: “ja”, “th”, “zh-Hant”.")
    title = serializers.CharField(help_text="The record's title in this language.")
    authoritative = serializers.BooleanField(
        help_text="Whether the text is authoritative; false for a courtesy translation."
    )
    original = serializers.BooleanField(
        help_text="Whether this version is the original text of the record (at most one "
        "text of a record is; when no version is, the record's own text is)."
    )
    paragraphs = VersionParagraphSerializer(many=True)
    html_url = serializers.SerializerMethodField(help_text="The version's public page.")
    akn_url = serializers.SerializerMethodField(help_text="The version as Akoma Ntoso 3.0 XML.")
    pdf_url = serializers.SerializerMethodField(help_text="The version as PDF.")

    class Meta:
        model = LanguageVersion
        fields = [
            "language",
            "title",
            "authoritative",
            "original",
            "published_at",
            "paragraphs",
            "html_url",
            "akn_url",
            "pdf_url",
        ]

    def get_html_url(self, version) -> str:
        return _absolute(self, _version_address(version, "language_version"))

    def get_akn_url(self, version) -> str:
        return _absolute(self, _version_address(version, "language_version_akn"))

    def get_pdf_url(self, version) -> str:
        return _absolute(self, _version_address(version, "language_version_pdf"))


class MeetingDetailSerializer(MeetingSerializer):
    """A published summary record with everything it contains."""

    note = serializers.CharField(help_text="Shown above the record; may be empty.")
    participants = ParticipantSerializer(many=True, help_text="Chairs first, in record order.")
    agenda_items = AgendaItemSerializer(many=True)
    paragraphs = ParagraphSerializer(many=True)
    resolutions = serializers.SerializerMethodField()
    follow_up_actions = FollowUpActionSerializer(many=True)
    progress_reported = ReportedProgressSerializer(many=True, source="progress_updates")
    corrections = CorrectionSerializer(
        many=True, help_text="Corrections made since publication, oldest first."
    )
    published_sha256 = serializers.CharField(
        allow_null=True,
        help_text="SHA-256 of the last published version (docs/archive.md); null if none.",
    )
    attachments = AttachmentSerializer(many=True)
    language = serializers.CharField(
        help_text="The BCP 47 language tag of the record's own title and paragraphs: “en”."
    )
    authoritative = serializers.BooleanField(
        help_text="Whether the record's own text is authoritative."
    )
    original = serializers.SerializerMethodField(
        help_text="Whether the record's own text is its original (false when one of its "
        "language versions is)."
    )
    language_versions = LanguageVersionSerializer(
        many=True,
        source="published_language_versions",
        help_text="The record's published versions in other languages, by language. A "
        "language not listed has no version: no text stands in for it.",
    )

    class Meta(MeetingSerializer.Meta):
        fields = [
            *MeetingSerializer.Meta.fields,
            "language",
            "authoritative",
            "original",
            "language_versions",
            "note",
            "participants",
            "agenda_items",
            "paragraphs",
            "resolutions",
            "follow_up_actions",
            "progress_reported",
            "corrections",
            "published_sha256",
            "attachments",
        ]

    def get_original(self, meeting) -> bool:
        return not meeting.original_is_version

    @extend_schema_field(ResolutionSerializer(many=True))
    def get_resolutions(self, meeting):
        resolutions = [r for p in meeting.paragraphs.all() for r in p.resolutions.all()]
        return ResolutionSerializer(resolutions, many=True, context=self.context).data


class ResolutionListSerializer(ResolutionSerializer):
    """A resolution in the list of all published resolutions."""

    meeting = MeetingRefSerializer(source="paragraph.meeting")
    html_url = serializers.SerializerMethodField(help_text="Its paragraph on the record page.")

    class Meta(ResolutionSerializer.Meta):
        fields = ["id", "meeting", *ResolutionSerializer.Meta.fields[1:], "html_url"]

    def get_html_url(self, resolution) -> str:
        return _absolute(self, resolution.paragraph.get_absolute_url())


class FollowUpActionListSerializer(FollowUpActionSerializer):
    """A follow-up action in the list of all published actions."""

    meeting = MeetingRefSerializer()

    class Meta(FollowUpActionSerializer.Meta):
        fields = ["id", "meeting", *FollowUpActionSerializer.Meta.fields[1:]]
