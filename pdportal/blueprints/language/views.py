"""Choosing the interface language: remembered in a cookie for everyone, and saved as the
preference of a signed-in user (whose preference wins over the cookie).

A signed-in user's choice changes their account, so it needs the form's CSRF token. An
anonymous visitor's choice only sets their own language cookie, and they often read a
shared cached page (the catalog), whose token was made for another visitor's session:
their form carries none and needs none (a forged post could only pick a language).
"""

from __future__ import annotations

from flask import redirect, request
from flask_login import current_user

from pdportal.blueprints.language import bp
from pdportal.blueprints.language.forms import LanguageForm
from pdportal.extensions import csrf
from pdportal.i18n import LANGUAGE_COOKIE, LANGUAGE_COOKIE_MAX_AGE
from pdportal.routing import safe_next
from pdportal.services import accounts


@bp.post("/language")
@csrf.exempt  # checked by the form, for signed-in users (see above)
def choose():
    form = LanguageForm() if current_user.is_authenticated else LanguageForm(meta={"csrf": False})
    target = safe_next(form.next.data) or "/"
    if not form.validate_on_submit():
        return redirect(target)
    language = form.language.data
    if current_user.is_authenticated:
        accounts.set_preferred_language(current_user, language)
    response = redirect(target)
    response.set_cookie(
        LANGUAGE_COOKIE,
        language,
        max_age=LANGUAGE_COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure,
    )
    return response
