import json
import os
import subprocess
import sys
from contextlib import contextmanager

import psycopg2
import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection, transaction
from django.test import override_settings
from django.utils import translation
from psycopg2 import sql

from asean_meetings.oidc_providers import provider_origins, providers_from_env
from records import roles
from records.seed import load_seed_records
from tests import replica_cluster
from tests.audit_data import build_records
from tests.mail_server import MailServer
from tests.oidc_provider import OIDCProvider
from tests.pages import PUBLIC_PAGES, add_page_examples
from tests.serving import ROOT, postgresql_url, production_env


@pytest.fixture(autouse=True, scope="session")
def _static_files_by_their_own_names(tmp_path_factory):
    """Tests run without ``collectstatic``: pages link static files by their own names, as in
    DEBUG, not by the hashed names of the manifest ``collectstatic`` writes (in production),
    and STATIC_ROOT is an empty folder. tests/test_serving.py serves the hashed names with
    gunicorn."""
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    static_root = tmp_path_factory.mktemp("static_root")
    with override_settings(STORAGES=storages, STATIC_ROOT=static_root):
        yield


@pytest.fixture(autouse=True, scope="session")
def _cache_of_its_own(tmp_path_factory):
    """Each test process keeps its cache apart (``make test`` runs several, pytest-xdist's
    workers, each with its own test database): in a folder of its own, or under a key prefix
    of its own in Redis, so that one process emptying or filling its cache never serves
    another's pages."""
    default = dict(settings.CACHES["default"])
    if default["BACKEND"].endswith("FileBasedCache"):
        default["LOCATION"] = str(tmp_path_factory.mktemp("cache"))
    else:
        default["KEY_PREFIX"] = f"{default.get('KEY_PREFIX', '')}-{worker_id()}"
    with override_settings(CACHES={**settings.CACHES, "default": default}):
        yield


def worker_id() -> str:
    """This test process's name among pytest-xdist's workers ("gw0", …), "main" without them."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hasher():
    """Passwords are hashed with MD5 in tests: production's PBKDF2 takes about half a second
    for each user made with a password. Production keeps Django's default hashers."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def seed():
    """The shipped Third HLM record (and the Second HLM it refers to)."""
    return load_seed_records()


@pytest.fixture
def user_in_role(django_user_model):
    """``user_in_role(roles.EDITOR)``: a user of that role's group (staff unless a delegate).

    The groups come from the ``0006_roles`` migration and are made again after each flush
    (``post_migrate``), so transactional and browser tests have them too.
    """

    def make(role, username=None, password="a long role passphrase"):
        user = django_user_model.objects.create_user(
            username=username or role.lower().replace(" ", "-"),
            password=password,
            is_staff=role != roles.DELEGATE,
        )
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture(scope="module")
def audit_records(django_db_blocker, django_db_setup):
    """``tests.audit_data.build_records()`` made once for a module whose many tests only read
    them, and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_records()
        transaction.set_rollback(True)


@pytest.fixture
def empty_database():
    """The name of an empty PostgreSQL database beside the test database, for a process of
    its own (``tests.serving.postgresql_url(name)``); dropped after the test."""
    name = f"{connection.settings_dict['NAME']}_empty"
    server = psycopg2.connect(postgresql_url("postgres"))
    server.autocommit = True
    try:
        with server.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        yield name
        with server.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
    finally:
        server.close()


@pytest.fixture
def clerk(client, django_user_model):
    """A client logged in as a staff member who may add meetings, and nothing else."""
    user = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="add_meeting"),
        Permission.objects.get(codename="view_meeting"),
    )
    client.force_login(user)
    return client


@pytest.fixture
def signed_in(client, user_in_role):
    """``signed_in(roles.EDITOR)``: the test client, signed in as a user of that role."""

    def sign_in(role):
        client.force_login(user_in_role(role))
        return client

    return sign_in


@pytest.fixture
def public_pages(seed):
    """Page type → the path of an example of it (``tests/pages.py``), with its records."""
    add_page_examples(seed)
    return PUBLIC_PAGES


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgresql`` test what only PostgreSQL does (full-text search, GIN and
    trigram indexes); on another database they are deselected, and the run says so."""
    if connection.vendor == "postgresql":
        return
    deselected = [item for item in items if item.get_closest_marker("postgresql")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]
        config._postgresql_only_deselected = len(deselected)


def pytest_report_header(config):
    return f"database: {connection.vendor} ({connection.settings_dict['NAME']})"


def pytest_terminal_summary(terminalreporter, config):
    count = getattr(config, "_postgresql_only_deselected", 0)
    if count:
        terminalreporter.write_line(
            f"{count} PostgreSQL-only tests were not run: set DATABASE_URL to a PostgreSQL "
            "database (CI does).",
            yellow=True,
        )


@pytest.fixture
def committed():
    """``with committed(): …``: the test's transaction so far is committed, as far as the site
    can tell: what Django runs once a transaction commits (the cache generation's bump,
    notices to subscribers), for what was written before and in the block, runs as the block
    ends. The test's own transaction is still rolled back after the test; tests of the commit
    itself use ``transactional_db``."""

    @contextmanager
    def commit():
        yield
        while connection.run_on_commit:
            callbacks, connection.run_on_commit = connection.run_on_commit, []
            for _savepoints, callback, _robust in callbacks:
                callback()

    return commit


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """The static files as `make serve` collects them (pages link them by hashed names), for
    a site served by gunicorn (``tests.serving``)."""
    static_root = tmp_path_factory.mktemp("collected_static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity=0"],
        cwd=ROOT,
        env=production_env(STATIC_ROOT=str(static_root)),
        check=True,
    )
    return static_root


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache, so no API rate limit or cached page carries over."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language. Django's LocaleMiddleware activates a request's
    language in the thread that answers it and leaves it active (the next request activates
    its own), so a test client's Vietnamese request would carry into the next test's dates."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def streaming_replica(django_db_setup):
    """A real streaming replica of the tests' PostgreSQL server (tests/replica_cluster.py), the
    test database on it too; started for the tests that ask for it, stopped after the run."""
    primary = connection.settings_dict
    replica = replica_cluster.start(
        host=primary["HOST"], port=int(primary["PORT"]), user=primary["USER"]
    )
    yield replica
    replica_cluster.stop(replica)


@pytest.fixture
def mail_server(settings):
    """A real SMTP server on a free loopback port, and the settings that send through it."""
    server = MailServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


@pytest.fixture
def oidc_provider(settings):
    """A real OpenID Connect provider on a loopback port (``tests/oidc_provider.py``), and
    the site configured to offer sign-in through it, as ``OIDC_PROVIDERS`` would;
    ``oidc_provider.configure(delegate_claim=…)`` configures it again with more keys."""
    provider = OIDCProvider()
    provider.start()

    policy = settings.CONTENT_SECURITY_POLICY

    def configure(**extra):
        apps = providers_from_env(json.dumps([provider.configuration(**extra)]))
        settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": apps}}
        # As settings.py allows the providers' sign-in pages as the forms' destinations.
        form_action = [*policy["DIRECTIVES"]["form-action"], *provider_origins(apps)]
        settings.CONTENT_SECURITY_POLICY = {
            **policy,
            "DIRECTIVES": {**policy["DIRECTIVES"], "form-action": form_action},
        }

    provider.configure = configure
    configure()
    yield provider
    provider.stop()
