"""The catalog's search index: one row of searchable text per workshop (`workshop_search`),
and the full-text engine each database builds over it.

The texts are written by `services.search` whenever a workshop, its network, sessions or
facilitators change; the engine indexes them:

- PostgreSQL: a stored `tsvector` column (`document`, weighted A title, B subjects,
  C places and people, D description) with a GIN index;
- SQLite: an FTS5 table (`workshop_fts`, Porter stemming, accents folded) over the same
  rows, kept in step by the three triggers FTS5's documentation gives for an
  external-content table.

Neither is expressible as a portable model, so both are created by `SEARCH_ENGINE_DDL`:
by `metadata.create_all` (the event below) and by the migration that added search. The
schema comparison (`flask db check`) skips them (`include_object`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import DDL, ForeignKey, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from pdportal.extensions import db

TEXT_COLUMNS = ("title", "subjects", "places", "body")  # weights A, B, C, D
FTS_TABLE = "workshop_fts"
TSVECTOR_COLUMN = "document"
TSVECTOR_INDEX = "ix_workshop_search_document"
TEXT_SEARCH_CONFIG = "english"


class WorkshopSearch(db.Model):
    """A workshop's searchable text (normalised: accents folded, dashes as spaces)."""

    __tablename__ = "workshop_search"

    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    county: Mapped[str] = mapped_column(String(60), default="", index=True)  # "" unknown
    title: Mapped[str] = mapped_column(Text, default="")
    subjects: Mapped[str] = mapped_column(Text, default="")  # summary, topics, grades
    places: Mapped[str] = mapped_column(Text, default="")  # network, venue, format, people
    body: Mapped[str] = mapped_column(Text, default="")  # description


def _weighted_tsvector() -> str:
    parts = [
        f"setweight(to_tsvector('{TEXT_SEARCH_CONFIG}', coalesce({name}, '')), '{weight}')"
        for name, weight in zip(TEXT_COLUMNS, "ABCD", strict=True)
    ]
    return " || ".join(parts)


_columns = ", ".join(TEXT_COLUMNS)
_new = ", ".join(f"new.{name}" for name in TEXT_COLUMNS)
_old = ", ".join(f"old.{name}" for name in TEXT_COLUMNS)
# Constant DDL (no value from outside), written out for both `create_all` and the migration.
_delete_old = (
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_columns}) "  # noqa: S608
    f"VALUES ('delete', old.workshop_id, {_old});"
)
_insert_new = f"INSERT INTO {FTS_TABLE}(rowid, {_columns}) VALUES (new.workshop_id, {_new});"  # noqa: S608
_trigger = "CREATE TRIGGER workshop_search_{} AFTER {} ON workshop_search BEGIN {} END"

SEARCH_ENGINE_DDL: dict[str, tuple[str, ...]] = {
    "postgresql": (
        f"ALTER TABLE workshop_search ADD COLUMN {TSVECTOR_COLUMN} tsvector "
        f"GENERATED ALWAYS AS ({_weighted_tsvector()}) STORED",
        f"CREATE INDEX {TSVECTOR_INDEX} ON workshop_search USING gin ({TSVECTOR_COLUMN})",
    ),
    "sqlite": (
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({_columns}, content='workshop_search', "
        "content_rowid='workshop_id', tokenize='porter unicode61 remove_diacritics 2')",
        _trigger.format("ai", "INSERT", _insert_new),
        _trigger.format("ad", "DELETE", _delete_old),
        _trigger.format("au", "UPDATE", f"{_delete_old} {_insert_new}"),
    ),
}
SEARCH_ENGINE_DROP: dict[str, tuple[str, ...]] = {
    "postgresql": (f"DROP INDEX IF EXISTS {TSVECTOR_INDEX}",),
    "sqlite": (
        "DROP TRIGGER IF EXISTS workshop_search_ai",
        "DROP TRIGGER IF EXISTS workshop_search_ad",
        "DROP TRIGGER IF EXISTS workshop_search_au",
        f"DROP TABLE IF EXISTS {FTS_TABLE}",
    ),
}

for _dialect, _statements in SEARCH_ENGINE_DDL.items():
    for _statement in _statements:
        event.listen(
            WorkshopSearch.__table__, "after_create", DDL(_statement).execute_if(dialect=_dialect)
        )
for _dialect, _statements in SEARCH_ENGINE_DROP.items():
    for _statement in _statements:
        event.listen(
            WorkshopSearch.__table__, "before_drop", DDL(_statement).execute_if(dialect=_dialect)
        )


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """For the schema comparison: leave out the search engine's own tables, column and
    index, which the models do not describe (see the module's docstring)."""
    if not reflected or compare_to is not None or name is None:
        return True
    if type_ == "table":
        return not name.startswith(FTS_TABLE)
    if type_ == "column":
        return not (name == TSVECTOR_COLUMN and obj.table.name == "workshop_search")
    return not (type_ == "index" and name == TSVECTOR_INDEX)
