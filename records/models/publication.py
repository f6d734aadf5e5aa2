"""Whether a record is published, and to whom: the one definition every public read uses."""

from django.db import models
from django.db.models import Q


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class MeetingVisibility(models.TextChoices):
    PUBLIC = "public", "Public"
    RESTRICTED = "restricted", "Restricted to member-state delegates"


def published_q(meeting_path: str = "", *, include_restricted: bool = False) -> Q:
    """The condition for a meeting to be seen, reached through ``meeting_path``.

    The one definition of "published" that every public page, list, export and search uses:
    ``Resolution.objects.filter(published_q("paragraph__meeting"))``. Published and public by
    default; ``include_restricted`` adds the published records restricted to member-state
    delegates, for a reader who may see them (``sees_restricted``).
    """
    prefix = f"{meeting_path}__" if meeting_path else ""
    condition = Q(**{f"{prefix}status": MeetingStatus.PUBLISHED})
    if not include_restricted:
        condition &= Q(**{f"{prefix}visibility": MeetingVisibility.PUBLIC})
    return condition


def sees_restricted(user) -> bool:
    """Whether ``user`` may read restricted published records on the public site."""
    return user.is_authenticated and user.has_perm("records.view_restricted_meeting")
