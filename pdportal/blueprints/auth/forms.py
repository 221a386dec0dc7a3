"""Forms of the auth area: sign-up, log-in, password reset, profile."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    Field,
    HiddenField,
    PasswordField,
    RadioField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, ValidationError

from pdportal.blueprints.auth.messages import account_problem_message
from pdportal.forms import PortalForm
from pdportal.i18n import LANGUAGES as INTERFACE_LANGUAGES
from pdportal.models import EducatorType, GradeBand, RaceEthnicity, School, Subject
from pdportal.orm import LabelledEnum
from pdportal.routing import safe_next
from pdportal.services import accounts, directory


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (`macros/forms.html` renders it as a fieldset)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _choices(enum: type[LabelledEnum]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in enum.choices()]


def _email_field(label: str = _l("Email address")) -> EmailField:
    return EmailField(
        label,
        validators=[
            DataRequired(_l("Enter your email address.")),
            Email(_l("Enter an email address like name@example.org.")),
            Length(max=254),
        ],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )


def _new_password_field(label: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[InputRequired(_l("Choose a password."))],
        render_kw={"autocomplete": "new-password"},
    )


def _next_field() -> HiddenField:
    """The page to go back to afterwards. Only a path on this site is kept (no open
    redirect); anything else is dropped here, before the form's checks, so it cannot stop
    the form either."""
    return HiddenField(filters=[lambda target: safe_next(target) or ""])


def _check_new_password(field: Field, *, email: str, name: str) -> None:
    problem = accounts.password_problem(field.data or "", email=email or "", name=name or "")
    if problem:
        raise ValidationError(account_problem_message(problem))


class SignupForm(PortalForm):
    name = StringField(
        _l("Your name"),
        validators=[DataRequired(_l("Enter your name.")), Length(max=200)],
        render_kw={"autocomplete": "name"},
    )
    email = _email_field()
    password = _new_password_field(_l("Password"))
    next = _next_field()
    submit = SubmitField(_l("Create account"))

    def validate_password(self, field: Field) -> None:
        _check_new_password(field, email=self.email.data, name=self.name.data)


class LoginForm(PortalForm):
    email = _email_field()
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(_l("Enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me logged in on this device"))
    next = _next_field()
    submit = SubmitField(_l("Log in"))


class ResetRequestForm(PortalForm):
    email = _email_field()
    next = _next_field()
    submit = SubmitField(_l("Email me a reset link"))


class _AccountPasswordForm(PortalForm):
    """A new password for a known account (its email and name are set by the view)."""

    account_email = ""
    account_name = ""

    def validate_password(self, field: Field) -> None:
        _check_new_password(field, email=self.account_email, name=self.account_name)


class ResetPasswordForm(_AccountPasswordForm):
    password = _new_password_field(_l("New password"))
    submit = SubmitField(_l("Set new password"))


class ChangePasswordForm(_AccountPasswordForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[InputRequired(_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    password = _new_password_field(_l("New password"))
    submit = SubmitField(_l("Change password"))


def school_label(school: School) -> str:
    """A listed school as people recognise it: name, district and city."""
    where = f", {school.city}" if school.city else ""
    return f"{school.name} ({school.district.name}{where})"


class SchoolSearchForm(PortalForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    school_search = SearchField(
        _l("Find your school"), validators=[Length(max=directory.QUERY_MAX_LENGTH)]
    )


def language_choices() -> dict[str, list[SelectChoice]]:
    """The preferred-language select: the languages this site speaks first, then the
    others a person may prefer (for what we can offer in them), each named in itself."""
    others = [(code, name) for code, name in accounts.LANGUAGES if code not in INTERFACE_LANGUAGES]
    return {
        gettext("Languages of this site"): [
            SelectChoice(code, name, {"lang": code}) for code, name in INTERFACE_LANGUAGES.items()
        ],
        gettext("Other languages"): [
            SelectChoice(code, name, {"lang": code}) for code, name in others
        ],
    }


class ProfileForm(PortalForm):
    name = StringField(
        _l("Your name"),
        validators=[DataRequired(_l("Enter your name.")), Length(max=200)],
        render_kw={"autocomplete": "name"},
    )
    educator_type = SelectField(
        _l("What best describes your role?"),
        choices=[SelectChoice("", _l("Choose one")), *_choices(EducatorType)],
    )
    school_choice = RadioField(_l("Your school"), validate_choice=False)
    school = StringField(
        _l("School or organization, if it is not listed"),
        validators=[Length(max=200)],
        render_kw={"autocomplete": "organization"},
    )
    district = StringField(_l("School district, if not listed"), validators=[Length(max=200)])
    grade_bands = MultiCheckboxField(
        _l("Grade bands you teach or support"), choices=_choices(GradeBand)
    )
    subjects = MultiCheckboxField(_l("Subjects"), choices=_choices(Subject))
    licence_number = StringField(
        _l("Teaching license or certificate number (optional)"), validators=[Length(max=80)]
    )
    preferred_language = SelectField(_l("Preferred language"))
    race_ethnicity = MultiCheckboxField(
        _l("Race and ethnicity (choose all that apply)"), choices=_choices(RaceEthnicity)
    )
    race_ethnicity_self_described = StringField(
        _l("In your own words (optional)"), validators=[Length(max=200)]
    )
    gender = StringField(_l("Gender (optional)"), validators=[Length(max=80)])
    home_language = StringField(
        _l("Language spoken at home (optional)"), validators=[Length(max=80)]
    )
    submit = SubmitField(_l("Save profile"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.preferred_language.choices = language_choices()

    def offer_schools(self, schools: list[School]) -> None:
        """The schools to choose from (the current one and those found), and "not listed"."""
        choices = [SelectChoice(str(s.id), school_label(s)) for s in dict.fromkeys(schools)]
        not_listed = SelectChoice("", _l("My school is not listed: I will type it below"))
        self.school_choice.choices = [*choices, not_listed]

    def chosen_school(self) -> School | None:
        chosen = self.school_choice.data or ""
        is_id = chosen.isdigit() and len(chosen) < 18  # beyond any id (and a database's int)
        return directory.get(int(chosen)) if is_id else None

    def validate_school_choice(self, field: Field) -> None:
        if field.data and self.chosen_school() is None:
            raise ValidationError(_l("That school is not in the directory. Search again."))

    def details(self) -> accounts.ProfileDetails:
        return accounts.ProfileDetails(
            name=self.name.data or "",
            educator_type=EducatorType(self.educator_type.data)
            if self.educator_type.data
            else None,
            school_id=int(self.school_choice.data) if self.school_choice.data else None,
            school=self.school.data or "",
            district=self.district.data or "",
            grade_bands=tuple(self.grade_bands.data or ()),
            subjects=tuple(self.subjects.data or ()),
            licence_number=self.licence_number.data or "",
            preferred_language=self.preferred_language.data,
            race_ethnicity=tuple(self.race_ethnicity.data or ()),
            race_ethnicity_self_described=self.race_ethnicity_self_described.data or "",
            gender=self.gender.data or "",
            home_language=self.home_language.data or "",
        )
