"""The organiser's roster: permissions, CSV, walk-ins, cancellations, capacity, messages."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import Registration, RegistrationStatus, WorkshopMessage
from pdportal.services import registration


@pytest.fixture
def setting(make_user, make_network, make_workshop):
    """A workshop, its facilitator, its network's admin and outsiders."""
    network = make_network()
    facilitator = make_user(name="Fran Facilitator")
    workshop = make_workshop(network=network, capacity=1, facilitators=[facilitator])
    return {
        "workshop": workshop,
        "facilitator": facilitator,
        "admin": make_user(admin_of=network),
        "site_admin": make_user(is_site_admin=True),
        "educator": make_user(),
        "other_admin": make_user(admin_of=make_network()),
    }


ROUTES = [
    ("get", "/facilitate/workshops/{slug}/roster"),
    ("get", "/facilitate/workshops/{slug}/roster.csv"),
    ("post", "/facilitate/workshops/{slug}/roster/walk-in"),
    ("post", "/facilitate/workshops/{slug}/roster/capacity"),
    ("post", "/facilitate/workshops/{slug}/roster/messages"),
    ("get", "/facilitate/workshops/{slug}/roster/{reg}/cancel"),
    ("post", "/facilitate/workshops/{slug}/roster/{reg}/seat"),
]


@pytest.mark.parametrize(("method", "route"), ROUTES)
@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 302), ("educator", 403), ("other_admin", 403)],
)
def test_roster_routes_refuse_outsiders(client, auth, setting, method, route, who, status):
    workshop = setting["workshop"]
    reg = registration.take_seat(setting["educator"], workshop).registration
    if who:
        auth.login(setting[who])
    response = getattr(client, method)(route.format(slug=workshop.slug, reg=reg.id))
    assert response.status_code == status
    if status == 302:
        assert "/auth/login" in response.location


ADMIN_ONLY_ROUTES = [
    ("post", "/facilitate/workshops/{slug}/roster/capacity"),
    ("get", "/facilitate/workshops/{slug}/roster/{reg}/cancel"),
    ("post", "/facilitate/workshops/{slug}/roster/{reg}/cancel"),
    ("post", "/facilitate/workshops/{slug}/roster/{reg}/seat"),
]


@pytest.mark.parametrize(("method", "route"), ADMIN_ONLY_ROUTES)
def test_facilitators_may_not_cancel_seat_or_resize(client, auth, setting, method, route):
    workshop = setting["workshop"]
    reg = registration.take_seat(setting["educator"], workshop).registration
    auth.login(setting["facilitator"])

    response = getattr(client, method)(
        route.format(slug=workshop.slug, reg=reg.id),
        data={"capacity": "5", "reason": "No longer needed."},
    )

    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Registration, reg.id).status == RegistrationStatus.CONFIRMED
    assert workshop.capacity == 1


def test_facilitators_see_the_roster_without_admin_actions(client, auth, setting):
    workshop = setting["workshop"]
    registration.take_seat(setting["educator"], workshop)

    auth.login(setting["facilitator"])
    facilitator_view = client.get(f"/facilitate/workshops/{workshop.slug}/roster").text
    auth.login(setting["admin"])
    admin_view = client.get(f"/facilitate/workshops/{workshop.slug}/roster").text

    for action in ("/capacity", "/cancel", "Save capacity"):
        assert action not in facilitator_view
        assert action in admin_view
    for shared in ("Add to the workshop", "Send message", "Download CSV"):
        assert shared in facilitator_view and shared in admin_view


@pytest.mark.parametrize("who", ["facilitator", "admin", "site_admin"])
def test_roster_lists_every_registration_for_organisers(client, auth, setting, fill, who):
    workshop = setting["workshop"]
    fill(workshop, 2)
    auth.login(setting[who])
    response = client.get(f"/facilitate/workshops/{workshop.slug}/roster")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert text.count('<tr role="row">') == 3  # header + 2 registrations
    assert "Waitlisted" in text and "Confirmed" in text


