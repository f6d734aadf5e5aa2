"""The site's URLs and error handlers plus views that fail, for the tests of what a server
error or a refusal shows and logs (tests/test_production.py, tests/test_errors.py)."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from asean_meetings.urls import handler400, handler403, handler404, handler500  # noqa: F401
from asean_meetings.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise ZeroDivisionError("secret detail of the failure")


def forbidden(request):
    raise PermissionDenied("secret reason for the refusal")


urlpatterns = [
    path("broken/", broken),
    path("api/broken/", broken),
    path("forbidden/", forbidden),
    path("api/forbidden/", forbidden),
    *site_urlpatterns,
]
