"""Read-only endpoints over published records. Each runs a fixed number of queries."""

from functools import partial

from django.db.models import Exists, OuterRef, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import viewsets
from rest_framework.response import Response

from records.api import serializers
from records.caching import rendered_once, set_validators
from records.filters import FollowUpActionFilter, MeetingFilter, ResolutionFilter
from records.models import (
    Country,
    FollowUpAction,
    Meeting,
    MeetingSeries,
    Organisation,
    Participant,
    Resolution,
    published_q,
)

SLUG = r"[-a-zA-Z0-9_]+"

CONDITIONAL_HEADERS = [
    OpenApiParameter(
        "If-None-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="An ETag from an earlier response: 304 if the record is unchanged.",
    ),
    OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        required=True,
        response=[200, 304],
        description="A validator of this exact response body.",
    ),
    OpenApiParameter(
        "Last-Modified",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        required=True,
        response=[200, 304],
        description="When the record was published or its meeting last edited; for "
        "information (304s are decided by the ETag, which also sees changes to what the "
        "record names).",
    ),
]


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A list and a detail; the list's filters apply to the list only."""

    def filter_queryset(self, queryset):
        if self.action == "list":
            return super().filter_queryset(queryset)
        return queryset


@extend_schema(tags=["Meetings"])
class MeetingViewSet(ReadOnlyViewSet):
    """Published summary records; the detail nests everything the record contains."""

    lookup_field = "slug"
    lookup_value_regex = SLUG
    filterset_class = MeetingFilter

    def get_queryset(self):
        meetings = Meeting.objects.published()
        if self.action == "retrieve":
            return meetings.for_export()
        return meetings.for_listing()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.MeetingDetailSerializer
        return serializers.MeetingSerializer

    @extend_schema(summary="List published meetings, latest first")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="A published summary record, with all it contains",
        parameters=CONDITIONAL_HEADERS,
        responses={
            200: serializers.MeetingDetailSerializer,
            304: OpenApiResponse(description="Not modified: your copy is current."),
        },
    )
    def retrieve(self, request, *args, **kwargs):
        """Rendered once per cache generation (the API shows the public's view only)."""
        return rendered_once(request, "api", partial(self.render_detail, request))

    def render_detail(self, request):
        meeting = self.get_object()
        response = self.finalize_response(request, Response(self.get_serializer(meeting).data))
        set_validators(response.render(), last_modified=meeting.changed_at)
        return response


@extend_schema_view(
    list=extend_schema(summary="List resolutions of published records"),
    retrieve=extend_schema(summary="A resolution, by id"),
)
@extend_schema(tags=["Resolutions"])
class ResolutionViewSet(ReadOnlyViewSet):
    """Resolutions of published records, with the filters and sorts of ``/resolutions/``."""

    serializer_class = serializers.ResolutionListSerializer
    cursor_pages = True  # ``next`` and ``previous`` are keyset cursors
    filterset_class = ResolutionFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return Resolution.objects.published().for_listing().by_meeting_date()


@extend_schema_view(
    list=extend_schema(summary="List follow-up actions of published records"),
    retrieve=extend_schema(summary="A follow-up action, by id"),
)
@extend_schema(tags=["Follow-up actions"])
class FollowUpActionViewSet(ReadOnlyViewSet):
    """Follow-up actions committed at published meetings, with the progress reported since;
    the filters and sorts of ``/actions/`` (``overdue=1``: past the deadline at its
    precision, neither done nor cancelled)."""

    serializer_class = serializers.FollowUpActionListSerializer
    cursor_pages = True  # ``next`` and ``previous`` are keyset cursors
    filterset_class = FollowUpActionFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return FollowUpAction.objects.published().for_listing().with_owners().by_due_date()


@extend_schema_view(
    list=extend_schema(summary="List meeting series"),
    retrieve=extend_schema(summary="A meeting series, by slug"),
)
@extend_schema(tags=["Reference"])
class SeriesViewSet(ReadOnlyViewSet):
    """Meeting series that have at least one published meeting."""

    serializer_class = serializers.SeriesSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG

    def get_queryset(self):
        return MeetingSeries.objects.filter(
            Exists(Meeting.objects.published().filter(series=OuterRef("pk")))
        ).order_by("name")


@extend_schema_view(
    list=extend_schema(summary="List countries"),
    retrieve=extend_schema(summary="A country, by ISO 3166-1 code"),
)
@extend_schema(tags=["Reference"])
class CountryViewSet(ReadOnlyViewSet):
    """The ASEAN Member States, and other states named in published records (as host, a
    chair's government, a party or an owner), by ISO 3166-1 code."""

    serializer_class = serializers.CountrySerializer
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{2}"

    def get_queryset(self):
        named = (
            Q(asean_member_since__isnull=False)
            | Exists(Meeting.objects.published().filter(country=OuterRef("pk")))
            | Exists(Participant.objects.filter(published_q("meeting"), government=OuterRef("pk")))
            | Exists(Resolution.objects.published().filter(party_countries=OuterRef("pk")))
            | Exists(FollowUpAction.objects.published().filter(owner_countries=OuterRef("pk")))
        )
        return Country.objects.filter(named).order_by("name")

    def get_object(self):
        self.kwargs["code"] = self.kwargs["code"].upper()
        return super().get_object()


@extend_schema_view(
    list=extend_schema(summary="List organisations named in published records"),
    retrieve=extend_schema(summary="An organisation, by slug"),
)
@extend_schema(tags=["Reference"])
class OrganisationViewSet(ReadOnlyViewSet):
    """Organisations named in published records (as a chair's body, a party or an owner)."""

    serializer_class = serializers.OrganisationSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG

    def get_queryset(self):
        named = (
            Exists(Participant.objects.filter(published_q("meeting"), organisation=OuterRef("pk")))
            | Exists(Resolution.objects.published().filter(party_organisations=OuterRef("pk")))
            | Exists(FollowUpAction.objects.published().filter(owner_organisations=OuterRef("pk")))
        )
        return Organisation.objects.filter(named).select_related("country").order_by("name")
