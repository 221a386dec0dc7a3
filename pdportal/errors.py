"""Error pages: every failure ends in a page a person can act on, never a bare 500 —
also while the database is down (the page then renders without it)."""

from __future__ import annotations

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError

from pdportal.extensions import db


def title_for(status: int) -> str:
    titles = {
        400: _("Bad request"),
        403: _("Not allowed"),
        404: _("Page not found"),
        405: _("Not available"),
        413: _("Too large"),
        429: _("Slow down"),
        500: _("Something went wrong"),
        503: _("Temporarily unavailable"),
    }
    return titles.get(status, _("Error"))


def message_for(status: int) -> str | None:
    messages = {
        400: _("Something in that request was not right. Please go back and try again."),
        403: _("You do not have permission to see this page."),
        404: _("We could not find that page. It may have moved or never existed."),
        405: _("That action is not available here."),
        413: _("That was more than this page accepts. Please send less."),
        429: _("Too many attempts. Please wait a minute and try again."),
        500: _("Something went wrong on our side. It has been logged; please try again."),
        503: _("The portal is briefly unavailable. Please try again in a few minutes."),
    }
    return messages.get(status)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.endswith((".ics", ".json"))


def _render(status: int, message: str | None = None):
    message = message or message_for(status) or _("Something went wrong.")
    if _wants_json():
        return jsonify(error=message), status
    if not g.get("database_unavailable"):
        try:
            page = render_template(
                "errors.html", status=status, title=title_for(status), message=message
            )
        except SQLAlchemyError:
            _database_failed()
        else:
            return page, status
    # Straight from the Jinja environment: Flask's context processors would load the user.
    page = current_app.jinja_env.get_template("errors_standalone.html").render(
        status=status, title=title_for(status), message=message
    )
    return page, status


def _database_failed() -> None:
    """Render the rest of this response without the database (no user, no navigation)."""
    g.database_unavailable = True
    try:
        db.session.rollback()
    except SQLAlchemyError:
        db.session.close()


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return _render(400, _("Your form expired or came from elsewhere. Please reload and retry."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        return _render(error.code, message_for(error.code) or error.description)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        if isinstance(error, SQLAlchemyError):
            _database_failed()
        else:
            try:
                db.session.rollback()
            except SQLAlchemyError:
                _database_failed()
        app.logger.exception("Unhandled error", exc_info=error)
        return _render(InternalServerError.code)
