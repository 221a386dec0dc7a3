"""Routes of the auth area: sign-up, verification, log-in/out, password reset, profile."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, login_required, logout_user

from pdportal.blueprints.auth import bp, devices, signin
from pdportal.blueprints.auth.forms import (
    ChangePasswordForm,
    LoginForm,
    ProfileForm,
    ResetPasswordForm,
    ResetRequestForm,
    SchoolSearchForm,
    SignupForm,
)
from pdportal.blueprints.auth.messages import account_error_message
from pdportal.extensions import limiter
from pdportal.i18n import current_language
from pdportal.routing import safe_next
from pdportal.services import accounts, directory

# The address this browser signed up with a moment ago (see `_after_verification`).
SIGNUP_EMAIL = "signup_email"


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _login_account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _login_account_address_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_ADDRESS_RATE_LIMIT"]


def _reset_limit() -> str:
    return current_app.config["RESET_RATE_LIMIT"]


def _signup_limit() -> str:
    return current_app.config["SIGNUP_RATE_LIMIT"]


def _signup_account_limit() -> str:
    return current_app.config["SIGNUP_ACCOUNT_RATE_LIMIT"]


def _submitted_email_key() -> str:
    """Rate-limit key for attempts on one account, from whichever address they come."""
    return "account:" + accounts.normalise_email(request.form.get("email", ""))


def _requested_next() -> str:
    """The page to come back to, from the query string: a path on this site, or ""."""
    return safe_next(request.args.get("next")) or ""


def _invalid_link(error: accounts.AccountError, retry_endpoint: str) -> tuple[str, int]:
    page = render_template(
        "auth/invalid_link.html",
        message=account_error_message(error),
        retry_endpoint=retry_endpoint,
    )
    return page, 400


# --- sign-up and verification ------------------------------------------------------------


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(_signup_limit, methods=["POST"])
@limiter.limit(_signup_account_limit, key_func=_submitted_email_key, methods=["POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(_requested_next() or signin.home_for(current_user))
    form = SignupForm()
    if request.method == "GET":
        form.next.data = _requested_next()
    if form.validate_on_submit():
        try:
            accounts.sign_up(
                form.name.data,
                form.email.data,
                form.password.data,
                language=current_language(),
                next_path=form.next.data,
            )
        except accounts.AccountError as error:
            form.password.errors.append(account_error_message(error))
        else:
            # Kept whether or not the address was new: the answer must not tell.
            session[SIGNUP_EMAIL] = accounts.normalise_email(form.email.data)
            return redirect(url_for("auth.check_email", next=form.next.data or None))
    return render_template("auth/signup.html", form=form)


@bp.get("/signup/check-email")
def check_email():
    return render_template(
        "auth/check_email.html",
        next_path=_requested_next(),
        dev_mailbox="dev_mail.mailbox" in current_app.view_functions,
    )


@bp.route("/verify/<token>", methods=["GET", "POST"])
def verify_email(token: str):
    """GET shows a button; the POST verifies (a link scanner's GET changes nothing)."""
    try:
        if request.method == "POST":
            return _after_verification(accounts.verify_email(token))
        link = accounts.verification_link(token)
    except accounts.AccountError as error:
        return _invalid_link(error, "auth.profile")
    return render_template("auth/verify.html", user=link.user)


def _after_verification(link: accounts.SignedLink):
    """Back to the page the educator signed up from (signed inside the link).

    The browser that signed up with this address a moment ago is logged in, the first
    time the link is used only: it chose the password, and the link proves the inbox.
    The link alone logs nobody in (it may be opened on another device, or forwarded).
    """
    user, next_path = link.user, safe_next(link.next_path) or ""
    signed_up_here = session.get(SIGNUP_EMAIL) == user.email
    if link.first_use and signed_up_here and not current_user.is_authenticated:
        session.pop(SIGNUP_EMAIL)
        signin.sign_in(user, remember=False)
        flash(
            gettext("Thank you: %(email)s is verified, and you are logged in.", email=user.email),
            "success",
        )
        return redirect(next_path or signin.home_for(user))
    flash(gettext("Thank you: %(email)s is verified.", email=user.email), "success")
    if current_user.is_authenticated:
        return redirect(next_path or url_for("auth.profile"))
    return redirect(url_for("auth.login", next=next_path or None))


@bp.post("/resend-verification")
@login_required
@limiter.limit(_reset_limit)
def resend_verification():
    if accounts.resend_verification(current_user):
        flash(
            gettext("We sent a new confirmation link to %(email)s.", email=current_user.email),
            "success",
        )
    else:
        flash(gettext("Your email address is already verified."), "info")
    return redirect(url_for("auth.profile"))


# --- log-in and log-out ------------------------------------------------------------------


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(
    _login_account_address_limit,
    key_func=devices.account_and_address_key,
    methods=["POST"],
    deduct_when=devices.failed,
)
@limiter.limit(
    _login_account_limit,
    key_func=devices.account_key,
    methods=["POST"],
    exempt_when=devices.is_known_device,
    deduct_when=devices.failed,
)
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = _requested_next()
        if current_user.is_authenticated:
            return redirect(form.next.data or signin.home_for(current_user))
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is not None:
            second_step = signin.after_password(
                user, remember=form.remember.data, next_path=form.next.data
            )
            if second_step is not None:  # the code page; the password was right here
                return devices.remember_device(second_step, user.email)
            if not user.is_email_verified:
                flash(
                    gettext(
                        "Please confirm your email address with the link we sent you. "
                        "You can ask for a new link on your profile page."
                    ),
                    "warning",
                )
            response = redirect(safe_next(form.next.data) or signin.home_for(user))
            return devices.remember_device(response, user.email)
        form.form_errors.append(gettext("Invalid email or password."))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        accounts.end_current_session(current_user)  # copies of its cookies die with it
    logout_user()
    flash(gettext("You have logged out."), "info")
    return redirect(url_for("catalog.index"))


# --- password reset ----------------------------------------------------------------------


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def reset_request():
    form = ResetRequestForm()
    if request.method == "GET":
        form.next.data = _requested_next()
    if form.validate_on_submit():
        accounts.request_password_reset(form.email.data, next_path=form.next.data)
        return redirect(url_for("auth.reset_sent"))
    return render_template("auth/reset_request.html", form=form)


@bp.get("/reset/sent")
def reset_sent():
    return render_template("auth/reset_sent.html")


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        link = accounts.reset_link(token)
    except accounts.AccountError as error:
        return _invalid_link(error, "auth.reset_request")
    user = link.user
    form = ResetPasswordForm()
    form.account_email, form.account_name = user.email, user.name
    if form.validate_on_submit():
        try:
            accounts.reset_password(token, form.password.data)
        except accounts.AccountError as error:
            form.password.errors.append(account_error_message(error))
        else:
            logout_user()
            flash(
                gettext("Your password has been changed. Log in with your new password."),
                "success",
            )
            # The owner proved it by email: this browser is exempt from the account-wide
            # limit from now on, so a reset lifts a lock-out that others caused.
            login_page = url_for("auth.login", next=safe_next(link.next_path))
            return devices.remember_device(redirect(login_page), user.email)
    return render_template("auth/reset_password.html", form=form)


# --- profile -----------------------------------------------------------------------------


def _profile_page(profile_form: ProfileForm, password_form: ChangePasswordForm) -> str:
    """The profile page; a school search (a GET form, no JavaScript) offers what it found."""
    search_form = SchoolSearchForm(request.args)
    found = []
    if search_form.school_search.data and search_form.validate():
        found = directory.search(search_form.school_search.data)
    chosen = profile_form.chosen_school()
    profile_form.offer_schools([s for s in (chosen, current_user.listed_school) if s] + found)
    return render_template(
        "auth/profile.html",
        form=profile_form,
        password_form=password_form,
        search_form=search_form,
        found=found,
        user=current_user,
    )


def _password_form() -> ChangePasswordForm:
    form = ChangePasswordForm(prefix="pw")
    form.account_email, form.account_name = current_user.email, current_user.name
    return form


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if not form.is_submitted():
        form.school_choice.data = str(current_user.school_id or "")
        if current_user.school_id:  # typed only when not listed
            form.school.data = form.district.data = ""
    if form.validate_on_submit():
        try:
            accounts.update_profile(current_user, form.details())
        except accounts.AccountError as error:
            form[error.field or "name"].errors.append(account_error_message(error))
        else:
            flash(gettext("Your profile has been saved."), "success")
            return redirect(url_for("auth.profile"))
    return _profile_page(form, _password_form())


@bp.post("/profile/password")
@login_required
def change_password():
    form = _password_form()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current_password.data, form.password.data)
        except accounts.AccountError as error:
            form[error.field or "password"].errors.append(account_error_message(error))
        else:
            flash(
                gettext("Your password has been changed. Other devices have been logged out."),
                "success",
            )
            return redirect(url_for("auth.profile"))
    profile_form = ProfileForm(formdata=None, obj=current_user)
    profile_form.school_choice.data = str(current_user.school_id or "")
    return _profile_page(profile_form, form)
