"""A workshop's own registration questions, and each registration's answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pdportal.extensions import db
from pdportal.orm import LabelledEnum, utcnow

MAX_QUESTION_LABEL = 300


class QuestionKind(LabelledEnum):
    SHORT_TEXT = ("short_text", _l("Short text"))
    LONG_TEXT = ("long_text", _l("Long text"))
    ONE_CHOICE = ("one_choice", _l("One choice"))
    SEVERAL_CHOICES = ("several_choices", _l("Several choices"))
    YES_NO = ("yes_no", _l("Yes or no"))


class WorkshopQuestion(db.Model):
    """Asked of everyone who registers. Once answered it cannot be removed, only hidden
    (the answers stay on the roster). `standard` names one of the offered questions."""

    __tablename__ = "workshop_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[QuestionKind]
    label: Mapped[str] = mapped_column(String(MAX_QUESTION_LABEL))
    choices: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_required: Mapped[bool] = mapped_column(default=False)
    is_hidden: Mapped[bool] = mapped_column(default=False)
    standard: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RegistrationAnswer(db.Model):
    __tablename__ = "registration_answer"
    __table_args__ = (UniqueConstraint("registration_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("workshop_question.id"), index=True)
    # str for text and one choice, list[str] for several choices, bool for yes/no
    value: Mapped[Any] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    question: Mapped[WorkshopQuestion] = relationship()
