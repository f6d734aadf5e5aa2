"""Following records by email: anyone may follow a series, or every record, and is told once
when a record is published or corrected.

Subscribing is double opt-in: the form stores the address as pending and sends a link that
confirms it (valid ``CONFIRM_DAYS`` days; pending addresses are deleted after that by
``manage.py send_record_notices``). Every message ends it in one click; the address is then
deleted. The form says the same whatever the address's state, so it tells no one who
follows what. Against abuse: ``REQUESTS_PER_HOUR`` requests per client address, and at most
``CONFIRMATIONS_PER_DAY`` confirmation messages a day to one address, never two within an
hour.

Messages are written in the subscriber's language: the page's they subscribed from, until
they change it on the page their unsubscribe link opens (``records/notification_pages.py``),
for every subscription of their address.

Only public published records are told of: a restricted record notifies no one, as the
followers are the public (``published_q``). The services that publish and correct call
``notify_published`` and ``notify_corrected`` once their transaction has committed; a notice
is kept (``RecordNotice``) and delivered at once, and if the mail server cannot be reached,
by the next ``manage.py send_record_notices``.
"""

import datetime
import itertools
import logging
import smtplib

from django import forms
from django.core import signing
from django.core.cache import cache
from django.core.mail import get_connection
from django.core.validators import slug_re
from django.db.models import Exists, F, OuterRef, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache

from asean_meetings.replicas import uses_primary
from records import display, mail
from records.api.throttling import client_address
from records.models import (
    Correction,
    Meeting,
    MeetingSeries,
    RecordNotice,
    Subscription,
    normalise_address,
    published_q,
)
from records.notification_pages import not_ours, page

logger = logging.getLogger(__name__)

CONFIRM_SALT = "records.subscriptions.confirm"
CONFIRM_DAYS = 7
REQUESTS_PER_HOUR = 10
CONFIRMATIONS_PER_DAY = 3
MAIL_FAILURES = (smtplib.SMTPException, OSError)


def public_series():
    """The series with a public published record: those anyone may follow."""
    return MeetingSeries.objects.filter(
        Exists(Meeting.objects.published().filter(series=OuterRef("pk")))
    )


