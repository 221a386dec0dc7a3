"""Links to card payments in Stripe's dashboard: live or test by the key, on the payment
report and (for admins) on the roster, without a query per registration."""

from __future__ import annotations

import pytest

from pdportal.models import Payment
from pdportal.services.common import stripe_client
from tests.conftest import recorded_statements

LIVE = "https://dashboard.stripe.com/payments/"
TEST = "https://dashboard.stripe.com/test/payments/"


@pytest.mark.parametrize(
    ("key", "base"),
    [
        ("sk_live_abc", LIVE),
        ("rk_live_abc", LIVE),
        ("sk_test_abc", TEST),
        ("rk_test_abc", TEST),
        ("", TEST),
    ],
)
def test_dashboard_url_follows_the_mode_of_the_secret_key(app, key, base):
    app.config["STRIPE_SECRET_KEY"] = key
    with app.app_context():
        assert stripe_client.dashboard_url(Payment(payment_intent_id="pi_123")) == base + "pi_123"
        assert stripe_client.dashboard_url(Payment(payment_intent_id="")) == ""
        assert stripe_client.dashboard_url(None) == ""


@pytest.fixture
def paid_by_card(db, checkout, stripe_standin, webhooks, make_user):
    """Pay for a seat by card (through the stand-in); returns the payment intent id."""

    def pay(workshop, name: str) -> str:
        _, session = checkout(make_user(name=name), workshop)
        paid = stripe_standin.pay(session["id"])
        webhooks.send("checkout.session.completed", paid)
        return paid["payment_intent"]

    return pay


def test_report_links_to_the_live_dashboard_with_a_live_key(
    stripe_app, client, auth, make_user, paid_workshop, paid_by_card
):
    workshop = paid_workshop()
    intent = paid_by_card(workshop, "Lena Live")
    stripe_app.config["STRIPE_SECRET_KEY"] = "sk_live_pdportal"  # no Stripe call below
    auth.login(make_user(admin_of=workshop.network))

    page = client.get(f"/payments/admin/workshops/{workshop.slug}").text

    assert f'href="{LIVE}{intent}"' in page
    assert "/test/payments/" not in page


def test_roster_links_admins_to_each_card_payment_in_stripe(
    stripe_app, client, auth, make_user, paid_workshop, paid_by_card
):
    facilitator = make_user(name="Fran Facilitator")
    workshop = paid_workshop(facilitators=[facilitator], allows_purchase_order=True)
    intents = [paid_by_card(workshop, name) for name in ("Cara Card", "Dev Card")]
    roster = f"/facilitate/workshops/{workshop.slug}/roster"

    auth.login(make_user(admin_of=workshop.network))
    page = client.get(roster).text
    for intent, name in zip(intents, ("Cara Card", "Dev Card"), strict=True):
        rows = page.split("<tr")  # a row's attributes are the roster template's business
        (row,) = [row for row in rows if '<th scope="row"' in row and f">{name}<br>" in row]
        assert f'href="{TEST}{intent}"' in row
        assert f'View payment in Stripe<span class="visually-hidden"> for {name}</span>' in row

    auth.login(facilitator)
    page = client.get(roster).text
    assert "dashboard.stripe.com" not in page


def test_roster_queries_do_not_grow_with_card_payments(
    app, db, stripe_app, client, auth, make_user, paid_workshop, paid_by_card
):
    workshop = paid_workshop(capacity=10)
    auth.login(make_user(admin_of=workshop.network))

    def queries_for_roster() -> int:
        with recorded_statements() as statements:
            page = client.get(f"/facilitate/workshops/{workshop.slug}/roster").text
        assert page.count("View payment in Stripe") == paid
        return len(statements)

    paid_by_card(workshop, "First Payer")
    paid = 1
    few = queries_for_roster()
    for n in range(4):
        paid_by_card(workshop, f"Payer {n}")
    paid = 5
    assert queries_for_roster() == few
