"""Forms of the auth area: sign-up, log-in, password reset, profile."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    Field,
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, ValidationError

from pdportal.models import EducatorType, GradeBand, RaceEthnicity, Subject
from pdportal.orm import LabelledEnum
from pdportal.services import accounts


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (`macros/forms.html` renders it as a fieldset)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _choices(enum: type[LabelledEnum]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in enum.choices()]


def _email_field(label: str = "Email address") -> EmailField:
    return EmailField(
        label,
        validators=[
            DataRequired("Enter your email address."),
            Email("Enter an email address like name@example.org."),
            Length(max=254),
        ],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )


def _new_password_field(label: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[InputRequired("Choose a password.")],
        render_kw={"autocomplete": "new-password"},
    )


def _check_new_password(field: Field, *, email: str, name: str) -> None:
    problem = accounts.password_problem(field.data or "", email=email or "", name=name or "")
    if problem:
        raise ValidationError(problem)


class SignupForm(FlaskForm):
    name = StringField(
        "Your name",
        validators=[DataRequired("Enter your name."), Length(max=200)],
        render_kw={"autocomplete": "name"},
    )
    email = _email_field()
    password = _new_password_field("Password")
    submit = SubmitField("Create account")

    def validate_password(self, field: Field) -> None:
        _check_new_password(field, email=self.email.data, name=self.name.data)


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(
        "Password",
        validators=[InputRequired("Enter your password.")],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField("Keep me logged in on this device")
    next = HiddenField()
    submit = SubmitField("Log in")


class ResetRequestForm(FlaskForm):
    email = _email_field()
    submit = SubmitField("Email me a reset link")


class _AccountPasswordForm(FlaskForm):
    """A new password for a known account (its email and name are set by the view)."""

    account_email = ""
    account_name = ""

    def validate_password(self, field: Field) -> None:
        _check_new_password(field, email=self.account_email, name=self.account_name)


class ResetPasswordForm(_AccountPasswordForm):
    password = _new_password_field("New password")
    submit = SubmitField("Set new password")


class ChangePasswordForm(_AccountPasswordForm):
    current_password = PasswordField(
        "Current password",
        validators=[InputRequired("Enter your current password.")],
        render_kw={"autocomplete": "current-password"},
    )
    password = _new_password_field("New password")
    submit = SubmitField("Change password")


class ProfileForm(FlaskForm):
    name = StringField(
        "Your name",
        validators=[DataRequired("Enter your name."), Length(max=200)],
        render_kw={"autocomplete": "name"},
    )
    educator_type = SelectField(
        "What best describes your role?",
        choices=[SelectChoice("", "Choose one"), *_choices(EducatorType)],
    )
    school = StringField(
        "School or organization",
        validators=[Length(max=200)],
        render_kw={"autocomplete": "organization"},
    )
    district = StringField("School district", validators=[Length(max=200)])
    grade_bands = MultiCheckboxField(
        "Grade bands you teach or support", choices=_choices(GradeBand)
    )
    subjects = MultiCheckboxField("Subjects", choices=_choices(Subject))
    licence_number = StringField(
        "Teaching license or certificate number (optional)", validators=[Length(max=80)]
    )
    preferred_language = SelectField(
        "Preferred language",
        choices=[SelectChoice(code, label, {"lang": code}) for code, label in accounts.LANGUAGES],
    )
    race_ethnicity = MultiCheckboxField(
        "Race and ethnicity (choose all that apply)", choices=_choices(RaceEthnicity)
    )
    race_ethnicity_self_described = StringField(
        "In your own words (optional)", validators=[Length(max=200)]
    )
    gender = StringField("Gender (optional)", validators=[Length(max=80)])
    submit = SubmitField("Save profile")

    def details(self) -> accounts.ProfileDetails:
        return accounts.ProfileDetails(
            name=self.name.data or "",
            educator_type=EducatorType(self.educator_type.data)
            if self.educator_type.data
            else None,
            school=self.school.data or "",
            district=self.district.data or "",
            grade_bands=tuple(self.grade_bands.data or ()),
            subjects=tuple(self.subjects.data or ()),
            licence_number=self.licence_number.data or "",
            preferred_language=self.preferred_language.data,
            race_ethnicity=tuple(self.race_ethnicity.data or ()),
            race_ethnicity_self_described=self.race_ethnicity_self_described.data or "",
            gender=self.gender.data or "",
        )
