"""Self check-in: the facilitator's rotating QR code, and the educator's confirm step."""

from __future__ import annotations

import secrets
from datetime import datetime

import segno
from flask import flash, jsonify, redirect, render_template, request, url_for
from flask import session as cookie_session
from flask_babel import gettext as _
from flask_login import current_user, login_required

from pdportal.blueprints.facilitate import bp, messages
from pdportal.blueprints.facilitate.forms import CheckInForm
from pdportal.blueprints.lookups import (
    facilitated_session_or_404,
    registered_session_or_404,
    session_or_404,
)
from pdportal.models import WorkshopSession
from pdportal.orm import utcnow
from pdportal.services.attendance import checkin as checkins
from pdportal.services.attendance.checkin import CheckInError
from pdportal.services.common.urls import external_url


def checkin_url(session: WorkshopSession, code: str) -> str:
    return external_url("facilitate.checkin", session_id=session.id, code=code)


def scanning_browser() -> str:
    """A random id for this browser, kept in its session cookie: check-in grants made
    before logging in belong to it, so a forwarded check-in link works nowhere else."""
    return cookie_session.setdefault("checkin_browser", secrets.token_urlsafe(16))


def _qr_svg(session: WorkshopSession, now: datetime) -> str:
    url = checkin_url(session, checkins.current_code(session, now))
    return segno.make_qr(url, error="m").svg_inline(
        scale=10, border=4, omitsize=True, title=_("Check-in QR code"), svgclass="qr-code"
    )


@bp.get("/sessions/<int:session_id>/checkin")
@login_required
def checkin_display(session_id: int):
    """The page the facilitator projects. "Show a new code" reloads it; with JavaScript,
    static/js/checkin_display.js fetches each new code in place (see `checkin_code`)."""
    session = facilitated_session_or_404(session_id)
    now = utcnow()
    is_open = checkins.is_open(session, now)
    return render_template(
        "facilitate/checkin_display.html",
        session=session,
        workshop=session.workshop,
        is_open=is_open,
        opens_at=session.starts_at - checkins.OPENS_BEFORE,
        opens_minutes_before=int(checkins.OPENS_BEFORE.total_seconds()) // 60,
        has_ended=session.ends_at < now,
        qr_svg=_qr_svg(session, now) if is_open else None,
        paused=request.args.get("paused") == "1",
        refresh_in=checkins.seconds_to_next_step(now) + 1,
        step_seconds=checkins.STEP_SECONDS,
    )


@bp.get("/sessions/<int:session_id>/checkin/code.json")
@login_required
def checkin_code(session_id: int):
    """The current code's QR (SVG) for the projected page's script, and when to ask
    again; `open` false once check-in has closed (the script then reloads the page)."""
    session = facilitated_session_or_404(session_id)
    now = utcnow()
    if not checkins.is_open(session, now):
        response = jsonify(open=False)
    else:
        response = jsonify(
            open=True,
            svg=_qr_svg(session, now),
            refresh_in=checkins.seconds_to_next_step(now) + 1,
        )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/checkin/<int:session_id>/<code>", methods=["GET", "POST"])
def checkin(session_id: int, code: str):
    """Scanned by the educator: log in if needed, then confirm (no change on GET)."""
    session = session_or_404(session_id)
    now = utcnow()
    grant = request.values.get("grant", "")
    if not current_user.is_authenticated:
        try:
            grant = checkins.grant_for(session, code, now, None, scanning_browser())
        except CheckInError:
            grant = ""
        here = url_for("facilitate.checkin", session_id=session.id, code=code, grant=grant or None)
        flash(_("Please log in to check in. You will come straight back here."), "info")
        return redirect(url_for("auth.login", next=here))
    browser = cookie_session.get("checkin_browser", "")
    form = CheckInForm(code=code)
    error = None
    if checkins.confirmed_registration(session, current_user) is None:
        error = messages.not_registered()  # said before any button, not after a tap
    elif form.validate_on_submit():
        try:
            outcome = checkins.check_in(session, current_user, code, now, grant, browser)
        except CheckInError as refused:
            error = messages.check_in_refusal(refused, session)
        else:
            flash(*messages.checked_in(outcome))
            return redirect(url_for("facilitate.checked_in", session_id=session.id))
    elif not (grant and checkins.has_valid_grant(session, grant, current_user, browser)):
        # A current code earns a grant, so a slow tap on "Check me in" still counts.
        try:
            grant = checkins.grant_for(session, code, now, current_user)
        except CheckInError as refused:
            error = messages.check_in_refusal(refused, session)
    return render_template(
        "facilitate/checkin.html",
        session=session,
        workshop=session.workshop,
        form=form,
        grant=grant,
        error=error,
    ), (400 if error else 200)


@bp.get("/checkin/<int:session_id>/done")
@login_required
def checked_in(session_id: int):
    """Where a check-in lands; only for educators registered for the workshop."""
    session = registered_session_or_404(session_id)
    return render_template("facilitate/checked_in.html", session=session, workshop=session.workshop)
