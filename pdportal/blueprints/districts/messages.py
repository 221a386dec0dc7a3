"""The words of the districts area."""

from __future__ import annotations

from flask_babel import gettext as _

from pdportal.services.districts import (
    AppointProblem,
    BadLine,
    GroupError,
    GroupRefusal,
    LineProblem,
)
from pdportal.services.registration import Answer


def bad_line(line: BadLine) -> str:
    if line.problem == LineProblem.TOO_MANY:
        return _("Register at most 50 people at once.")
    if line.problem == LineProblem.REPEATED:
        return _("Line %(number)d repeats an address given above.", number=line.number)
    if line.problem == LineProblem.NAME_TOO_LONG:
        return _("Line %(number)d: the name is too long.", number=line.number)
    return _(
        "Line %(number)d is not an email address (write: name@example.org, Full Name).",
        number=line.number,
    )


def group_refusal(error: GroupError) -> str:
    if error.reason == GroupRefusal.NAME_NEEDED:
        return _(
            "%(email)s has no account yet: add their name after the address "
            "(name@example.org, Full Name).",
            email=error.email,
        )
    if error.reason == GroupRefusal.PO_NUMBER_NEEDED:
        return _("This workshop has a fee: enter the purchase order number.")
    if error.reason == GroupRefusal.NO_PURCHASE_ORDERS:
        return _("This workshop does not take purchase orders; staff register and pay themselves.")
    return _("That workshop is not one of your network's.")


def appoint_problem(problem: AppointProblem) -> str:
    if problem == AppointProblem.NO_ACCOUNT:
        return _("No account has that address. Ask them to sign up first.")
    if problem == AppointProblem.NO_DISTRICT:
        return _("Choose a district from the directory or type its name.")
    return _("They already coordinate that district for this network.")


def approval_answer(answer: Answer) -> str:
    return {
        Answer.APPROVED: _("Thank you. The registration is approved."),
        Answer.DECLINED: _("Thank you. The registration is declined and the educator is told."),
        Answer.ALREADY_ANSWERED: _("This registration was already answered. Nothing changed."),
        Answer.EXPIRED: _("The time to answer has passed, so the seat was released."),
    }[answer]
