"""The project's setup: settings read from the environment, migrations up to date."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]

SHOW_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, "
    "'engine': s.DATABASES['default']['ENGINE'], 'name': str(s.DATABASES['default']['NAME']), "
    "'key': s.SECRET_KEY}))"
)


def settings_with(**environ):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DATABASE_URL", "DJANGO_DEBUG", "ALLOWED_HOSTS"}
    }
    env.update(environ, DJANGO_SETTINGS_MODULE="asean_meetings.settings")
    return subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_without_debug_a_secret_key_is_required():
    result = settings_with()
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_secret_key_and_hosts_come_from_the_environment():
    result = settings_with(SECRET_KEY="s3cret", ALLOWED_HOSTS="records.example.org, example.org")
    shown = json.loads(result.stdout)
    assert shown["key"] == "s3cret"
    assert shown["hosts"] == ["records.example.org", "example.org"]
    assert shown["debug"] is False


def test_debug_mode_runs_without_a_secret_key_for_local_development():
    shown = json.loads(settings_with(DJANGO_DEBUG="true").stdout)
    assert shown["debug"] is True
    assert shown["hosts"] == ["localhost", "127.0.0.1", "[::1]"]


def test_a_misspelt_debug_value_is_refused_not_guessed():
    result = settings_with(DJANGO_DEBUG="ture", SECRET_KEY="x")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_database_url_selects_postgresql():
    shown = json.loads(
        settings_with(
            SECRET_KEY="x", DATABASE_URL="postgres://postgres@127.0.0.1:5432/records"
        ).stdout
    )
    assert shown["engine"] == "django.db.backends.postgresql"
    assert shown["name"] == "records"


def test_without_database_url_the_project_uses_sqlite():
    shown = json.loads(settings_with(SECRET_KEY="x").stdout)
    assert shown["engine"] == "django.db.backends.sqlite3"
    assert shown["name"].endswith("db.sqlite3")


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit:
        pytest.fail(f"Models have changes without a migration:\n{out.getvalue()}")
