"""The site's URLs plus the trivial view every page is compared with. Used only by the bench."""

from django.http import HttpResponse
from django.urls import path

from asean_meetings.urls import urlpatterns as site_urlpatterns


def trivial(request):
    """The floor: a view that does nothing, behind the same middleware as every page."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("__bench__/trivial/", trivial, name="bench_trivial"), *site_urlpatterns]
