"""The declarative base: naming convention, aware-UTC datetimes, shared helpers."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Enum, MetaData
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, registry
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every database.

    PostgreSQL stores `timestamptz`; SQLite has no zones, so the value is stored as
    naive UTC and made aware again on the way out. Naive input is refused.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; pdportal stores aware UTC datetimes only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class LabelledEnum(enum.StrEnum):
    """A string enum whose members carry a human label: `Member = ("value", "Label")`."""

    _label: Any  # a lazy translation (flask_babel.lazy_gettext) or a plain string

    def __new__(cls, value: str, label: Any = None) -> LabelledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label or value.replace("_", " ").capitalize()
        return member

    @property
    def label(self) -> str:
        """The label in the language of the request (or email) being made."""
        return str(self._label)

    @classmethod
    def choices(cls) -> list[tuple[str, Any]]:
        """(value, label) pairs for a form: the labels stay lazy, so a form class built
        at import time still shows them in each reader's language."""
        return [(member.value, member._label) for member in cls]

    @classmethod
    def labels(cls) -> dict[str, str]:
        """value → label, in the language of the request being made."""
        return {member.value: member.label for member in cls}


TYPE_ANNOTATION_MAP: dict[Any, Any] = {
    datetime: UTCDateTime,
    # Enums are stored by value in a VARCHAR: portable, and no PostgreSQL type to migrate.
    enum.Enum: Enum(
        enum.Enum,
        native_enum=False,
        length=32,
        values_callable=lambda members: [member.value for member in members],
    ),
}


class Base(DeclarativeBase):
    # One registry carries both the naming convention and the type map (Flask-SQLAlchemy
    # subclasses this base, and SQLAlchemy 2.1 wants the map on the registry itself).
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map=TYPE_ANNOTATION_MAP,
    )
    metadata = registry.metadata
