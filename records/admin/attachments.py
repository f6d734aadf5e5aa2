"""The admin of files attached to records (``records/attachments.py`` checks each upload)."""

from django.contrib import admin

from records.admin.concurrency import ConcurrentEditAdmin
from records.admin.workflow import RecordContentsAdmin
from records.models import Attachment


@admin.register(Attachment)
class AttachmentAdmin(RecordContentsAdmin, ConcurrentEditAdmin):
    """A file is part of its record: changed or removed as the record's state allows."""

    list_display = ["title", "kind", "meeting", "language", "size", "scan", "uploaded_at"]
    list_filter = ["kind", "scan", "language"]
    search_fields = ["title", "meeting__slug"]
    list_select_related = ["meeting__series", "meeting__country"]
    autocomplete_fields = ["meeting"]
    raw_id_fields = ["agenda_item", "paragraph"]
    readonly_fields = ["size", "content_type", "sha256", "scan", "uploaded_at"]
