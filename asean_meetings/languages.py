"""The interface's language (docs/languages.md): which one a request is answered in, and the
switch on every page that changes it and keeps the page.

The languages are ``settings.LANGUAGES``; the choice is kept in Django's language cookie, or,
until a visitor chooses, read from the browser's ``Accept-Language``. No address carries a
language, so every address of the site stays as it is. Only the interface is translated:
the records' own words are shown as written.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.middleware import locale
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache

# What answers in the site's own language (``settings.LANGUAGE_CODE``) whoever asks: the
# records as data and as documents, the same for every reader and every program (URL names;
# "api:" is the whole read-only API but its documentation page).
IN_SITE_LANGUAGE = {
    "records:meeting_pdf",
    "records:meeting_akn",
    "records:feed",
    "records:series_feed",
    "records:calendar",
    "records:series_calendar",
    "sitemap",
}


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, which activates the reader's language and answers with
    ``Content-Language`` and ``Vary: Accept-Language``; plus ``Vary: Cookie``, as the
    language cookie chooses too, so that no cache outside the site serves one language's
    page to a reader of another. The records as data (``IN_SITE_LANGUAGE``, the API, CSV
    exports) are answered in the site's own language."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if answers_in_site_language(request):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response = super().process_response(request, response)
        patch_vary_headers(response, ("Cookie",))
        return response


def answers_in_site_language(request) -> bool:
    match = request.resolver_match
    if match is None:
        return False
    if match.namespace == "api":
        return match.url_name != "docs"
    return match.view_name in IN_SITE_LANGUAGE or request.GET.get("format") == "csv"


def language_links(request) -> list[dict]:
    """The switch: for each language, its name in itself and the address that changes to it
    and comes back to this page, its query included."""
    here = request.get_full_path()
    current = translation.get_language()
    switch = reverse("set_language")
    return [
        {
            "code": code,
            "name": name,
            "url": f"{switch}?{urlencode({'language': code, 'next': here})}",
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]


def switch(request) -> dict:
    """Context processor: ``language_links`` for the switch, worked out only where a page
    shows it."""
    return {"language_links": lambda: language_links(request)}


@never_cache
def set_language(request):
    """Change the interface's language (``?language=th``) and go back to ``next``, a page of
    this site (else the home page). A plain link, so the switch needs no form, no script and
    no CSRF token on the cached public pages; choosing a language changes nothing else."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("records:home")
    response = HttpResponseRedirect(next_url)
    code = request.GET.get("language", "")
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
