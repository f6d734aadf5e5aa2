"""The site's URLs plus one view with a bug in it, for tests/test_production.py to see what a
server error shows and logs."""

from django.urls import path

from asean_meetings.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise ZeroDivisionError("secret detail of the failure")


urlpatterns = [path("broken/", broken), *site_urlpatterns]
