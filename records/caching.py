"""Conditional GET for the record's exports and API detail: ``ETag`` and ``Last-Modified``."""

import hashlib

from django.utils.cache import get_conditional_response
from django.utils.http import http_date


def conditional_response(request, response, *, last_modified):
    """Give ``response`` an ETag of its bytes and a Last-Modified date; answer 304 when the
    client's copy is current.

    The ETag is a hash of the body, so it changes whenever anything the body shows changes,
    whichever row it comes from; clients that send ``If-None-Match`` are always right.
    """
    response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    timestamp = int(last_modified.timestamp())
    response["Last-Modified"] = http_date(timestamp)
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=timestamp, response=response
    )
