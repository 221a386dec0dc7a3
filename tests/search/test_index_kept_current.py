"""The search index follows every change to the text it holds, in the transaction that
made it: a workshop edited, its network renamed, a facilitator assigned, removed or
renamed, a session moved, a workshop deleted, and workshops inserted in bulk."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from pdportal.extensions import db
from pdportal.models import Workshop, WorkshopSearch, WorkshopStatus
from pdportal.services import catalog, search, workshops
from pdportal.services.catalog import CatalogFilters
from pdportal.services.workshops.details import WorkshopDetails
from pdportal.services.workshops.networks import NetworkDetails, update_network


def found(q: str = "", **filters) -> list[str]:
    return [item.title for item in catalog.search(CatalogFilters(q=q, **filters)).items]


def test_an_edited_workshop_is_found_by_its_new_words_only(make_workshop):
    workshop = make_workshop("Tide pools")
    details = WorkshopDetails.of(workshop)

    workshops.update_workshop(workshop, replace(details, title="Estuaries and salt marshes"))

    assert found("estuaries") == ["Estuaries and salt marshes"]
    assert found("tide") == []


def test_a_renamed_network_finds_its_workshops_by_the_new_name(make_workshop, make_network):
    network = make_network("Old Name Partnership")
    make_workshop("Soil science", network=network)

    update_network(network, replace(NetworkDetails.of(network), name="Skagit Valley STEM"))

    assert found("skagit") == ["Soil science"]
    assert found("partnership") == []


def test_facilitators_assigned_removed_and_renamed(make_workshop, make_user):
    workshop = make_workshop("Bridges")
    person = make_user(name="Imani Okafor", email="imani@example.org")

    workshops.assign_facilitator(workshop, "imani@example.org")
    assert found("okafor") == ["Bridges"]

    person.name = "Imani Mensah"
    db.session.commit()
    assert found("mensah") == ["Bridges"] and found("okafor") == []

    workshops.remove_facilitator(workshop, person)
    assert found("mensah") == []


def test_a_session_moved_to_another_place_is_found_there(make_workshop):
    workshop = make_workshop("Pendulums")
    workshop.sessions[0].location = "Bellingham Technical College"
    db.session.commit()

    assert found("bellingham") == ["Pendulums"]


def test_the_venue_address_gives_the_county(make_workshop):
    make_workshop("Rivers", venue="ESD 105", address="33 S 2nd Ave, Yakima, WA 98902")
    make_workshop("Online one")

    assert catalog.counties() == ["Yakima"]
    assert found(county="Yakima") == ["Rivers"]
    assert found("yakima county") == ["Rivers"]


def test_a_deleted_workshop_leaves_the_index(make_workshop):
    workshop = make_workshop("Gone soon", status=WorkshopStatus.DRAFT)
    workshop_id = workshop.id

    db.session.delete(workshop)
    db.session.commit()

    assert db.session.get(WorkshopSearch, workshop_id) is None


def test_workshops_inserted_in_bulk_are_indexed_by_reindex(make_network, make_workshop):
    template = make_workshop("Template")
    row = {
        "network_id": template.network_id, "slug": "bulk-1", "title": "Bulk volcanoes",
        "status": WorkshopStatus.PUBLISHED, "starts_at": template.starts_at,
        "ends_at": template.ends_at,
    }  # fmt: skip
    new_id = db.session.scalar(insert(Workshop).returning(Workshop.id), [row])
    assert db.session.get(WorkshopSearch, new_id) is None  # no flush saw it

    search.reindex(db.session.connection(), [new_id])
    db.session.commit()

    assert found("volcanoes") == ["Bulk volcanoes"]
    assert (
        db.session.scalar(select(WorkshopSearch.title).where(WorkshopSearch.workshop_id == new_id))
        == "bulk volcanoes"
    )


def test_a_failed_flush_leaves_nothing_for_the_next_one(make_workshop, make_network):
    taken = make_workshop("Taken slug", slug="same-slug")
    db.session.add(Workshop(network=taken.network, slug="same-slug", title="Duplicate"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()

    make_workshop("After the failure")

    assert found("failure") == ["After the failure"]
    assert found("duplicate") == []
