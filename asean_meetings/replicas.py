"""Read replicas: which database each query goes to (docs/scaling.md).

With ``DATABASE_REPLICA_URLS`` the settings add one alias per PostgreSQL streaming replica
(``replica_1``, ``replica_2``, …). A replica is a little behind the primary, so only reads
that may be a second old go to one: the public's pages, API, feeds and exports. The rule is
decided once per request, here, before the view runs:

- a request that may write (any method but GET, HEAD and OPTIONS) reads from the primary;
- so does any request with a session cookie: staff, editors and member-state delegates, who
  are signed in, always see the primary (and their sessions are never read from a replica
  that has not got them yet);
- so does every request to the admin, and every view marked ``@uses_primary`` (the links in
  emails that read a row another request has just written);
- and so does every request from a client that wrote in the last ``REPLICA_PIN_SECONDS``:
  the response to a write sets the ``read_primary_until`` cookie, so the page a form
  redirects to shows what was just saved.

Everything else reads from one replica, chosen at random per request and kept for the whole
request, so the page and the cache generation it is keyed on come from the same database. A
replica that does not answer is logged and the request reads from the primary. Within a
request, once anything is written, the rest of its reads go to the primary too. Outside a
request (management commands, the shell, tests) everything reads from the primary. Writes
and migrations go to the primary only.
"""

import contextvars
import logging
import random
import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.urls import reverse

logger = logging.getLogger(__name__)

REPLICA_PREFIX = "replica_"
PIN_COOKIE = "read_primary_until"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

# The alias this request reads from; the primary unless ReplicaMiddleware chose a replica.
_reads_from = contextvars.ContextVar("reads_from", default=DEFAULT_DB_ALIAS)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]


def uses_primary(view):
    """Mark ``view`` to read from the primary: it reads what another request has just written
    (a confirmation link followed from an email), which a replica may not have yet."""
    view.uses_primary = True
    return view


class PrimaryReplicaRouter:
    """Reads go where the current request reads from (``ReplicaMiddleware``); writes and
    migrations to the primary."""

    def db_for_read(self, model, **hints):
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db  # related rows from where their row came
        return _reads_from.get()

    def db_for_write(self, model, **hints):
        # Read this request's own writes: whatever it reads next, it reads from the primary.
        _reads_from.set(DEFAULT_DB_ALIAS)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class ReplicaMiddleware:
    """Choose the database each request reads from (the rules are in the module's docstring),
    and after a client's write, keep its reads on the primary for ``REPLICA_PIN_SECONDS``."""

    def __init__(self, get_response):
        self.replicas = replica_aliases()
        if not self.replicas:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.pin_seconds = settings.REPLICA_PIN_SECONDS

    def __call__(self, request):
        _reads_from.set(self.choose(request))
        response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                str(int(time.time()) + self.pin_seconds),
                max_age=self.pin_seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "uses_primary", False):
            _reads_from.set(DEFAULT_DB_ALIAS)

    def choose(self, request) -> str:
        if needs_primary(request):
            return DEFAULT_DB_ALIAS
        alias = random.choice(self.replicas)
        try:
            connection = connections[alias]
            connection.close_if_health_check_failed()
            connection.ensure_connection()
        except DatabaseError:
            logger.warning("Replica %s does not answer: reading from the primary.", alias)
            return DEFAULT_DB_ALIAS
        return alias


def needs_primary(request) -> bool:
    """Whether ``request`` must read from the primary (the rules of the module's docstring,
    but for views marked ``@uses_primary``, which are known only once the URL is resolved)."""
    return (
        request.method not in SAFE_METHODS
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or request.path.startswith(reverse("admin:index"))
        or wrote_recently(request)
    )


def wrote_recently(request) -> bool:
    """Whether the client wrote less than ``REPLICA_PIN_SECONDS`` ago, by its cookie (which it
    could keep or forge only to read from the primary, as it may anyway by writing)."""
    try:
        return int(request.COOKIES.get(PIN_COOKIE, "0")) > time.time()
    except ValueError:
        return False


def _read_from_the_primary(**kwargs):
    """When a response has been sent (streamed ones too), reads go to the primary again."""
    _reads_from.set(DEFAULT_DB_ALIAS)


request_finished.connect(_read_from_the_primary, dispatch_uid="replicas_read_from_the_primary")
