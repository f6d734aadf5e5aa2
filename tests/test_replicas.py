"""Read replicas (asean_meetings/replicas.py, docs/scaling.md), against a real PostgreSQL
streaming replica of the test database (tests/replica_cluster.py) and the site served by
gunicorn with ``DATABASE_REPLICA_URLS`` naming it.

The replica is a separate server: what it serves is told apart from the primary by pausing
its replay (``pg_wal_replay_pause()``), writing on the primary, and seeing who is shown the
write before replay resumes.
"""

import subprocess
import sys
import time
from contextlib import contextmanager
from http.cookies import SimpleCookie
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core import signing
from django.db import connection

from asean_meetings.replicas import PIN_COOKIE
from records import mail, subscriptions
from records.models import Subscription
from tests import replica_cluster
from tests.factories import MeetingFactory, SubscriptionFactory
from tests.serving import (
    ROOT,
    fetch,
    free_port,
    gunicorn_command,
    postgresql_url,
    production_env,
    serving,
)

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

PIN_SECONDS = 30


def site_env(static_root, **environ: str) -> dict[str, str]:
    """Production settings on the test database, with this run's secret key (so sessions and
    signed links made here are the site's), over plain HTTP."""
    return production_env(
        DATABASE_URL=postgresql_url(),
        SECRET_KEY=settings.SECRET_KEY,
        DJANGO_HTTPS="false",
        STATIC_ROOT=str(static_root),
        PORT=str(free_port()),
        WEB_CONCURRENCY="1",
        **environ,
    )


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """The static files collected as `make serve` collects them (pages link them by name)."""
    root = tmp_path_factory.mktemp("static_root")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity=0"],
        cwd=ROOT,
        env=production_env(STATIC_ROOT=str(root), DATABASE_URL=postgresql_url()),
        check=True,
    )
    return root


@pytest.fixture(scope="module")
def site(streaming_replica, static_root):
    """The site, reading public pages from the replica, writing to the primary."""
    replica_url = streaming_replica.url(connection.settings_dict["NAME"])
    env = site_env(
        static_root, DATABASE_REPLICA_URLS=replica_url, REPLICA_PIN_SECONDS=str(PIN_SECONDS)
    )
    with serving(gunicorn_command(), env) as (base, logged):
        yield SimpleNamespace(base=base, logged=logged)


@pytest.fixture
def replica(streaming_replica):
    """A connection to the test database on the replica."""
    replica_connection = streaming_replica.connect(connection.settings_dict["NAME"])
    yield replica_connection
    replica_connection.close()


@contextmanager
def replay_paused(replica):
    """Within: the replica holds everything written before, and nothing written after."""
    connection.ensure_connection()
    replica_cluster.wait_until_replayed(connection.connection, replica)
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
        while True:
            cursor.execute("SELECT pg_get_wal_replay_pause_state()")
            if cursor.fetchone()[0] == "paused":
                break
            time.sleep(0.05)
    try:
        yield
    finally:
        with replica.cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")


def resume_and_wait(replica):
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_resume()")
    replica_cluster.wait_until_replayed(connection.connection, replica)


def get(site, path, cookies: dict[str, str] | None = None):
    cookie = "; ".join(f"{name}={value}" for name, value in (cookies or {}).items())
    return fetch(site.base + path, headers={"Cookie": cookie} if cookie else {})


# Through the served site, against the replica ------------------------------------------------


def test_the_public_reads_from_the_replica_until_it_has_replayed_a_write(site, replica):
    old = MeetingFactory()
    with replay_paused(replica):
        new = MeetingFactory()
        status, _, _ = get(site, new.get_absolute_url())
        assert status == 404
        status, _, body = get(site, "/meetings/")
        assert status == 200
        assert old.title.encode() in body
        assert new.title.encode() not in body
        resume_and_wait(replica)
    status, _, body = get(site, new.get_absolute_url())
    assert status == 200
    assert new.title.encode() in body
    assert new.title.encode() in get(site, "/meetings/")[2]


def test_staff_read_from_the_primary(site, replica, client, django_user_model):
    staff = django_user_model.objects.create_user("officer", is_staff=True)
    with replay_paused(replica):
        # Signed in after the pause: the session itself is on the primary only.
        client.force_login(staff)
        session = {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}
        new = MeetingFactory()
        status, headers, body = get(site, new.get_absolute_url(), session)
        assert status == 200
        assert new.title.encode() in body
        assert "private" in headers["Cache-Control"]  # served as to a signed-in user
        assert get(site, new.get_absolute_url())[0] == 404  # the public still reads the replica


def test_a_client_reads_from_the_primary_for_a_while_after_its_own_write(site, replica):
    subscription = SubscriptionFactory()
    token = signing.dumps(
        {"subscription": subscription.pk}, salt=mail.UNSUBSCRIBE_SALT, compress=True
    )
    with replay_paused(replica):
        new = MeetingFactory()
        status, headers, body = fetch(f"{site.base}/unsubscribe/{token}/", data=b"")
        assert status == 200
        assert b"Unsubscribed" in body
        assert not Subscription.objects.filter(pk=subscription.pk).exists()
        pin = SimpleCookie(headers["Set-Cookie"])[PIN_COOKIE]
        assert pin["max-age"] == str(PIN_SECONDS)
        assert pin["httponly"]

        status, _, body = get(site, new.get_absolute_url(), {PIN_COOKIE: pin.value})
        assert status == 200
        assert new.title.encode() in body
        # Others, and the same client once the time is up, read the replica.
        assert get(site, new.get_absolute_url())[0] == 404
        expired = str(int(time.time()) - 1)
        assert get(site, new.get_absolute_url(), {PIN_COOKIE: expired})[0] == 404
        assert get(site, new.get_absolute_url(), {PIN_COOKIE: "not a time"})[0] == 404


def test_a_confirmation_link_reads_the_subscription_the_form_has_just_written(site, replica):
    with replay_paused(replica):
        pending = SubscriptionFactory(confirmed_at=None)
        token = signing.dumps(pending.pk, salt=subscriptions.CONFIRM_SALT)
        status, _, body = get(site, f"/subscribe/confirm/{token}/")
        assert status == 200
        assert b"You now follow" in body
    pending.refresh_from_db()
    assert pending.confirmed_at is not None


def test_a_replica_that_does_not_answer_leaves_reads_on_the_primary(static_root):
    meeting = MeetingFactory()
    nobody = f"postgres://postgres@127.0.0.1:{free_port()}/{connection.settings_dict['NAME']}"
    with serving(gunicorn_command(), site_env(static_root, DATABASE_REPLICA_URLS=nobody)) as (
        base,
        logged,
    ):
        status, _, body = fetch(base + meeting.get_absolute_url())
        assert status == 200
        assert meeting.title.encode() in body
        assert "Replica replica_1 does not answer: reading from the primary." in logged()
