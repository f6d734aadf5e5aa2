"""The project's setup: settings read from the environment, migrations up to date."""

import json
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import psycopg2
import pytest
from django.core.management import call_command

from records import roles
from tests.serving import postgresql_url

ROOT = Path(__file__).resolve().parents[1]

SHOW_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, "
    "'engine': s.DATABASES['default']['ENGINE'], 'name': str(s.DATABASES['default']['NAME']), "
    "'key': s.SECRET_KEY, 'hasher': s.PASSWORD_HASHERS[0]}))"
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


def test_production_hashes_passwords_with_djangos_default_pbkdf2():
    shown = json.loads(settings_with(SECRET_KEY="x").stdout)
    assert shown["hasher"] == "django.contrib.auth.hashers.PBKDF2PasswordHasher"


@pytest.mark.django_db
def test_tests_hash_passwords_with_fast_md5(django_user_model):
    user = django_user_model.objects.create_user("officer", password="a long passphrase")
    assert user.password.startswith("md5$")


def test_a_quick_run_without_the_browser_works():
    """``pytest -p no:playwright --ignore=tests/browser``: no option of the browser plugin
    in the configuration every run reads."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:playwright", "--ignore=tests/browser"]
        + ["-p", "no:cacheprovider", "--collect-only", "-q", "tests/test_project.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "tests collected" in result.stdout


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit:
        pytest.fail(f"Models have changes without a migration:\n{out.getvalue()}")


def test_the_readme_starts_a_newcomer_with_the_two_commands_on_its_first_screen():
    first_screen = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:25]
    assert any(line.startswith("make run ") for line in first_screen)
    assert any(line.startswith("make test ") for line in first_screen)


def test_the_readme_leads_to_every_page_of_the_docs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in sorted((ROOT / "docs").glob("*.md")):
        assert f"](docs/{page.name})" in readme, page.name


@pytest.mark.parametrize(
    "page", ["README.md", *(f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md"))]
)
def test_every_link_between_the_docs_leads_somewhere(page):
    """Relative links (``[workflow](workflow.md#roles)``) name a file that exists and, with an
    anchor, a heading of it."""
    text = (ROOT / page).read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)]+)\)", text):
        if target.startswith(("http://", "https://")):
            continue
        path, _, anchor = target.partition("#")
        linked = (ROOT / page).parent / path if path else ROOT / page
        assert linked.exists(), target
        if anchor:
            headings = re.findall(r"^#+ (.+)$", linked.read_text(encoding="utf-8"), re.MULTILINE)
            anchors = {re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-") for h in headings}
            assert anchor in anchors, target


def test_no_test_module_imports_from_another_or_from_a_conftest():
    """What tests share is in ``tests/helpers.py`` (fixtures in ``conftest.py``): a test module
    is never a library for another."""
    borrowing = re.compile(r"^\s*(from|import) tests\.(browser\.)?(test_\w+|conftest)\b", re.M)
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "tests").rglob("*.py"))
        if borrowing.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def copy_makefile(folder):
    """The project's Makefile in ``folder``, with the files its rules start from."""
    (folder / "Makefile").write_text((ROOT / "Makefile").read_text())
    for name in ["requirements.txt", "requirements-dev.txt", "package.json", "package-lock.json"]:
        (folder / name).touch()


@pytest.mark.parametrize(
    ("target", "installs_dev"),
    [("run", False), ("serve", False), ("test", True), ("lint", True), ("bench", True)],
)
def test_only_test_lint_and_bench_install_the_development_requirements(
    tmp_path, target, installs_dev
):
    copy_makefile(tmp_path)
    commands = subprocess.run(
        ["make", "--dry-run", target, "MISSING_SYSTEM_PACKAGES="],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "pip install --quiet -r requirements.txt" in commands
    assert ("pip install --quiet -r requirements-dev.txt" in commands) is installs_dev


def run_make_test(tmp_path, *, missing, uid, sudo_works=False):
    """``make test`` in a folder holding the project's Makefile, with stand-ins on the PATH
    for ``id``, ``sudo``, ``apt-get`` and Python that write to a log what they were asked, and
    the missing system packages given. Python fails, so nothing is installed or run beyond the
    system packages. Returns the finished process and the log's lines."""
    copy_makefile(tmp_path)
    bin_dir, log = tmp_path / "bin", tmp_path / "log"
    bin_dir.mkdir()
    stand_ins = {
        "id": f"echo {uid}\n",
        "sudo": (
            '[ "$1" = -n ] && shift\n[ "$1" = true ] && exit 0\nexec "$@"\n'
            if sudo_works
            else "exit 1\n"
        ),
        "apt-get": f'echo "apt-get $*" >> {log}\n',
        "python": f'echo "python $*" >> {log}\nexit 1\n',
    }
    for name, script in stand_ins.items():
        (bin_dir / name).write_text(f"#!/bin/sh\n{script}")
        (bin_dir / name).chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    env["PATH"] = f"{bin_dir}:{env['PATH']}"
    result = subprocess.run(
        ["make", "test", f"PYTHON={bin_dir / 'python'}", f"MISSING_SYSTEM_PACKAGES={missing}"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    return result, log.read_text().splitlines() if log.exists() else []


def test_make_test_without_root_or_sudo_stops_before_anything_and_names_the_command(tmp_path):
    result, log = run_make_test(tmp_path, missing="npm default-jre-headless", uid=1000)
    assert result.returncode != 0
    assert "missing: npm default-jre-headless." in result.stderr
    assert "Install them with: sudo make system-packages" in result.stderr
    assert log == []  # neither apt-get nor the Python that would install and run the tests


def test_make_test_as_root_installs_the_missing_system_packages_first(tmp_path):
    result, log = run_make_test(tmp_path, missing="npm", uid=0)
    assert log[:2] == [
        "apt-get update -qq",
        "apt-get install -y -qq --no-install-recommends npm",
    ]
    assert log[2].startswith("python ")  # then, and only then, the virtual environment


def test_make_test_with_passwordless_sudo_installs_them_through_sudo(tmp_path):
    result, log = run_make_test(tmp_path, missing="chromium", uid=1000, sudo_works=True)
    assert log[:2] == [
        "apt-get update -qq",
        "apt-get install -y -qq --no-install-recommends chromium",
    ]


def test_make_test_with_every_system_package_present_installs_none(tmp_path):
    result, log = run_make_test(tmp_path, missing="", uid=1000)
    assert "sudo make system-packages" not in result.stderr
    assert [line for line in log if line.startswith("apt-get")] == []
    assert log[0].startswith("python ")


@pytest.mark.postgresql
@pytest.mark.django_db
def test_a_fresh_database_migrates_from_zero_and_holds_the_four_roles(empty_database):
    """``manage.py migrate`` on an empty database, as an operator runs it: the roles migration
    (0006) runs among the first, when later models do not exist yet, and must not need their
    permissions; after the last, the groups hold exactly what ``records/roles.py`` says."""
    url = postgresql_url(empty_database)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "true"}
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    with psycopg2.connect(url) as database, database.cursor() as cursor:
        cursor.execute(
            "SELECT g.name, p.codename FROM auth_group g"
            " JOIN auth_group_permissions gp ON gp.group_id = g.id"
            " JOIN auth_permission p ON p.id = gp.permission_id"
        )
        held = {}
        for group, codename in cursor.fetchall():
            held.setdefault(group, set()).add(codename)
    database.close()
    assert held == {group: set(codenames) for group, codenames in roles.role_codenames().items()}
