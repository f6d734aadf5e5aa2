"""The records' models by concept; import them from here: ``from records.models import X``."""

from records.models.archive import (
    Attachment,
    AttachmentKind,
    PublishedVersion,
    published_sha256,
    served_attachments,
)
from records.models.cache_generation import CacheGeneration
from records.models.follow_ups import (
    CLOSED_STATUSES,
    ActionPrecision,
    FollowUpAction,
    FollowUpActionQuerySet,
    FollowUpActionStatus,
    ProgressUpdate,
    ProgressUpdateQuerySet,
)
from records.models.meetings import (
    AgendaItem,
    Meeting,
    MeetingFormat,
    MeetingQuerySet,
    Paragraph,
    Participant,
    ParticipantRole,
    meeting_date_order,
)
from records.models.publication import (
    Correction,
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
from records.models.resolutions import Resolution, ResolutionQuerySet, ResolutionVerb
from records.models.searchable import search_vector_field
from records.models.versioning import RecordPart, VersionedRecord, last_change, who_changed_last

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
    "RecordPart",
    "CacheGeneration",
    "Resolution",
    "ResolutionQuerySet",
    "ResolutionVerb",
    "VersionedRecord",
    "last_change",
    "meeting_date_order",
    "published_sha256",
    "published_q",
    "sees_restricted",
    "search_vector_field",
    "who_changed_last",
    "served_attachments",
]
