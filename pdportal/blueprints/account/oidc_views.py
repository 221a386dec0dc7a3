"""Sign in with Google or Microsoft (OpenID Connect, Authlib): authorization code with
PKCE; Authlib checks the state, the ID token's signature (the provider's published keys),
issuer, audience, expiry and nonce. Each provider is on when OIDC_PROVIDERS names it."""

from __future__ import annotations

from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.flask_client import OAuth
from flask import Flask, abort, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext
from joserfc.errors import JoseError  # Authlib checks ID tokens with joserfc
from werkzeug.wrappers import Response

from pdportal.blueprints.account import bp
from pdportal.blueprints.auth import signin
from pdportal.i18n import current_language
from pdportal.routing import safe_next
from pdportal.services import accounts
from pdportal.services.accounts.oidc import OidcError, OidcProblem

PROVIDER_NAMES = {"google": "Google", "microsoft": "Microsoft"}
NEXT_KEY = "oidc_next"


def register_oidc(app: Flask) -> None:
    """An Authlib registry per app, with the providers its configuration turns on."""
    oauth = OAuth(app)
    for name, settings in app.config.get("OIDC_PROVIDERS", {}).items():
        oauth.register(
            name,
            client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256"},
            **settings,
        )
    app.extensions["pdportal_oidc"] = oauth


def _client(provider: str):
    if provider not in current_app.config.get("OIDC_PROVIDERS", {}):
        abort(404)
    return current_app.extensions["pdportal_oidc"].create_client(provider)


@bp.post("/oidc/<provider>")
def oidc_start(provider: str) -> Response:
    client = _client(provider)
    session[NEXT_KEY] = safe_next(request.form.get("next")) or ""
    return client.authorize_redirect(
        url_for("account.oidc_callback", provider=provider, _external=True)
    )


def _refused(message: str) -> Response:
    flash(message, "error")
    return redirect(url_for("auth.login"))


@bp.get("/oidc/<provider>/callback")
def oidc_callback(provider: str) -> Response:
    client = _client(provider)
    try:
        token = client.authorize_access_token()
    except (OAuthError, JoseError) as error:  # a bad state, code, signature, nonce, …
        current_app.logger.info("OpenID Connect sign-in refused: %s", error)
        return _refused(gettext("That sign-in did not work. Please try again."))
    claims = token.get("userinfo") or {}
    try:
        user = accounts.oidc.account_for_identity(claims, language=current_language())
    except OidcError as error:
        if error.reason is OidcProblem.DEACTIVATED:
            return _refused(gettext("This account has been deactivated."))
        return _refused(
            gettext(
                "%(provider)s did not confirm that email address, so we cannot use it to "
                "sign you in. Log in with your password instead.",
                provider=PROVIDER_NAMES.get(provider, provider),
            )
        )
    next_path = session.pop(NEXT_KEY, "")
    second_step = signin.after_password(user, remember=False, next_path=next_path)
    return second_step or redirect(safe_next(next_path) or url_for("catalog.index"))
