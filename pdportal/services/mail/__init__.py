"""Email: the outbox every service writes to in its own transaction, and the worker that
delivers it (SMTP in production, the log in development)."""

from pdportal.services.mail.outbox import (
    FIRST_RETRY,
    LONGEST_RETRY,
    Attachment,
    deliver_pending,
    queue_email,
    retry_delay,
)

__all__ = [
    "Attachment",
    "FIRST_RETRY",
    "LONGEST_RETRY",
    "deliver_pending",
    "queue_email",
    "retry_delay",
]
