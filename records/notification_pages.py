"""The pages that the links in our messages open, without signing in: the notification page
(``records/notification_page.html``, a title and a few lines) that answers following
records (``records/subscriptions.py``), and the page of the link every message ends with,
which unsubscribes, or stops reminders to an address, and lets a subscriber choose the
language their messages are written in (``mail.language_for`` reads it).

The link's signed token (``mail.unsubscribe_url``) is the only proof asked: whoever holds a
message may end it, or change its language, as its reader may.
"""

from django import forms
from django.core import signing
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from asean_meetings.replicas import uses_primary
from records import mail
from records.models import Subscription, SuppressedAddress, normalise_address
from records.models.notifications import interface_languages


def page(request, title, lines, *, status=200, **context):
    """The notification page: ``title``, then each of ``lines`` as a paragraph."""
    return render(
        request,
        "records/notification_page.html",
        {"title": title, "lines": lines, **context},
        status=status,
    )


def not_ours() -> str:
    return gettext("This link is not one we sent: check that it was copied whole.")


class SubscriberLinkView(View):
    """A page that a link in a message opens: its signed token (``mail.unsubscribe_url``)
    names the subscription, or the address reminders go to, and is the only proof asked."""

    def dispatch(self, request, *args, token, **kwargs):
        try:
            self.payload = mail.read_unsubscribe_token(token)
        except signing.BadSignature:
            return page(request, gettext("This link is not valid"), [not_ours()], status=400)
        self.token = token
        return super().dispatch(request, *args, **kwargs)

    def _subscription(self):
        return (
            Subscription.objects.select_related("series")
            .filter(pk=self.payload.get("subscription"))
            .first()
        )

    def _gone(self, request, status=200):
        return page(
            request,
            gettext("Unsubscribed"),
            [gettext("This address is no longer subscribed.")],
            status=status,
        )


@method_decorator([never_cache, csrf_exempt, uses_primary], name="dispatch")
class UnsubscribeView(SubscriberLinkView):
    """``/unsubscribe/<token>/``: the link in every message. GET asks (mail scanners follow
    links), and offers a subscriber the language of their messages; POST, from the page's
    button or from a mail program's one-click unsubscribe (RFC 8058, which sends no CSRF
    token: the signed token is the proof), ends it."""

    def get(self, request):
        language_choice = {}
        if "address" in self.payload:
            question = gettext("Stop sending reminders of follow-up actions to %(address)s?") % {
                "address": self.payload["address"]
            }
        else:
            subscription = self._subscription()
            if subscription is None:
                return self._gone(request)
            question = gettext("Stop sending news of %(followed)s to %(email)s?") % {
                "followed": subscription.followed,
                "email": subscription.email,
            }
            language_choice = {
                "language_form": LanguageForm(initial={"language": subscription.language}),
                "language_action": reverse(
                    "records:subscription_language", kwargs={"token": self.token}
                ),
            }
        return page(
            request,
            gettext("Unsubscribe"),
            [question],
            button=gettext("Unsubscribe"),
            **language_choice,
        )

    def post(self, request):
        if "address" in self.payload:
            address = normalise_address(self.payload["address"])
            SuppressedAddress.objects.update_or_create(
                email=address,
                defaults={"reason": SuppressedAddress.Reason.UNSUBSCRIBED, "detail": ""},
            )
            return page(
                request,
                gettext("Unsubscribed"),
                [
                    gettext(
                        "No more reminders will be sent to %(address)s. The secretariat can see "
                        "this."
                    )
                    % {"address": address}
                ],
            )
        subscription = self._subscription()
        if subscription is None:
            return self._gone(request)
        subscription.delete()
        return page(
            request,
            gettext("Unsubscribed"),
            [
                gettext(
                    "%(email)s no longer follows %(followed)s, and we no longer keep the "
                    "address for it."
                )
                % {"email": subscription.email, "followed": subscription.followed}
            ],
        )


class LanguageSelect(forms.Select):
    """Each language named in itself, and marked so (``lang``), as the switch names them."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        option["attrs"]["lang"] = value
        return option


class LanguageForm(forms.Form):
    """The language of the messages to a subscriber's address."""

    language = forms.ChoiceField(
        choices=interface_languages, label=_("Language of the messages"), widget=LanguageSelect
    )


@method_decorator([never_cache, uses_primary], name="dispatch")
class SubscriptionLanguageView(SubscriberLinkView):
    """``/unsubscribe/<token>/language/``: the form on the page an unsubscribe link opens
    (a POST with its CSRF token) changes the language of every message to that address."""

    def post(self, request):
        subscription = self._subscription()
        if subscription is None:
            return self._gone(request, status=404)
        form = LanguageForm(request.POST)
        if not form.is_valid():
            return page(
                request,
                gettext("Change language"),
                [],
                status=400,
                language_form=form,
                language_action=request.path,
            )
        language = form.cleaned_data["language"]
        Subscription.objects.filter(email=subscription.email).update(language=language)
        return page(
            request,
            gettext("Change language"),
            [
                gettext("Messages to %(email)s are now written in %(language)s.")
                % {"email": subscription.email, "language": dict(interface_languages())[language]}
            ],
        )
