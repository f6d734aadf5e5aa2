"""Two-factor authentication (allauth.mfa, docs/accounts.md): an authenticator app's code
after the password, or a recovery code once; required of who may publish when
``TWO_FACTOR_REQUIRED_FOR_PUBLISHERS`` is on (production's default), for the site and the
admin alike."""

import json
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from records import roles
from tests.serving import read_settings

pytestmark = pytest.mark.django_db

PASSWORD = "a long role passphrase"


def code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(client, username, next_url="/admin/"):
    return client.post(
        f"/accounts/login/?next={next_url}", {"login": username, "password": PASSWORD}
    )


@pytest.fixture
def publisher_with_totp(user_in_role):
    user = user_in_role(roles.PUBLISHER, username="publisher")
    totp = TOTP.activate(user, "JBSWY3DPEHPK3PXP")
    RecoveryCodes.activate(user)
    return user, totp


def test_a_user_with_two_factor_gives_the_code_after_the_password(client, publisher_with_totp):
    response = sign_in(client, "publisher")
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert b"Incorrect code." in wrong.content
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/2fa/authenticate/", {"code": code("JBSWY3DPEHPK3PXP")})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_signs_in_once(client, publisher_with_totp):
    user, _ = publisher_with_totp
    recovery = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    first = recovery.wrap().get_unused_codes()[0]
    sign_in(client, "publisher")
    assert client.post("/accounts/2fa/authenticate/", {"code": first})["Location"] == "/admin/"
    client.logout()
    sign_in(client, "publisher")
    again = client.post("/accounts/2fa/authenticate/", {"code": first})
    assert again.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_admin_login_asks_for_the_second_factor_too(client, publisher_with_totp):
    login = client.get("/admin/login/?next=/admin/records/meeting/")
    response = client.post(login["Location"], {"login": "publisher", "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    response = client.post("/accounts/2fa/authenticate/", {"code": code("JBSWY3DPEHPK3PXP")})
    assert response["Location"] == "/admin/records/meeting/"


def test_a_publisher_must_set_up_two_factor_when_required(client, user_in_role, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_PUBLISHERS = True
    user_in_role(roles.PUBLISHER, username="publisher")
    sign_in(client, "publisher")
    for page in ["/admin/", "/meetings/", "/accounts/profile/"]:
        assert client.get(page)["Location"] == "/accounts/2fa/totp/activate/", page
    # Changing the second factor asks for the password again (allauth's reauthentication).
    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")
    client.post(response["Location"], {"password": PASSWORD})
    setup = client.get("/accounts/2fa/totp/activate/")
    assert b"Accounts that may publish records must have two-factor authentication" in (
        setup.content
    )
    assert b'<svg role="img" aria-label="QR code of the authenticator secret"' in setup.content
    secret = setup.context["form"].secret
    response = client.post("/accounts/2fa/totp/activate/", {"code": code(secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_an_editor_need_not_set_up_two_factor(client, user_in_role, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_PUBLISHERS = True
    user_in_role(roles.EDITOR, username="editor")
    sign_in(client, "editor")
    assert client.get("/admin/").status_code == 200


def test_a_publisher_need_not_when_the_setting_is_off(client, user_in_role, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_PUBLISHERS = False
    user_in_role(roles.PUBLISHER, username="publisher")
    sign_in(client, "publisher")
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("environ", "required"),
    [({}, True), ({"TWO_FACTOR_REQUIRED_FOR_PUBLISHERS": "false"}, False)],
)
def test_production_requires_two_factor_of_publishers_unless_told_not_to(environ, required):
    result = read_settings(["TWO_FACTOR_REQUIRED_FOR_PUBLISHERS"], **environ)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"TWO_FACTOR_REQUIRED_FOR_PUBLISHERS": required}