# Subscribing ------------------------------------------------------------------------------


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Your email address"), max_length=254)
    series = forms.ModelChoiceField(
        queryset=MeetingSeries.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("Every summary record"),
        label=_("Follow"),
        help_text=_("You will hear when a record of it is published, and when one is corrected."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = public_series().order_by("name")
        self.fields["series"].label_from_instance = lambda series: series.name


class TooMany(Exception):
    """More requests than ``REQUESTS_PER_HOUR`` from one client address."""


def confirm_url(subscription: Subscription) -> str:
    token = signing.dumps(subscription.pk, salt=CONFIRM_SALT)
    return mail.absolute(reverse("records:subscription_confirm", kwargs={"token": token}))


def request_subscription(
    *, email: str, series: MeetingSeries | None, language: str = "", now=None
) -> None:
    """Keep ``email`` as pending for ``series`` (``None``: every record) and send the link
    that confirms it, in ``language`` (the page's; none: the site's), unless it is confirmed
    already, a link went to it within the hour, or ``CONFIRMATIONS_PER_DAY`` went to the
    address today. A pending subscription asked for again takes the new language.

    Raises ``mail.Refused`` (the server refused the address) or a ``MAIL_FAILURES``
    exception (the server could not be reached); a new pending address is then not kept.
    """
    now = now or timezone.now()
    email = normalise_address(email)
    language = mail.language_for(language)
    subscription, created = Subscription.objects.get_or_create(
        email=email, series=series, defaults={"requested_at": now, "language": language}
    )
    if subscription.confirmed_at is not None:
        return
    if not created and subscription.requested_at > now - datetime.timedelta(hours=1):
        return
    sent_today = Subscription.objects.filter(
        email=email, confirmed_at__isnull=True, requested_at__gt=now - datetime.timedelta(days=1)
    ).exclude(pk=subscription.pk)
    if sent_today.count() >= CONFIRMATIONS_PER_DAY:
        if created:
            subscription.delete()
        return
    with translation.override(language):
        message = mail.message(
            to=email,
            subject=gettext("Confirm: follow %(followed)s") % {"followed": subscription.followed},
            template="subscription_confirm",
            context={
                "subscription": subscription,
                "confirm_url": confirm_url(subscription),
                "days": CONFIRM_DAYS,
            },
            unsubscribe=mail.unsubscribe_url(subscription=subscription),
        )
    try:
        with get_connection() as connection:
            mail.send(connection, message)
    except (mail.Refused, *MAIL_FAILURES):
        if created:
            subscription.delete()
        raise
    Subscription.objects.filter(pk=subscription.pk).update(requested_at=now, language=language)


def _count_request(request) -> None:
    key = f"subscribe-requests:{client_address(request)}"
    cache.add(key, 0, timeout=60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired in between
        cache.set(key, 1, timeout=60 * 60)
        count = 1
    if count > REQUESTS_PER_HOUR:
        raise TooMany


@method_decorator(never_cache, name="dispatch")
class SubscribeView(View):
    """``/subscribe/``: follow a series (``?series=<slug>`` chooses it) or every record."""

    template_name = "records/subscribe.html"

    def get(self, request):
        slug = request.GET.get("series", "")
        chosen = slug_re.fullmatch(slug) and public_series().filter(slug=slug).exists()
        initial = {"series": slug} if chosen else {}
        return render(request, self.template_name, {"form": SubscribeForm(initial=initial)})

    def post(self, request):
        try:
            _count_request(request)
        except TooMany:
            return page(
                request,
                gettext("Too many requests"),
                [
                    gettext(
                        "More than %(count)s requests to follow records came from your "
                        "address in the last hour. Try again in an hour."
                    )
                    % {"count": REQUESTS_PER_HOUR}
                ],
                status=429,
            )
        form = SubscribeForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        try:
            request_subscription(
                email=form.cleaned_data["email"],
                series=form.cleaned_data["series"],
                language=request.LANGUAGE_CODE,
            )
        except mail.Refused as refusal:
            form.add_error(
                "email",
                gettext("Our mail server refused this address (%(answer)s).") % {"answer": refusal},
            )
            return render(request, self.template_name, {"form": form}, status=400)
        except MAIL_FAILURES:
            logger.exception("Could not send a confirmation to follow records.")
            return page(
                request,
                gettext("Please try again later"),
                [gettext("We could not send the confirmation message just now. Nothing was kept.")],
                status=503,
            )
        series = form.cleaned_data["series"]
        return page(
            request,
            gettext("Check your inbox"),
            [
                gettext(
                    "If %(email)s does not follow %(followed)s yet, a message with a link to "
                    "confirm is on its way. The link works for %(days)s days; until it is "
                    "followed, nothing else is sent."
                )
                % {
                    "email": form.cleaned_data["email"],
                    "followed": series.name if series else gettext("every summary record"),
                    "days": CONFIRM_DAYS,
                }
            ],
        )


# On the primary: the row was written by the form a moment ago, perhaps not yet on a replica.
@method_decorator([never_cache, uses_primary], name="dispatch")
class ConfirmView(View):
    """``/subscribe/confirm/<token>/``: the link in the confirmation message."""

    def get(self, request, token):
        try:
            pk = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_DAYS * 24 * 60 * 60)
        except signing.SignatureExpired:
            return page(
                request,
                gettext("This link has expired"),
                [
                    gettext(
                        "Confirmation links work for %(days)s days. Follow again for a new one."
                    )
                    % {"days": CONFIRM_DAYS}
                ],
                status=400,
                subscribe=True,
            )
        except signing.BadSignature:
            return page(request, gettext("This link is not valid"), [not_ours()], status=400)
        subscription = Subscription.objects.select_related("series").filter(pk=pk).first()
        if subscription is None:
            return page(
                request,
                gettext("Nothing to confirm"),
                [
                    gettext(
                        "This request has expired or was withdrawn. Follow again for a new link."
                    )
                ],
                status=404,
                subscribe=True,
            )
        if subscription.confirmed_at is None:
            Subscription.objects.filter(pk=pk).update(confirmed_at=timezone.now())
        return page(
            request,
            gettext("You now follow %(followed)s") % {"followed": subscription.followed},
            [
                gettext(
                    "You will get one message when a record is published or corrected. Each "
                    "message has a link to stop them."
                )
            ],
        )


def purge_unconfirmed(now=None) -> int:
    """Delete the pending addresses whose link has expired; how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=CONFIRM_DAYS)
    deleted, _ = Subscription.objects.filter(
        confirmed_at__isnull=True, requested_at__lt=cutoff
    ).delete()
    return deleted


# Telling followers -------------------------------------------------------------------------


def notify_published(*, meeting_id: int) -> None:
    """After a record's publication has committed: tell its followers, if it is public."""
    _notice(meeting_id, RecordNotice.Kind.PUBLISHED)


def notify_corrected(*, correction_id: int) -> None:
    """After a correction has committed: tell the record's followers, if it is public."""
    correction = Correction.objects.filter(pk=correction_id).first()
    if correction is not None:
        _notice(correction.meeting_id, RecordNotice.Kind.CORRECTED, correction)


def _notice(meeting_id, kind, correction=None) -> None:
    if not Meeting.objects.filter(published_q(), pk=meeting_id).exists():
        return  # restricted (or no longer published): the public hears nothing of it
    RecordNotice.objects.create(meeting_id=meeting_id, kind=kind, correction=correction)
    try:
        deliver_notices()
    except MAIL_FAILURES:
        # The record is published all the same; the notice waits for the mail server.
        logger.exception("Could not deliver a notice; `send_record_notices` will retry.")


def deliver_notices(now=None) -> dict[str, int]:
    """Deliver every notice not yet delivered; how many messages were ``sent`` and how many
    addresses were ``refused`` (their subscriptions are deleted)."""
    counts = {"sent": 0, "refused": 0}
    pending = RecordNotice.objects.filter(delivered_at__isnull=True).select_related(
        "meeting__series", "correction"
    )
    if not pending.exists():
        return counts
    with get_connection() as connection:
        for notice in pending.order_by("pk"):
            _deliver(notice, connection, counts)
            RecordNotice.objects.filter(pk=notice.pk).update(delivered_at=now or timezone.now())
    return counts


def _deliver(notice: RecordNotice, connection, counts) -> None:
    if not Meeting.objects.filter(published_q(), pk=notice.meeting_id).exists():
        return  # withdrawn or restricted since: told to no one
    followers = (
        Subscription.objects.filter(confirmed_at__lte=notice.created_at)
        .filter(Q(series=notice.meeting.series_id) | Q(series__isnull=True))
        .filter(email__gt=notice.delivered_through)
        .select_related("series")
        .order_by("email", F("series").asc(nulls_last=True))
    )
    # One message to an address, with the link that ends the series' own subscription if
    # it has one besides the one to every record, in the language chosen for the address.
    for email, group in itertools.groupby(followers.iterator(), key=lambda s: s.email):
        subscriptions = list(group)
        language = mail.language_for(*(s.language for s in subscriptions))
        try:
            mail.send(connection, notice_message(notice, subscriptions[0], language=language))
            counts["sent"] += 1
        except mail.Refused:
            Subscription.objects.filter(email=email).delete()
            counts["refused"] += 1
        RecordNotice.objects.filter(pk=notice.pk).update(delivered_through=email)


def notice_message(notice: RecordNotice, subscription: Subscription, *, language: str):
    """The notice of a publication or correction, in ``language`` (``mail.language_for``
    the subscriber's) whoever's request sent it: its words and dates; the record's title
    as adopted."""
    meeting = notice.meeting
    correction = notice.correction
    when = correction.corrected_at if correction else meeting.published_at
    with translation.override(language):
        subject = (
            gettext("Corrected: %(title)s") if correction else gettext("Published: %(title)s")
        ) % {"title": meeting.title}
        return mail.message(
            to=subscription.email,
            subject=subject,
            template="record_notice",
            context={
                "meeting": meeting,
                "correction": correction,
                "when": display.long_date(when),
                "record_url": mail.absolute(meeting.get_absolute_url()),
                "subscription": subscription,
            },
            unsubscribe=mail.unsubscribe_url(subscription=subscription),
        )
