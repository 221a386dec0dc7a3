"""Forms of the account area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, InputRequired, Length

from pdportal.forms import PortalForm


def _code_field(label: str, *, app_only: bool) -> StringField:
    render_kw = {"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "none"}
    if app_only:
        render_kw["inputmode"] = "numeric"
    return StringField(
        label,
        validators=[DataRequired(_l("Enter the code.")), Length(max=40)],
        render_kw=render_kw,
    )


class SignInCodeForm(PortalForm):
    """The second step of a log-in: a code from the app, or a recovery code."""

    code = _code_field(_l("Code"), app_only=False)
    submit = SubmitField(_l("Continue"))


class AppCodeForm(PortalForm):
    """A code from the authenticator app, to prove it before a change."""

    code = _code_field(_l("6-digit code from your app"), app_only=True)
    submit = SubmitField(_l("Confirm"))


class AddEmailForm(PortalForm):
    email = EmailField(
        _l("New email address"),
        validators=[
            DataRequired(_l("Enter the new email address.")),
            Email(_l("Enter an email address like name@example.org.")),
            Length(max=254),
        ],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )
    make_primary = BooleanField(_l("Send my pdportal email there from now on"), default=True)
    current_password = PasswordField(
        _l("Your current password"),
        validators=[InputRequired(_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Send a confirmation link"))


class CloseAccountForm(PortalForm):
    understood = BooleanField(
        _l("I understand that this cannot be undone."),
        validators=[DataRequired(_l("Tick the box to show that you understand."))],
    )
    current_password = PasswordField(
        _l("Your current password"),
        validators=[InputRequired(_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Close my account"))
