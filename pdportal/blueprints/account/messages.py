"""The words for the account area's outcomes."""

from __future__ import annotations

from flask_babel import gettext

from pdportal.services.accounts.two_step import TwoStepProblem


def two_step_problem_message(problem: TwoStepProblem) -> str:
    match problem:
        case TwoStepProblem.WRONG_CODE:
            return gettext(
                "That code is not right. Codes change every 30 seconds: type the one your "
                "app shows now, and check that your phone's clock is set automatically."
            )
        case TwoStepProblem.ALREADY_ON:
            return gettext("Two-step sign-in is already on.")
        case TwoStepProblem.NOT_SET_UP:
            return gettext("Two-step sign-in is not set up yet.")
