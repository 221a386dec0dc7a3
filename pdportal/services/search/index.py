"""Keeping the search index (`models.WorkshopSearch`) current.

A workshop's searchable text draws on its own fields, its network, its sessions'
locations and its facilitators' names. Whatever saves any of them through the ORM (the
workshop, network and account services, the demo seed, tests' factories) flushes a
session; a flush listener notes which workshops it touched and rewrites their rows in
the same transaction, so the index can never be committed out of step. Writers that go
around the ORM (the demo's bulk INSERTs, a migration) call `reindex` themselves.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import delete, event, insert, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from pdportal.models import (
    Network,
    User,
    Workshop,
    WorkshopFacilitator,
    WorkshopSearch,
    WorkshopSession,
)
from pdportal.services.search.places import county_of
from pdportal.services.search.vocabulary import (
    FORMAT_WORDS,
    GRADE_WORDS,
    TOPIC_WORDS,
    normalise,
)

BATCH = 500
_PENDING = "search_index_pending"

# The attributes whose change changes a row of the index.
_WORKSHOP_FIELDS = (
    "title", "summary", "description", "topics", "grade_bands", "audience", "format",
    "venue", "address", "network_id", "network", "facilitators",
)  # fmt: skip
_NETWORK_FIELDS = ("name", "backbone_organisation")
_SESSION_FIELDS = ("location", "workshop_id", "workshop")


def _words_of(values: Iterable[str], vocabulary: dict[str, str]) -> str:
    return " ".join(vocabulary.get(str(value), str(value).replace("_", " ")) for value in values)


def _document(row: Any, facilitators: list[str], locations: list[str]) -> dict[str, Any]:
    county = county_of(row.address)
    subjects = [
        row.summary,
        _words_of(row.topics or [], TOPIC_WORDS),
        _words_of(row.grade_bands or [], GRADE_WORDS),
        row.audience,
    ]
    places = [
        row.network_name,
        row.backbone_organisation,
        _words_of([row.format], FORMAT_WORDS),
        row.venue,
        row.address,
        f"{county} County" if county else "",
        *locations,
        *facilitators,
    ]
    return {
        "workshop_id": row.id,
        "county": county,
        "title": normalise(row.title),
        "subjects": normalise(" ".join(part for part in subjects if part)),
        "places": normalise(" ".join(part for part in places if part)),
        "body": normalise(row.description or ""),
    }


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def reindex(connection: Connection, workshop_ids: Iterable[int]) -> None:
    """Rewrite the index rows of these workshops (a missing workshop loses its row)."""
    for ids in _chunks(sorted(set(workshop_ids))):
        workshops = connection.execute(
            select(
                Workshop.id,
                Workshop.title,
                Workshop.summary,
                Workshop.description,
                Workshop.topics,
                Workshop.grade_bands,
                Workshop.audience,
                Workshop.format,
                Workshop.venue,
                Workshop.address,
                Network.name.label("network_name"),
                Network.backbone_organisation,
            )  # fmt: skip
            .join(Network, Network.id == Workshop.network_id)
            .where(Workshop.id.in_(ids))
        ).all()
        people: dict[int, list[str]] = defaultdict(list)
        for workshop_id, name in connection.execute(
            select(WorkshopFacilitator.workshop_id, User.name)
            .join(User, User.id == WorkshopFacilitator.user_id)
            .where(WorkshopFacilitator.workshop_id.in_(ids))
        ):
            people[workshop_id].append(name)
        locations: dict[int, list[str]] = defaultdict(list)
        for workshop_id, location in connection.execute(
            select(WorkshopSession.workshop_id, WorkshopSession.location).where(
                WorkshopSession.workshop_id.in_(ids), WorkshopSession.location != ""
            )
        ):
            locations[workshop_id].append(location)
        connection.execute(delete(WorkshopSearch).where(WorkshopSearch.workshop_id.in_(ids)))
        rows = [_document(row, people[row.id], locations[row.id]) for row in workshops]
        if rows:
            connection.execute(insert(WorkshopSearch), rows)


def rebuild(connection: Connection) -> None:
    """Index every workshop afresh (after a migration or a bulk load)."""
    reindex(connection, connection.scalars(select(Workshop.id)).all())


# --- the flush listener ------------------------------------------------------------------


def _changed(obj: object, fields: tuple[str, ...]) -> bool:
    state = inspect(obj)
    return any(name in state.attrs and state.attrs[name].history.has_changes() for name in fields)


def _note_changes(session: Session, _context: Any, _instances: Any) -> None:
    """Before a flush: which workshops (objects, as new ones have no id yet), networks and
    users it changes in a way the index sees."""
    pending = session.info.setdefault(
        _PENDING, {"workshops": [], "workshop_ids": set(), "networks": set(), "users": set()}
    )
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Workshop):
            if obj in session.new or _changed(obj, _WORKSHOP_FIELDS):
                pending["workshops"].append(obj)
        elif isinstance(obj, WorkshopSession | WorkshopFacilitator):
            if obj in session.dirty and not _changed(obj, _SESSION_FIELDS):
                continue
            pending["workshops"].append(obj)
        elif isinstance(obj, Network) and obj in session.dirty:
            if _changed(obj, _NETWORK_FIELDS):
                pending["networks"].add(obj.id)
        elif isinstance(obj, User) and obj in session.dirty and _changed(obj, ("name",)):
            pending["users"].add(obj.id)


def _workshop_ids_of(obj: object) -> set[int]:
    if isinstance(obj, Workshop):
        return {obj.id} if obj.id is not None else set()
    state = inspect(obj)
    ids = {obj.workshop_id}  # type: ignore[attr-defined]
    history = state.attrs["workshop_id"].history
    ids.update(history.deleted or ())  # a session moved to another workshop
    return {workshop_id for workshop_id in ids if workshop_id is not None}


def _write_changes(session: Session, _context: Any) -> None:
    """After a flush, in its transaction: rewrite the rows of the workshops it changed."""
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    ids: set[int] = set()
    for obj in pending["workshops"]:
        ids |= _workshop_ids_of(obj)
    connection = session.connection()
    if pending["networks"]:
        ids.update(
            connection.scalars(
                select(Workshop.id).where(Workshop.network_id.in_(pending["networks"]))
            )
        )
    if pending["users"]:
        ids.update(
            connection.scalars(
                select(WorkshopFacilitator.workshop_id).where(
                    WorkshopFacilitator.user_id.in_(pending["users"])
                )
            )
        )
    if ids:
        reindex(connection, ids)


def _forget_changes(session: Session, _previous_transaction: Any = None) -> None:
    """A flush that failed never reached `_write_changes`: what it noted is void."""
    session.info.pop(_PENDING, None)


def keep_current(session: Any) -> None:
    """Listen to flushes of `session` (a session, sessionmaker or scoped session)."""
    if not event.contains(session, "before_flush", _note_changes):
        event.listen(session, "before_flush", _note_changes)
        event.listen(session, "after_flush", _write_changes)
        event.listen(session, "after_soft_rollback", _forget_changes)
