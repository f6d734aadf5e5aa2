"""The admin's "Member-state delegates": invite by email, send the invitation again,
deactivate (``records.delegates``); for those with the permission (the Publisher role)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from records.delegates import delegate_deactivate, delegate_invite, delegate_send_invitation
from records.models import Delegate


class DelegateInviteForm(forms.ModelForm):
    class Meta:
        model = Delegate
        fields = ["email", "first_name", "last_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _(
            "The invitation is sent here, with a link to choose a password; the delegate "
            "signs in with this address."
        )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if Delegate._base_manager.filter(email__iexact=email).exists():
            raise ValidationError(gettext("An account with this email address already exists."))
        return email


@admin.register(Delegate)
class DelegateAdmin(admin.ModelAdmin):
    list_display = ["email", "first_name", "last_name", "is_active", "last_login"]
    list_filter = ["is_active"]
    search_fields = ["email", "first_name", "last_name"]
    ordering = ["email"]
    fields = ["email", "first_name", "last_name", "is_active", "last_login", "date_joined"]
    readonly_fields = ["email", "last_login", "date_joined"]
    actions = ["send_invitation_again", "deactivate"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = DelegateInviteForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return DelegateInviteForm.Meta.fields if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            delegate_invite(delegate=obj)
            messages.info(
                request, gettext("The invitation was sent to %(email)s.") % {"email": obj.email}
            )

    def has_delete_permission(self, request, obj=None):
        return False  # deactivated, never deleted: who read what stays known

    @admin.action(description=_("Send the invitation again"), permissions=["change"])
    def send_invitation_again(self, request, queryset):
        delegates = list(queryset.filter(is_active=True))
        for delegate in delegates:
            delegate_send_invitation(delegate=delegate)
        self.message_user(
            request, gettext("Invitations sent again: %(count)s.") % {"count": len(delegates)}
        )

    @admin.action(description=_("Deactivate (no more sign-in)"), permissions=["change"])
    def deactivate(self, request, queryset):
        delegates = list(queryset.filter(is_active=True))
        for delegate in delegates:
            delegate_deactivate(delegate=delegate)
        self.message_user(request, gettext("Deactivated: %(count)s.") % {"count": len(delegates)})
