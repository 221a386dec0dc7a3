"""Error pages: every failure ends in a page a person can act on, never a bare 500."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from pdportal.extensions import db

MESSAGES = {
    400: "Something in that request was not right. Please go back and try again.",
    403: "You do not have permission to see this page.",
    404: "We could not find that page. It may have moved or never existed.",
    405: "That action is not available here.",
    429: "Too many attempts. Please wait a minute and try again.",
    500: "Something went wrong on our side. It has been logged; please try again.",
}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.endswith((".ics", ".json"))


def _render(status: int, message: str | None = None):
    message = message or MESSAGES.get(status, "Something went wrong.")
    if _wants_json():
        return jsonify(error=message), status
    return render_template("errors.html", status=status, message=message), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return _render(400, "Your form expired or came from elsewhere. Please reload and retry.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        return _render(error.code, MESSAGES.get(error.code) or error.description)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        app.logger.exception("Unhandled error", exc_info=error)
        return _render(InternalServerError.code)