def test_roster_of_missing_workshop_is_404(client, auth, setting):
    auth.login(setting["site_admin"])
    assert client.get("/facilitate/workshops/nope/roster").status_code == 404


def test_csv_export_has_safe_filename_and_defuses_formulas(client, auth, setting, make_user):
    workshop = setting["workshop"]
    registration.take_seat(
        make_user(name='=HYPERLINK("http://evil")', school="+1 school"), workshop
    )
    auth.login(setting["facilitator"])
    response = client.get(f"/facilitate/workshops/{workshop.slug}/roster.csv")
    assert response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="roster-{workshop.slug}-')
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Name", "Email", "Status"]
    assert rows[1][0] == '\'=HYPERLINK("http://evil")'
    assert "'+1 school" in rows[1]
    assert rows[1][2] == "Confirmed"


def test_walk_in_is_added_and_bad_email_is_explained(client, auth, setting, make_user, outbox):
    workshop = setting["workshop"]
    walk_in = make_user(email="walkin@example.org")
    auth.login(setting["admin"])
    url = f"/facilitate/workshops/{workshop.slug}/roster/walk-in"
    bad = client.post(url, data={"email": "not an email"})
    assert bad.status_code == 400
    assert "Enter an email address" in bad.get_data(as_text=True)
    response = client.post(url, data={"email": "walkin@example.org"}, follow_redirects=True)
    assert "is registered and has been emailed" in response.get_data(as_text=True)
    assert outbox(walk_in.email)
    full = client.post(url, data={"email": setting["educator"].email}, follow_redirects=True)
    assert "The workshop is full" in full.get_data(as_text=True)


def test_organiser_cancel_needs_a_reason_and_tells_the_educator(client, auth, setting, outbox):
    workshop = setting["workshop"]
    reg = registration.take_seat(setting["educator"], workshop).registration
    auth.login(setting["admin"])
    url = f"/facilitate/workshops/{workshop.slug}/roster/{reg.id}/cancel"
    assert "Reason" in client.get(url).get_data(as_text=True)
    missing = client.post(url, data={"reason": ""})
    assert "Tell the educator why" in missing.get_data(as_text=True)
    assert db.session.get(Registration, reg.id).status == RegistrationStatus.CONFIRMED
    client.post(url, data={"reason": "Duplicate account"})
    assert db.session.get(Registration, reg.id).status == RegistrationStatus.CANCELLED
    assert "Duplicate account" in outbox(setting["educator"].email)[-1].body_text


def test_registration_of_another_workshop_is_404_on_this_roster(
    client, auth, setting, make_workshop, make_user
):
    elsewhere = registration.take_seat(make_user(), make_workshop()).registration
    auth.login(setting["site_admin"])
    slug = setting["workshop"].slug
    assert (
        client.get(f"/facilitate/workshops/{slug}/roster/{elsewhere.id}/cancel").status_code == 404
    )


def test_move_into_seat_and_capacity(client, auth, setting, fill):
    workshop = setting["workshop"]
    seated, first, second = fill(workshop, 3)
    auth.login(setting["admin"])
    base = f"/facilitate/workshops/{workshop.slug}/roster"
    refused = client.post(f"{base}/{second.id}/seat", follow_redirects=True)
    assert "no free seat" in refused.get_data(as_text=True)
    bad = client.post(f"{base}/capacity", data={"capacity": "0"})
    assert bad.status_code == 400
    assert "from 1 to 10,000" in bad.get_data(as_text=True)
    raised = client.post(f"{base}/capacity", data={"capacity": "2"}, follow_redirects=True)
    assert "From the waitlist: gave a seat to 1 educator; they have been emailed." in raised.text
    assert db.session.get(Registration, first.id).status == RegistrationStatus.CONFIRMED
    assert db.session.get(Registration, second.id).status == RegistrationStatus.WAITLISTED


