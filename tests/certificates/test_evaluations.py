"""Evaluations: invited once after the last session, anonymous, results only from 3 answers."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, select

from pdportal.models import (
    AttendanceStatus,
    EvaluationResponse,
    EvaluationSubmission,
    OutboxMessage,
)
from pdportal.orm import utcnow
from pdportal.services import certificates, sweep
from pdportal.services.certificates import evaluations
from pdportal.services.certificates.evaluations import EvaluationError, EvaluationRefusal
from tests.conftest import recorded_statements

P = AttendanceStatus.PRESENT
RATINGS = {"objectives_met": 5, "relevance": 4, "facilitation": 5, "likely_to_change": 3}


@pytest.fixture
def attended(make_user, past_workshop, enrol, mark):
    workshop = past_workshop(requires_evaluation=True)
    people = []
    for name in ("Ana", "Ben", "Cy"):
        person = make_user(name=name)
        mark(enrol(person, workshop), workshop, [P, P])
        people.append(person)
    no_show = make_user(name="No Show")
    mark(enrol(no_show, workshop), workshop, [AttendanceStatus.ABSENT] * 2)
    return workshop, people, no_show


def test_sweep_invites_each_attendee_once(attended, db):
    workshop, people, no_show = attended
    assert "3 invitations" in evaluations.send_invitations(utcnow())
    assert "0 invitations" in evaluations.send_invitations(utcnow())
    recipients = sorted(db.session.scalars(select(OutboxMessage.to_email)))
    assert recipients == sorted(p.email for p in people)
    body = db.session.scalar(select(OutboxMessage.body_text))
    assert f"/me/evaluations/{workshop.slug}" in body
    assert evaluations.send_invitations in sweep.steps()


def test_responses_cannot_be_traced_to_a_person(attended, db):
    workshop, people, _ = attended
    evaluations.submit(workshop, people[0], RATINGS, "Loved the modeling tasks")
    columns = {c.key for c in inspect(EvaluationResponse).columns}
    assert not {"user_id", "created_at", "submitted_at"} & columns
    response = db.session.scalar(select(EvaluationResponse))
    assert len(response.id) == 32  # random, not a sequence that lines up with submissions
    assert db.session.scalar(select(EvaluationSubmission.user_id)) == people[0].id


def test_each_attendee_answers_once_and_no_shows_not_at_all(attended):
    workshop, people, no_show = attended
    evaluations.submit(workshop, people[0], RATINGS, "")
    with pytest.raises(EvaluationError) as refused:
        evaluations.submit(workshop, people[0], RATINGS, "")
    assert refused.value.reason == EvaluationRefusal.ALREADY_SUBMITTED
    with pytest.raises(EvaluationError) as refused:
        evaluations.submit(workshop, no_show, RATINGS, "")
    assert refused.value.reason == EvaluationRefusal.NOT_ATTENDED


def test_every_question_needs_a_rating_from_one_to_five(attended):
    workshop, people, _ = attended
    with pytest.raises(EvaluationError) as refused:
        evaluations.submit(workshop, people[0], {**RATINGS, "relevance": 6}, "")
    assert refused.value.reason == EvaluationRefusal.RATINGS_INCOMPLETE


def test_results_appear_only_from_three_responses(attended):
    workshop, people, _ = attended
    for person in people[:2]:
        evaluations.submit(workshop, person, RATINGS, "Great")
    assert not evaluations.results(workshop).can_show
    assert evaluations.results(workshop).comments == []
    evaluations.submit(workshop, people[2], {**RATINGS, "relevance": 1}, "")
    results = evaluations.results(workshop)
    assert results.can_show and results.responses == 3
    relevance = next(q for q in results.questions if q.question == "relevance")
    assert relevance.average == 3.0 and relevance.distribution == [1, 0, 0, 2, 0]
    assert results.comments == ["Great", "Great"]


def test_evaluation_form_then_certificate(client, auth, attended, make_user):
    workshop, people, _ = attended
    admin = make_user(is_site_admin=True)
    assert certificates.issue_for_workshop(workshop, admin).issued == []

    auth.login(people[0])
    bad = client.post(f"/me/evaluations/{workshop.slug}", data={"objectives_met": "9"})
    assert bad.status_code == 200 and "Choose a rating from 1 to 5" in bad.get_data(as_text=True)
    ok = client.post(f"/me/evaluations/{workshop.slug}", data={**RATINGS, "comments": "Useful"})
    assert ok.status_code == 302

    [certificate] = certificates.issue_for_workshop(workshop, admin).issued
    assert certificate.user_id == people[0].id


def test_only_attendees_reach_the_form(client, auth, attended):
    workshop, _, no_show = attended
    auth.login(no_show)
    assert client.get(f"/me/evaluations/{workshop.slug}").status_code == 403


def test_results_page_says_why_it_is_empty(client, auth, attended, make_user):
    workshop, people, _ = attended
    auth.login(make_user(is_site_admin=True))
    page = client.get(f"/facilitate/workshops/{workshop.slug}/evaluations").get_data(as_text=True)
    assert "at least 3 people have answered" in page and "0 responses." in page


def test_results_page_words_each_question(client, auth, attended, make_user):
    workshop, people, _ = attended
    for person in people:
        evaluations.submit(workshop, person, RATINGS, "")
    auth.login(make_user(is_site_admin=True))
    page = client.get(f"/facilitate/workshops/{workshop.slug}/evaluations").get_data(as_text=True)
    assert "3 responses." in page
    assert '<th scope="row">Relevance to my work</th>' in page
    assert "How likely I am to change my practice" in page


def test_my_certificates_lists_evaluations_waiting(client, auth, attended):
    workshop, people, no_show = attended
    auth.login(people[0])
    page = client.get("/me/certificates").get_data(as_text=True)
    assert f"Evaluate {workshop.title}" in page and "Needed for the certificate" in page
    evaluations.submit(workshop, people[0], RATINGS, "")
    assert "Evaluations waiting" not in client.get("/me/certificates").get_data(as_text=True)
    auth.login(no_show)
    assert "Evaluations waiting" not in client.get("/me/certificates").get_data(as_text=True)


def test_evaluation_opens_after_the_last_session(make_user, make_workshop, enrol, mark):
    workshop = make_workshop(sessions=2)
    person = make_user()
    mark(enrol(person, workshop), workshop, [P])
    with pytest.raises(EvaluationError) as refused:
        evaluations.submit(workshop, person, RATINGS, "")
    assert refused.value.reason == EvaluationRefusal.NOT_OPEN_YET


# --- the public summary per network (issue 11) ---------------------------------------


def _answers(workshop, people, make_user, enrol, mark):
    ratings = {"objectives_met": 4, "relevance": 5, "facilitation": 3, "likely_to_change": 2}
    for _ in range(people):
        educator = make_user()
        mark(enrol(educator, workshop), workshop, [AttendanceStatus.PRESENT])
        evaluations.submit(workshop, educator, ratings, "A comment nobody else should read")


def test_the_public_summary_shows_averages_from_five_responses(
    client, past_workshop, make_user, enrol, mark
):
    workshop = past_workshop(title="Sensemaking in Science")
    _answers(workshop, 5, make_user, enrol, mark)
    page = client.get(f"/evaluations/{workshop.network.slug}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Sensemaking in Science" in text and "<td>4.0</td>" in text and "<td>2.0</td>" in text
    assert "A comment nobody else should read" not in text


def test_fewer_than_five_responses_are_suppressed(client, past_workshop, make_user, enrol, mark):
    workshop = past_workshop(title="Small Group Session")
    _answers(workshop, 4, make_user, enrol, mark)
    text = client.get(f"/evaluations/{workshop.network.slug}").get_data(as_text=True)
    assert "Fewer than 5 responses: not shown" in text
    assert "<td>4.0</td>" not in text and "<td>4</td>" not in text


def test_the_summary_is_linked_from_the_workshop_page_once_it_ends(
    client, past_workshop, make_workshop
):
    ended = past_workshop()
    page = client.get(f"/workshops/{ended.slug}").get_data(as_text=True)
    assert f"/evaluations/{ended.network.slug}#workshop-{ended.slug}" in page
    coming = make_workshop()
    assert "/evaluations/" not in client.get(f"/workshops/{coming.slug}").get_data(as_text=True)


def test_an_unknown_network_has_no_summary(client):
    assert client.get("/evaluations/no-such-network").status_code == 404


def test_the_summary_runs_the_same_queries_for_few_or_many_workshops(
    client, past_workshop, make_network
):
    network = make_network()
    past_workshop(network=network)
    with recorded_statements() as few:
        client.get(f"/evaluations/{network.slug}")
    for _ in range(5):
        past_workshop(network=network)
    with recorded_statements() as many:
        client.get(f"/evaluations/{network.slug}")
    assert len(many) == len(few)


# --- the workshop's own questions (issue 11) -----------------------------------------


def test_own_questions_are_asked_after_the_standard_ones_and_counted(
    client, auth, past_workshop, make_user, enrol, mark
):
    workshop = past_workshop()
    [fit, pace] = evaluations.set_own_questions(
        workshop, ["The examples fit my grade band", "", "  The pace   was right "]
    )
    assert pace.text == "The pace was right"
    people = [make_user() for _ in range(3)]
    for person in people:
        mark(enrol(person, workshop), workshop, [AttendanceStatus.PRESENT])
    auth.login(people[0])
    page = client.get(f"/me/evaluations/{workshop.slug}").get_data(as_text=True)
    assert "The examples fit my grade band" in page
    answers = {"objectives_met": "5", "relevance": "4", "facilitation": "5"}
    refused = client.post(
        f"/me/evaluations/{workshop.slug}",
        data={**answers, "likely_to_change": "3", f"own_{fit.id}": "4"},
    )
    assert refused.status_code == 200 and "Choose a rating from 1 to 5." in refused.get_data(
        as_text=True
    )
    client.post(
        f"/me/evaluations/{workshop.slug}",
        data={**answers, "likely_to_change": "3", f"own_{fit.id}": "4", f"own_{pace.id}": "2"},
    )
    ratings = {"objectives_met": 4, "relevance": 4, "facilitation": 4, "likely_to_change": 4}
    for person in people[1:]:
        evaluations.submit(workshop, person, ratings, "", own={fit.id: 2, pace.id: 2})
    results = evaluations.results(workshop)
    own = {q.question: q.average for q in results.questions if q.question.startswith("own:")}
    assert own == {f"own:{fit.id}": round(8 / 3, 2), f"own:{pace.id}": 2.0}


def test_an_answer_must_rate_every_own_question(past_workshop, make_user, enrol, mark):
    workshop = past_workshop()
    [question] = evaluations.set_own_questions(workshop, ["Useful?"])
    person = make_user()
    mark(enrol(person, workshop), workshop, [AttendanceStatus.PRESENT])
    ratings = {"objectives_met": 4, "relevance": 4, "facilitation": 4, "likely_to_change": 4}
    for own in ({}, {question.id: 6}, {question.id: 3, 999: 3}):
        with pytest.raises(EvaluationError) as refused:
            evaluations.submit(workshop, person, ratings, "", own=own)
        assert refused.value.reason == EvaluationRefusal.RATINGS_INCOMPLETE


def test_own_questions_are_fixed_once_answered_and_limited(past_workshop, make_user, enrol, mark):
    workshop = past_workshop()
    with pytest.raises(EvaluationError) as refused:
        evaluations.set_own_questions(workshop, [f"Question {n}" for n in range(6)])
    assert refused.value.reason == EvaluationRefusal.TOO_MANY_QUESTIONS
    with pytest.raises(EvaluationError) as refused:
        evaluations.set_own_questions(workshop, ["x" * 201])
    assert refused.value.reason == EvaluationRefusal.QUESTION_TOO_LONG
    evaluations.set_own_questions(workshop, ["Useful?"])
    person = make_user()
    mark(enrol(person, workshop), workshop, [AttendanceStatus.PRESENT])
    ratings = {"objectives_met": 4, "relevance": 4, "facilitation": 4, "likely_to_change": 4}
    [question] = evaluations.own_questions(workshop)
    evaluations.submit(workshop, person, ratings, "", own={question.id: 5})
    with pytest.raises(EvaluationError) as refused:
        evaluations.set_own_questions(workshop, ["Another?"])
    assert refused.value.reason == EvaluationRefusal.ALREADY_ANSWERED


def test_admins_write_the_questions_on_the_approval_page(client, auth, past_workshop, make_user):
    workshop = past_workshop()
    auth.login(make_user(admin_of=workshop.network))
    url = f"/admin/workshops/{workshop.slug}/approval/questions"
    client.post(url, data={"questions": "Useful?\r\nClear?"})
    assert [q.text for q in evaluations.own_questions(workshop)] == ["Useful?", "Clear?"]
    response = client.post(url, data={"questions": "\n".join(f"Q{n}" for n in range(6))})
    assert response.status_code == 400
    assert "Ask at most five questions of your own." in response.get_data(as_text=True)
    auth.login(make_user())
    assert client.post(url, data={"questions": "Mine?"}).status_code == 403
