"""Organiser routes: a workshop's registrations roster and CSV, walk-ins, cancellations
with a reason, moving someone off the waitlist, capacity, and messages to registrants.

The roster, its CSV, walk-ins and messages are for the workshop's facilitators and its
network's admins (`policy.can_see_roster`); cancelling a registrant (which may refund
money), moving someone into a seat and changing capacity are for admins only
(`policy.can_manage_seats`).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.utils import secure_filename

from pdportal import policy
from pdportal.blueprints.confirm import confirm_page, is_confirmed
from pdportal.blueprints.facilitate import bp
from pdportal.blueprints.lookups import (
    registrant_or_404,
    roster_workshop_or_404,
    seats_workshop_or_404,
)
from pdportal.blueprints.registration import messages
from pdportal.blueprints.registration.forms import (
    CapacityForm,
    MessageForm,
    OrganiserCancelForm,
    WalkInForm,
)
from pdportal.documents.spreadsheet import csv_download
from pdportal.i18n import to_local
from pdportal.models import MessageAudience, Workshop
from pdportal.orm import utcnow
from pdportal.services import registration
from pdportal.services.payments import cancellation, fees
from pdportal.services.reports import roster

ROSTER = "/workshops/<slug>/roster"  # under /facilitate
CSV_TIME = "%Y-%m-%d %H:%M"  # the network's local time, the same in every language


def _back(workshop: Workshop):
    return redirect(url_for("facilitate.roster", slug=workshop.slug))


def _render(workshop: Workshop, **forms: FlaskForm):
    forms.setdefault("walk_in_form", WalkInForm(formdata=None))
    forms.setdefault("capacity_form", CapacityForm(formdata=None, capacity=workshop.capacity))
    forms.setdefault("message_form", MessageForm(formdata=None))
    return render_template(
        "facilitate/roster.html",
        workshop=workshop,
        rows=roster.roster(workshop),
        questions=registration.asked(workshop.id, with_hidden=True),
        seats=registration.status_for(None, workshop),
        messages=roster.messages(workshop),
        can_manage=policy.can_manage_seats(current_user, workshop),
        **forms,
    )


def _flash_result(action: Callable, words: Callable, *args) -> None:
    """Run a registration action; flash what it did (`words`), or why it was refused."""
    try:
        result = action(*args)
    except registration.RegistrationError as error:
        flash(messages.refusal(error), "error")
    else:
        flash(*words(result))


@bp.get(ROSTER, endpoint="roster")
@login_required
def roster_page(slug: str):
    return _render(roster_workshop_or_404(slug))


@bp.get(ROSTER + ".csv")
@login_required
def roster_csv(slug: str):
    workshop = roster_workshop_or_404(slug)
    filename = secure_filename(f"roster-{workshop.slug}-{utcnow():%Y-%m-%d}.csv")
    return csv_download(_csv_rows(workshop), filename)


def _csv_rows(workshop: Workshop) -> list[list[object]]:
    """The roster as CSV: headings and statuses in the reader's language, times and
    amounts as plain numbers a spreadsheet reads."""
    zone = workshop.network.time_zone
    questions = registration.asked(workshop.id, with_hidden=True)
    rows: list[list[object]] = [
        [
            _("Name"),
            _("Email"),
            _("Status"),
            _("Registered at"),
            _("Waitlist position"),
            _("Payment method"),
            _("Payment status"),
            _("Amount"),
            _("PO district"),
            _("PO number"),
            _("School"),
            _("District"),
            _("Cancel reason"),
            _("Supervisor approval"),
            _("Substitute needed"),
            *(question.label for question in questions),
        ]
    ]
    for row in roster.roster(workshop):
        registration_, user = row.registration, row.registration.user
        cells = [
            user.name,
            user.email,
            registration_.status.label,
            to_local(registration_.created_at, zone).strftime(CSV_TIME),
            row.position or "",
            registration_.payment_method.label,
            registration_.payment_status.label,
            f"{registration_.amount_cents / 100:.2f}",
            registration_.po_district,
            registration_.po_number,
            user.school,
            user.district,
            messages.cancel_reason_text(registration_.cancel_reason),
            row.approval.status.label if row.approval else "",
            messages.answer_text(row.approval.substitute_needed) if row.approval else "",
            *(messages.answer_text(row.answers.get(question.id)) for question in questions),
        ]
        rows.append(cells)
    return rows


@bp.post(ROSTER + "/walk-in")
@login_required
def add_walk_in(slug: str):
    workshop = roster_workshop_or_404(slug)
    form = WalkInForm()
    if not form.validate_on_submit():
        return _render(workshop, walk_in_form=form), 400
    _flash_result(
        registration.add_walk_in, messages.walk_in_added, workshop, form.email.data, current_user
    )
    return _back(workshop)


@bp.route(ROSTER + "/<int:registration_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel_registrant(slug: str, registration_id: int):
    workshop = seats_workshop_or_404(slug)
    target = registrant_or_404(workshop, registration_id)
    if not target.is_active:
        flash(_("That registration is already cancelled."), "info")
        return _back(workshop)
    form = OrganiserCancelForm()
    if form.validate_on_submit():
        try:
            result = cancellation.cancel(target, current_user, form.reason.data)
        except registration.RegistrationError as error:
            flash(messages.refusal(error), "error")
        else:
            flash(*messages.cancelled_by_organiser(result.seat, result.fee))
        return _back(workshop)
    return render_template(
        "facilitate/cancel_registrant.html",
        workshop=workshop,
        registration=target,
        form=form,
        fee=fees.on_giving_up(target),
    )


@bp.post(ROSTER + "/<int:registration_id>/seat")
@login_required
def move_into_seat(slug: str, registration_id: int):
    workshop = seats_workshop_or_404(slug)
    _flash_result(
        registration.move_into_seat,
        messages.moved_into_seat,
        registrant_or_404(workshop, registration_id),
    )
    return _back(workshop)


@bp.post(ROSTER + "/capacity")
@login_required
def set_capacity(slug: str):
    workshop = seats_workshop_or_404(slug)
    form = CapacityForm()
    if not form.validate_on_submit():
        return _render(workshop, capacity_form=form), 400
    _flash_result(
        registration.set_capacity, messages.capacity_changed, workshop.id, form.capacity.data
    )
    return _back(workshop)


@bp.post(ROSTER + "/messages")
@login_required
def send_message(slug: str):
    workshop = roster_workshop_or_404(slug)
    form = MessageForm()
    if not form.validate_on_submit():
        return _render(workshop, message_form=form), 400
    audience = MessageAudience(form.audience.data)
    if not is_confirmed() and (count := roster.recipient_count(workshop, audience)) > 1:
        return _confirm_message(workshop, form, audience, count)
    try:
        sent = roster.send_message(
            workshop, current_user, form.subject.data.strip(), form.body.data, audience
        )
    except registration.RegistrationError as error:
        flash(messages.refusal(error), "error")
    else:
        flash(*messages.message_sent(sent.recipient_count))
    return _back(workshop)


def _confirm_message(
    workshop: Workshop, form: MessageForm, audience: MessageAudience, count: int
) -> str:
    """Before one message goes to several people: who, how many, and what."""
    return confirm_page(
        heading=ngettext("Email %(num)s person?", "Email %(num)s people?", count),
        consequences=[
            ngettext(
                "%(num)s person (%(audience)s) of “%(workshop)s” is emailed “%(subject)s”, "
                "from you.",
                "%(num)s people (%(audience)s) of “%(workshop)s” are each emailed "
                "“%(subject)s”, from you.",
                count,
                audience=audience.label,
                workshop=workshop.title,
                subject=form.subject.data.strip(),
            ),
            _("An email cannot be taken back once it is sent."),
        ],
        action=url_for("facilitate.send_message", slug=workshop.slug),
        hidden={
            "subject": form.subject.data,
            "body": form.body.data,
            "audience": audience.value,
        },
        confirm_label=_("Send the message"),
        cancel_url=url_for("facilitate.roster", slug=workshop.slug),
        audited=False,
    )
