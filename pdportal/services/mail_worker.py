"""One run of the mail worker (`flask send-mail`, or `make run`'s scheduler): write the
emails queued as facts (the seat decision's), then deliver what is due.

It sits above the areas whose emails it writes, so the outbox itself (`services.mail`)
need not know them."""

from __future__ import annotations

from pdportal.services import mail, registration


def write_queued() -> int:
    """Write every email queued as facts; how many. (The development mailbox shows
    them written, as they will be sent.)"""
    return registration.write_seat_emails()


def run(limit: int = 100) -> mail.DeliveryReport:
    write_queued()
    return mail.deliver_pending(limit=limit)
