"""Read replicas' settings and rules (asean_meetings/replicas.py, docs/scaling.md), without a
replica; tests/test_replicas.py has them at work against a real one."""

import json
import time

import pytest
from django.db import router
from django.test import RequestFactory

from asean_meetings.replicas import PIN_COOKIE, PrimaryReplicaRouter, needs_primary
from records.models import Subscription
from tests.serving import read_settings


def test_every_replica_url_becomes_a_database_that_mirrors_the_primary_in_tests():
    shown = read_settings(
        ["DATABASES", "DATABASE_ROUTERS"],
        DATABASE_URL="postgres://app@primary.internal:5432/records",
        DATABASE_REPLICA_URLS="postgres://app@replica-a.internal:5432/records, "
        "postgres://app@replica-b.internal:6432/records",
    )
    assert shown.returncode == 0, shown.stderr
    values = json.loads(shown.stdout)
    databases = values["DATABASES"]
    assert sorted(databases) == ["default", "replica_1", "replica_2"]
    assert (databases["replica_1"]["HOST"], databases["replica_1"]["PORT"]) == (
        "replica-a.internal",
        5432,
    )
    assert (databases["replica_2"]["HOST"], databases["replica_2"]["PORT"]) == (
        "replica-b.internal",
        6432,
    )
    assert databases["replica_2"]["TEST"]["MIRROR"] == "default"
    assert values["DATABASE_ROUTERS"] == ["asean_meetings.replicas.PrimaryReplicaRouter"]


@pytest.mark.parametrize(
    ("method", "path", "cookies", "primary"),
    [
        ("get", "/meetings/", {}, False),
        ("head", "/api/meetings/", {}, False),
        ("post", "/subscribe/", {}, True),
        ("get", "/meetings/", {"sessionid": "abc"}, True),
        ("get", "/admin/login/", {}, True),
        ("get", "/meetings/", {PIN_COOKIE: str(int(time.time()) + 3600)}, True),
        ("get", "/meetings/", {PIN_COOKIE: str(int(time.time()) - 3600)}, False),
        ("get", "/meetings/", {PIN_COOKIE: "not a time"}, False),
    ],
)
def test_which_requests_must_read_from_the_primary(method, path, cookies, primary):
    request = getattr(RequestFactory(), method)(path)
    request.COOKIES.update(cookies)
    assert needs_primary(request) is primary


def test_migrations_run_on_the_primary_only():
    assert PrimaryReplicaRouter().allow_migrate("default", "records") is True
    assert PrimaryReplicaRouter().allow_migrate("replica_1", "records") is False
    # Without a request, everything reads from the primary (commands, the shell, the tests).
    assert router.db_for_read(Subscription) == "default"
