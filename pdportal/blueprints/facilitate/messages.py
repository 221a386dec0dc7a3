"""The words of the facilitate area for what the attendance services return: refused
marks and check-ins, recorded marks. Chosen at request time, in the reader's language."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from pdportal.i18n import format_local
from pdportal.models import WorkshopSession
from pdportal.services.attendance import AttendanceError, AttendanceRefusal, AttendanceResult
from pdportal.services.attendance.checkin import CheckIn, CheckInError, CheckInRefusal


def attendance_refusal(error: AttendanceError) -> str:
    """Why a mark was not recorded, for the facilitator."""
    reason, values = error.reason, error.values
    if reason == AttendanceRefusal.MINUTES_NEEDED:
        return _(
            "%(status)s means fewer minutes than the session's %(minutes)s: "
            "enter the minutes actually attended.",
            status=values["status"].label,
            minutes=values["session_minutes"],
        )
    if reason == AttendanceRefusal.MINUTES_OUT_OF_RANGE:
        return _(
            "Enter 1 to %(minutes)s minutes, or mark them absent.",
            minutes=values["session_minutes"],
        )
    if reason == AttendanceRefusal.NOT_THIS_WORKSHOP:
        return _("That person is not registered for this workshop.")
    if reason == AttendanceRefusal.NOT_CONFIRMED:
        return _("Only confirmed registrants can be marked.")
    if reason == AttendanceRefusal.SESSION_CANCELLED:
        return _("This session was cancelled; attendance cannot be taken.")
    if reason == AttendanceRefusal.NOT_BEGUN:
        return _(
            "This session has not begun: attendance can be taken from %(starts_at)s.",
            starts_at=format_local(values["starts_at"], values["time_zone"]),
        )
    return str(error)  # a refusal worded elsewhere (a walk-in's registration)


def marked(result: AttendanceResult) -> str:
    """What a mark recorded: "Ana Ruiz: late, 150 minutes." """
    mark = result.attendance
    name = mark.registration.user.name
    status = mark.status.label.lower()
    if not result.changed:
        return _("%(name)s was already %(status)s.", name=name, status=status)
    if not mark.status.counts_as_attendance:
        return _("%(name)s: %(status)s.", name=name, status=status)
    return ngettext(
        "%(name)s: %(status)s, %(num)s minute.",
        "%(name)s: %(status)s, %(num)s minutes.",
        mark.minutes_attended,
        name=name,
        status=status,
    )


def marked_all_present(count: int) -> str:
    if not count:
        return _("Everyone on the roster already has a mark.")
    return ngettext(
        "Marked %(num)s more present for the whole session.",
        "Marked %(num)s more present for the whole session.",
        count,
    )


def check_in_refusal(error: CheckInError, session: WorkshopSession) -> str:
    """Why the educator could not check in, and what to do."""
    reason = error.reason
    if reason == CheckInRefusal.NOT_OPEN_YET:
        opens = format_local(error.values["opens_at"], session.workshop.network.time_zone)
        return _("Check-in opens at %(time)s, before the session starts.", time=opens)
    if reason == CheckInRefusal.SESSION_CANCELLED:
        return _("This session was cancelled.")
    if reason == CheckInRefusal.CLOSED:
        return _("This session has ended; check-in is closed.")
    if reason == CheckInRefusal.CODE_EXPIRED:
        return _("That check-in code has expired. Scan the code on the facilitator's screen again.")
    if reason == CheckInRefusal.WRONG_CODE:
        return _(
            "That is not a check-in code from this session. "
            "Scan the code on the facilitator's screen."
        )
    if reason == CheckInRefusal.NOT_REGISTERED:
        return not_registered()
    return _("Scan the code on the facilitator's screen again.")


def not_registered() -> str:
    return _("You are not registered for this workshop. Please see the facilitator.")


def checked_in(outcome: CheckIn) -> tuple[str, str]:
    """(message, flash category) of a check-in."""
    if outcome == CheckIn.ALREADY_CHECKED_IN:
        return _("You are already checked in. Welcome!"), "info"
    return _("You are checked in. Welcome!"), "success"
