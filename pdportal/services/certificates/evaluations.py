"""Workshop evaluations: invitations after the last session, anonymous answers, results.

Answers go to `EvaluationResponse` (no user, no time, a random key) and the fact of
answering to `EvaluationSubmission`, in one transaction; results are shown only from
`MIN_RESPONSES` answers on, so that a small group cannot be read person by person.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError

from pdportal import policy
from pdportal.database import begin_write_locked_transaction
from pdportal.extensions import db
from pdportal.models import (
    ATTENDED_STATUSES,
    RATING_QUESTIONS,
    Attendance,
    EvaluationAnswer,
    EvaluationInvitation,
    EvaluationQuestion,
    EvaluationResponse,
    EvaluationSubmission,
    Registration,
    RegistrationStatus,
    User,
    Workshop,
    WorkshopStatus,
)
from pdportal.orm import utcnow
from pdportal.services import attendance
from pdportal.services.common.urls import external_url
from pdportal.services.mail.outbox import queue_templated_email

MIN_RESPONSES = 3
PUBLIC_MIN_RESPONSES = 5  # the public summary shows no group smaller than this
MAX_OWN_QUESTIONS = 5
MAX_QUESTION_LENGTH = 200
OWN = "own:"  # the key of a workshop's own question in results: "own:<id>"
INVITE_WITHIN = timedelta(days=30)  # workshops that ended longer ago are not swept


class EvaluationRefusal(StrEnum):
    """Why an evaluation cannot be taken; the views say it in words."""

    NOT_OPEN_YET = "not_open_yet"  # before the workshop's last session ends
    NOT_ATTENDED = "not_attended"
    ALREADY_SUBMITTED = "already_submitted"
    RATINGS_INCOMPLETE = "ratings_incomplete"  # every question needs a rating from 1 to 5
    # The workshop's own questions
    TOO_MANY_QUESTIONS = "too_many_questions"  # at most MAX_OWN_QUESTIONS
    QUESTION_TOO_LONG = "question_too_long"  # at most MAX_QUESTION_LENGTH characters
    ALREADY_ANSWERED = "already_answered"  # the questions are fixed once anyone answered


class EvaluationError(Exception):
    """The evaluation cannot be taken, for `reason`."""

    def __init__(self, reason: EvaluationRefusal) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class QuestionResult:
    question: str  # the key of RATING_QUESTIONS; the views word it
    average: float
    distribution: list[int]  # counts of 1..5


@dataclass(frozen=True)
class EvaluationResults:
    responses: int
    questions: list[QuestionResult]
    comments: list[str]

    @property
    def can_show(self) -> bool:
        return self.responses >= MIN_RESPONSES


def is_open(workshop: Workshop, now: datetime) -> bool:
    return workshop.ends_at is not None and workshop.ends_at <= now


def has_submitted(workshop: Workshop, user: User) -> bool:
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    EvaluationSubmission.workshop_id == workshop.id,
                    EvaluationSubmission.user_id == user.id,
                )
            )
        )
    )


def _attended(user: User):
    """The ids of workshops this person attended (a session, confirmed)."""
    return (
        select(Registration.workshop_id)
        .join(Attendance, Attendance.registration_id == Registration.id)
        .where(
            Registration.user_id == user.id,
            Registration.status == RegistrationStatus.CONFIRMED,
            Attendance.status.in_(ATTENDED_STATUSES),
        )
    )


def attended_over(user: User, now: datetime) -> list[Workshop]:
    """Workshops this person attended that are now over, most recent first."""
    return list(
        db.session.scalars(
            select(Workshop)
            .where(Workshop.id.in_(_attended(user)), Workshop.ends_at <= now)
            .order_by(Workshop.ends_at.desc())
        )
    )


def pending_for(user: User, now: datetime) -> list[Workshop]:
    """Workshops this person attended, now over, that they have not evaluated yet."""
    answered = select(EvaluationSubmission.workshop_id).where(
        EvaluationSubmission.user_id == user.id
    )
    return list(
        db.session.scalars(
            select(Workshop)
            .where(
                Workshop.id.in_(_attended(user)),
                Workshop.id.not_in(answered),
                Workshop.ends_at <= now,
            )
            .order_by(Workshop.ends_at.desc())
        )
    )


def own_questions(workshop: Workshop) -> list[EvaluationQuestion]:
    """The workshop's own questions, asked after the standard (OSPI) ones."""
    return list(
        db.session.scalars(
            select(EvaluationQuestion)
            .where(EvaluationQuestion.workshop_id == workshop.id)
            .order_by(EvaluationQuestion.position, EvaluationQuestion.id)
        )
    )


