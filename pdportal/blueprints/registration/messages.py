"""The words of registration's outcomes, in the reader's language: flash messages, the
reason registration is closed, what happens to a fee, and the portal's own cancel reasons.

The same functions serve the pages, the flashes and (as Jinja globals, see `__init__`) the
emails, so a fee or a refusal reads the same wherever it is told.
"""

from __future__ import annotations

from flask_babel import format_number, ngettext
from flask_babel import gettext as _

from pdportal.i18n import format_amount, format_local
from pdportal.services.payments.fees import FeeKind, FeeOutcome
from pdportal.services.registration import (
    AnswerProblem,
    CapacityChange,
    Outcome,
    QuestionProblem,
    Refusal,
    RegistrationError,
    RegistrationResult,
    SeatStatus,
    SystemReason,
)
from pdportal.services.registration.waitlist import HOLD_MINUTES

Flash = tuple[str, str]  # (message, category)


# --- refusals --------------------------------------------------------------------------


def refusal(error: RegistrationError) -> str:
    """Why a registration step was refused, and what to do next."""
    reason = error.reason
    if reason == Refusal.NOT_OPEN_YET:
        return _(
            "Registration is not open yet. It opens %(opens)s.",
            opens=format_local(error.opens_at, error.time_zone),
        )
    if reason == Refusal.NO_ACCOUNT:
        return _(
            "No account uses %(email)s. Ask the educator to sign up first, then add them.",
            email=error.email,
        )
    if reason == Refusal.WALK_IN_ALREADY_REGISTERED:
        return _("%(name)s is already registered or on the waitlist.", name=error.name)
    return {
        Refusal.WORKSHOP_GONE: _("That workshop no longer exists."),
        Refusal.WORKSHOP_CANCELLED: _(
            "This workshop has been cancelled, so registration is closed."
        ),
        Refusal.WORKSHOP_OVER: _("This workshop is over, so registration is closed."),
        Refusal.NOT_PUBLISHED: _("This workshop is not open for registration."),
        Refusal.REGISTRATION_CLOSED: _("Registration for this workshop has closed."),
        Refusal.ALREADY_REGISTERED: _(
            "You are already registered for this workshop (or on its waitlist)."
        ),
        Refusal.HAS_FEE: _("This workshop has a fee; please choose how you will pay."),
        Refusal.REGISTRATION_GONE: _("That registration no longer exists."),
        Refusal.ALREADY_STARTED: _(
            "This workshop has already started; please contact the organizers to cancel."
        ),
        Refusal.WORKSHOP_NOT_RUNNING: _("This workshop is cancelled or completed."),
        Refusal.FULL_FOR_WALK_IN: _(
            "The workshop is full. Raise the capacity first, then add them."
        ),
        Refusal.NOT_ON_WAITLIST: _("That educator is not on the waitlist any more."),
        Refusal.NO_FREE_SEAT: _("There is no free seat. Raise the capacity first."),
        Refusal.CAPACITY_BELOW_ONE: _("Capacity must be at least 1."),
        Refusal.NOBODY_TO_MESSAGE: _("Nobody in that group to write to yet; nothing was sent."),
    }[reason]


def closed_reason(status: SeatStatus) -> str:
    """Why nobody may register now ("" if they may): the workshop and pay pages."""
    if status.closed is None:
        return ""
    return refusal(
        RegistrationError(status.closed, opens_at=status.opens_at, time_zone=status.time_zone)
    )


# --- the educator's own registration ---------------------------------------------------


def registered(result: RegistrationResult, title: str) -> Flash:
    """What registering did, for the educator who registered."""
    if result.outcome == Outcome.CONFIRMED:
        return (
            _(
                "You're registered for %(title)s. A confirmation email is on its way.",
                title=title,
            ),
            "success",
        )
    if result.outcome == Outcome.HELD:
        return (
            _(
                "We're holding a seat for you for %(minutes)s minutes while you pay.",
                minutes=HOLD_MINUTES,
            ),
            "info",
        )
    if result.outcome == Outcome.WAITLISTED:
        return (
            _(
                "This workshop is full, so you're on the waitlist at position %(position)s."
                " We'll email you if a seat opens.",
                position=result.position,
            ),
            "info",
        )
    return _("Sorry, this workshop is full and does not keep a waitlist."), "warning"


