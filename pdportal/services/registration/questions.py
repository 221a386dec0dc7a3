"""A workshop's registration questions: organisers add, hide and (while unanswered)
remove them; educators answer when they register, and the answers are saved with the
registration in its seat transaction. Answers are for the workshop's staff only."""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import delete, exists, func, select

from pdportal.extensions import db
from pdportal.models import (
    QuestionKind,
    Registration,
    RegistrationAnswer,
    Workshop,
    WorkshopQuestion,
)
from pdportal.models.question import MAX_QUESTION_LABEL

MAX_CHOICES = 20
MAX_CHOICE = 100  # characters of one choice
MAX_SHORT_ANSWER = 200
MAX_LONG_ANSWER = 2000
CHOICE_KINDS = (QuestionKind.ONE_CHOICE, QuestionKind.SEVERAL_CHOICES)


class Standard(enum.StrEnum):
    """The questions offered ready-made (their words are the views')."""

    ACCESS_NEEDS = "access_needs"
    INTERPRETER_LANGUAGE = "interpreter_language"
    DIETARY_NEEDS = "dietary_needs"
    SUBSTITUTE_NEEDED = "substitute_needed"


STANDARD_KINDS = {
    Standard.ACCESS_NEEDS: QuestionKind.LONG_TEXT,
    Standard.INTERPRETER_LANGUAGE: QuestionKind.SHORT_TEXT,
    Standard.DIETARY_NEEDS: QuestionKind.SHORT_TEXT,
    Standard.SUBSTITUTE_NEEDED: QuestionKind.YES_NO,
}


class QuestionProblem(enum.StrEnum):
    LABEL_MISSING = "label_missing"
    LABEL_TOO_LONG = "label_too_long"
    CHOICES_NEEDED = "choices_needed"  # at least two
    TOO_MANY_CHOICES = "too_many_choices"
    CHOICE_TOO_LONG = "choice_too_long"
    ANSWERED = "answered"  # cannot be removed: hide it


class AnswerProblem(enum.StrEnum):
    REQUIRED = "required"
    NOT_A_CHOICE = "not_a_choice"
    TOO_LONG = "too_long"  # maximum


class QuestionError(Exception):
    def __init__(self, problem: QuestionProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def asked(workshop_id: int, *, with_hidden: bool = False) -> list[WorkshopQuestion]:
    query = select(WorkshopQuestion).where(WorkshopQuestion.workshop_id == workshop_id)
    if not with_hidden:
        query = query.where(WorkshopQuestion.is_hidden.is_(False))
    return list(db.session.scalars(query.order_by(WorkshopQuestion.position, WorkshopQuestion.id)))


def asks_questions(workshop_id: int) -> bool:
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    WorkshopQuestion.workshop_id == workshop_id,
                    WorkshopQuestion.is_hidden.is_(False),
                )
            )
        )
    )


def add_question(
    workshop: Workshop,
    kind: QuestionKind,
    label: str,
    choices: list[str],
    *,
    is_required: bool = False,
    standard: str = "",
) -> WorkshopQuestion:
    """Ask a new question at the end of the list (QuestionError when it cannot be)."""
    label = " ".join(label.split())
    choices = [" ".join(choice.split()) for choice in choices if choice.strip()]
    if not label:
        raise QuestionError(QuestionProblem.LABEL_MISSING)
    if len(label) > MAX_QUESTION_LABEL:
        raise QuestionError(QuestionProblem.LABEL_TOO_LONG)
    if kind in CHOICE_KINDS:
        if len(set(choices)) < 2:
            raise QuestionError(QuestionProblem.CHOICES_NEEDED)
        if len(choices) > MAX_CHOICES:
            raise QuestionError(QuestionProblem.TOO_MANY_CHOICES)
        if any(len(choice) > MAX_CHOICE for choice in choices):
            raise QuestionError(QuestionProblem.CHOICE_TOO_LONG)
        choices = list(dict.fromkeys(choices))
    else:
        choices = []
    last = db.session.scalar(
        select(func.max(WorkshopQuestion.position)).where(
            WorkshopQuestion.workshop_id == workshop.id
        )
    )
    question = WorkshopQuestion(
        workshop_id=workshop.id,
        position=(last or 0) + 1,
        kind=kind,
        label=label,
        choices=choices,
        is_required=is_required,
        standard=standard,
    )
    db.session.add(question)
    db.session.commit()
    return question


