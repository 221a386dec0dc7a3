"""Impact follow-up: asked once, N weeks after the end; answered once through a signed
link; results only as counts with small cells hidden."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from pdportal.extensions import db
from pdportal.models import AttendanceStatus, ImpactAnswer, ImpactFollowUp, OutboxMessage
from pdportal.orm import utcnow
from pdportal.services import sweep
from pdportal.services.reports import impact
from pdportal.services.reports.impact import FollowUpError, ImpactBy, ImpactQuery
from tests.clock_hours import seat_and_attend

P = AttendanceStatus.PRESENT


@pytest.fixture
def attended(make_user, past_workshop, enrol, mark):
    """A workshop that ended a week ago: `n` attendees, and one no-show."""

    def make(n: int, network=None, **profile):
        workshop = past_workshop(**({"network": network} if network else {}))
        people = [make_user(**profile) for _ in range(n)]
        for person in people:
            mark(enrol(person, workshop), workshop, [P, P])
        mark(enrol(make_user(), workshop), workshop, [AttendanceStatus.ABSENT] * 2)
        return workshop, people

    return make


def due(workshop):
    return workshop.ends_at + timedelta(weeks=6, hours=1)


def test_sweep_asks_each_attendee_once_after_six_weeks(attended, db):
    workshop, _people = attended(3)
    assert "0 sent" in impact.send_follow_ups(workshop.ends_at + timedelta(weeks=5))
    assert "3 sent" in impact.send_follow_ups(due(workshop))
    assert "0 sent" in impact.send_follow_ups(due(workshop) + timedelta(days=1))
    assert db.session.scalar(select(func.count(ImpactFollowUp.id))) == 3
    assert impact.send_follow_ups in sweep.steps()


def test_the_number_of_weeks_comes_from_the_configuration(app, attended):
    workshop, _people = attended(2)
    app.config["IMPACT_FOLLOW_UP_WEEKS"] = 2
    assert "2 sent" in impact.send_follow_ups(workshop.ends_at + timedelta(weeks=2, hours=1))


def test_the_email_is_in_the_educators_language_with_a_signed_link(attended, db):
    workshop, _people = attended(1, preferred_language="es")
    impact.send_follow_ups(due(workshop))
    message = db.session.scalar(select(OutboxMessage))
    assert "¿Ha usado" in message.subject
    assert "/follow-up/" in message.body_text


def answer_link(db) -> str:
    body = db.session.scalar(select(OutboxMessage.body_text).order_by(OutboxMessage.id.desc()))
    return re.search(r"https?://\S+(/follow-up/\S+)", body).group(1)


def test_an_attendee_answers_once_through_the_link_without_signing_in(client, attended, db):
    workshop, _people = attended(1)
    impact.send_follow_ups(due(workshop))
    path = answer_link(db)
    page = client.get(path)
    assert page.status_code == 200 and "Have you used" in page.get_data(as_text=True)
    assert client.post(path, data={"used": "bogus"}).status_code == 400
    done = client.post(path, data={"used": "used", "how": "  Claim-evidence routines.  "})
    assert "Thank you" in done.get_data(as_text=True)
    stored = db.session.scalar(select(ImpactFollowUp))
    assert (stored.answer, stored.how) == (ImpactAnswer.USED, "Claim-evidence routines.")
    again = client.post(path, data={"used": "not_used"})
    assert "already answered" in again.get_data(as_text=True)
    db.session.refresh(stored)
    assert stored.answer == ImpactAnswer.USED


@pytest.mark.parametrize("token", ["nope", "x" * 5000, "a%00b", "eyJmIjoxfQ.bad.sig"])
def test_a_broken_link_is_refused_without_an_error(client, token):
    response = client.get(f"/follow-up/{token}")
    assert response.status_code == 404


def test_a_second_answer_is_refused_by_the_service(attended):
    workshop, _people = attended(1)
    impact.send_follow_ups(due(workshop))
    follow_up = db.session.scalar(select(ImpactFollowUp))
    impact.answer(follow_up, ImpactAnswer.PLANNED, "")
    with pytest.raises(FollowUpError):
        impact.answer(follow_up, ImpactAnswer.USED, "")


def answer_all(people_answers):
    for follow_up, given in people_answers:
        impact.answer(follow_up, given, "In a lab." if given == ImpactAnswer.USED else "")


def test_results_hide_small_cells_and_their_complement(attended, make_network):
    network = make_network()
    workshop, _people = attended(14, network=network)
    impact.send_follow_ups(due(workshop))
    follow_ups = db.session.scalars(select(ImpactFollowUp).order_by(ImpactFollowUp.id)).all()
    answers = [ImpactAnswer.USED] * 11 + [ImpactAnswer.PLANNED] * 2 + [ImpactAnswer.NOT_USED]
    answer_all(zip(follow_ups, answers, strict=True))
    today = utcnow().date()
    table = impact.results(ImpactQuery(None, today - timedelta(days=90), today))
    assert table.row_keys == [str(workshop.id)] and table.asked[str(workshop.id)] == 14
    assert table.value(0, 1) is None and table.value(0, 2) is None  # 2 and 1: small
    assert table.value(0, 0) == 11  # 14 - 11 gives the hidden sum, 3, but not its split
    assert table.value(0, None) == 14 and table.people == 14
    assert table.how == {str(workshop.id): ["In a lab."] * 11}
    by_network = impact.results(
        ImpactQuery(None, today - timedelta(days=90), today, ImpactBy.NETWORK)
    )
    assert by_network.names == {str(network.id): network.name}


def test_answers_of_fewer_than_ten_people_show_nothing(attended):
    workshop, _people = attended(4)
    impact.send_follow_ups(due(workshop))
    answer_all((f, ImpactAnswer.USED) for f in db.session.scalars(select(ImpactFollowUp)))
    today = utcnow().date()
    table = impact.results(ImpactQuery(None, today - timedelta(days=90), today))
    assert table.value(0, None) is None and table.people is None and table.how == {}


def test_the_page_and_csv_for_a_network_admin(client, auth, attended, make_network, make_user):
    network = make_network("Puget Sound STEM Network")
    workshop, _people = attended(12, network=network)
    other, _ = attended(12)
    impact.send_follow_ups(due(workshop))
    answer_all((f, ImpactAnswer.USED) for f in db.session.scalars(select(ImpactFollowUp)))
    auth.login(make_user(admin_of=network))
    page = client.get("/admin/reports/impact").get_data(as_text=True)
    assert workshop.title in page and other.title not in page
    assert "In a lab." in page
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/admin/reports/impact.csv").get_data(as_text=True).lstrip("\ufeff")
            )
        )
    )
    assert rows[0] == [
        "Workshop",
        "Yes, I have used it",
        "Not yet, but I plan to",
        "No",
        "Answered",
    ]
    assert rows[1][1:] == ["12", "0", "0", "12"]


@pytest.mark.postgres
def test_concurrent_sweepers_ask_each_attendee_once_on_postgresql(pg_app):
    import threading

    from pdportal.models import (
        Network,
        User,
        Workshop,
        WorkshopSession,
        WorkshopStatus,
    )

    ended = utcnow() - timedelta(weeks=6, days=1)
    network = Network(name="N", slug="n-impact", backbone_organisation="ESD")
    workshops = []
    for index in range(3):
        workshop = Workshop(
            network=network,
            slug=f"impact-{index}",
            title=f"W{index}",
            summary="S",
            capacity=20,
            status=WorkshopStatus.PUBLISHED,
            credit_hours=3,
            starts_at=ended - timedelta(hours=3),
            ends_at=ended,
        )
        workshop.sessions.append(WorkshopSession(starts_at=workshop.starts_at, ends_at=ended))
        workshops.append(workshop)
    db.session.add_all(workshops)
    db.session.flush()
    for n in range(12):
        user = User(email=f"pg{n}@example.org", name=f"P{n}", password_hash="x")
        db.session.add(user)
        db.session.flush()
        workshop = workshops[n % 3]
        seat_and_attend(user.id, workshop, 180)
    db.session.commit()
    db.session.remove()

    summaries: list[str] = []

    def sweeper() -> None:
        with pg_app.app_context():
            try:
                summaries.append(impact.send_follow_ups(utcnow()))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sweeper) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(summaries) == 3
    assert db.session.scalar(select(func.count(ImpactFollowUp.id))) == 12
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 12
