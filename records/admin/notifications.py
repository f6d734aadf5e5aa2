"""Who is told about the records (``records/models/notifications.py``): focal points and
secretariat desks, kept by editors; suppressed addresses; subscribers, listed only to staff
with the *view subscription* permission; and what was sent, read-only."""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from records.admin.concurrency import ConcurrentEditAdmin
from records.models import (
    FocalPoint,
    RecordNotice,
    ReminderSent,
    SecretariatDesk,
    Subscription,
    SuppressedAddress,
)
from records.pagination import EstimatedCountPaginator


class ReadOnlyAdmin(admin.ModelAdmin):
    """A log: what was sent is read, never entered or changed by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FocalPoint)
class FocalPointAdmin(ConcurrentEditAdmin):
    list_display = ["name", "email", "organisation", "country", "reminders"]
    list_filter = ["organisation__kind", "country", "language"]
    search_fields = ["name", "email", "organisation__name", "organisation__short_name"]
    list_select_related = ["organisation", "country"]
    autocomplete_fields = ["organisation", "country"]
    fields = ["name", "email", "organisation", "country", "language"]

    def get_queryset(self, request):
        suppressed = SuppressedAddress.objects.filter(email=OuterRef("email"))
        return super().get_queryset(request).annotate(suppressed=Exists(suppressed))

    @admin.display(description=_("Reminders"), boolean=True, ordering="suppressed")
    def reminders(self, obj):
        """Whether reminders are sent to the address (see Suppressed addresses)."""
        return not obj.suppressed


@admin.register(SecretariatDesk)
class SecretariatDeskAdmin(ConcurrentEditAdmin):
    list_display = ["series", "email"]
    search_fields = ["series__name", "series__short_name", "email"]
    list_select_related = ["series"]
    autocomplete_fields = ["series"]


@admin.register(SuppressedAddress)
class SuppressedAddressAdmin(ConcurrentEditAdmin):
    list_display = ["email", "reason", "since", "detail"]
    list_filter = ["reason"]
    search_fields = ["email"]
    date_hierarchy = "since"


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Listed only to staff given *view subscription*; entered only by the person, through
    the confirmation link; deleted by staff (on request) with *delete subscription*."""

    list_display = ["email", "followed", "requested_at", "confirmed_at"]
    list_filter = ["series", ("confirmed_at", admin.EmptyFieldListFilter), "language"]
    search_fields = ["email"]
    list_select_related = ["series"]
    readonly_fields = ["email", "series", "language", "requested_at", "confirmed_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyAdmin):
    list_display = ["day", "email", "kind", "action"]
    list_filter = ["kind"]
    search_fields = ["email"]
    date_hierarchy = "day"
    list_select_related = ["action"]
    paginator = EstimatedCountPaginator
    show_full_result_count = False


@admin.register(RecordNotice)
class RecordNoticeAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "kind", "created_at", "delivered_at"]
    list_filter = ["kind"]
    list_select_related = ["meeting__series"]
