"""Workshop rules found in a user's-eye test: payment, price, slugs, deadlines, lengths."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest

from pdportal.extensions import db
from pdportal.models import CreditType, WorkshopStatus
from pdportal.services import registration, workshops
from pdportal.services.workshops import Problem
from pdportal.services.workshops.details import slugify
from pdportal.services.workshops.editing import WorkshopDetails, WorkshopError, utc_to_local

NEXT_YEAR = date.today().year + 1


def draft(network, title="Modeling with Mathematics", **fields):
    return workshops.create_workshop(network, WorkshopDetails(title=title, **fields))


def draft_with_session(network, **fields):
    workshop = draft(network, **fields)
    workshops.add_session(workshop, date(NEXT_YEAR, 4, 14), time(9), time(12))
    return workshop


@pytest.fixture
def cards_off(app, monkeypatch):
    monkeypatch.setitem(app.config, "STRIPE_SECRET_KEY", "")
    monkeypatch.setitem(app.config, "STRIPE_WEBHOOK_SECRET", "")


@pytest.fixture
def cards_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "STRIPE_SECRET_KEY", "sk_test_rules")
    monkeypatch.setitem(app.config, "STRIPE_WEBHOOK_SECRET", "whsec_rules")


# --- 1. a paid workshop needs a way to pay ------------------------------------------


def test_a_paid_workshop_without_cards_or_purchase_orders_is_not_published(people, cards_off):
    workshop = draft_with_session(people.network, price_cents=2500)
    with pytest.raises(WorkshopError) as caught:
        workshops.publish_workshop(workshop)
    assert (caught.value.reason, caught.value.values) == (
        Problem.PUBLISH_NO_WAY_TO_PAY,
        {"price_cents": 2500},
    )
    assert workshop.status == WorkshopStatus.DRAFT


def test_purchase_orders_or_cards_let_a_paid_workshop_be_published(people, cards_off, app):
    by_invoice = draft_with_session(people.network, price_cents=2500, allows_purchase_order=True)
    workshops.publish_workshop(by_invoice)
    assert by_invoice.status == WorkshopStatus.PUBLISHED
    app.config.update(STRIPE_SECRET_KEY="sk_test_rules", STRIPE_WEBHOOK_SECRET="whsec_rules")
    by_card = draft_with_session(people.network, price_cents=2500)
    workshops.publish_workshop(by_card)
    assert by_card.status == WorkshopStatus.PUBLISHED


def test_a_free_workshop_needs_no_way_to_pay(people, cards_off):
    workshop = draft_with_session(people.network)
    workshops.publish_workshop(workshop)
    assert workshop.status == WorkshopStatus.PUBLISHED


# --- 2. the price of a workshop with registrants --------------------------------------


def test_the_price_cannot_change_under_registrants(people, make_workshop, make_user):
    workshop = make_workshop(network=people.network, capacity=5)
    registration.register(make_user(), workshop)
    details = WorkshopDetails.of(workshop)
    details.price_cents = 2500
    with pytest.raises(WorkshopError) as caught:
        workshops.update_workshop(workshop, details)
    assert (caught.value.reason, caught.value.field) == (Problem.PRICE_LOCKED, "price")
    assert caught.value.values == {"count": 1, "price_cents": 0}
    db.session.expire_all()
    assert workshop.price_cents == 0


def test_a_paid_price_under_registrants_is_named_as_an_amount(
    people, make_workshop, make_user, enrol
):
    workshop = make_workshop(network=people.network, capacity=5, price_cents=4500)
    for _ in range(2):
        enrol(make_user(), workshop)
    details = WorkshopDetails.of(workshop)
    details.price_cents = 0
    with pytest.raises(WorkshopError) as caught:
        workshops.update_workshop(workshop, details)
    assert caught.value.reason == Problem.PRICE_LOCKED
    assert caught.value.values == {"count": 2, "price_cents": 4500}


def test_capacity_and_other_details_stay_editable_with_registrants(
    people, make_workshop, make_user
):
    workshop = make_workshop(network=people.network, capacity=5)
    for _ in range(2):
        registration.register(make_user(), workshop)
    details = WorkshopDetails.of(workshop)
    details.capacity, details.title = 8, "Math Talks, Revised"
    workshops.update_workshop(workshop, details)
    assert (workshop.capacity, workshop.title, workshop.price_cents) == (
        8,
        "Math Talks, Revised",
        0,
    )
    details.price_cents = 2000
    with pytest.raises(WorkshopError) as caught:
        workshops.update_workshop(workshop, details)
    assert (caught.value.reason, caught.value.values["count"]) == (Problem.PRICE_LOCKED, 2)


def test_the_price_may_change_while_nobody_is_registered(people, make_workshop):
    workshop = make_workshop(network=people.network)
    details = WorkshopDetails.of(workshop)
    details.price_cents = 2500
    workshops.update_workshop(workshop, details)
    assert workshop.price_cents == 2500


# --- 3. slugs --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("🧪 Ünïcode Workshop — ñ 中文 <b>bold</b>", "unicode-workshop-n-bold"),
        ("Łódź & Straße: Æsthetics", "lodz-strasse-aesthetics"),
        ("Café &amp; <em>Ciencia</em>", "cafe-ciencia"),
        ("中文 🧪 —", "workshop"),
    ],
)
def test_slugs_fold_accents_and_drop_markup_and_symbols(title, slug):
    assert slugify(title) == slug


def test_generated_slugs_of_accented_titles_stay_unique(people):
    first = draft(people.network, "Énergie Renouvelable")
    second = draft(people.network, "Energie renouvelable")
    assert (first.slug, second.slug) == ("energie-renouvelable", "energie-renouvelable-2")
    assert draft(people.network, "中文").slug == "workshop"
    assert draft(people.network, "数学").slug == "workshop-2"


def test_clearing_the_slug_while_editing_keeps_the_workshops_address(people, make_workshop):
    workshop = make_workshop(network=people.network, slug="tide-pools")
    details = WorkshopDetails.of(workshop)
    details.slug = "  "
    details.title = "Tide Pools, Revised"
    workshops.update_workshop(workshop, details)
    assert workshop.slug == "tide-pools"


# --- 4. refund deadline and credit hours ---------------------------------------------------


def test_a_new_refund_deadline_in_the_past_is_refused(people):
    with pytest.raises(WorkshopError) as caught:
        draft(people.network, refund_deadline_local=datetime(2020, 1, 1, 9, 0))
    assert caught.value.field == "refund_deadline"
    assert caught.value.reason == Problem.REFUND_DEADLINE_PASSED


def test_a_refund_deadline_that_has_passed_may_stay_as_it_was(people, make_workshop):
    passed = (datetime.now(UTC) - timedelta(days=2)).replace(second=0, microsecond=0)
    workshop = make_workshop(network=people.network, refund_deadline_at=passed)
    details = WorkshopDetails.of(workshop)
    details.title = "Renamed"
    workshops.update_workshop(workshop, details)
    assert (workshop.title, workshop.refund_deadline_at) == ("Renamed", passed)
    details.refund_deadline_local = utc_to_local(passed - timedelta(days=1), "America/Los_Angeles")
    with pytest.raises(WorkshopError) as caught:
        workshops.update_workshop(workshop, details)
    assert caught.value.reason == Problem.REFUND_DEADLINE_PASSED


def test_a_refund_deadline_after_the_first_session_is_refused(people):
    workshop = draft_with_session(people.network)
    details = WorkshopDetails.of(workshop)
    details.refund_deadline_local = datetime(NEXT_YEAR, 4, 14, 10, 0)
    with pytest.raises(WorkshopError) as caught:
        workshops.update_workshop(workshop, details)
    assert caught.value.field == "refund_deadline"
    assert caught.value.reason == Problem.REFUND_DEADLINE_AFTER_FIRST_SESSION
    assert caught.value.values == {
        "first_at": datetime(NEXT_YEAR, 4, 14, 16, 0, tzinfo=UTC),
        "time_zone": "America/Los_Angeles",
    }
    details.refund_deadline_local = datetime(NEXT_YEAR, 4, 7, 17, 0)
    workshops.update_workshop(workshop, details)
    assert workshop.refund_deadline_at == datetime(NEXT_YEAR, 4, 8, 0, 0, tzinfo=UTC)


def test_credit_hours_are_needed_to_publish_a_credit_bearing_workshop(people):
    workshop = draft_with_session(people.network, credit_type=CreditType.OR_PDUS)
    with pytest.raises(WorkshopError) as caught:
        workshops.publish_workshop(workshop)
    assert caught.value.reason == Problem.PUBLISH_NO_CREDIT_HOURS
    assert caught.value.values == {"credit_type": CreditType.OR_PDUS}
    assert workshop.status == WorkshopStatus.DRAFT
    details = WorkshopDetails.of(workshop)
    details.credit_hours = Decimal("3")
    workshops.update_workshop(workshop, details)
    workshops.publish_workshop(workshop)
    assert workshop.status == WorkshopStatus.PUBLISHED


def test_a_certificate_of_completion_may_carry_no_hours(people):
    workshop = draft_with_session(people.network, credit_type=CreditType.COMPLETION)
    workshops.publish_workshop(workshop)
    assert workshop.status == WorkshopStatus.PUBLISHED


def test_every_reason_not_to_publish_is_given_at_once(people, cards_off):
    workshop = draft(people.network, price_cents=900, credit_type=CreditType.OR_PDUS)
    with pytest.raises(WorkshopError) as caught:
        workshops.publish_workshop(workshop)
    assert [problem.reason for problem in caught.value.problems] == [
        Problem.PUBLISH_NO_SESSION,
        Problem.PUBLISH_NO_CREDIT_HOURS,
        Problem.PUBLISH_NO_WAY_TO_PAY,
    ]


def test_every_reason_not_to_publish_is_read_on_the_page(client, auth, people, cards_off):
    workshop = draft(people.network, price_cents=900, credit_type=CreditType.OR_PDUS)
    auth.login(people.admin)
    page = client.post(f"/admin/workshops/{workshop.slug}/publish", follow_redirects=True).get_data(
        as_text=True
    )
    assert "Add at least one session before publishing." in page
    assert "Set the credit hours before publishing: a certificate for Oregon PDUs" in page
    assert "This workshop costs $9.00, but educators would have no way to pay" in page
    assert workshop.status == WorkshopStatus.DRAFT


# --- 6. every broken rule in one round ------------------------------------------------


def test_every_broken_rule_is_reported_on_its_field_at_once(people, make_workshop):
    make_workshop(network=people.network, slug="taken")
    with pytest.raises(WorkshopError) as caught:
        draft(
            people.network,
            "",
            slug="taken",
            capacity=0,
            registration_opens_local=datetime(NEXT_YEAR, 3, 2, 9, 0),
            registration_closes_local=datetime(NEXT_YEAR, 3, 1, 9, 0),
            description="x" * 20_001,
        )
    fields = {problem.field for problem in caught.value.problems}
    assert fields == {"title", "slug", "capacity", "registration_opens", "description"}


# --- 8. a session's date -----------------------------------------------------------------


def test_a_session_date_out_of_range_is_explained_on_the_date(people):
    workshop = draft(people.network)
    with pytest.raises(WorkshopError) as caught:
        workshops.add_session(workshop, date(9999, 12, 31), time(9), time(12))
    assert (caught.value.reason, caught.value.field) == (Problem.SESSION_YEAR_OUT_OF_RANGE, "day")
    assert caught.value.values == {"example_year": NEXT_YEAR}
    assert workshop.sessions == []


# --- 9. lengths ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "limit"),
    [
        ({"description": "x" * 20_001}, "description", 20_000),
        ({"summary": "x" * 301}, "summary", 300),
        ({"title": "x" * 201}, "title", 200),
    ],
)
def test_long_text_is_refused_with_its_limit(people, fields, field, limit):
    with pytest.raises(WorkshopError) as caught:
        draft(people.network, **{"title": "Math", **fields})
    assert (caught.value.reason, caught.value.field) == (Problem.TOO_LONG, field)
    assert caught.value.values == {"limit": limit}


def test_a_description_of_twenty_thousand_characters_is_accepted(people):
    assert len(draft(people.network, description="x" * 20_000).description) == 20_000
