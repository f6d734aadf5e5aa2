"""Inviting member-state delegates and ending their access (the admin's "Delegates" list).

A delegate is invited by email: the account is made without a password, in the delegate
role, and the message links to the page where they choose one (allauth's password reset
page, with a token that works once and for ``PASSWORD_RESET_TIMEOUT``, three days). Nobody
signs themselves up. A delegate who leaves is deactivated, never deleted.
"""

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from records.mail import absolute
from records.models import Delegate
from records.roles import DELEGATE


@transaction.atomic
def delegate_invite(*, delegate: Delegate) -> Delegate:
    """Make the account of ``delegate`` (unsaved, with an email address and a name; the
    address is also their username) and send the invitation once it is saved. A
    ``ValidationError`` if an account already has the address."""
    email = Delegate.objects.normalize_email(delegate.email).strip().lower()
    if not email:
        raise ValidationError(
            {"email": gettext("A delegate is invited by email: give the address.")}
        )
    if Delegate._base_manager.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": gettext("An account with this email address already exists.")}
        )
    delegate.username = delegate.email = email
    delegate.is_staff = delegate.is_superuser = False
    delegate.set_unusable_password()
    delegate.full_clean()
    delegate.save()
    delegate.groups.add(Group.objects.get(name=DELEGATE))
    EmailAddress.objects.create(user=delegate, email=email, primary=True, verified=False)
    transaction.on_commit(lambda: delegate_send_invitation(delegate=delegate))
    return delegate


def delegate_send_invitation(*, delegate: Delegate) -> None:
    """Email ``delegate`` the link to choose a password (again, for a lost invitation), in
    the site's language (``settings.LANGUAGE_CODE``) whoever's request sends it: a delegate
    keeps no language of their own, and the officer's is not theirs."""
    key = default_token_generator.make_token(delegate)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(delegate), "key": key},
    )
    context = {
        "delegate": delegate,
        "set_password_url": absolute(path),
        "days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60),
        "site_url": settings.SITE_URL,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("Your account for the ASEAN meeting records")
        message = render_to_string("records/email/delegate_invitation.txt", context)
    send_mail(subject=subject, message=message, from_email=None, recipient_list=[delegate.email])


def delegate_deactivate(*, delegate: Delegate) -> None:
    """End the delegate's access: they can no longer sign in, nor reset their password."""
    delegate.is_active = False
    delegate.save(update_fields=["is_active"])
