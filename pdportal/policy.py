"""Who may do what, per object. Views call these; hiding a link is never the check."""

from __future__ import annotations

from flask import abort, g
from flask_login import current_user
from sqlalchemy import exists, select

from pdportal.extensions import db
from pdportal.models import NetworkAdmin, User, Workshop, WorkshopFacilitator


def _is_signed_in(user: User | None) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def is_site_admin(user: User | None) -> bool:
    return _is_signed_in(user) and user.is_site_admin


def administered_network_ids(user: User | None) -> set[int]:
    """Networks this user administers (site admins administer all; see `can_manage_network`)."""
    if not _is_signed_in(user):
        return set()
    rows = db.session.scalars(
        select(NetworkAdmin.network_id).where(NetworkAdmin.user_id == user.id)
    )
    return set(rows)


def can_manage_network(user: User | None, network_id: int) -> bool:
    if not _is_signed_in(user):
        return False
    if user.is_site_admin:
        return True
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    NetworkAdmin.user_id == user.id, NetworkAdmin.network_id == network_id
                )
            )
        )
    )


def can_manage_workshop(user: User | None, workshop: Workshop) -> bool:
    return can_manage_network(user, workshop.network_id)


def is_facilitator_of(user: User | None, workshop: Workshop) -> bool:
    if not _is_signed_in(user):
        return False
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    WorkshopFacilitator.user_id == user.id,
                    WorkshopFacilitator.workshop_id == workshop.id,
                )
            )
        )
    )


def can_facilitate(user: User | None, workshop: Workshop) -> bool:
    """Roster and attendance: the workshop's facilitators and its network's admins."""
    return is_facilitator_of(user, workshop) or can_manage_workshop(user, workshop)


def is_any_admin(user: User | None) -> bool:
    return is_site_admin(user) or bool(administered_network_ids(user))


def is_any_facilitator(user: User | None) -> bool:
    if not _is_signed_in(user):
        return False
    return bool(db.session.scalar(select(exists().where(WorkshopFacilitator.user_id == user.id))))


def signed_in_roles() -> dict[str, bool]:
    """Whether the signed-in user administers or facilitates anything, once per request
    (the navigation and the Facilitate overview both ask)."""
    if "signed_in_roles" not in g:
        g.signed_in_roles = {
            "is_admin": is_any_admin(current_user),
            "is_facilitator": is_any_facilitator(current_user),
        }
    return g.signed_in_roles


def require(allowed: bool) -> None:
    """Abort with 403 unless allowed; call after the object is found (404 first)."""
    if not allowed:
        abort(403)


# --- registration and payments ---
# (predicates of this area go here)


# --- end of registration and payments ---


# --- accounts, catalog and calendar ---


def can_view_workshop(user: User | None, workshop: Workshop) -> bool:
    """A workshop's page and .ics: published, cancelled and completed ones for anyone;
    a draft only for the admins of its network (for everyone else it does not exist)."""
    return workshop.is_public or can_manage_workshop(user, workshop)


# --- end of accounts, catalog and calendar ---


# --- attendance and certificates ---
# (predicates of this area go here)


# --- end of attendance and certificates ---


# --- administration ---
# (predicates of this area go here)


# --- end of administration ---
