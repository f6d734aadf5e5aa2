"""Conditional GET for a record's API detail and exports: ``ETag`` and ``Last-Modified``."""

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
