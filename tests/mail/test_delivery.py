"""Delivering the outbox over SMTP to a real local server, with retries."""

from __future__ import annotations

import base64
import logging
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import OutboxMessage, OutboxStatus
from pdportal.orm import utcnow
from pdportal.services import mail
from tests.mail.conftest import free_port

ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//pdportal//EN\r\nMETHOD:PUBLISH\r\n"
    "BEGIN:VEVENT\r\nUID:session-1@pdportal\r\nDTSTAMP:20261122T000000Z\r\n"
    "DTSTART:20261201T160000Z\r\nSUMMARY:Modeling with Mathematics\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def _queue(to: str = "ada@example.org", subject: str = "You are registered", **kwargs):
    message = mail.queue_email(to, subject, "See you on Tuesday, Ada.", **kwargs)
    db.session.commit()
    return message


def _reload(message: OutboxMessage) -> OutboxMessage:
    db.session.expire_all()
    return db.session.get(OutboxMessage, message.id)


def test_message_arrives_with_subject_body_and_calendar_attachment(app, smtp_inbox, use_smtp):
    inbox, port = smtp_inbox
    use_smtp(app, port)
    queued = _queue(
        subject="Registered: Modeling with Mathematics ✓",
        attachments=[mail.Attachment("workshop.ics", "text/calendar", ICS)],
    )

    assert mail.deliver_pending() == mail.DeliveryReport(sent=1, retrying=0, failed=0)

    [received] = inbox.messages
    assert inbox.recipients == [["ada@example.org"]]
    assert received["Subject"] == "Registered: Modeling with Mathematics ✓"
    assert received["To"] == "ada@example.org"
    assert received["From"] == app.config["MAIL_DEFAULT_SENDER"]
    assert received["Message-ID"]
    assert "See you on Tuesday, Ada." in received.get_body(("plain",)).get_content()
    [attachment] = list(received.iter_attachments())
    assert attachment.get_filename() == "workshop.ics"
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "PUBLISH"
    assert "UID:session-1@pdportal" in attachment.get_content()
    queued = _reload(queued)
    assert queued.status is OutboxStatus.SENT
    assert queued.sent_at is not None
    assert queued.attempts == 1


def test_binary_attachment_is_sent_from_base64(app, smtp_inbox, use_smtp):
    inbox, port = smtp_inbox
    use_smtp(app, port)
    pdf = b"%PDF-1.4 certificate"
    encoded = base64.b64encode(pdf).decode()
    _queue(attachments=[mail.Attachment("certificate.pdf", "application/pdf", encoded)])
    mail.deliver_pending()
    [attachment] = list(inbox.messages[0].iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == pdf


def test_only_due_pending_messages_are_sent(app, smtp_inbox, use_smtp):
    inbox, port = smtp_inbox
    use_smtp(app, port)
    later = _queue(subject="later")
    later.next_attempt_at = utcnow() + timedelta(minutes=5)
    sent = _queue(subject="sent already")
    sent.status = OutboxStatus.SENT
    db.session.commit()
    _queue(subject="due")

    assert mail.deliver_pending() == mail.DeliveryReport(sent=1, retrying=0, failed=0)
    assert [message["Subject"] for message in inbox.messages] == ["due"]
    assert mail.deliver_pending() == mail.DeliveryReport(sent=0, retrying=0, failed=0)


def test_limit_caps_one_run(app, smtp_inbox, use_smtp):
    inbox, port = smtp_inbox
    use_smtp(app, port)
    for index in range(3):
        _queue(subject=f"message {index}")
    assert mail.deliver_pending(limit=2) == mail.DeliveryReport(sent=2, retrying=0, failed=0)
    assert mail.deliver_pending(limit=2) == mail.DeliveryReport(sent=1, retrying=0, failed=0)
    assert len(inbox.messages) == 3


def test_smtp_down_postpones_the_message_without_spending_an_attempt(app, use_smtp):
    use_smtp(app, free_port())  # nothing listens there
    queued = _queue()
    before = utcnow()

    report = mail.deliver_pending()

    assert (report.sent, report.retrying, report.failed, report.postponed) == (0, 0, 0, 1)
    assert "refused" in report.unreachable.lower() or "connect" in report.unreachable.lower()
    queued = _reload(queued)
    assert queued.status is OutboxStatus.PENDING
    assert queued.attempts == 0
    assert queued.next_attempt_at >= before + mail.FIRST_RETRY
    assert "unreachable" in queued.last_error
    assert mail.deliver_pending() == mail.DeliveryReport()  # not due yet


def test_a_long_outage_never_fails_a_message_for_good(app, use_smtp, monkeypatch):
    use_smtp(app, free_port())
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 3)
    queued = _queue()
    for _ in range(10):  # ten runs of the worker while the server is down
        message = _reload(queued)
        message.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        assert mail.deliver_pending().postponed == 1
    queued = _reload(queued)
    assert (queued.status, queued.attempts) == (OutboxStatus.PENDING, 0)


