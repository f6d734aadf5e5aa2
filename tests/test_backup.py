"""Backup and restore, as docs/operations.md ("Backup and restore") tells the operator: pg_dump the
database in the custom format, pg_restore it into an empty database, and the restored site
holds every row and serves every public page byte for byte as the original."""

import difflib
import re
import subprocess

import psycopg2
import pytest
from django.apps import apps
from django.contrib.auth.models import User
from psycopg2 import sql

from tests.serving import (
    fetch,
    free_port,
    gunicorn_command,
    postgresql_url,
    production_env,
    serving,
)

pytestmark = pytest.mark.postgresql

SAME_HOST = {"Host": "records.example.org"}


CSRF_TOKEN = re.compile(rb'(?<=name="csrfmiddlewaretoken" )value="[^"]*"')


def row_counts(database_url: str) -> dict[str, int]:
    tables = sorted(model._meta.db_table for model in apps.get_models())
    with psycopg2.connect(database_url) as database, database.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
            counts[table] = cursor.fetchone()[0]
    database.close()
    return counts


def test_a_restored_backup_holds_every_row_and_serves_every_public_page_the_same(
    transactional_db, public_pages, empty_database, collected_static, tmp_path
):
    User.objects.create_user("officer", password="a long enough passphrase", is_staff=True)
    original_url, restored_url = postgresql_url(), postgresql_url(empty_database)
    backup = tmp_path / "asean-meetings.dump"

    # docs/operations.md, "Backup and restore": the same commands.
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={backup}", original_url],
        check=True,
    )
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored_url}", backup],
        check=True,
    )

    original_rows = row_counts(original_url)
    assert original_rows["records_meeting"] >= 3
    assert original_rows["auth_user"] == 1
    assert row_counts(restored_url) == original_rows

    def serve(database_url):
        env = production_env(
            DATABASE_URL=database_url,
            DJANGO_HTTPS="false",
            ALLOWED_HOSTS="records.example.org,127.0.0.1",
            PORT=str(free_port()),
            STATIC_ROOT=str(collected_static),
            WEB_CONCURRENCY="1",
        )
        return serving(gunicorn_command(), env)

    def page(url):
        # The same host name for both: a record page shows its own address. A form's CSRF
        # token is the visitor's own, new on each visit.
        status, headers, body = fetch(url, SAME_HOST)
        return status, headers, CSRF_TOKEN.sub(b'value="(token)"', body)

    with serve(original_url) as (original, _), serve(restored_url) as (restored, _):
        for name, path in public_pages.items():
            before = page(original + path)
            after = page(restored + path)
            assert before[0] in {200, 400, 404}, name
            assert after[0] == before[0], name
            assert after[2] == before[2], f"{name}:\n" + "\n".join(
                difflib.unified_diff(
                    before[2].decode().splitlines(), after[2].decode().splitlines(), lineterm=""
                )
            )
