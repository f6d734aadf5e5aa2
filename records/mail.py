"""Email as this site sends it: reminders (``records/reminders.py``) and notices to those who
follow records (``records/subscriptions.py``).

Every message has a plain-text part and an HTML part rendered from the same context, links
made absolute with ``SITE_URL``, and an unsubscribe link: signed, needing no login, and
followed in one click by mail programs that offer it (``List-Unsubscribe`` with
``List-Unsubscribe-Post``, RFC 8058). A mail server that refuses a recipient raises
``Refused``, told apart from one that cannot be reached, so that the address is reported
and not written to again while the rest go on.

A message is written in its reader's language: the page's, for the confirmation to follow
records; the one its subscriber or focal point keeps, for notices and digests
(``language_for``). ``Content-Language`` says which.
"""

import smtplib

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

UNSUBSCRIBE_SALT = "records.mail.unsubscribe"


class Refused(Exception):
    """The mail server refused the message's recipient; ``str()`` is what it answered."""


def language_for(*chosen: str) -> str:
    """The language to write to a recipient in, from the language (or, for an address kept
    more than once, the languages) ``chosen`` for it: that one, if the site has it; none, one
    the site no longer has, or several that disagree: the site's own."""
    if len(set(chosen)) == 1 and chosen[0] in dict(settings.LANGUAGES):
        return chosen[0]
    return settings.LANGUAGE_CODE


def absolute(path: str) -> str:
    """``path`` on this site, as a link in an email gives it."""
    return f"{settings.SITE_URL}{path}"


def unsubscribe_url(*, subscription=None, address: str = "") -> str:
    """The link that ends a ``subscription``, or stops reminders to ``address``."""
    if subscription is not None:
        payload = {"subscription": subscription.pk}
    else:
        payload = {"address": address}
    token = signing.dumps(payload, salt=UNSUBSCRIBE_SALT, compress=True)
    return absolute(reverse("records:unsubscribe", kwargs={"token": token}))


def read_unsubscribe_token(token: str) -> dict:
    """What an unsubscribe link ends; ``signing.BadSignature`` for a link we did not make."""
    payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(payload, dict) or not ({"subscription", "address"} & payload.keys()):
        raise signing.BadSignature("Not an unsubscribe link.")
    return payload


def message(
    *, to: str, subject: str, template: str, context: dict, unsubscribe: str
) -> EmailMultiAlternatives:
    """``records/email/<template>.txt`` and ``.html``, rendered for ``to`` in the active
    language (``translation.override(language_for(…))`` around the call), which
    ``Content-Language`` names.

    The subject is put on one line: a title with a line break in it must not fail the
    sending (Django refuses headers with line breaks, which would let a header be added).
    """
    context = {**context, "unsubscribe_url": unsubscribe, "site_url": settings.SITE_URL}
    email = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string(f"records/email/{template}.txt", context),
        to=[to],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # None with translations deactivated: the source strings, the site's language.
            "Content-Language": translation.get_language() or settings.LANGUAGE_CODE,
        },
    )
    html = render_to_string(f"records/email/{template}.html", context)
    email.attach_alternative(html, "text/html")
    return email


def send(connection, email: EmailMultiAlternatives) -> None:
    """Send ``email`` on an open ``connection``.

    Raises ``Refused`` when the server refuses its recipient (the connection stays usable
    for the next message); any other failure of the server propagates.
    """
    try:
        connection.send_messages([email])
    except smtplib.SMTPRecipientsRefused as error:
        answers = "; ".join(
            f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
            for code, text in error.recipients.values()
        )
        raise Refused(answers) from error
