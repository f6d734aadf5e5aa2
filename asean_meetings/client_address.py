"""The client's address: what the API's rates and the admin login's lockout count by."""

from django.conf import settings


def client_address(request) -> str:
    """``REMOTE_ADDR``, or with ``NUM_PROXIES`` proxies in front, the address the outermost of
    them saw: the ``NUM_PROXIES``-th from the end of ``X-Forwarded-For``, where each proxy
    appends the address it was reached from.

    Anything further left in the header the client may have written itself, so it is never
    believed; with no proxy (``NUM_PROXIES = 0``) the header is ignored altogether. A request
    without the header (one that bypassed the proxies) counts by ``REMOTE_ADDR``.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not settings.NUM_PROXIES or not forwarded:
        return remote
    addresses = forwarded.split(",")
    return addresses[-min(settings.NUM_PROXIES, len(addresses))].strip()
