"""`flask sweep`: the periodic housekeeping steps, each owned by its area's service.

Each step takes the current time and returns a one-line summary; several sweep
workers may run at once, so every step claims its rows with FOR UPDATE SKIP LOCKED
(or an equivalent conditional update) and is safe to repeat.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from pdportal.orm import utcnow
from pdportal.services.certificates import evaluations
from pdportal.services.payments import events as payment_events
from pdportal.services.payments import refunds as payment_refunds
from pdportal.services.registration import approval as registration_approval
from pdportal.services.registration import sweep as registration_sweep
from pdportal.services.reports import impact

SweepStep = Callable[[datetime], str]


def steps() -> list[SweepStep]:
    """The steps, in order. Areas add theirs here."""
    return [
        payment_events.expire_unpaid_holds,  # before promotions: expired holds free seats
        payment_refunds.refund_owed,
        registration_approval.expire_approvals,  # before promotions too (not payment holds)
        registration_sweep.promote_waitlists,
        registration_sweep.send_reminders,
        evaluations.send_invitations,
        impact.send_follow_ups,
    ]


def run(now: datetime | None = None) -> list[str]:
    now = now or utcnow()
    return [step(now) for step in steps()]
