"""pdportal: the professional-development portal of regional STEM education networks."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, redirect, url_for
from werkzeug.middleware.proxy_fix import ProxyFix

import config
from pdportal import database, edge, errors, i18n, routing, security, templating
from pdportal.extensions import csrf, db, limiter, login_manager, migrate
from pdportal.models.search import include_object as search_index_objects


def create_app(config_overrides: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config.for_environment())
    app.config.from_prefixed_env("PDPORTAL")
    if config_overrides:
        app.config.update(config_overrides)
    check_configuration(app)
    routing.register_converters(app)
    edge.register_input_guards(app)
    register_extensions(app)
    register_blueprints(app)
    errors.register_error_handlers(app)
    security.register_security_headers(app)
    i18n.register_i18n(app)
    templating.register_template_helpers(app)
    register_commands(app)
    trust_proxies(app)
    start_dev_scheduler(app)
    return app


def start_dev_scheduler(app: Flask) -> None:
    """`make run` only: the sweep and mail delivery every minute (see pdportal/scheduler.py)."""
    if app.config.get("DEV_SCHEDULER"):
        from pdportal import scheduler

        scheduler.start(app)


def trust_proxies(app: Flask) -> None:
    hops = app.config.get("PROXY_FIX_HOPS", 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def check_configuration(app: Flask) -> None:
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = (
            f"sqlite:///{Path(app.instance_path) / 'pdportal.db'}"
        )
    if app.config.get("SESSION_COOKIE_SECURE") and app.config.get("SECRET_KEY") in {
        "",
        None,
        config.DEV_SECRET_KEY,
    }:
        raise RuntimeError("Production needs a real SECRET_KEY in the environment.")
    if app.config.get("SESSION_COOKIE_SECURE") and (
        app.config.get("DEV_MAILBOX") or app.config.get("DEV_SCHEDULER")
    ):
        raise RuntimeError(
            "DEV_MAILBOX and DEV_SCHEDULER are for development only: in production cron or a"
            " worker runs `flask send-mail` and `flask sweep`."
        )
    if app.config.get("SESSION_COOKIE_SECURE") and not app.config.get("BASE_URL"):
        raise RuntimeError(
            "Production needs BASE_URL (e.g. https://pd.example.org): emails, calendar feeds,"
            " certificates and check-in QR codes link to it."
        )


def register_extensions(app: Flask) -> None:
    database.configure_engine_options(app)
    db.init_app(app)
    database.register_engine_events(app)
    migrate.init_app(app, db, render_as_batch=True, include_object=search_index_objects)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    from pdportal.services import accounts, registration, search

    search.keep_current(db.session)

    login_manager.user_loader(accounts.load_user_by_session_token)
    accounts.audit.watch_recorded_changes()
    with app.app_context():
        registration.install_seat_statement(db.engine)


def register_blueprints(app: Flask) -> None:
    from pdportal.blueprints.account import bp as account_bp
    from pdportal.blueprints.account.oidc_views import register_oidc
    from pdportal.blueprints.admin import bp as admin_bp
    from pdportal.blueprints.api import bp as api_bp
    from pdportal.blueprints.auth import bp as auth_bp
    from pdportal.blueprints.calendar import bp as calendar_bp
    from pdportal.blueprints.catalog import bp as catalog_bp
    from pdportal.blueprints.certificates import bp as certificates_bp
    from pdportal.blueprints.districts import bp as districts_bp
    from pdportal.blueprints.facilitate import bp as facilitate_bp
    from pdportal.blueprints.language import bp as language_bp
    from pdportal.blueprints.payments import bp as payments_bp
    from pdportal.blueprints.registration import bp as registration_bp
    from pdportal.blueprints.reports import bp as reports_bp

    app.register_blueprint(catalog_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(registration_bp)
    app.register_blueprint(facilitate_bp, url_prefix="/facilitate")
    app.register_blueprint(certificates_bp)
    app.register_blueprint(calendar_bp)
    app.register_blueprint(payments_bp, url_prefix="/payments")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(reports_bp, url_prefix="/admin/reports")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(language_bp)
    app.register_blueprint(districts_bp)
    app.register_blueprint(account_bp, url_prefix="/account")
    register_oidc(app)
    if app.config.get("DEV_MAILBOX"):
        from pdportal.blueprints.dev_mail import bp as dev_mail_bp

        app.register_blueprint(dev_mail_bp)

    @app.get("/favicon.ico")
    def favicon() -> Response:
        """Browsers ask for /favicon.ico when a page (a PDF, a feed) names no icon."""
        return redirect(url_for("static", filename="img/favicon.svg"), 301)

    @app.get("/healthz")
    def healthz() -> tuple[dict[str, str], int]:
        ok = database.is_reachable(current_app.config["HEALTHZ_TIMEOUT_SECONDS"])
        return {"status": "ok" if ok else "database unreachable"}, 200 if ok else 503


def register_commands(app: Flask) -> None:
    from pdportal import cli

    cli.register(app)
