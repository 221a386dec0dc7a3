"""`flask seed-demo`: realistic, idempotent demo data and bulk data for benchmarks."""

from __future__ import annotations

from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from pdportal.models import (
    CreditType,
    DiscountRedemption,
    GradeBand,
    ImpactFollowUp,
    Network,
    NetworkAdmin,
    Registration,
    Topic,
    User,
    Workshop,
    WorkshopFacilitator,
    WorkshopFormat,
    WorkshopSession,
    WorkshopStatus,
)
from pdportal.orm import utcnow
from pdportal.services.workshops import approval

COUNTED = (
    Network,
    NetworkAdmin,
    User,
    Workshop,
    WorkshopSession,
    WorkshopFacilitator,
    Registration,
)


def counts(db) -> dict[str, int]:
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in COUNTED}


def seed(app, *args: str):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--password", "demo pass 123", *args])
    assert result.exit_code == 0, result.output
    return result


def test_seed_twice_adds_nothing_the_second_time(app, db):
    first = seed(app)
    before = counts(db)
    second = seed(app)

    assert counts(db) == before
    assert "added" in first.output
    assert "already loaded" in second.output


def test_seed_prints_one_login_per_role_with_the_password(app):
    output = seed(app).output

    assert "demo pass 123" in output
    for email in (
        "admin@demo.pdportal.org",
        "netadmin@demo.pdportal.org",
        "facilitator@demo.pdportal.org",
        "educator@demo.pdportal.org",
    ):
        assert email in output


def test_demo_people_have_their_roles_and_the_password(app, db):
    seed(app)

    admin = db.session.scalar(select(User).where(User.email == "admin@demo.pdportal.org"))
    netadmin = db.session.scalar(select(User).where(User.email == "netadmin@demo.pdportal.org"))
    facilitator = db.session.scalar(
        select(User).where(User.email == "facilitator@demo.pdportal.org")
    )
    assert admin.is_site_admin
    assert check_password_hash(admin.password_hash, "demo pass 123")
    assert db.session.scalar(select(func.count()).where(NetworkAdmin.user_id == netadmin.id)) == 1
    assert db.session.scalar(
        select(func.count()).where(WorkshopFacilitator.user_id == facilitator.id)
    )
    networks = db.session.scalars(select(Network)).all()
    assert len(networks) == 5
    assert all(
        db.session.scalar(select(func.count()).where(NetworkAdmin.network_id == n.id))
        for n in networks
    )
    names = set(db.session.scalars(select(User.name)))
    assert {"Nguyễn Thị Ánh", "José Ñúñez", "Zoë O'Brien-Łukasz"} <= names


def test_demo_workshops_cover_the_catalog(app, db):
    seed(app)
    workshops = db.session.scalars(select(Workshop)).all()
    now = utcnow()

    assert len(workshops) >= 30
    assert {t for w in workshops for t in w.topics} == {t.value for t in Topic}
    assert {g for w in workshops for g in w.grade_bands} >= {g.value for g in GradeBand} - {"pre_k"}
    assert {w.format for w in workshops} == set(WorkshopFormat)
    statuses = [w.status for w in workshops]
    assert statuses.count(WorkshopStatus.CANCELLED) == 1
    assert statuses.count(WorkshopStatus.DRAFT) == 1
    assert any(w.ends_at < now for w in workshops) and any(w.starts_at > now for w in workshops)
    assert any(w.price_cents == 0 for w in workshops) and any(w.price_cents > 0 for w in workshops)
    assert any(len(w.sessions) > 1 for w in workshops)
    assert all(w.starts_at == w.sessions[0].starts_at for w in workshops)
    assert all(w.facilitators for w in workshops)
    assert any("###" in w.description for w in workshops)


def test_demo_catalog_has_nearly_full_and_full_workshops(app, db, client):
    seed(app)

    html = client.get("/workshops").get_data(as_text=True)

    assert "2 seats left" in html
    assert "Full — waitlist open" in html


def test_generated_workshops_and_educators(app, db):
    before = counts(db)
    output = seed(app, "--workshops", "25", "--educators", "12").output
    after = counts(db)

    assert after["Workshop"] - before["Workshop"] >= 25 + 30
    assert db.session.scalar(select(func.count()).where(Workshop.slug.like("demo-gen-%"))) == 25
    generated = db.session.scalars(
        select(User).where(User.email.like("educator%@demo.pdportal.org"))
    )
    emails = {u.email for u in generated}
    assert {f"educator{n}@demo.pdportal.org" for n in range(1, 13)} <= emails
    educator7 = db.session.scalar(select(User).where(User.email == "educator7@demo.pdportal.org"))
    assert check_password_hash(educator7.password_hash, "demo pass 123")
    assert "added" in output

    seed(app, "--workshops", "25", "--educators", "12")
    assert counts(db) == after

    seed(app, "--workshops", "30", "--educators", "12")
    assert counts(db)["Workshop"] == after["Workshop"] + 5


def test_demo_shows_the_funders_reports(app, db):
    seed(app)
    seed(app)
    follow_ups = db.session.scalar(select(func.count(ImpactFollowUp.id)))
    answered = db.session.scalar(
        select(func.count(ImpactFollowUp.id)).where(ImpactFollowUp.answer.is_not(None))
    )
    assert follow_ups == answered > 0
    assert db.session.scalar(select(func.count(DiscountRedemption.id))) > 0


def test_demo_clock_hour_offerings_are_approved_and_show_their_objectives(app, db, client):
    seed(app, "--workshops", "9")  # curated ones and generated ones
    published = db.session.scalars(
        select(Workshop).where(
            Workshop.credit_type == CreditType.WA_CLOCK_HOURS,
            Workshop.status == WorkshopStatus.PUBLISHED,
        )
    ).all()
    assert published
    for workshop in published:
        assert approval.state(workshop) == approval.ApprovalState.APPROVED, workshop.slug
        assert workshop.needs_evaluation
    page = client.get(f"/workshops/{published[0].slug}").get_data(as_text=True)
    assert "Learning objectives" in page
    for network in db.session.scalars(select(Network)):
        if not network.may_give_equity:
            offered = db.session.scalars(
                select(Workshop.designations).where(Workshop.network_id == network.id)
            ).all()
            assert all("equity" not in d for d in offered)
