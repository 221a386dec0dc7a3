"""Email: the outbox every service writes to in its own transaction, and the worker that
delivers it (SMTP in production, the log in development)."""

from pdportal.services.mail.outbox import (
    FIRST_RETRY,
    LONGEST_RETRY,
    Attachment,
    DeliveryReport,
    deliver_pending,
    newest,
    queue_email,
    queue_email_facts,
    retry_delay,
    retry_failed,
    undelivered,
)

__all__ = [
    "Attachment",
    "DeliveryReport",
    "FIRST_RETRY",
    "LONGEST_RETRY",
    "deliver_pending",
    "newest",
    "queue_email",
    "queue_email_facts",
    "retry_delay",
    "retry_failed",
    "undelivered",
]
