"""Security headers on every response (OWASP ASVS 3.4)."""

from __future__ import annotations

from flask import Flask, Response, request, session

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self' https://checkout.stripe.com",
        "frame-ancestors 'none'",
    ]
)


PERSONAL_TYPES = {"text/csv", "application/pdf", "application/json"}


def is_personal(response: Response) -> bool:
    """A page or file about a person (theirs, or a roster or payments export) must not be
    kept by a browser's or a proxy's cache: everything a signed-in user is shown, every
    /me/ page and every export (CSV, PDF, JSON) not marked public."""
    already = response.headers.get("Cache-Control") or ""
    if "public" in already or "no-store" in already:
        return False
    if request.path.startswith("/me/"):
        return True
    if response.mimetype in PERSONAL_TYPES and not request.path.startswith("/api/"):
        return True
    return "_user_id" in session  # signed in (read from the cookie: no database needed)


def register_security_headers(app: Flask) -> None:
    @app.after_request
    def set_security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if is_personal(response):
            headers["Cache-Control"] = "private, no-store"
        if app.config.get("HSTS_ENABLED"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
