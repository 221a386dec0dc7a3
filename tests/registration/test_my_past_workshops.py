"""/me/registrations: what became of past workshops (attendance, certificate, evaluation)
and how paid registrations were paid, in a fixed number of queries."""

from __future__ import annotations

import re

import pytest

from pdportal.extensions import db
from pdportal.models import (
    AttendanceStatus,
    PaymentMethod,
    PaymentStatus,
    Registration,
    RegistrationStatus,
)
from pdportal.services import certificates
from tests.conftest import recorded_statements


def flat(html: str) -> str:
    """The page's text with tags dropped and white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def past_registration(past_workshop, enrol, mark):
    """A confirmed registration for a workshop (default 3 sessions) that ended last week,
    with the given attendance per session (none recorded for sessions not listed)."""

    def make(user, statuses=(), *, sessions=3, **fields):
        workshop = past_workshop(sessions=sessions, **fields)
        registration = enrol(user, workshop)
        mark(registration, workshop, list(statuses))
        return registration

    return make


def card_of(page: str, title: str) -> str:
    """The text of the card of the workshop titled `title`."""
    start = page.index(title)
    return flat(page[start : page.index("</li>", start)])


P, A = AttendanceStatus.PRESENT, AttendanceStatus.ABSENT


def test_past_workshops_show_attendance_certificate_and_evaluation(
    client, auth, make_user, past_registration
):
    educator = make_user()
    past_registration(educator, [P, A, P], title="Missed one session")
    issued = past_registration(educator, [P, P, P], title="Certificate earned")
    certificates.issue_for_workshop(issued.workshop, None)
    evaluate = past_registration(
        educator, [P, P, P], title="Evaluation needed", requires_evaluation=True
    )
    past_registration(educator, [P, P, P], title="Waiting for the office")
    past_registration(educator, [], title="Not marked yet")
    auth.login(educator)

    page = client.get("/me/registrations").text

    missed_card = card_of(page, "Missed one session")
    assert "Attendance Attended 2 of 3 sessions" in missed_card
    assert "Certificate Not eligible: attended 6.0 of 9.0 hours" in missed_card
    assert "Evaluate this workshop" in missed_card  # they attended, so they may evaluate

    certificate = certificates.certificates_of(educator)[0]
    assert f'href="/me/certificates/{certificate.id}.pdf"' in page
    assert "Attended 3 of 3 sessions Certificate Certificate (PDF)" in card_of(
        page, "Certificate earned"
    )

    evaluate_card = card_of(page, "Evaluation needed")
    assert "Not eligible: evaluation not submitted" in evaluate_card
    assert f'href="/me/evaluations/{evaluate.workshop.slug}"' in page

    assert "Certificate Not issued yet" in card_of(page, "Waiting for the office")
    unmarked_card = card_of(page, "Not marked yet")
    assert "Attendance Not recorded yet Certificate Not issued yet" in unmarked_card
    assert "Evaluate" not in unmarked_card  # only people who attended evaluate


def test_revoked_certificate_says_why(client, auth, make_user, past_registration):
    educator = make_user()
    done = past_registration(educator, [P, P, P], title="Revoked workshop")
    issued = certificates.issue_for_workshop(done.workshop, None).issued[0]
    certificates.revoke(issued, make_user(is_site_admin=True), "Hours entered twice")
    auth.login(educator)

    card = card_of(client.get("/me/registrations").text, "Revoked workshop")

    assert "Not eligible: certificate revoked: Hours entered twice" in card
    assert ".pdf" not in card


def test_paid_registrations_show_amount_method_and_po_number(
    client, auth, make_user, make_workshop, past_registration
):
    educator = make_user()
    upcoming = make_workshop(title="Paid by PO", price_cents=4500)
    db.session.add(
        Registration(
            user_id=educator.id,
            workshop_id=upcoming.id,
            status=RegistrationStatus.CONFIRMED,
            payment_method=PaymentMethod.PURCHASE_ORDER,
            payment_status=PaymentStatus.DUE,
            amount_cents=4500,
            po_number="PO-7788",
            po_district="Tacoma Public Schools",
        )
    )
    card = past_registration(educator, [P, P, P], title="Paid by card", price_cents=12000)
    card.payment_method = PaymentMethod.CARD
    card.payment_status = PaymentStatus.PAID
    card.amount_cents = 12000
    db.session.commit()
    past_registration(educator, [P], title="Free one")
    auth.login(educator)

    page = client.get("/me/registrations").text

    assert (
        "Payment: $45.00 · Purchase order · PO number PO-7788 (Tacoma Public Schools) · Due"
        in card_of(page, "Paid by PO")
    )
    assert "Payment: $120.00 · Card · Paid" in card_of(page, "Paid by card")
    assert "Payment" not in card_of(page, "Free one")


def test_past_workshops_cost_a_fixed_number_of_queries(client, auth, make_user, past_registration):
    educator = make_user()
    auth.login(educator)

    def page_queries() -> int:
        with recorded_statements() as statements:
            assert client.get("/me/registrations").status_code == 200
        return len(statements)

    issued = past_registration(educator, [P, P, P])
    certificates.issue_for_workshop(issued.workshop, None)
    one = page_queries()
    for _ in range(4):
        more = past_registration(educator, [P, A, P], requires_evaluation=True)
        certificates.issue_for_workshop(more.workshop, None)
    five = page_queries()

    assert five == one
    assert one <= 12


def test_minutes_over_a_shortened_session_do_not_count(client, auth, make_user, past_registration):
    educator = make_user()
    past_registration(educator, [(P, 300), A, A], title="Shortened session")  # 3 h sessions
    auth.login(educator)

    card = card_of(client.get("/me/registrations").text, "Shortened session")

    assert "Not eligible: attended 3.0 of 9.0 hours" in card
