"""The outbox: every email is queued in the caller's transaction, then delivered by a worker."""

from __future__ import annotations

import base64
import binascii
import contextlib
import logging
import re
import smtplib
import ssl
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage, Message
from email.utils import formatdate, make_msgid, parseaddr

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import case, select, update

from pdportal.database import begin_write_locked_transaction
from pdportal.extensions import db
from pdportal.i18n import DEFAULT_LANGUAGE
from pdportal.models import OutboxMessage, OutboxStatus
from pdportal.orm import utcnow


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message: text/* content is the text, any other type is base64."""

    filename: str
    content_type: str
    content: str


def queue_email(
    to_email: str,
    subject: str,
    body_text: str,
    attachments: list[Attachment] | None = None,
) -> OutboxMessage:
    """Add a message to the outbox; it is sent only if the caller's transaction commits."""
    message = OutboxMessage(
        to_email=to_email,
        subject=subject,
        body_text=body_text,
        attachments=[vars(attachment) for attachment in attachments or []],
    )
    db.session.add(message)
    return message


def queue_email_facts(to_email: str, template: str, facts: dict[str, object]) -> OutboxMessage:
    """Add a message to be written later, from `facts`, by the service that owns
    `template`; the worker sends it only once it is written (`OutboxMessage.is_written`)."""
    message = OutboxMessage(
        to_email=to_email, subject="", body_text="", template=template, facts=facts
    )
    db.session.add(message)
    return message


def render_email(template: str, language: str | None, **context: object) -> tuple[str, str]:
    """(subject, body) of `templates/email/<template>.txt` in the recipient's language.

    The template sets its subject at the top: `{% set subject = _("…") %}`.
    """
    with force_locale(language or DEFAULT_LANGUAGE):
        template_context = dict(context)
        current_app.update_template_context(template_context)
        module = current_app.jinja_env.get_template(f"email/{template}.txt").make_module(
            template_context
        )
        return one_line(str(getattr(module, "subject", ""))), str(module)


def one_line(text: str) -> str:
    """A header value on one line: a title with CR/LF in it must not break the message."""
    return " ".join(text.split())


def queue_templated_email(
    to_email: str,
    template: str,
    attachments: list[Attachment] | None = None,
    *,
    language: str | None = None,
    **context: object,
) -> OutboxMessage:
    """Queue a message whose subject and body come from `templates/email/<template>.txt`,
    in `language` (the recipient's preference)."""
    subject, body = render_email(template, language, **context)
    return queue_email(to_email, subject, body, attachments)


# --- the outbox as a mailbox (development) -------------------------------------------------

MAILBOX_SHOWN = 100


def newest(to_email: str = "", limit: int = MAILBOX_SHOWN) -> list[OutboxMessage]:
    """The outbox newest first, whatever each message's state (to one address if given):
    the development mailbox."""
    query = select(OutboxMessage)
    if to_email:
        query = query.where(OutboxMessage.to_email == to_email.strip().lower())
    return list(
        db.session.scalars(
            query.order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()).limit(limit)
        )
    )


# --- undelivered mail ---------------------------------------------------------------------

UNDELIVERED_SHOWN = 200


def undelivered(limit: int = UNDELIVERED_SHOWN) -> list[OutboxMessage]:
    """Messages that failed for good, then messages still waiting after a failed try,
    newest first: what a site admin needs to see after an outage or a bad address."""
    failed_first = case((OutboxMessage.status == OutboxStatus.FAILED, 0), else_=1)
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(
                (OutboxMessage.status == OutboxStatus.FAILED)
                | (
                    (OutboxMessage.status == OutboxStatus.PENDING)
                    & (OutboxMessage.last_error != "")
                )
            )
            .order_by(failed_first, OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
            .limit(limit)
        )
    )


def retry_failed(message_id: int | None = None) -> int:
    """Queue failed messages again with fresh attempts (one, or all): how many."""
    query = update(OutboxMessage).where(OutboxMessage.status == OutboxStatus.FAILED)
    if message_id is not None:
        query = query.where(OutboxMessage.id == message_id)
    result = db.session.execute(
        query.values(status=OutboxStatus.PENDING, attempts=0, next_attempt_at=utcnow())
    )
    db.session.commit()
    return result.rowcount


# --- delivery ----------------------------------------------------------------------------

LEASE = timedelta(minutes=10)  # a claimed message is left alone this long by other workers
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
SMTP_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class _Claimed:
    """A snapshot of a claimed row, so sending happens outside any transaction."""

    id: int
    attempts: int
    to_email: str
    subject: str
    body_text: str
    attachments: list[dict]


@dataclass
class DeliveryReport:
    """What one run of the worker did: messages sent, to be retried, failed for good, and
    postponed (not tried: the server could not be reached, which spends no attempt)."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    postponed: int = 0
    unreachable: str = ""  # why the mail server could not be reached, if it could not


class ServerUnreachable(Exception):
    """Connecting or logging in to the mail server failed: no message's fault."""


def deliver_pending(limit: int = 100) -> DeliveryReport:
    """Send due outbox messages.

    Rows are claimed in a short transaction (FOR UPDATE SKIP LOCKED on PostgreSQL, the
    write lock on SQLite) that moves their `next_attempt_at` a lease ahead, so several
    workers never take the same message; each is sent outside the transaction and its
    outcome recorded at once. A worker that dies mid-run leaves its messages to be
    retried when the lease ends. When the server cannot be reached, the run stops and
    every message it had claimed is put back, its attempts untouched: a long outage
    cannot use them up.
    """
    claimed = _claim(limit)
    report = DeliveryReport()
    with _Sender() as sender:
        for position, message in enumerate(claimed):
            try:
                email = build_message(message)
            except (ValueError, TypeError, KeyError, binascii.Error) as error:
                _record_failure(message, error, permanent=True)  # retrying cannot help
                report.failed += 1
                continue
            try:
                sender.send(email)
            except ServerUnreachable as error:
                report.unreachable = str(error.__cause__ or error)
                report.postponed = _postpone(claimed[position:], report.unreachable)
                break
            except Exception as error:  # any failure is recorded and retried, never lost
                gave_up = _record_failure(message, error, permanent=_is_permanent(error))
                if gave_up:
                    report.failed += 1
                else:
                    report.retrying += 1
            else:
                _record_sent(message)
                report.sent += 1
    return report


def _postpone(messages: list[_Claimed], reason: str) -> int:
    """Give claimed messages back for the next run, without counting an attempt."""
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_([message.id for message in messages]))
        .values(
            next_attempt_at=utcnow() + FIRST_RETRY,
            last_error=f"Mail server unreachable: {reason}"[:2000],
        )
    )
    db.session.commit()
    return len(messages)


def _claim(limit: int) -> list[_Claimed]:
    begin_write_locked_transaction()
    now = utcnow()
    rows = db.session.scalars(
        select(OutboxMessage)
        .where(
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.next_attempt_at <= now,
            (OutboxMessage.template == "") | (OutboxMessage.subject != ""),  # written
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    claimed = [
        _Claimed(
            row.id, row.attempts, row.to_email, row.subject, row.body_text, row.attachments or []
        )
        for row in rows
    ]
    for row in rows:
        row.next_attempt_at = now + LEASE
    db.session.commit()
    return claimed


def _record_sent(message: _Claimed) -> None:
    now = utcnow()
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id)
        .values(status=OutboxStatus.SENT, sent_at=now, attempts=message.attempts + 1, last_error="")
    )
    db.session.commit()


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: 1, 2, 4, 8 … minutes after each failure, at most 6 hours."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_RETRY)


def _is_permanent(error: Exception) -> bool:
    """The server refused this message for good (5xx to its recipient or content).

    A refused log-in or sender address is the portal's set-up, not the message: retried.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _reply in error.recipients.values())
    return isinstance(error, smtplib.SMTPDataError) and error.smtp_code >= 500


def _record_failure(message: _Claimed, error: Exception, *, permanent: bool = False) -> bool:
    """Count the failed attempt; True if the message has now failed for good."""
    attempts = message.attempts + 1
    gave_up = permanent or attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]
    _logger().warning(
        "Email %s to %s failed (attempt %s): %s", message.id, message.to_email, attempts, error
    )
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id)
        .values(
            attempts=attempts,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            status=OutboxStatus.FAILED if gave_up else OutboxStatus.PENDING,
            next_attempt_at=utcnow() + retry_delay(attempts),
        )
    )
    db.session.commit()
    return gave_up


def build_message(message: _Claimed) -> EmailMessage:
    """The outbox row as an email: a plain-text body and its attachments.

    A text/* attachment holds its text; any other type holds base64. A calendar without
    a `method` parameter gets the METHOD its content declares (mail clients want both).
    """
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    email["To"] = message.to_email
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(domain=_sender_domain())
    email.set_content(message.body_text)
    for attachment in message.attachments:
        content_type = Message()
        content_type["Content-Type"] = attachment["content_type"]
        maintype, subtype = content_type.get_content_maintype(), content_type.get_content_subtype()
        params = dict(content_type.get_params()[1:])
        if maintype == "text":
            text = attachment["content"]
            method = re.search(r"^METHOD:(\w+)", text, re.MULTILINE)
            if subtype == "calendar" and method and "method" not in params:
                params["method"] = method.group(1)
            email.add_attachment(
                text, subtype=subtype, filename=attachment["filename"], params=params
            )
        else:
            email.add_attachment(
                base64.b64decode(attachment["content"]),
                maintype=maintype,
                subtype=subtype,
                filename=attachment["filename"],
                params=params,
            )
    return email


def _sender_domain() -> str:
    address = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1]
    return address.rpartition("@")[2] or "pdportal.org"


def _logger() -> logging.Logger:
    """pdportal.mail, at INFO: in development this log is the mailbox."""
    logger = current_app.logger.getChild("mail")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.INFO)
    return logger


def _readable(email: EmailMessage) -> str:
    """The message as a developer reads it in the log: headers, plain body, attachment names."""
    lines = [f"{name}: {email[name]}" for name in ("From", "To", "Subject")]
    lines += [f"Attachment: {part.get_filename()}" for part in email.iter_attachments()]
    return "\n".join([*lines, "", email.get_body(("plain",)).get_content()])


class _Sender:
    """One SMTP connection for a run, opened on first use; without MAIL_SERVER, the log."""

    def __init__(self) -> None:
        self.config = current_app.config
        self.connection: smtplib.SMTP | None = None

    def __enter__(self) -> _Sender:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._close()

    def send(self, email: EmailMessage) -> None:
        if not self.config["MAIL_SERVER"]:
            _logger().info("Email (no MAIL_SERVER set, so not sent):\n%s", _readable(email))
            return
        if self.connection is None:
            try:
                self.connection = self._connect()
            except (smtplib.SMTPException, OSError) as error:
                raise ServerUnreachable(str(error)) from error
        try:
            self.connection.send_message(email)
        except (smtplib.SMTPServerDisconnected, OSError):
            self._close()  # reconnect for the next message
            raise

    def _connect(self) -> smtplib.SMTP:
        host, port = self.config["MAIL_SERVER"], self.config["MAIL_PORT"]
        if self.config["MAIL_USE_SSL"]:
            connection = smtplib.SMTP_SSL(
                host, port, timeout=SMTP_TIMEOUT_SECONDS, context=ssl.create_default_context()
            )
        else:
            connection = smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT_SECONDS)
        try:
            if self.config["MAIL_USE_TLS"] and not self.config["MAIL_USE_SSL"]:
                connection.starttls(context=ssl.create_default_context())
            if self.config["MAIL_USERNAME"]:
                connection.login(self.config["MAIL_USERNAME"], self.config["MAIL_PASSWORD"])
        except BaseException:
            connection.close()
            raise
        return connection

    def _close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.connection.quit()
            self.connection = None