def cancelled(result: RegistrationResult, fee: FeeOutcome | None = None) -> Flash:
    """What cancelling their own registration did, with what happens to the fee."""
    if result.outcome == Outcome.ALREADY_CANCELLED:
        return _("That registration was already cancelled."), "info"
    if result.outcome == Outcome.LEFT_WAITLIST:
        message = _("You have left the waitlist.")
    else:
        message = _("Your registration is cancelled. A confirmation email is on its way.")
    return _with_fee(message, fee)


def _with_fee(message: str, fee: FeeOutcome | None) -> Flash:
    told = fee_sentence(fee)
    category = "warning" if fee is not None and fee.is_warning else "success"
    return (f"{message} {told}" if told else message), category


# --- organisers ------------------------------------------------------------------------


def cancelled_by_organiser(result: RegistrationResult, fee: FeeOutcome | None = None) -> Flash:
    if result.outcome == Outcome.ALREADY_CANCELLED:
        return _("That registration was already cancelled."), "info"
    name = result.registration.user.name
    return _with_fee(_("Cancelled %(name)s's registration; they have been told.", name=name), fee)


def walk_in_added(result: RegistrationResult) -> Flash:
    name = result.registration.user.name
    return _("%(name)s is registered and has been emailed.", name=name), "success"


def moved_into_seat(result: RegistrationResult) -> Flash:
    name = result.registration.user.name
    if result.outcome == Outcome.HELD:
        return _("%(name)s holds a seat until they pay and has been emailed.", name=name), "success"
    return _("%(name)s has a seat and has been emailed.", name=name), "success"


def capacity_changed(change: CapacityChange) -> Flash:
    """The new capacity, who of the waitlist got the new seats, and that nobody was
    cancelled when there are now more seats taken than the capacity."""
    sentences = [_("Capacity is now %(capacity)s.", capacity=change.capacity)]
    if change.seated:
        sentences.append(
            ngettext(
                "From the waitlist: gave a seat to %(num)s educator; they have been emailed.",
                "From the waitlist: gave seats to %(num)s educators; they have been emailed.",
                change.seated,
            )
        )
    if change.held:
        held = (
            ngettext(
                "Also held a seat for %(num)s educator for %(minutes)s minutes while they pay;"
                " they have been emailed.",
                "Also held seats for %(num)s educators for %(minutes)s minutes while they pay;"
                " they have been emailed.",
                change.held,
                minutes=HOLD_MINUTES,
            )
            if change.seated
            else ngettext(
                "From the waitlist: held a seat for %(num)s educator for %(minutes)s minutes"
                " while they pay; they have been emailed.",
                "From the waitlist: held seats for %(num)s educators for %(minutes)s minutes"
                " while they pay; they have been emailed.",
                change.held,
                minutes=HOLD_MINUTES,
            )
        )
        sentences.append(held)
    if change.over_capacity:
        sentences.append(
            ngettext(
                "%(num)s seat already taken; nobody was cancelled.",
                "%(num)s seats already taken; nobody was cancelled.",
                change.taken,
            )
        )
    return " ".join(sentences), "success"


def message_sent(recipients: int) -> Flash:
    return (
        ngettext(
            "Message sent to %(num)s educator.", "Message sent to %(num)s educators.", recipients
        ),
        "success",
    )


def cancel_reason_text(reason: str | None) -> str:
    """A stored cancel reason as the reader reads it: the portal's own in their language,
    an organiser's as they wrote it."""
    if not reason:
        return ""
    try:
        system = SystemReason(reason)
    except ValueError:
        return reason
    return {
        SystemReason.BY_EDUCATOR: _("Cancelled by the educator."),
        SystemReason.LATE_PAYMENT: _("Payment arrived after the seat hold expired."),
        SystemReason.HOLD_EXPIRED: _(
            "The payment was not completed in time, so the seat was released."
        ),
        SystemReason.RELEASED: _("You released the seat without paying."),
        SystemReason.WORKSHOP_CANCELLED: _("The workshop was cancelled."),
        SystemReason.BY_COORDINATOR: _("Cancelled by the district coordinator."),
        SystemReason.APPROVAL_DECLINED: _("Your supervisor declined the registration."),
        SystemReason.APPROVAL_EXPIRED: _(
            "Your supervisor did not answer in time, so the seat was released."
        ),
    }[system]


# --- what happens to a fee -------------------------------------------------------------


