"""Optional: the secretariat's Ed25519 signature of each published version's SHA-256.

Set ``ARCHIVE_SIGNING_KEY`` to the path of a PEM Ed25519 private key and each new version is
signed: the signature is over the 64 ASCII characters of its lower-case hex SHA-256, stored
base64. ``docs/archive.md`` shows how anyone checks one with ``openssl``.
"""

import base64
from functools import cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@cache
def _key(path: str) -> Ed25519PrivateKey:
    key = load_pem_private_key(Path(path).read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"ARCHIVE_SIGNING_KEY ({path}) is not an Ed25519 key.")
    return key


def signing_key() -> Ed25519PrivateKey | None:
    path = settings.ARCHIVE_SIGNING_KEY
    return _key(path) if path else None


def sign(sha256: str) -> str:
    """The base64 signature of ``sha256``, or "" when no key is configured."""
    key = signing_key()
    return base64.b64encode(key.sign(sha256.encode("ascii"))).decode("ascii") if key else ""


def is_valid(sha256: str, signature: str) -> bool:
    """Whether ``signature`` is the configured key's signature of ``sha256``."""
    key = signing_key()
    try:
        key.public_key().verify(base64.b64decode(signature), sha256.encode("ascii"))
    except (InvalidSignature, ValueError):
        return False
    return True
