"""Single sign-on with the governments' identity providers (OpenID Connect, allauth).

Which provider users are member-state delegates is configuration, not code: a provider
vouches for a delegate with a claim (``OIDC_DELEGATE_CLAIM``, e.g. ``groups``) that holds a
value (``OIDC_DELEGATE_VALUE``, e.g. ``asean-delegates``), either of them set for each
provider in ``OIDC_PROVIDERS`` if need be (``asean_meetings.oidc_providers``).

- Only someone the provider vouches for as a delegate gets an account by signing in through
  it; anyone else is told that sign-up is closed.
- At every sign-in through a provider, the account's delegate role follows the claim: a
  government that takes someone out of the group takes away their reading of restricted
  records at their next sign-in.
- Accounts made this way are never staff, and a provider's email address never signs anyone
  in to an existing account (``SOCIALACCOUNT_EMAIL_AUTHENTICATION`` is off).
"""

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib.auth.models import Group

from records.roles import DELEGATE


def is_delegate(sociallogin) -> bool:
    """Whether the provider's claims (userinfo, else the ID token's) name a delegate."""
    app_settings = sociallogin.provider.app.settings if sociallogin.provider.app else {}
    claim = app_settings.get("delegate_claim") or settings.OIDC_DELEGATE_CLAIM
    expected = app_settings.get("delegate_value") or settings.OIDC_DELEGATE_VALUE
    data = sociallogin.account.extra_data or {}
    for claims in (data.get("userinfo") or {}, data.get("id_token") or {}):
        if claim in claims:
            value = claims[claim]
            values = value if isinstance(value, list) else [value]
            return expected in [str(v) for v in values]
    return False


def set_delegate_role(user, delegate: bool) -> None:
    group = Group.objects.get(name=DELEGATE)
    if delegate:
        user.groups.add(group)
    else:
        user.groups.remove(group)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return is_delegate(sociallogin)

    def pre_social_login(self, request, sociallogin):
        if sociallogin.is_existing:
            set_delegate_role(sociallogin.user, is_delegate(sociallogin))

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        set_delegate_role(user, is_delegate(sociallogin))
        return user