def test_send_mail_exits_non_zero_when_the_server_cannot_be_reached(app, use_smtp):
    use_smtp(app, free_port())
    _queue()
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code != 0
    assert "Could not reach the mail server" in result.output
    assert "postponed 1" in result.output


def test_retries_back_off_exponentially():
    assert [mail.retry_delay(n) for n in (1, 2, 3, 4)] == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
        timedelta(minutes=8),
    ]
    assert mail.retry_delay(30) == mail.LONGEST_RETRY


def test_message_fails_for_good_after_max_attempts(app, smtp_inbox, use_smtp, monkeypatch):
    inbox, port = smtp_inbox
    use_smtp(app, port)
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 3)
    queued = _queue(to="busy@example.org")  # refused for now (451) every time
    reports = []
    for _ in range(3):
        message = _reload(queued)
        message.next_attempt_at = utcnow() - timedelta(seconds=1)  # due again
        db.session.commit()
        reports.append(mail.deliver_pending())

    assert reports[-1] == mail.DeliveryReport(sent=0, retrying=0, failed=1)
    queued = _reload(queued)
    assert queued.status is OutboxStatus.FAILED
    assert queued.attempts == 3
    queued.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert mail.deliver_pending() == mail.DeliveryReport()  # never tried again


def test_message_comes_through_once_the_server_is_back(app, smtp_inbox, use_smtp):
    inbox, port = smtp_inbox
    use_smtp(app, free_port())
    queued = _queue()
    mail.deliver_pending()
    use_smtp(app, port)
    message = _reload(queued)
    message.next_attempt_at = utcnow()
    db.session.commit()

    assert mail.deliver_pending() == mail.DeliveryReport(sent=1, retrying=0, failed=0)
    assert len(inbox.messages) == 1
    assert _reload(queued).attempts == 1  # the outage spent none


def test_address_refused_for_good_fails_at_once(app, smtp_inbox, use_smtp):
    inbox, port = smtp_inbox
    use_smtp(app, port)
    gone = _queue(to="gone@example.org")
    busy = _queue(to="busy@example.org")
    fine = _queue(to="ada@example.org")

    assert mail.deliver_pending() == mail.DeliveryReport(sent=1, retrying=1, failed=1)

    assert _reload(gone).status is OutboxStatus.FAILED
    assert "No such mailbox" in _reload(gone).last_error
    assert _reload(busy).status is OutboxStatus.PENDING
    assert _reload(fine).status is OutboxStatus.SENT
    assert inbox.recipients == [["ada@example.org"]]


def test_message_that_cannot_be_built_fails_at_once(app, smtp_inbox, use_smtp):
    inbox, port = smtp_inbox
    use_smtp(app, port)
    queued = _queue(subject="Hello\nBcc: everyone@example.org")  # header injection

    assert mail.deliver_pending() == mail.DeliveryReport(sent=0, retrying=0, failed=1)

    queued = _reload(queued)
    assert queued.status is OutboxStatus.FAILED
    assert queued.attempts == 1
    assert inbox.messages == []


def test_without_mail_server_the_message_goes_to_the_log(app, caplog, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    long_link = "http://localhost/auth/verify/" + "x" * 120
    queued = _queue(subject="Confirm your email address")
    queued.body_text += f"\n{long_link}\n"
    db.session.commit()
    with caplog.at_level(logging.INFO, logger="pdportal.mail"):
        assert mail.deliver_pending() == mail.DeliveryReport(sent=1, retrying=0, failed=0)
    assert "Subject: Confirm your email address" in caplog.text
    assert "See you on Tuesday, Ada." in caplog.text
    assert long_link in caplog.text  # readable: a developer can open the link
    assert _reload(queued).status is OutboxStatus.SENT


def test_send_mail_command_prints_the_summary(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    _queue()
    result = app.test_cli_runner().invoke(args=["send-mail", "--limit", "5"])
    assert result.exit_code == 0, result.output
    assert "sent 1, retrying 0, failed 0, postponed 0" in result.output


def test_queued_email_is_dropped_with_a_rolled_back_transaction(app):
    mail.queue_email("ada@example.org", "never", "body")
    db.session.rollback()
    assert db.session.scalars(select(OutboxMessage)).all() == []


@pytest.mark.postgres
def test_concurrent_workers_on_postgresql_never_send_a_message_twice(pg_app, smtp_inbox, use_smtp):
    inbox, port = smtp_inbox
    use_smtp(pg_app, port)
    for index in range(40):
        mail.queue_email(f"educator{index}@example.org", f"message {index}", "body")
    db.session.commit()
    db.session.remove()
    barrier = threading.Barrier(3)
    reports: list[mail.DeliveryReport] = []

    def worker() -> None:
        with pg_app.app_context():
            barrier.wait()
            for _ in range(4):
                reports.append(mail.deliver_pending(limit=7))
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    subjects = [message["Subject"] for message in inbox.messages]
    assert len(subjects) == len(set(subjects)) == 40
    total_sent = sum(report.sent for report in reports)
    assert total_sent == 40
    statuses = db.session.scalars(select(OutboxMessage.status)).all()
    assert set(statuses) == {OutboxStatus.SENT}
