"""The records' models by concept; import them from here: ``from records.models import X``."""

from records.models.archive import (
    Attachment,
    AttachmentKind,
    PublishedVersion,
    published_sha256,
    served_attachments,
)
from records.models.cache_generation import RecordsVersion
from records.models.decisions import (
    CLOSED_STATUSES,
    ActionPrecision,
    FollowUpAction,
    FollowUpActionQuerySet,
    FollowUpActionStatus,
    ProgressUpdate,
    ProgressUpdateQuerySet,
    Resolution,
    ResolutionQuerySet,
    ResolutionVerb,
)
from records.models.meetings import (
    AgendaItem,
    Correction,
    Meeting,
    MeetingFormat,
    MeetingQuerySet,
    Paragraph,
    Participant,
    ParticipantRole,
    meeting_date_order,
    search_vector_field,
)
from records.models.publication import (
    MeetingStatus,
    MeetingVisibility,
    published_q,
    sees_restricted,
)
from records.models.reference import (
    Country,
    MeetingSeries,
    Organisation,
    OrganisationKind,
    Person,
)
from records.models.versioning import VersionedRecord

__all__ = [
    "CLOSED_STATUSES",
    "ActionPrecision",
    "AgendaItem",
    "Attachment",
    "AttachmentKind",
    "Correction",
    "Country",
    "FollowUpAction",
    "FollowUpActionQuerySet",
    "FollowUpActionStatus",
    "Meeting",
    "MeetingFormat",
    "MeetingQuerySet",
    "MeetingSeries",
    "MeetingStatus",
    "MeetingVisibility",
    "Organisation",
    "OrganisationKind",
    "Paragraph",
    "Participant",
    "ParticipantRole",
    "Person",
    "PublishedVersion",
    "ProgressUpdate",
    "ProgressUpdateQuerySet",
    "RecordsVersion",
    "Resolution",
    "ResolutionQuerySet",
    "ResolutionVerb",
    "VersionedRecord",
    "meeting_date_order",
    "published_sha256",
    "published_q",
    "sees_restricted",
    "search_vector_field",
    "served_attachments",
]
