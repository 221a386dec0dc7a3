"""The words for the accounts service's refusals (`AccountProblem`), for the auth views,
their forms and the `create-admin` command."""

from __future__ import annotations

from flask_babel import gettext

from pdportal.services import accounts
from pdportal.services.accounts import AccountError, AccountProblem


def account_problem_message(problem: AccountProblem, **values: object) -> str:
    """What to tell the person, in the current language."""
    match problem:
        case AccountProblem.PASSWORD_TOO_SHORT:
            return gettext("Use at least %(num)s characters.", num=accounts.PASSWORD_MIN_LENGTH)
        case AccountProblem.PASSWORD_TOO_LONG:
            return gettext("Use at most %(num)s characters.", num=accounts.PASSWORD_MAX_LENGTH)
        case AccountProblem.PASSWORD_REPETITIVE:
            return gettext(
                "That password repeats one or two characters; use something only you would type."
            )
        case AccountProblem.PASSWORD_IS_NAME_OR_EMAIL:
            return gettext("Your password must not be your email address or your name.")
        case AccountProblem.PASSWORD_COMMON:
            return gettext(
                "That password is on lists of common passwords that attackers try first. "
                "Choose something longer that only you would use, such as a few unrelated words."
            )
        case AccountProblem.LINK_EXPIRED:
            return gettext("This link has expired. Please ask for a new one.")
        case AccountProblem.LINK_INVALID:
            return gettext("This link is not valid. Please ask for a new one.")
        case AccountProblem.LINK_USED:
            return gettext("This link has already been used. Please ask for a new one.")
        case AccountProblem.WRONG_CURRENT_PASSWORD:
            return gettext("That is not your current password.")
        case AccountProblem.NOT_AN_EMAIL:
            return gettext(
                "%(email)s is not an email address: %(detail)s",
                email=repr(values.get("email", "")),
                detail=values.get("detail", ""),
            )
        case AccountProblem.NAME_MISSING:
            return gettext("Enter your name.")
        case AccountProblem.UNKNOWN_LANGUAGE:
            return gettext("Choose a language from the list.")
        case AccountProblem.EMAIL_ALREADY_YOURS:
            return gettext("%(email)s is already an address of your account.", **values)
        case AccountProblem.TOO_MANY_EMAILS:
            return gettext("Your account has as many addresses as it can. Remove one first.")
        case AccountProblem.EMAIL_TAKEN:
            return gettext(
                "%(email)s belongs to another pdportal account. If both accounts are yours, "
                "ask a site admin to merge them.",
                **values,
            )
        case AccountProblem.NOT_YOUR_EMAIL:
            return gettext("That address is not a confirmed address of your account.")
    raise AssertionError(problem)  # pragma: no cover - every problem has words


def account_error_message(error: AccountError) -> str:
    return account_problem_message(error.reason, **error.values)
