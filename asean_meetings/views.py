"""The site's own answers, outside the records: its error pages (JSON under ``/api/``), the
health check and the sign-in's lockout page."""

import logging

from django.conf import settings
from django.contrib import admin
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


# Errors (``handler400`` … ``handler500`` in urls.py) ----------------------------------------
# Under /api/ each is JSON in the API's error shape, ``{"detail": …}``
# (``records.api.exceptions``); elsewhere the site's page.


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def bad_request(request, exception):
    if _is_api(request):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if _is_api(request):
        return JsonResponse({"detail": "You may not see this."}, status=403)
    if request.path_info.startswith("/admin/") and request.user.is_authenticated:
        return _admin_permission_denied(request, exception)
    return defaults.permission_denied(request, exception)


def _admin_permission_denied(request, exception):
    """A refused admin page, in the admin's look: why, what the person's role may do, and
    the way back."""
    from records.roles import what_roles_may_do

    context = {
        **admin.site.each_context(request),
        "title": "Not allowed",
        "reason": str(exception) if str(exception) else "",
        "roles": what_roles_may_do(request.user),
    }
    return render(request, "admin/403.html", context, status=403)


def page_not_found(request, exception):
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return JsonResponse({"detail": "Server error: please try again later."}, status=500)
    return defaults.server_error(request)


# Serving ---------------------------------------------------------------------------------


@never_cache
def healthz(request):
    """For load balancers and monitors: 200 when the database answers a query, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer.")
        return HttpResponse(
            "The database does not answer.\n", status=503, content_type="text/plain"
        )
    return HttpResponse("OK\n", content_type="text/plain")


def login_locked_out(request, original_response=None, credentials=None):
    """What django-axes shows instead of the sign-in once an account and address are locked
    out (settings ``AXES_LOCKOUT_CALLABLE``): what happened, when to try again, and how to
    sign in at once (a password reset)."""
    credentials = credentials or {}
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "username": credentials.get("username")
        or credentials.get("email")
        or request.POST.get("login")
        or request.POST.get("username", ""),
    }
    return render(request, "account/locked_out.html", context, status=429)
