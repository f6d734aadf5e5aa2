"""What caches outside the site may keep: conditional GET for a record's API detail and
exports (``ETag`` and ``Last-Modified``), and nothing shown to a signed-in user."""

import hashlib

from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date


def conditional_response(request, response, *, last_modified):
    """Give ``response`` an ETag of its bytes and a Last-Modified date; answer 304 when the
    client's ETag is current.

    The ETag is a hash of the body, so it changes whenever anything the body shows changes,
    whichever row that comes from: a paragraph, a resolution, or the name of an organisation
    that many records mention. ``last_modified`` (the record's publication or last edit of
    the meeting) cannot see all of those, so it is sent for information but never used to
    answer 304: ``If-Modified-Since`` alone always gets the full response. ``no-cache`` makes
    caches revalidate with the ETag rather than guess freshness from the date.
    """
    response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    response["Last-Modified"] = http_date(last_modified.timestamp())
    patch_cache_control(response, no_cache=True)
    return get_conditional_response(request, etag=response["ETag"], response=response)


class PrivateWhenSignedInMiddleware:
    """A response made for a signed-in user gets ``Cache-Control: private``: it may show what
    only they may read (a restricted record shown to a member-state delegate, a staff preview
    of a draft), so no shared cache (a proxy, a CDN) may store it for others.

    A response whose view never read the session (the API) is the same for everyone, and the
    user is not looked up for it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.session.accessed and request.user.is_authenticated:
            patch_cache_control(response, private=True)
        return response
