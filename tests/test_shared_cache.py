"""One cache for every server: two gunicorn servers (processes of their own, as on two
machines) on one Redis, and two on one CACHE_DIR, serve each other's cached pages and count
the API's rates together; CACHE_URL chooses Redis, files are the default."""

import json
import os
from types import SimpleNamespace

import pytest
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache

from records.models import CacheGeneration, Paragraph
from tests.factories import MeetingFactory, ParagraphFactory
from tests.serving import (
    fetch,
    free_port,
    gunicorn_command,
    postgresql_url,
    production_env,
    read_settings,
    serving,
)

# The servers read the test database, so it must be one they can reach.
pytestmark = pytest.mark.postgresql

# Redis at 127.0.0.1:6379 (CI starts it), in a database of its own: the tests empty it.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
# The address the proxy in front passes on to every server alike.
SAME_HOST = {"Host": "records.example.org"}


@pytest.fixture(scope="module", params=["redis", "files"])
def servers(request, django_db_setup, collected_static, tmp_path_factory):
    """Two servers on the test database and one cache (Redis, or a folder of files), the
    API's burst rate 3 a minute; ``empty()`` empties their cache."""
    if request.param == "redis":
        cache_env = {"CACHE_URL": REDIS_URL}
        shared = RedisCache(REDIS_URL, {})
    else:
        folder = str(tmp_path_factory.mktemp("shared_cache"))
        cache_env = {"CACHE_DIR": folder}
        shared = FileBasedCache(folder, {})

    def server():
        env = production_env(
            DATABASE_URL=postgresql_url(),
            DJANGO_HTTPS="false",
            ALLOWED_HOSTS="records.example.org,127.0.0.1",
            PORT=str(free_port()),
            STATIC_ROOT=str(collected_static),
            WEB_CONCURRENCY="1",
            API_RATE_BURST="3/minute",
            **cache_env,
        )
        return serving(gunicorn_command(), env)

    with server() as (first, _), server() as (second, _):
        yield SimpleNamespace(first=first, second=second, empty=shared.clear)


@pytest.mark.django_db(transaction=True)
def test_a_page_cached_by_one_server_is_served_by_the_other_until_the_generation_moves(servers):
    servers.empty()
    meeting = MeetingFactory()
    ParagraphFactory(meeting=meeting, text="The Meeting agreed to the adopted wording.")
    url = meeting.get_absolute_url()
    status, _, page = fetch(servers.first + url, SAME_HOST)
    assert status == 200
    assert b"the adopted wording" in page
    # Changed without signals, so without moving the generation: only a page rendered
    # afresh would show it.
    Paragraph.objects.filter(meeting=meeting).update(text="The Meeting agreed to a new wording.")
    status, _, page = fetch(servers.second + url, SAME_HOST)
    assert status == 200
    assert b"the adopted wording" in page  # the first server's page, from the shared cache
    CacheGeneration.bump()  # outside a transaction: at once
    status, _, page = fetch(servers.second + url, SAME_HOST)
    assert b"a new wording" in page


@pytest.mark.django_db(transaction=True)
def test_a_records_json_rendered_by_one_server_answers_304_at_the_other(servers):
    servers.empty()
    meeting = MeetingFactory()
    ParagraphFactory(meeting=meeting, text="The Meeting agreed to the adopted wording.")
    url = f"/api/meetings/{meeting.slug}/"
    status, headers, _ = fetch(servers.first + url, SAME_HOST)
    assert status == 200
    # Changed without signals: a JSON rendered afresh would have another ETag.
    Paragraph.objects.filter(meeting=meeting).update(text="The Meeting agreed to a new wording.")
    status, _, body = fetch(servers.second + url, {**SAME_HOST, "If-None-Match": headers["ETag"]})
    assert status == 304
    assert body == b""


def test_the_apis_rate_is_counted_across_servers(servers):
    servers.empty()
    statuses = [
        fetch(base + "/api/series/", SAME_HOST)[0]
        for base in (servers.first, servers.second, servers.first, servers.second)
    ]
    assert statuses == [200, 200, 200, 429]


def settings_with(**environ):
    shown = read_settings(["CACHES"], **environ)
    assert shown.returncode == 0, shown.stderr
    return json.loads(shown.stdout)


def test_cache_url_keeps_the_cache_in_redis_and_files_under_cache_dir_are_the_default(tmp_path):
    redis = settings_with(CACHE_URL="redis://cache.internal:6379/0")["CACHES"]["default"]
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["LOCATION"] == "redis://cache.internal:6379/0"
    files = settings_with(CACHE_DIR=str(tmp_path))["CACHES"]["default"]
    assert files["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert files["LOCATION"] == str(tmp_path)


def test_two_sites_on_one_cache_have_keys_of_their_own():
    one = settings_with(DATABASE_URL="postgres://db.internal/records")["CACHES"]["default"]
    other = settings_with(DATABASE_URL="postgres://db.internal/staging")["CACHES"]["default"]
    chosen = settings_with(CACHE_KEY_PREFIX="site-a")["CACHES"]["default"]
    assert one["KEY_PREFIX"] != other["KEY_PREFIX"]
    assert chosen["KEY_PREFIX"] == "site-a"


def test_a_cache_url_that_is_not_redis_is_refused_with_what_to_do():
    shown = read_settings(["CACHES"], CACHE_URL="memcached://cache.internal:11211")
    assert shown.returncode != 0
    assert "CACHE_URL must be a redis:// or rediss:// address" in shown.stderr
