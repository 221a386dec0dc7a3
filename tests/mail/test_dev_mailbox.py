"""Issue 10: the development mailbox (/dev/mail) and `make run`'s every-minute scheduler."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask

import config
from pdportal import create_app, scheduler
from pdportal.extensions import db
from pdportal.models import OutboxMessage, OutboxStatus
from pdportal.orm import utcnow
from pdportal.services import mail, registration
from tests.conftest import build_app, reset_tables


@pytest.fixture
def dev_app(sqlite_url: str, app: Flask) -> Iterator[Flask]:
    """The portal as `make run` configures it (on the tests' cleaned database)."""
    development = build_app(sqlite_url, DEV_MAILBOX=True)
    reset_tables(development)
    with development.app_context():
        yield development
        db.session.remove()


def _queue(to: str, subject: str, body: str, minutes_ago: int = 0) -> None:
    message = mail.queue_email(to, subject, body)
    message.created_at = utcnow() - timedelta(minutes=minutes_ago)
    db.session.commit()


def test_dev_mailbox_shows_a_registration_email_written(dev_app, make_user, make_workshop):
    educator = make_user()
    registration.take_seat(educator, make_workshop(title="Modeling Energy"))
    html = dev_app.test_client().get("/dev/mail").get_data(as_text=True)
    assert "You&#39;re registered: Modeling Energy" in html  # queued as facts, shown written


def test_dev_mailbox_shows_one_address_when_asked(dev_app):
    _queue("rosa@example.org", "For Rosa", "Hello Rosa.")
    _queue("ada@example.org", "For Ada", "Hello Ada.")
    html = dev_app.test_client().get("/dev/mail?to=Rosa@example.org").get_data(as_text=True)
    assert "For Rosa" in html and "For Ada" not in html


def test_dev_mailbox_lists_the_outbox_newest_first_with_links(dev_app):
    _queue("old@example.org", "Older message", "Nothing to click.", minutes_ago=5)
    _queue(
        "rosa@example.org",
        "Confirm your email address",
        "Confirm it here: http://localhost/auth/verify/abc.def?x=1&y=2.\nThanks.",
    )
    response = dev_app.test_client().get("/dev/mail")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.index("Confirm your email address") < html.index("Older message")
    link = '<a href="http://localhost/auth/verify/abc.def?x=1&amp;y=2">'
    assert link in html  # the sentence's full stop is not part of it
    assert "To rosa@example.org" in html and "Pending" in html


def test_dev_mailbox_escapes_what_a_message_holds(dev_app):
    _queue(
        "x@example.org",
        "<script>alert(1)</script>",
        '<img src=x onerror=alert(1)> javascript:alert(1) http://a.example/"onmouseover="x',
    )
    html = dev_app.test_client().get("/dev/mail").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "<img" not in html
    assert 'href="javascript' not in html
    assert '<a href="http://a.example/">' in html  # the quote ends the address


def test_dev_mailbox_is_404_in_any_other_configuration(client):
    assert client.get("/dev/mail").status_code == 404


def test_dev_mailbox_is_off_in_the_development_configuration_by_default(monkeypatch):
    monkeypatch.setenv("PDPORTAL_ENV", "development")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["DEV_MAILBOX"] is False and app.config["DEV_SCHEDULER"] is False
    assert "dev_mail.mailbox" not in app.view_functions


def test_make_runs_settings_switch_them_on(monkeypatch):
    monkeypatch.setenv("PDPORTAL_ENV", "development")
    monkeypatch.setenv("PDPORTAL_DEV_MAILBOX", "true")
    monkeypatch.setattr(scheduler, "start", lambda app: None)
    monkeypatch.setenv("PDPORTAL_DEV_SCHEDULER", "true")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert "dev_mail.mailbox" in app.view_functions


@pytest.mark.parametrize("flag", ["DEV_MAILBOX", "DEV_SCHEDULER"])
def test_production_refuses_the_development_helpers(monkeypatch, flag):
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", "a-real-secret-from-the-vault")
    monkeypatch.setattr(config.ProductionConfig, "BASE_URL", "https://pd.example.org")
    monkeypatch.setenv("PDPORTAL_ENV", "production")
    with pytest.raises(RuntimeError, match="development only"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", flag: True})


def test_check_email_page_points_to_the_dev_mailbox_only_in_development(dev_app, client):
    assert "/dev/mail" in dev_app.test_client().get("/auth/signup/check-email").text
    assert "/dev/mail" not in client.get("/auth/signup/check-email").text


def test_scheduler_run_delivers_mail_sweeps_and_says_where_to_read_it(dev_app, caplog):
    _queue("rosa@example.org", "Hello", "Body")
    with caplog.at_level(logging.INFO):
        scheduler.run_once(dev_app)
    message = db.session.query(OutboxMessage).one()
    db.session.refresh(message)
    assert message.status == OutboxStatus.SENT
    lines = [record.getMessage() for record in caplog.records]
    assert any(line.startswith("sweep: ") for line in lines)
    assert "Delivered 1 email(s) to the log; read them at http://localhost/dev/mail" in lines


def test_scheduler_run_survives_a_failing_step(dev_app, caplog, monkeypatch):
    def broken(**_kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(mail, "deliver_pending", broken)
    with caplog.at_level(logging.INFO):
        scheduler.run_once(dev_app)  # logged, not raised: the next minute tries again
    assert "this run failed" in caplog.text


def test_scheduler_starts_one_daemon_thread(dev_app, monkeypatch):
    runs = []
    monkeypatch.setattr(scheduler, "run_once", runs.append)
    monkeypatch.setattr(scheduler, "INTERVAL_SECONDS", 3600)
    thread = scheduler.start(dev_app)
    thread.join(timeout=1)
    assert thread.daemon and thread.is_alive()
    assert runs == [dev_app]
