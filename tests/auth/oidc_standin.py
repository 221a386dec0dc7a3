"""A local OpenID provider stand-in: discovery, JWKS, and a token endpoint that checks the
PKCE verifier and signs ID tokens with a test RSA key. The authorization step (a person at
Google signing in) is `approve`: it records what the portal asked for and returns a code."""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from flask import Flask, jsonify, request
from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server

CLIENT_ID = "pdportal-test-client"
CLIENT_SECRET = "pdportal-test-secret"


@dataclass
class OpenIdStandIn:
    url: str = ""
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "k1"}))
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    nonce_override: str | None = None  # sign a token with another nonce than asked for

    def approve(self, authorize_url: str, **claims: Any) -> tuple[str, str]:
        """The person signs in at the provider: returns (code, state) for the callback."""
        query = {key: values[0] for key, values in parse_qs(urlsplit(authorize_url).query).items()}
        assert query["client_id"] == CLIENT_ID
        assert query["code_challenge_method"] == "S256"
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"query": query, "claims": claims}
        return code, query["state"]

    def id_token(self, query: dict[str, str], claims: dict[str, Any]) -> str:
        now = int(time.time())
        payload = {
            "iss": self.url,
            "aud": CLIENT_ID,
            "sub": claims.pop("sub", "subject-1"),
            "iat": now,
            "exp": now + 300,
            "nonce": self.nonce_override or query["nonce"],
            **claims,
        }
        return jwt.encode({"alg": "RS256", "kid": "k1"}, payload, self.key)

    def app(self) -> Flask:
        app = Flask("oidc-standin")

        @app.get("/.well-known/openid-configuration")
        def discovery():
            return jsonify(
                issuer=self.url,
                authorization_endpoint=f"{self.url}/authorize",
                token_endpoint=f"{self.url}/token",
                jwks_uri=f"{self.url}/jwks",
                response_types_supported=["code"],
                subject_types_supported=["public"],
                id_token_signing_alg_values_supported=["RS256"],
                code_challenge_methods_supported=["S256"],
            )

        @app.get("/jwks")
        def jwks():
            return jsonify(keys=[self.key.as_dict(private=False)])

        @app.post("/token")
        def token():
            grant = self.codes.pop(request.form.get("code", ""), None)
            if grant is None:
                return jsonify(error="invalid_grant"), 400
            verifier = request.form.get("code_verifier", "")
            digest = hashlib.sha256(verifier.encode()).digest()
            challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
            if challenge != grant["query"]["code_challenge"]:
                return jsonify(error="invalid_grant", error_description="PKCE"), 400
            return jsonify(
                access_token=secrets.token_urlsafe(16),
                token_type="Bearer",
                expires_in=300,
                id_token=self.id_token(grant["query"], dict(grant["claims"])),
            )

        return app


class OpenIdServer:
    def __init__(self) -> None:
        self.standin = OpenIdStandIn()
        self._server = make_server("127.0.0.1", 0, self.standin.app(), threaded=True)
        self.standin.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> OpenIdStandIn:
        self._thread.start()
        return self.standin

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)
