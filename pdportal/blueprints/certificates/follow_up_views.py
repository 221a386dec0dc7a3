"""The impact follow-up's answer page, reached from the emailed signed link (no sign-in
needed: the link names the person and the workshop)."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _

from pdportal.blueprints.certificates import bp, messages
from pdportal.blueprints.certificates.forms import FollowUpForm
from pdportal.models import ImpactAnswer
from pdportal.services.reports import impact
from pdportal.services.reports.impact import FollowUpError, FollowUpRefusal

MAX_TOKEN = 400  # characters; a real link's token is under 100


@bp.route("/follow-up/<token>", methods=["GET", "POST"])
def follow_up(token: str):
    try:
        if len(token) > MAX_TOKEN:
            raise FollowUpError(FollowUpRefusal.BAD_LINK)
        found = impact.from_token(token)
    except FollowUpError as error:
        status = 410 if error.reason == FollowUpRefusal.EXPIRED_LINK else 404
        note = messages.follow_up_refusal(error)
        return render_template("certificates/follow_up_done.html", note=note), status
    if found.answered_at is not None:
        note = messages.follow_up_refusal(FollowUpError(FollowUpRefusal.ALREADY_ANSWERED))
        return render_template("certificates/follow_up_done.html", note=note)
    form = FollowUpForm()
    if form.validate_on_submit():
        try:
            impact.answer(found, ImpactAnswer(form.used.data), form.how.data or "")
        except FollowUpError as error:
            note = messages.follow_up_refusal(error)
        else:
            note = _("Thank you! Your answer was recorded.")
        return render_template("certificates/follow_up_done.html", note=note)
    status = 400 if form.errors else 200
    return render_template("certificates/follow_up.html", follow_up=found, form=form), status
