"""Single sign-on with a government's identity provider (OpenID Connect, docs/accounts.md),
against a real provider served on a loopback port (``oidc_provider``): whom the provider
vouches for as a delegate (a claim and its value, from configuration) signs in and reads
restricted records; nobody else gets an account; the role follows the claim at each sign-in.
"""

import json

import pytest
import requests
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured

from asean_meetings.oidc_providers import providers_from_env
from records import roles
from records.models import Meeting
from tests.factories import MeetingFactory
from tests.oidc_provider import callback_path
from tests.serving import read_settings

pytestmark = pytest.mark.django_db

DELEGATE_CLAIMS = {
    "sub": "ph-0001",
    "preferred_username": "msantos",
    "email": "m.santos@dfa.example",
    "email_verified": True,
    "given_name": "Maria",
    "family_name": "Santos",
    "groups": ["staff", "asean-delegates"],
}


@pytest.fixture
def restricted():
    return MeetingFactory(
        visibility=Meeting.Visibility.RESTRICTED, title="Restricted record", slug="restricted-1"
    )


def sign_in_through_provider(client, provider, next_url="/"):
    """The browser's round trip: the site sends it to the provider, which sends it back."""
    response = client.post("/accounts/oidc/gov/login/", {"next": next_url})
    assert response.status_code == 302
    assert response["Location"].startswith(f"{provider.issuer}/authorize?")
    back = requests.get(response["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302
    return client.get(callback_path(back.headers["Location"]))


def test_the_sign_in_page_offers_the_provider(client, oidc_provider):
    page = client.get("/accounts/login/")
    assert b'action="/accounts/oidc/gov/login/?process=login"' in page.content
    assert b"Government sign-in" in page.content


def test_a_delegate_signs_in_through_the_provider_and_reads_restricted_records(
    client, oidc_provider, restricted
):
    oidc_provider.signed_in = DELEGATE_CLAIMS
    response = sign_in_through_provider(client, oidc_provider, "/meetings/restricted-1/")
    assert response.status_code == 302
    assert response["Location"] == "/meetings/restricted-1/"
    user = User.objects.get(username="msantos")
    assert (user.email, user.get_full_name(), user.is_staff) == (
        "m.santos@dfa.example",
        "Maria Santos",
        False,
    )
    assert list(user.groups.values_list("name", flat=True)) == [roles.DELEGATE]
    assert b"Restricted record" in client.get("/meetings/restricted-1/").content
    # The code was exchanged at the token endpoint, with the PKCE verifier.
    [exchange] = oidc_provider.token_requests
    assert exchange["grant_type"] == "authorization_code"
    assert exchange["code_verifier"]


def test_someone_the_provider_does_not_vouch_for_as_a_delegate_gets_no_account(
    client, oidc_provider
):
    oidc_provider.signed_in = {**DELEGATE_CLAIMS, "groups": ["staff"]}
    response = sign_in_through_provider(client, oidc_provider)
    assert b"Sign Up Closed" in response.content
    assert not User.objects.filter(username="msantos").exists()
    assert "_auth_user_id" not in client.session


def test_the_delegate_claim_and_its_value_are_configuration(client, oidc_provider):
    oidc_provider.configure(delegate_claim="roles", delegate_value="reader")
    oidc_provider.signed_in = {**DELEGATE_CLAIMS, "roles": "reader"}
    assert sign_in_through_provider(client, oidc_provider).status_code == 302
    user = User.objects.get(username="msantos")
    assert user.groups.filter(name=roles.DELEGATE).exists()


def test_the_global_settings_name_the_claim_when_a_provider_does_not(
    client, oidc_provider, settings
):
    settings.OIDC_DELEGATE_CLAIM = "affiliation"
    settings.OIDC_DELEGATE_VALUE = "delegation-ph"
    oidc_provider.signed_in = {**DELEGATE_CLAIMS, "affiliation": ["delegation-ph"]}
    assert sign_in_through_provider(client, oidc_provider).status_code == 302
    assert User.objects.get(username="msantos").groups.filter(name=roles.DELEGATE).exists()


def test_the_role_follows_the_claim_at_each_sign_in(client, oidc_provider, restricted):
    oidc_provider.signed_in = DELEGATE_CLAIMS
    sign_in_through_provider(client, oidc_provider)
    client.logout()
    oidc_provider.signed_in = {**DELEGATE_CLAIMS, "groups": []}
    sign_in_through_provider(client, oidc_provider)
    user = User.objects.get(username="msantos")
    assert not user.groups.filter(name=roles.DELEGATE).exists()
    assert client.get("/meetings/restricted-1/").status_code == 404


def test_a_provider_that_refuses_signs_nobody_in(client, oidc_provider):
    oidc_provider.signed_in = None  # the user cancelled at the provider
    response = sign_in_through_provider(client, oidc_provider)
    assert response["Location"] == "/accounts/3rdparty/login/cancelled/"
    assert "_auth_user_id" not in client.session
    assert not User.objects.exists()


def test_the_providers_come_from_oidc_providers():
    [app] = providers_from_env(
        json.dumps(
            [
                {
                    "id": "ph",
                    "name": "Philippines",
                    "server_url": "https://id.example/",
                    "client_id": "c",
                    "secret": "s",
                    "delegate_value": "asean",
                }
            ]
        )
    )
    assert app == {
        "provider_id": "ph",
        "name": "Philippines",
        "client_id": "c",
        "secret": "s",
        "settings": {
            "server_url": "https://id.example/",
            "oauth_pkce_enabled": True,
            "delegate_value": "asean",
        },
    }
    assert providers_from_env("") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "OIDC_PROVIDERS is not valid JSON"),
        ('{"id": "ph"}', "must be a JSON list of objects"),
        ('[{"id": "ph", "name": "P"}]', "provider 1 has no server_url, client_id, secret"),
        (
            '[{"id": "ph", "name": "P", "server_url": "u", "client_id": "c", "secret": "s",'
            ' "claim": "x"}]',
            "provider 1 has unknown keys: claim",
        ),
    ],
)
def test_a_mistake_in_oidc_providers_is_named(text, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        providers_from_env(text)


def test_a_provider_cannot_sign_in_as_a_local_account_by_naming_it(
    client, oidc_provider, user_in_role
):
    """Neither the username nor the email address a provider gives signs in to an existing
    account of the site: the provider's user gets an account of their own."""
    staff = user_in_role(roles.PUBLISHER, username="msantos")
    staff.email = "m.santos@dfa.example"
    staff.save()
    oidc_provider.signed_in = DELEGATE_CLAIMS
    sign_in_through_provider(client, oidc_provider)
    assert client.session.get("_auth_user_id") != str(staff.pk)
    assert client.get("/admin/").status_code != 200


def test_the_content_security_policy_lets_the_sign_in_go_to_the_providers():
    providers = [
        {"id": "ph", "name": "P", "server_url": "https://id.gov.example/realms/asean"},
        {"id": "th", "name": "T", "server_url": "https://sso.example.org:8443/"},
    ]
    providers = [{**p, "client_id": "c", "secret": "s"} for p in providers]
    result = read_settings(["CONTENT_SECURITY_POLICY"], OIDC_PROVIDERS=json.dumps(providers))
    assert result.returncode == 0, result.stderr
    directives = json.loads(result.stdout)["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert directives["form-action"] == [
        "'self'",
        "https://id.gov.example",
        "https://sso.example.org:8443",
    ]
