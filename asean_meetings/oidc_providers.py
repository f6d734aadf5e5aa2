"""The governments' identity providers for single sign-on, read from ``OIDC_PROVIDERS``.

Read by settings.py, so it imports nothing of Django's models. ``OIDC_PROVIDERS`` is a JSON
list, one object for each provider (docs/accounts.md)::

    [{"id": "ph", "name": "Philippines government sign-in",
      "server_url": "https://id.gov.example/realms/asean",
      "client_id": "asean-meetings", "secret": "…",
      "delegate_claim": "groups", "delegate_value": "asean-delegates"}]

``delegate_claim`` and ``delegate_value`` are optional (default: ``OIDC_DELEGATE_CLAIM`` and
``OIDC_DELEGATE_VALUE``). The result is allauth's ``SOCIALACCOUNT_PROVIDERS`` "APPS" list.
"""

import json
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

REQUIRED = ("id", "name", "server_url", "client_id", "secret")
OPTIONAL = ("delegate_claim", "delegate_value")


def providers_from_env(text: str) -> list[dict]:
    """allauth's app configurations for the providers ``text`` (``OIDC_PROVIDERS``) lists."""
    if not text.strip():
        return []
    try:
        providers = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(f"OIDC_PROVIDERS is not valid JSON: {error}") from None
    if not isinstance(providers, list) or not all(isinstance(p, dict) for p in providers):
        raise ImproperlyConfigured("OIDC_PROVIDERS must be a JSON list of objects.")
    apps = []
    for number, provider in enumerate(providers, start=1):
        missing = [key for key in REQUIRED if not provider.get(key)]
        if missing:
            raise ImproperlyConfigured(
                f"OIDC_PROVIDERS: provider {number} has no {', '.join(missing)}."
            )
        unknown = set(provider) - set(REQUIRED) - set(OPTIONAL)
        if unknown:
            raise ImproperlyConfigured(
                f"OIDC_PROVIDERS: provider {number} has unknown keys: {', '.join(sorted(unknown))}."
            )
        apps.append(
            {
                "provider_id": provider["id"],
                "name": provider["name"],
                "client_id": provider["client_id"],
                "secret": provider["secret"],
                "settings": {
                    "server_url": provider["server_url"],
                    "oauth_pkce_enabled": True,
                    **{key: provider[key] for key in OPTIONAL if key in provider},
                },
            }
        )
    ids = [app["provider_id"] for app in apps]
    if len(set(ids)) != len(ids):
        raise ImproperlyConfigured("OIDC_PROVIDERS: two providers have the same id.")
    return apps


def provider_origins(apps: list[dict]) -> list[str]:
    """The origins (``https://host``) of the providers' servers: the sign-in form posts to
    the site, which redirects the browser to the provider's authorization page, and browsers
    hold that redirect to the Content Security Policy's ``form-action``."""
    origins = []
    for app in apps:
        parts = urlsplit(app["settings"]["server_url"])
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in origins:
            origins.append(origin)
    return origins
