"""Facilitator routes: my workshops, a session's roster, marking, walk-ins, sign-in sheet."""

from __future__ import annotations

from flask import Response, current_app, flash, redirect, render_template, url_for
from flask import session as cookie_session
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from pdportal import policy
from pdportal.blueprints.confirm import confirm_page, is_confirmed
from pdportal.blueprints.facilitate import bp, messages
from pdportal.blueprints.facilitate.forms import AttendanceForm, WalkInForm
from pdportal.blueprints.lookups import facilitated_session_or_404, facilitated_workshop_or_404
from pdportal.blueprints.registration import messages as registration_messages
from pdportal.documents.signin_sheet import signin_sheet_pdf
from pdportal.extensions import db
from pdportal.models import (
    AttendanceStatus,
    Registration,
    WorkshopSession,
)
from pdportal.orm import utcnow
from pdportal.services import attendance
from pdportal.services.attendance.marking import AttendanceError
from pdportal.services.certificates import evaluations
from pdportal.services.registration import RegistrationError


@bp.get("/")
@login_required
def index():
    policy.require(policy.can_open_facilitate(current_user))
    return render_template(
        "facilitate/index.html", overview=attendance.overview(current_user, utcnow())
    )


@bp.get("/workshops/<slug>")
@login_required
def workshop(slug: str):
    workshop = facilitated_workshop_or_404(slug)
    return render_template(
        "facilitate/workshop.html",
        workshop=workshop,
        can_manage=policy.can_manage_workshop(current_user, workshop),
        has_roster="facilitate.roster" in current_app.view_functions,
        evaluation_count=evaluations.results(workshop).responses,
    )


ROSTER_ERROR = "roster_error"  # the cookie-session key of a refused mark, shown once


def _render_roster(session: WorkshopSession, **forms):
    can_manage = policy.can_manage_workshop(current_user, session.workshop)
    refused = cookie_session.pop(ROSTER_ERROR, None)
    if not (isinstance(refused, dict) and refused.get("session_id") == session.id):
        refused = {}
    return render_template(
        "facilitate/session.html",
        session=session,
        workshop=session.workshop,
        rows=attendance.roster(session),
        statuses=list(AttendanceStatus),
        row_errors={refused["registration_id"]: refused["message"]} if refused else {},
        row_minutes={refused["registration_id"]: refused["minutes"]} if refused else {},
        walk_in_form=forms.get("walk_in_form") or WalkInForm(),
        has_begun=attendance.has_begun(session),
        can_manage=can_manage,
        audit=attendance.audit_trail(session) if can_manage else [],
    )


@bp.get("/sessions/<int:session_id>")
@login_required
def session_roster(session_id: int):
    return _render_roster(facilitated_session_or_404(session_id))


@bp.post("/sessions/<int:session_id>/attendance")
@login_required
def mark(session_id: int):
    """Record one row; success or not, go back to the roster (a refresh never re-posts).

    A refused mark is shown next to its row, with the minutes as typed, via the cookie
    session (in the words of the language it was refused in).
    """
    session = facilitated_session_or_404(session_id)
    roster_url = url_for("facilitate.session_roster", session_id=session.id)
    form = AttendanceForm(session_minutes=session.duration_minutes)
    registration = (
        db.session.get(Registration, form.registration_id.data)
        if form.registration_id.validate(form)
        else None
    )
    if registration is None or registration.workshop_id != session.workshop_id:
        flash(_("That person is not on this roster."), "error")
        return redirect(roster_url)
    if form.validate():
        try:
            result = attendance.record(
                session,
                registration,
                AttendanceStatus(form.status.data),
                form.minutes.data,
                current_user,
            )
        except AttendanceError as error:
            message = messages.attendance_refusal(error)
        else:
            flash(messages.marked(result), "success" if result.changed else "info")
            return redirect(roster_url + f"#row-{registration.id}")
    else:
        message = form.row_error()
    cookie_session[ROSTER_ERROR] = {
        "session_id": session.id,
        "registration_id": registration.id,
        "message": str(message),
        "minutes": (form.minutes.raw_data or [""])[0][:20],
    }
    flash(_("Not saved for %(name)s: see their row.", name=registration.user.name), "error")
    return redirect(roster_url + f"#row-{registration.id}")


@bp.post("/sessions/<int:session_id>/mark-all-present")
@login_required
def mark_all_present(session_id: int):
    session = facilitated_session_or_404(session_id)
    try:
        if not is_confirmed() and (unmarked := _unmarked(session)):
            return _confirm_mark_all_present(session, unmarked)
        count = attendance.mark_all_present(session, current_user)
    except AttendanceError as error:
        flash(messages.attendance_refusal(error), "error")
    else:
        flash(messages.marked_all_present(count), "success" if count else "info")
    return redirect(url_for("facilitate.session_roster", session_id=session.id))


def _unmarked(session: WorkshopSession) -> int:
    """How many `mark_all_present` would mark (refused as it would be)."""
    attendance.check_markable(session)
    return sum(1 for row in attendance.roster(session) if row.attendance is None)


def _confirm_mark_all_present(session: WorkshopSession, unmarked: int) -> str:
    roster_url = url_for("facilitate.session_roster", session_id=session.id)
    return confirm_page(
        heading=_("Mark everyone present in “%(workshop)s”?", workshop=session.workshop.title),
        consequences=[
            ngettext(
                "%(num)s person without a mark yet is marked present for the whole session "
                "(%(minutes)s minutes).",
                "%(num)s people without a mark yet are marked present for the whole session "
                "(%(minutes)s minutes).",
                unmarked,
                minutes=session.duration_minutes,
            ),
            _(
                "Marks already made do not change. Each mark can still be corrected on the "
                "roster, and every change is kept in the session's history."
            ),
        ],
        action=url_for("facilitate.mark_all_present", session_id=session.id),
        confirm_label=_("Mark everyone present"),
        cancel_url=roster_url,
        audited=False,
    )


@bp.post("/sessions/<int:session_id>/walk-in")
@login_required
def walk_in(session_id: int):
    session = facilitated_session_or_404(session_id)
    form = WalkInForm()
    if form.validate():
        try:
            result = attendance.add_walk_in(session, form.email.data, current_user)
        except RegistrationError as error:
            form.email.errors.append(registration_messages.refusal(error))
        except AttendanceError as error:
            form.email.errors.append(messages.attendance_refusal(error))
        else:
            mark = result.attendance
            flash(
                _(
                    "Walk-in added: %(name)s is registered, emailed and marked present"
                    " (%(minutes)s minutes).",
                    name=mark.registration.user.name,
                    minutes=mark.minutes_attended,
                ),
                "success",
            )
            return redirect(url_for("facilitate.session_roster", session_id=session.id))
    return _render_roster(session, walk_in_form=form), 400


@bp.get("/sessions/<int:session_id>/sign-in-sheet.pdf")
@login_required
def signin_sheet(session_id: int):
    """The printable sheet, in the facilitator's language."""
    session = facilitated_session_or_404(session_id)
    people = [row.registration.user for row in attendance.roster(session)]
    return Response(
        signin_sheet_pdf(session, people),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="sign-in-{session.id}.pdf"'},
    )
