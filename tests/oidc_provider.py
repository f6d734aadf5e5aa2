"""A small real OpenID Connect provider for the tests, as a government's identity provider
would answer: discovery, authorization (code flow, with PKCE), token (an ID token signed
with RS256), userinfo and the keys, served over HTTP by a thread on a loopback port (8900 to
8909). Whoever the test says is signed in at the provider (``signed_in``, their claims) is
the user it vouches for."""

import base64
import hashlib
import json
import secrets
import threading
import time
from urllib.parse import parse_qs, urlencode, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

PORTS = range(8900, 8910)
KEY_ID = "test-key-1"


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


class OIDCProvider:
    """``start()`` it, set ``signed_in`` to the user's claims (``sub`` and the rest), and
    register a client with ``client_id`` and ``secret``."""

    def __init__(self, client_id="asean-meetings", secret="client-secret"):
        self.client_id = client_id
        self.secret = secret
        self.signed_in: dict | None = None
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.token_requests: list[dict] = []
        self.server: WSGIServer | None = None

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def start(self):
        for port in PORTS:
            try:
                self.server = make_server("127.0.0.1", port, self.app, handler_class=QuietHandler)
                break
            except OSError:
                continue
        else:
            raise RuntimeError("No free port from 8900 to 8909 for the OIDC provider.")
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def configuration(self, provider_id="gov", **extra) -> dict:
        """This provider as one entry of ``OIDC_PROVIDERS``."""
        return {
            "id": provider_id,
            "name": "Government sign-in",
            "server_url": self.issuer,
            "client_id": self.client_id,
            "secret": self.secret,
            **extra,
        }

    # The endpoints -------------------------------------------------------------------------

    def app(self, environ, start_response):
        path = environ["PATH_INFO"]
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        routes = {
            "/.well-known/openid-configuration": self.discovery,
            "/authorize": self.authorize,
            "/token": self.token,
            "/userinfo": self.userinfo,
            "/jwks": self.jwks,
        }
        if path not in routes:
            return self.respond(start_response, "404 Not Found", {"error": "not_found"})
        return routes[path](environ, query, start_response)

    def discovery(self, environ, query, start_response):
        return self.respond(
            start_response,
            "200 OK",
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "userinfo_endpoint": f"{self.issuer}/userinfo",
                "jwks_uri": f"{self.issuer}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": [
                    "client_secret_post",
                    "client_secret_basic",
                ],
                "code_challenge_methods_supported": ["S256"],
                "scopes_supported": ["openid", "profile", "email"],
            },
        )

    def authorize(self, environ, query, start_response):
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return self.respond(start_response, "400 Bad Request", {"error": "invalid_request"})
        if "openid" not in query.get("scope", "").split():
            return self.respond(start_response, "400 Bad Request", {"error": "invalid_scope"})
        redirect_uri = query["redirect_uri"]
        if self.signed_in is None:
            answer = {"error": "access_denied", "state": query.get("state", "")}
        else:
            code = secrets.token_urlsafe(16)
            self.codes[code] = {
                "claims": dict(self.signed_in),
                "redirect_uri": redirect_uri,
                "nonce": query.get("nonce"),
                "challenge": query.get("code_challenge"),
            }
            answer = {"code": code, "state": query.get("state", "")}
        start_response("302 Found", [("Location", f"{redirect_uri}?{urlencode(answer)}")])
        return [b""]

    def token(self, environ, query, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        form = {k: v[0] for k, v in parse_qs(environ["wsgi.input"].read(length).decode()).items()}
        self.token_requests.append(form)
        client_id, secret = form.get("client_id"), form.get("client_secret")
        authorization = environ.get("HTTP_AUTHORIZATION", "")
        if authorization.startswith("Basic "):
            client_id, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
        if (client_id, secret) != (self.client_id, self.secret):
            return self.respond(start_response, "401 Unauthorized", {"error": "invalid_client"})
        grant = self.codes.pop(form.get("code", ""), None)
        if (
            form.get("grant_type") != "authorization_code"
            or grant is None
            or grant["redirect_uri"] != form.get("redirect_uri")
            or not self.verifier_matches(grant["challenge"], form.get("code_verifier"))
        ):
            return self.respond(start_response, "400 Bad Request", {"error": "invalid_grant"})
        access_token = secrets.token_urlsafe(24)
        self.tokens[access_token] = grant["claims"]
        now = int(time.time())
        id_token = jwt.encode(
            {
                **grant["claims"],
                "iss": self.issuer,
                "aud": self.client_id,
                "iat": now,
                "exp": now + 300,
                **({"nonce": grant["nonce"]} if grant["nonce"] else {}),
            },
            self.key,
            algorithm="RS256",
            headers={"kid": KEY_ID},
        )
        return self.respond(
            start_response,
            "200 OK",
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": id_token,
            },
        )

    @staticmethod
    def verifier_matches(challenge, verifier) -> bool:
        if challenge is None:
            return True
        if not verifier:
            return False
        digest = hashlib.sha256(verifier.encode()).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == challenge

    def userinfo(self, environ, query, start_response):
        authorization = environ.get("HTTP_AUTHORIZATION", "")
        claims = self.tokens.get(authorization.removeprefix("Bearer "))
        if not authorization.startswith("Bearer ") or claims is None:
            return self.respond(start_response, "401 Unauthorized", {"error": "invalid_token"})
        return self.respond(start_response, "200 OK", claims)

    def jwks(self, environ, query, start_response):
        key = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        key.update({"kid": KEY_ID, "use": "sig", "alg": "RS256"})
        return self.respond(start_response, "200 OK", {"keys": [key]})

    @staticmethod
    def respond(start_response, status, body):
        data = json.dumps(body).encode()
        start_response(status, [("Content-Type", "application/json")])
        return [data]


def callback_path(location: str) -> str:
    """The path and query of the provider's redirect back to the site (``http://testserver``
    for the test client)."""
    parts = urlsplit(location)
    return f"{parts.path}?{parts.query}"
