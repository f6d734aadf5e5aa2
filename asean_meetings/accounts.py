"""Signing in (django-allauth, docs/accounts.md): who may, where each lands, the lockout's
count, and the second factor that who may publish must have.

- Nobody signs themselves up (``AccountAdapter.is_open_for_signup``): staff accounts are made
  in the admin, delegates are invited (``records.delegates``) or come by single sign-on.
- Staff land in the admin after signing in, everyone else where they were going (``next``),
  or on the home page.
- The admin's login is this one (``admin_login``), so the lockout and the second factor hold
  for both.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from asean_meetings.client_address import client_address


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False

    def get_login_redirect_url(self, request):
        if request.user.is_staff:
            return reverse("admin:index")
        return reverse("records:home")

    def get_client_ip(self, request):
        """The address allauth's rates count by: the lockout's and the API's (NUM_PROXIES)."""
        return client_address(request)


class MFAAdapter(DefaultMFAAdapter):
    def build_totp_svg(self, url: str) -> str:
        """The QR code as an ``<svg>`` element for the page itself (the Content Security
        Policy refuses allauth's ``data:`` image): qrcode's drawing of the otpauth URL, paths
        only, without its XML declaration."""
        svg = super().build_totp_svg(url)
        return svg[svg.index("<svg") :].replace(
            "<svg ", '<svg role="img" aria-label="QR code of the authenticator secret" ', 1
        )


def lockout_username(request, credentials=None) -> str:
    """The account a sign-in tries, as the lockout counts it (``AXES_USERNAME_CALLABLE``).

    The admin's form sends ``username``; allauth's sends ``login``, which is a username or an
    email address, and passes it to ``authenticate()`` as ``username`` and ``email``. Either
    way the count is the account's username, so guessing at "alice" and at alice's address
    count together; a login that names no account counts as typed, lower-cased.
    """
    credentials = credentials or {}
    posted = request.POST if request is not None else {}  # a signal sent outside a request
    login = (
        credentials.get("username")
        or credentials.get("email")
        or posted.get("login")
        or posted.get("username")
        or ""
    ).strip()
    if not login:
        return ""
    users = get_user_model().objects.filter(Q(username__iexact=login) | Q(email__iexact=login))
    usernames = list(users.values_list("username", flat=True)[:2])
    for username in usernames:
        if username.lower() == login.lower():
            return username
    if len(usernames) == 1:
        return usernames[0]
    return login.lower()


def admin_login(request):
    """The admin's login page is the site's sign-in (lockout, second factor, single sign-on),
    back to the admin after it. A signed-in user who is not staff may not use the admin."""
    if request.user.is_authenticated:
        if request.user.is_staff:
            return redirect(request.GET.get("next") or "admin:index")
        raise PermissionDenied("This account may not use the administration.")
    query = QueryDict(mutable=True)
    query["next"] = request.GET.get("next") or reverse("admin:index")
    return HttpResponseRedirect(f"{reverse('account_login')}?{query.urlencode()}")


@login_required
def profile(request):
    """The signed-in user's account: who they are, their roles, and what they can change."""
    user = request.user
    context = {
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "two_factor": Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists(),
        "two_factor_required": needs_two_factor(user),
    }
    return render(request, "account/profile.html", context)


def needs_two_factor(user) -> bool:
    """Whether ``user`` must have two-factor authentication: who may publish, when
    ``TWO_FACTOR_REQUIRED_FOR_PUBLISHERS`` is on."""
    return (
        settings.TWO_FACTOR_REQUIRED_FOR_PUBLISHERS
        and user.is_authenticated
        and user.has_perm("records.publish_meeting")
    )


class TwoFactorRequiredMiddleware:
    """Who must have two-factor authentication (``needs_two_factor``) and has not set it up
    is sent to set it up from every page but those of setting it up and signing out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if needs_two_factor(request.user):
            # The set-up page says why it is shown (``request.two_factor_required``).
            request.two_factor_required = True
            if not self.allowed(request.path_info):
                has_totp = Authenticator.objects.filter(
                    user=request.user, type=Authenticator.Type.TOTP
                ).exists()
                if not has_totp:
                    return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def allowed(path: str) -> bool:
        return path.startswith(
            (
                "/accounts/2fa/",
                "/accounts/logout/",
                "/accounts/reauthenticate/",
                "/" + settings.STATIC_URL.lstrip("/"),
            )
        )
