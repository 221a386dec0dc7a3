"""Workshop evaluations, stored so that nobody can tell who wrote what.

A response row carries no user, no timestamp and a random key (not a sequence that
would line up with the submission rows); the separate submission row records only
that a person has answered, which is what certificate eligibility needs.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pdportal.extensions import db
from pdportal.orm import utcnow

RATING_QUESTIONS = {
    "objectives_met": "The workshop's objectives were met",
    "relevance": "Relevance to my work",
    "facilitation": "Quality of facilitation",
    "likely_to_change": "How likely I am to change my practice",
}


class EvaluationResponse(db.Model):
    __tablename__ = "evaluation_response"
    __table_args__ = tuple(
        CheckConstraint(f"{name} BETWEEN 1 AND 5", name=f"{name}_rating")
        for name in RATING_QUESTIONS
    )

    id: Mapped[str] = mapped_column(
        String(32), primary_key=True, default=lambda: secrets.token_hex(16)
    )
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    objectives_met: Mapped[int]
    relevance: Mapped[int]
    facilitation: Mapped[int]
    likely_to_change: Mapped[int]
    comments: Mapped[str] = mapped_column(Text, default="")


class EvaluationSubmission(db.Model):
    """This person has answered this workshop's evaluation (but not what they said)."""

    __tablename__ = "evaluation_submission"
    __table_args__ = (UniqueConstraint("workshop_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    submitted_on: Mapped[datetime] = mapped_column(default=utcnow)


class EvaluationInvitation(db.Model):
    """The evaluation email went to this attendee (sent once)."""

    __tablename__ = "evaluation_invitation"
    __table_args__ = (UniqueConstraint("workshop_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)


class EvaluationQuestion(db.Model):
    """A workshop's own question, rated 1 to 5 after the standard ones."""

    __tablename__ = "evaluation_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(200))


class EvaluationAnswer(db.Model):
    """One rating of a workshop's own question, part of an anonymous response."""

    __tablename__ = "evaluation_answer"
    __table_args__ = (CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),)

    id: Mapped[str] = mapped_column(
        String(32), primary_key=True, default=lambda: secrets.token_hex(16)
    )
    response_id: Mapped[str] = mapped_column(
        ForeignKey("evaluation_response.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation_question.id", ondelete="CASCADE"), index=True
    )
    rating: Mapped[int]
