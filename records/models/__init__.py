"""The records' models by concept; import them from here: ``from records.models import X``."""

from records.language_tags import language_name, normalise_language
from records.models.archive import (
    Attachment,
    AttachmentKind,
    PublishedVersion,
    published_sha256,
    served_attachments,
)
from records.models.audit import RECORD_KINDS, AuditEntry, AuditKind
from records.models.cache_generation import CacheGeneration
from records.models.delegates import Delegate
from records.models.follow_ups import (
    CLOSED_STATUSES,
    ActionPrecision,
    FollowUpAction,
    FollowUpActionQuerySet,
    FollowUpActionStatus,
)
from records.models.languages import LanguageVersion, VersionParagraph
from records.models.meeting_queries import MeetingQuerySet, meeting_date_order
from records.models.meetings import (
    AgendaItem,
    Meeting,
    MeetingFormat,
    Paragraph,
    Participant,
    ParticipantRole,
)
from records.models.notifications import (
    FocalPoint,
    RecordNotice,
    RecordNoticeKind,
    ReminderKind,
    ReminderSent,
    SecretariatDesk,
    Subscription,
    SuppressedAddress,
    SuppressionReason,
    normalise_address,
)
from records.models.progress import ProgressUpdate, ProgressUpdateQuerySet
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
from records.models.versioning import RecordPart, VersionedRecord, last_change

__all__ = [
    "RECORD_KINDS",
    "AuditEntry",
    "AuditKind",
    "Delegate",
    "CLOSED_STATUSES",
    "ActionPrecision",
    "AgendaItem",
    "Attachment",
    "AttachmentKind",
    "Correction",
    "Country",
    "FocalPoint",
    "FollowUpAction",
    "FollowUpActionQuerySet",
    "FollowUpActionStatus",
    "LanguageVersion",
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
    "RecordNotice",
    "RecordNoticeKind",
    "RecordPart",
    "ReminderKind",
    "ReminderSent",
    "CacheGeneration",
    "Resolution",
    "ResolutionQuerySet",
    "ResolutionVerb",
    "SecretariatDesk",
    "Subscription",
    "SuppressedAddress",
    "SuppressionReason",
    "VersionParagraph",
    "VersionedRecord",
    "language_name",
    "normalise_language",
    "last_change",
    "meeting_date_order",
    "published_sha256",
    "normalise_address",
    "published_q",
    "search_vector_field",
    "served_attachments",
    "sees_restricted",
]
