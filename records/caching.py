"""What is cached, and when it stops being true.

- ``changes_public_view``: the one rule for whether a change may alter what the public sees;
  such a change moves the ``CacheGeneration`` on (``records/signals.py``).
- ``public_cache_key``: the key of what one address shows the public at the current
  generation, for the cached pages (``records.views.PublicPageCacheMixin``) and the record's
  other forms (``rendered_once``).
- ``rendered_once`` and ``conditional_response``: a record's PDF, Akoma Ntoso and JSON,
  rendered once per generation for the public, with the ETag that answers 304 kept beside the
  bytes.
- ``PrivateWhenSignedInMiddleware``: what caches outside the site may keep.
"""

import hashlib

from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from records import workflow
from records.models import CacheGeneration, LanguageVersion, Meeting, VersionParagraph

# How long a cached page or rendering is kept at most; a new generation leaves it behind
# before that, and the cache drops the oldest entries when full.
CACHE_SECONDS = 24 * 60 * 60


def changes_public_view(instance) -> bool:
    """Whether saving or deleting ``instance`` (a row of the records) may change what the
    public sees, so that cached pages must be rendered afresh.

    The public sees published records (``published_q``; either visibility counts here, so
    that restricting or opening one is seen). A change matters when it touches a record that
    is published, or was (``workflow.FIXED``: withdrawing takes it off the public's pages):
    the meeting itself, a language version of it published itself (or its paragraphs), a
    part of its record (where the part is and where it was loaded
    from, when it moves), a correction or published version of it, or reference data it
    shows. Edits to drafts and records in review, and to reference data only they show,
    change nothing the public sees. A row that cannot say which records show it counts as
    seen.
    """
    if isinstance(instance, (Meeting, LanguageVersion)):
        # Its own state as saved: a delete leaves no row to ask. A language version is seen
        # once published itself (its record is then published too).
        return instance.status in workflow.FIXED
    if isinstance(instance, VersionParagraph):
        return LanguageVersion._base_manager.filter(
            pk=instance.language_version_id, status__in=workflow.FIXED
        ).exists()
    records_q = getattr(instance, "records_q", None)
    if records_q is None:
        return True
    condition = records_q()
    if condition is None:
        return False
    return Meeting._base_manager.filter(condition, status__in=workflow.FIXED).exists()


def public_cache_key(request, kind: str) -> str:
    """The key of what the address of ``request`` shows the public, as ``kind`` ("page",
    "pdf", …), at the current cache generation on today's date (what is overdue changes at
    midnight), in the interface's language of the request (docs/languages.md). The address
    as the visitor asked for it: scheme, host, path and query (pages print their own
    absolute address)."""
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    language = translation.get_language()
    return f"public-{kind}:{CacheGeneration.read()}:{timezone.localdate()}:{language}:{address}"


def conditional_response(request, response, *, last_modified):
    """Give ``response`` its validators (``set_validators``); answer 304 when the client's
    ETag is current."""
    set_validators(response, last_modified=last_modified)
    return get_conditional_response(request, etag=response["ETag"], response=response)


def set_validators(response, *, last_modified) -> None:
    """Give ``response`` an ETag of its bytes and a Last-Modified date.

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


def rendered_once(request, kind: str, render) -> HttpResponse:
    """The public's view of a record in another form (``kind``: "pdf", "akn", "api"),
    rendered once per cache generation, and 304 when the client's ETag is current.

    ``render()`` makes the full response with its validators (``set_validators``), or raises
    ``Http404``. Its bytes and headers are kept under ``public_cache_key``, so a cached
    rendering is answered, and a conditional GET decided, from the ETag kept beside them:
    with no query but the generation's, and nothing rendered. Only for what anyone may
    read: a reader who sees restricted records too gets ``render()`` itself, never this.
    """
    key = public_cache_key(request, kind)
    stored = cache.get(key)
    if stored is None:
        response = render()
        if response.status_code == 200:
            cache.set(key, (response.content, dict(response.items())), CACHE_SECONDS)
    else:
        content, headers = stored
        response = HttpResponse(content, headers=headers)
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