def is_answered(question: WorkshopQuestion) -> bool:
    return bool(
        db.session.scalar(select(exists().where(RegistrationAnswer.question_id == question.id)))
    )


def set_hidden(question: WorkshopQuestion, hidden: bool) -> None:
    """Hidden questions are no longer asked; their answers stay on the roster."""
    question.is_hidden = hidden
    db.session.commit()


def remove_question(question: WorkshopQuestion) -> None:
    """Remove a question nobody has answered (QuestionError ANSWERED otherwise)."""
    if is_answered(question):
        raise QuestionError(QuestionProblem.ANSWERED)
    db.session.delete(question)
    db.session.commit()


def copy_questions(source: Workshop, copy: Workshop) -> None:
    """Put the source's questions on its duplicate (hidden ones stay hidden); the
    caller commits."""
    for question in asked(source.id, with_hidden=True):
        copy_of = WorkshopQuestion(
            position=question.position,
            kind=question.kind,
            label=question.label,
            choices=list(question.choices),
            is_required=question.is_required,
            is_hidden=question.is_hidden,
            standard=question.standard,
        )
        copy.questions.append(copy_of)


def check_answers(
    questions: list[WorkshopQuestion], given: dict[int, Any]
) -> tuple[dict[int, Any], dict[int, tuple[AnswerProblem, int]]]:
    """The answers to keep (question id → value) and the problems by question id (with
    a maximum length where it applies). `given` holds text, a list of texts, or a bool."""
    kept: dict[int, Any] = {}
    problems: dict[int, tuple[AnswerProblem, int]] = {}
    for question in questions:
        value = given.get(question.id)
        if question.kind == QuestionKind.YES_NO:
            if value is None and question.is_required:
                problems[question.id] = (AnswerProblem.REQUIRED, 0)
            elif value is not None:
                kept[question.id] = bool(value)
            continue
        if question.kind == QuestionKind.SEVERAL_CHOICES:
            values = [v for v in value if v] if isinstance(value, list | tuple) else []
            if any(v not in question.choices for v in values):
                problems[question.id] = (AnswerProblem.NOT_A_CHOICE, 0)
            elif not values and question.is_required:
                problems[question.id] = (AnswerProblem.REQUIRED, 0)
            elif values:
                kept[question.id] = [c for c in question.choices if c in values]
            continue
        text = (value or "").strip() if isinstance(value, str) else ""
        limit = MAX_LONG_ANSWER if question.kind == QuestionKind.LONG_TEXT else MAX_SHORT_ANSWER
        if not text:
            if question.is_required:
                problems[question.id] = (AnswerProblem.REQUIRED, 0)
        elif question.kind == QuestionKind.ONE_CHOICE and text not in question.choices:
            problems[question.id] = (AnswerProblem.NOT_A_CHOICE, 0)
        elif len(text) > limit:
            problems[question.id] = (AnswerProblem.TOO_LONG, limit)
        else:
            kept[question.id] = text
    return kept, problems


def save_answers(registration: Registration, answers: dict[int, Any]) -> None:
    """Keep the answers beside a new registration (in the caller's transaction)."""
    for question_id, value in answers.items():
        db.session.add(
            RegistrationAnswer(
                registration_id=registration.id, question_id=question_id, value=value
            )
        )


def replace_answers(registration: Registration, answers: dict[int, Any]) -> None:
    """An educator answers (again) after registering: staff their coordinator registered,
    or anyone whose questions were added later. Answers do not touch seats: no lock."""
    db.session.execute(
        delete(RegistrationAnswer).where(
            RegistrationAnswer.registration_id == registration.id,
            RegistrationAnswer.question_id.in_(
                select(WorkshopQuestion.id).where(
                    WorkshopQuestion.workshop_id == registration.workshop_id,
                    WorkshopQuestion.is_hidden.is_(False),
                )
            ),
        )
    )
    save_answers(registration, answers)
    db.session.commit()


def answers_for(registration_ids: list[int]) -> dict[int, dict[int, Any]]:
    """Registration id → question id → answer, in one query (for the roster)."""
    found: dict[int, dict[int, Any]] = {}
    if not registration_ids:
        return found
    rows = db.session.execute(
        select(
            RegistrationAnswer.registration_id,
            RegistrationAnswer.question_id,
            RegistrationAnswer.value,
        ).where(RegistrationAnswer.registration_id.in_(registration_ids))
    )
    for registration_id, question_id, value in rows:
        found.setdefault(registration_id, {})[question_id] = value
    return found