def test_message_to_registrants_is_emailed_once_each_and_listed(
    client, auth, setting, fill, outbox
):
    workshop = setting["workshop"]
    seated, waiting = fill(workshop, 2)
    auth.login(setting["facilitator"])
    url = f"/facilitate/workshops/{workshop.slug}/roster/messages"
    invalid = client.post(url, data={"audience": "all", "subject": "", "body": ""})
    assert invalid.status_code == 400
    assert "Enter a subject" in invalid.get_data(as_text=True)
    response = client.post(
        url,
        data={"audience": "confirmed", "subject": "Bring a laptop", "body": "Charged, please."},
        follow_redirects=True,
    )
    text = response.get_data(as_text=True)
    assert "Message sent to 1 educator." in text
    assert "Bring a laptop" in text and "Fran Facilitator" in text
    assert "Charged, please." in outbox(seated.user.email)[-1].body_text
    assert all("laptop" not in m.subject for m in outbox(waiting.user.email))
    to_all = {"audience": "all", "subject": "Room change", "body": "Room 12\r\n<b>Upstairs</b>"}
    asked = client.post(url, data=to_all)  # more than one person: asked first
    assert asked.status_code == 200 and 'name="confirmed" value="1"' in asked.text
    assert "2 people (Both registered and waitlisted educators)" in asked.text
    assert 'name="body" value="Room 12\n&lt;b&gt;Upstairs&lt;/b&gt;"' in asked.text
    assert [m.recipient_count for m in db.session.scalars(select(WorkshopMessage))] == [1]
    assert all("Room change" not in m.subject for m in outbox(waiting.user.email))
    client.post(url, data={**to_all, "confirmed": "1"})
    assert [m.recipient_count for m in db.session.scalars(select(WorkshopMessage))] == [1, 2]
    assert "<b>Upstairs</b>" in outbox(waiting.user.email)[-1].body_text
    auth.login(setting["admin"])
    admin_page = client.get(f"/admin/workshops/{workshop.slug}").text
    assert "Bring a laptop" in admin_page and "Room 12" in admin_page
    assert "Fran Facilitator" in admin_page and "2 recipients" in admin_page


def test_roster_rows_carry_each_card_payment(make_user, make_workshop):
    from pdportal.models import Payment, PaymentMethod, PaymentState, PaymentStatus
    from pdportal.services.reports import roster

    workshop = make_workshop(price_cents=4500)
    held = registration.take_seat(
        make_user(),
        workshop,
        payment_method=PaymentMethod.CARD,
        payment_status=PaymentStatus.PENDING,
        amount_cents=4500,
        hold=True,
    ).registration
    paid = Payment(
        registration_id=held.id,
        checkout_session_id="cs_roster",
        payment_intent_id="pi_roster",
        amount_cents=4500,
        status=PaymentState.PAID,
    )
    db.session.add(paid)
    db.session.commit()

    (row,) = roster.roster(workshop)

    assert row.payment is not None and row.payment.payment_intent_id == "pi_roster"


def test_the_roster_table_keeps_its_roles_when_stacked_on_a_phone(client, auth, setting, fill):
    """Stacking sets display: block on the cells; explicit ARIA roles keep it a table."""
    workshop = setting["workshop"]
    fill(workshop, 2)
    auth.login(setting["admin"])
    page = client.get(f"/facilitate/workshops/{workshop.slug}/roster").text
    table = page[page.index('class="roster stacked-table') : page.index("</table>")]
    assert table.count("<tr") == table.count('<tr role="row"') == 3
    assert table.count("<td") == table.count('<td role="cell"') > 0
    assert table.count('scope="col"') == table.count('role="columnheader"') > 0
    assert table.count('scope="row"') == table.count('role="rowheader"') == 2
    assert table.count('role="rowgroup"') == 2
