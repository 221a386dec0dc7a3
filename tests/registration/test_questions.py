"""Registration questions: kinds, required answers, kept with the seat in one
transaction, removable only while unanswered, copied with the workshop."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pdportal.models import QuestionKind, RegistrationAnswer, WorkshopQuestion
from pdportal.services import registration
from pdportal.services.registration import AnswerProblem, QuestionError, QuestionProblem
from pdportal.services.workshops import duplicate_workshop
from tests.registration.conftest import BOTH_DATABASES, app_on_both_databases

app = pytest.fixture(params=BOTH_DATABASES)(app_on_both_databases)


@pytest.fixture
def asked(make_workshop):
    workshop = make_workshop(capacity=1)
    questions = {
        "short": registration.add_question(
            workshop, QuestionKind.SHORT_TEXT, "Role", [], is_required=True
        ),
        "long": registration.add_question(workshop, QuestionKind.LONG_TEXT, "Access needs", []),
        "one": registration.add_question(
            workshop, QuestionKind.ONE_CHOICE, "Lunch", ["Veg", "Meat"]
        ),
        "several": registration.add_question(
            workshop, QuestionKind.SEVERAL_CHOICES, "Grades", ["K-2", "3-5", "6-8"]
        ),
        "yes_no": registration.add_question(workshop, QuestionKind.YES_NO, "Substitute needed", []),
    }
    return workshop, questions


def test_answers_are_checked_and_kept_with_the_registration(asked, make_user, db):
    workshop, q = asked
    given_answers = {
        q["short"].id: " Coach ",
        q["one"].id: "Veg",
        q["several"].id: ["6-8", "K-2"],
        q["yes_no"].id: True,
    }
    kept, problems = registration.check_answers(registration.asked(workshop.id), given_answers)
    assert problems == {}
    assert kept[q["short"].id] == "Coach" and kept[q["several"].id] == ["K-2", "6-8"]
    result = registration.register_with_answers(make_user(), workshop, kept)
    assert registration.answers_for([result.registration_id]) == {result.registration_id: kept}


def test_required_wrong_choice_and_too_long_are_refused(asked):
    workshop, q = asked
    _kept, problems = registration.check_answers(
        registration.asked(workshop.id),
        {q["one"].id: "Fish", q["several"].id: ["9-12"], q["long"].id: "x" * 2001},
    )
    assert problems == {
        q["short"].id: (AnswerProblem.REQUIRED, 0),
        q["one"].id: (AnswerProblem.NOT_A_CHOICE, 0),
        q["several"].id: (AnswerProblem.NOT_A_CHOICE, 0),
        q["long"].id: (AnswerProblem.TOO_LONG, 2000),
    }


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dictionaries(
        st.integers(0, 50),
        st.one_of(st.text(max_size=50), st.booleans(), st.lists(st.text(max_size=5))),
    )
)
def test_any_answers_are_checked_without_failing(asked, given_answers):
    workshop, _q = asked
    kept, problems = registration.check_answers(registration.asked(workshop.id), given_answers)
    assert not set(kept) & set(problems)


def test_an_answered_question_can_only_be_hidden(asked, make_user, db):
    workshop, q = asked
    registration.register_with_answers(make_user(), workshop, {q["short"].id: "Teacher"})
    with pytest.raises(QuestionError) as refused:
        registration.remove_question(q["short"])
    assert refused.value.problem == QuestionProblem.ANSWERED
    registration.set_hidden(q["short"], True)
    assert q["short"].id not in [x.id for x in registration.asked(workshop.id)]
    registration.remove_question(q["long"])  # unanswered: removed
    assert db.session.get(WorkshopQuestion, q["long"].id) is None
    assert db.session.query(RegistrationAnswer).count() == 1


def test_choice_questions_need_two_choices_and_a_label(make_workshop):
    workshop = make_workshop()
    with pytest.raises(QuestionError) as refused:
        registration.add_question(workshop, QuestionKind.ONE_CHOICE, "Lunch", ["Veg", " "])
    assert refused.value.problem == QuestionProblem.CHOICES_NEEDED
    with pytest.raises(QuestionError) as refused:
        registration.add_question(workshop, QuestionKind.SHORT_TEXT, "  ", [])
    assert refused.value.problem == QuestionProblem.LABEL_MISSING


def test_questions_are_copied_when_the_workshop_is_duplicated(asked):
    workshop, q = asked
    registration.set_hidden(q["long"], True)
    copy = duplicate_workshop(workshop, weeks=4)
    copied = registration.asked(copy.id, with_hidden=True)
    assert [(x.label, x.kind, x.is_hidden) for x in copied] == [
        (x.label, x.kind, x.is_hidden) for x in registration.asked(workshop.id, with_hidden=True)
    ]
    assert {x.id for x in copied}.isdisjoint({x.id for x in q.values()})


def test_a_full_workshop_without_waitlist_keeps_no_answers(make_workshop, make_user, db):
    workshop = make_workshop(capacity=1, has_waitlist=False)
    question = registration.add_question(workshop, QuestionKind.SHORT_TEXT, "Role", [])
    registration.register_with_answers(make_user(), workshop, {question.id: "a"})
    result = registration.register_with_answers(make_user(), workshop, {question.id: "b"})
    assert result.outcome == registration.Outcome.FULL
    assert [a.value for a in db.session.query(RegistrationAnswer)] == ["a"]


def test_educator_answers_on_the_details_page(client, auth, make_user, asked, db):
    workshop, q = asked
    auth.login(make_user())
    response = client.post(f"/workshops/{workshop.slug}/register")
    assert response.location.endswith(f"/workshops/{workshop.slug}/details")
    page = client.get(response.location).get_data(as_text=True)
    assert "Access needs" in page and "Lunch" in page
    refused = client.post(response.location, data={f"q{q['one'].id}": "Fish"})
    assert "Please answer this question." in refused.get_data(as_text=True)
    assert "Choose from the options listed." in refused.get_data(as_text=True)
    done = client.post(
        response.location,
        data={
            f"q{q['short'].id}": "Coach",
            f"q{q['several'].id}": ["K-2", "3-5"],
            f"q{q['yes_no'].id}": "yes",
        },
    )
    assert done.status_code == 302
    values = {a.question_id: a.value for a in db.session.query(RegistrationAnswer)}
    assert values == {q["short"].id: "Coach", q["several"].id: ["K-2", "3-5"], q["yes_no"].id: True}


def test_admin_manages_questions(client, auth, make_user, asked, db):
    workshop, q = asked
    auth.login(make_user(admin_of=workshop.network))
    base = f"/admin/workshops/{workshop.slug}/questions"
    assert client.get(base).status_code == 200
    added = client.post(
        base, data={"label": "T-shirt size", "kind": "one_choice", "choices": "S\nM\nL"}
    )
    assert added.status_code == 302
    client.post(f"{base}/standard/interpreter_language")
    labels = [x.label for x in registration.asked(workshop.id)]
    assert "T-shirt size" in labels and any("interpreter" in label for label in labels)
    one_choice = client.post(base, data={"label": "Pick", "kind": "one_choice", "choices": "only"})
    assert "Give at least two choices" in one_choice.get_data(as_text=True)
    client.post(f"{base}/{q['long'].id}/hide")
    assert q["long"].id not in [x.id for x in registration.asked(workshop.id)]
    client.post(f"{base}/{q['long'].id}/remove")
    assert db.session.get(WorkshopQuestion, q["long"].id) is None


def test_questions_page_is_for_the_networks_admins(client, auth, make_user, asked):
    workshop, q = asked
    auth.login(make_user())
    base = f"/admin/workshops/{workshop.slug}/questions"
    assert client.get(base).status_code == 403
    assert client.post(f"{base}/{q['short'].id}/remove").status_code == 403
    assert client.get("/admin/workshops/nope/questions").status_code == 404


def test_answers_show_on_the_roster_and_its_csv_for_staff_only(
    client, auth, make_user, asked, outbox
):
    workshop, q = asked
    educator = make_user(name="Rosa Diaz")
    registration.register_with_answers(
        educator, workshop, {q["long"].id: "Step-free room", q["yes_no"].id: False}
    )
    registration.set_hidden(q["long"], True)  # hidden: its answers still show
    auth.login(make_user(admin_of=workshop.network))
    page = client.get(f"/facilitate/workshops/{workshop.slug}/roster").get_data(as_text=True)
    assert "Access needs:" in page and "Step-free room" in page
    csv_text = client.get(f"/facilitate/workshops/{workshop.slug}/roster.csv").get_data(
        as_text=True
    )
    header, row = csv_text.splitlines()[:2]
    assert "Access needs" in header and "Substitute needed" in header
    assert "Step-free room" in row and ",No" in row
    auth.login(educator)
    assert client.get(f"/facilitate/workshops/{workshop.slug}/roster.csv").status_code == 403
    assert "Step-free room" not in client.get("/me/registrations").get_data(as_text=True)


def test_the_api_says_which_questions_are_asked_never_the_answers(client, asked, make_user):
    workshop, q = asked
    registration.register_with_answers(make_user(), workshop, {q["short"].id: "Secret role"})
    registration.set_hidden(q["one"], True)
    data = client.get(f"/api/v1/workshops/{workshop.slug}").get_json()
    assert [item["label"] for item in data["questions"]] == [
        "Role",
        "Access needs",
        "Grades",
        "Substitute needed",
    ]
    assert data["questions"][0] == {
        "label": "Role",
        "kind": "short_text",
        "is_required": True,
        "choices": [],
    }
    assert "Secret role" not in client.get(f"/api/v1/workshops/{workshop.slug}").get_data(
        as_text=True
    )


def test_registered_educator_answers_later_and_may_change_answers(
    client, auth, make_user, asked, db
):
    workshop, q = asked
    educator = make_user()
    result = registration.take_seat(educator, workshop)  # e.g. registered by a coordinator
    auth.login(educator)
    panel = client.get(f"/workshops/{workshop.slug}").get_data(as_text=True)
    path = f"/me/registrations/{result.registration_id}/answers"
    assert path in panel
    assert client.get(path).status_code == 200
    refused = client.post(path, data={})
    assert "Please answer this question." in refused.get_data(as_text=True)
    assert (
        client.post(
            path, data={f"q{q['short'].id}": "Coach", f"q{q['yes_no'].id}": "no"}
        ).status_code
        == 302
    )
    assert client.post(path, data={f"q{q['short'].id}": "Principal"}).status_code == 302
    assert registration.answers_for([result.registration_id]) == {
        result.registration_id: {q["short"].id: "Principal"}
    }
    page = client.get(path).get_data(as_text=True)
    assert 'value="Principal"' in page
    auth.login(make_user())
    assert client.get(path).status_code == 403