def own_labels(workshop: Workshop) -> dict[str, str]:
    """Result keys ("own:<id>") of the workshop's own questions, with their text."""
    return {f"{OWN}{q.id}": q.text for q in own_questions(workshop)}


def set_own_questions(workshop: Workshop, texts: list[str]) -> list[EvaluationQuestion]:
    """Replace the workshop's own questions; refused once anyone has answered (their
    ratings would no longer match the questions)."""
    texts = [" ".join(t.split()) for t in texts if t.strip()]
    if len(texts) > MAX_OWN_QUESTIONS:
        raise EvaluationError(EvaluationRefusal.TOO_MANY_QUESTIONS)
    if any(len(t) > MAX_QUESTION_LENGTH for t in texts):
        raise EvaluationError(EvaluationRefusal.QUESTION_TOO_LONG)
    answered = db.session.scalar(
        select(exists().where(EvaluationResponse.workshop_id == workshop.id))
    )
    if answered:
        raise EvaluationError(EvaluationRefusal.ALREADY_ANSWERED)
    for question in own_questions(workshop):
        db.session.delete(question)
    questions = [
        EvaluationQuestion(workshop_id=workshop.id, position=index, text=text)
        for index, text in enumerate(texts)
    ]
    db.session.add_all(questions)
    db.session.commit()
    return questions


def submit(
    workshop: Workshop,
    user: User,
    ratings: dict[str, int],
    comments: str,
    now: datetime | None = None,
    own: dict[int, int] | None = None,
) -> None:
    """Store one anonymous response (with the ratings of the workshop's own questions,
    by question id) and the fact that this person answered."""
    if not is_open(workshop, now or utcnow()):
        raise EvaluationError(EvaluationRefusal.NOT_OPEN_YET)
    if not policy.can_evaluate(user, workshop):
        raise EvaluationError(EvaluationRefusal.NOT_ATTENDED)
    if has_submitted(workshop, user):
        raise EvaluationError(EvaluationRefusal.ALREADY_SUBMITTED)
    own = own or {}
    asked = {q.id for q in own_questions(workshop)}
    if set(ratings) != set(RATING_QUESTIONS) or set(own) != asked:
        raise EvaluationError(EvaluationRefusal.RATINGS_INCOMPLETE)
    if not all(1 <= v <= 5 for v in [*ratings.values(), *own.values()]):
        raise EvaluationError(EvaluationRefusal.RATINGS_INCOMPLETE)
    db.session.add(EvaluationSubmission(workshop_id=workshop.id, user_id=user.id))
    response = EvaluationResponse(
        workshop_id=workshop.id, comments=comments.strip()[:5000], **ratings
    )
    db.session.add(response)
    db.session.flush()
    db.session.add_all(
        EvaluationAnswer(response_id=response.id, question_id=question_id, rating=rating)
        for question_id, rating in own.items()
    )
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise EvaluationError(EvaluationRefusal.ALREADY_SUBMITTED) from error