def fee_sentence(fee: FeeOutcome | None) -> str:
    """What happens to the fee, in one or two sentences ("" when there is nothing to say).
    The confirm pages, the flashes and the emails all say it with this function."""
    if fee is None:
        return ""
    amount = format_amount(fee.amount_cents)
    deadline = format_local(fee.deadline_at, fee.time_zone)
    po = fee.po_number
    kind = fee.kind
    if kind == FeeKind.CARD_REFUND:
        return _("You will be refunded %(amount)s to your card.", amount=amount)
    if kind == FeeKind.CARD_REFUND_STARTED:
        return _("%(amount)s will be refunded to the card.", amount=amount)
    if kind == FeeKind.CARD_REFUND_DELAYED:
        return _(
            "We could not start your refund just now. We will try again automatically and"
            " email you when it goes through; you do not need to do anything."
        )
    if kind == FeeKind.CARD_REFUND_PAUSED:
        return card_refunds_paused()
    if kind == FeeKind.NO_CARD_REFUND:
        return _("No refund applies after %(deadline)s.", deadline=deadline)
    if kind == FeeKind.NO_LONGER_DUE:
        if fee.is_purchase_order:
            return _(
                "The %(amount)s on purchase order %(po)s will not be due any more, so nobody"
                " needs to pay it.",
                amount=amount,
                po=po,
            )
        return _(
            "The %(amount)s fee will not be due any more, so nobody needs to pay it.",
            amount=amount,
        )
    if kind == FeeKind.STILL_DUE:
        if fee.is_purchase_order:
            return _(
                "Cancelling after %(deadline)s: the %(amount)s on purchase order %(po)s is"
                " still due.",
                deadline=deadline,
                amount=amount,
                po=po,
            )
        return _(
            "Cancelling after %(deadline)s: the %(amount)s fee is still due.",
            deadline=deadline,
            amount=amount,
        )
    if kind == FeeKind.OFFICE_WILL_REFUND:
        if fee.is_purchase_order:
            return _(
                "The %(amount)s on purchase order %(po)s was paid and will be refunded by the"
                " network office.",
                amount=amount,
                po=po,
            )
        return _(
            "The %(amount)s fee was paid and will be refunded by the network office.",
            amount=amount,
        )
    if kind == FeeKind.KEPT:
        if fee.is_purchase_order:
            return _(
                "No refund applies after %(deadline)s: the %(amount)s on purchase order"
                " %(po)s was paid and is not refunded.",
                deadline=deadline,
                amount=amount,
                po=po,
            )
        return _(
            "No refund applies after %(deadline)s: the %(amount)s fee was paid and is not"
            " refunded.",
            deadline=deadline,
            amount=amount,
        )
    return {
        FeeKind.REFUNDED: _("The fee was refunded."),
        FeeKind.PAID_OFFICE_REFUNDS: _("The fee was paid; the network office will refund it."),
        FeeKind.PAID_KEPT: _(
            "The fee was paid and is not refunded: the seat was given up after the deadline."
        ),
        FeeKind.DUE_LATE: _(
            "The fee of %(amount)s is still due: the seat was given up after the deadline.",
            amount=amount,
        ),
        FeeKind.NOTHING_DUE: _("Nothing is due."),
    }[kind]


def card_refunds_paused() -> str:
    """The one rule while card payments are off (no Stripe keys), told to the educator
    about their own payment: the refund waits and goes through by itself."""
    return _(
        "Card refunds are paused right now: your card payment will be refunded in full"
        " automatically as soon as card payments are back on, and you will be emailed"
        " then. You do not need to do anything."
    )


def approval_requested(title: str) -> str:
    return _(
        "A seat at %(title)s is held for you. We asked your supervisor to approve it; "
        "you will get an email when they answer.",
        title=title,
    )


def answer_problem(problem: AnswerProblem, limit: int) -> str:
    if problem == AnswerProblem.REQUIRED:
        return _("Please answer this question.")
    if problem == AnswerProblem.NOT_A_CHOICE:
        return _("Choose from the options listed.")
    return _("Keep this to %(limit)s characters or fewer.", limit=format_number(limit))


def question_problem(problem: QuestionProblem) -> str:
    return {
        QuestionProblem.LABEL_MISSING: _("Write the question."),
        QuestionProblem.LABEL_TOO_LONG: _("Keep the question to 300 characters or fewer."),
        QuestionProblem.CHOICES_NEEDED: _("Give at least two choices, one a line."),
        QuestionProblem.TOO_MANY_CHOICES: _("Give at most 20 choices."),
        QuestionProblem.CHOICE_TOO_LONG: _("Keep each choice to 100 characters or fewer."),
        QuestionProblem.ANSWERED: _(
            "Educators have answered this question, so it can only be hidden."
        ),
    }[problem]


def answer_text(value: object) -> str:
    """An answer as the roster shows it: yes/no in the reader's language, choices joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)