def results(workshop: Workshop) -> EvaluationResults:
    responses = list(
        db.session.scalars(
            select(EvaluationResponse).where(EvaluationResponse.workshop_id == workshop.id)
        )
    )
    if len(responses) < MIN_RESPONSES:
        return EvaluationResults(len(responses), [], [])
    questions = []
    for name in RATING_QUESTIONS:
        counts = Counter(getattr(response, name) for response in responses)
        average = sum(getattr(response, name) for response in responses) / len(responses)
        questions.append(QuestionResult(name, round(average, 2), [counts[v] for v in range(1, 6)]))
    # Sorted, not in arrival order, so the order gives nothing away.
    for question in own_questions(workshop):
        ratings = list(
            db.session.scalars(
                select(EvaluationAnswer.rating).where(EvaluationAnswer.question_id == question.id)
            )
        )
        if ratings:
            counts = Counter(ratings)
            average = round(sum(ratings) / len(ratings), 2)
            distribution = [counts[v] for v in range(1, 6)]
            questions.append(QuestionResult(f"{OWN}{question.id}", average, distribution))
    comments = sorted(r.comments for r in responses if r.comments)
    return EvaluationResults(len(responses), questions, comments)


@dataclass(frozen=True)
class PublicSummary:
    """One ended workshop in a network's public evaluation summary: its number of
    responses and, from PUBLIC_MIN_RESPONSES on, each question's average (else None)."""

    workshop: Workshop
    responses: int
    averages: dict[str, float] | None


def network_summary(network_id: int, now: datetime) -> list[PublicSummary]:
    """The public summary of a network's ended workshops, most recent first: aggregates
    only (no comments), small groups suppressed. Two queries whatever the number."""
    workshops = db.session.scalars(
        select(Workshop)
        .where(
            Workshop.network_id == network_id,
            Workshop.status.in_((WorkshopStatus.PUBLISHED, WorkshopStatus.COMPLETED)),
            Workshop.ends_at <= now,
        )
        .order_by(Workshop.ends_at.desc(), Workshop.id)
        .limit(500)
    ).all()
    columns = [getattr(EvaluationResponse, name) for name in RATING_QUESTIONS]
    rows = db.session.execute(
        select(
            EvaluationResponse.workshop_id,
            func.count(EvaluationResponse.id),
            *(func.avg(column) for column in columns),
        )
        .where(EvaluationResponse.workshop_id.in_([w.id for w in workshops]))
        .group_by(EvaluationResponse.workshop_id)
    )
    found = {row[0]: row[1:] for row in rows}
    summaries = []
    for workshop in workshops:
        count, *averages = found.get(workshop.id, (0,))
        shown = None
        if count >= PUBLIC_MIN_RESPONSES:
            shown = {
                name: round(float(average), 2)
                for name, average in zip(RATING_QUESTIONS, averages, strict=True)
            }
        summaries.append(PublicSummary(workshop, count, shown))
    return summaries


def send_invitations(now: datetime) -> str:
    """Sweep step: email each attendee of a workshop that has just ended, once.

    Workshop rows are claimed with FOR UPDATE SKIP LOCKED on PostgreSQL (SQLite's write
    lock serialises sweepers), so parallel sweepers never invite anyone twice.
    """
    begin_write_locked_transaction()
    workshops = db.session.scalars(
        select(Workshop)
        .where(
            Workshop.status.in_((WorkshopStatus.PUBLISHED, WorkshopStatus.COMPLETED)),
            Workshop.ends_at <= now,
            Workshop.ends_at > now - INVITE_WITHIN,
        )
        .with_for_update(skip_locked=True)
    ).all()
    sent = 0
    for workshop in workshops:
        invited = select(EvaluationInvitation.user_id).where(
            EvaluationInvitation.workshop_id == workshop.id
        )
        attended_ids = attendance.attendee_ids(workshop.id)
        attendees = db.session.scalars(
            select(User).where(User.id.in_(attended_ids), User.id.not_in(invited))
        ).all()
        url = external_url("certificates.evaluate", slug=workshop.slug)
        for user in attendees:
            db.session.add(EvaluationInvitation(workshop_id=workshop.id, user_id=user.id))
            queue_templated_email(
                user.email,
                "evaluation_request",
                language=user.preferred_language,
                user=user,
                workshop=workshop,
                url=url,
            )
            sent += 1
    db.session.commit()
    # A line of the operator's log (`flask sweep`), like every sweep step's.
    return f"evaluations: {sent} invitation{'' if sent == 1 else 's'} sent"
