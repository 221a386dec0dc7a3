"""Loading the object a URL names, for every area's views: 404 when it does not exist,
then 403 when the signed-in user may not manage it."""

from __future__ import annotations

from flask_login import current_user
from sqlalchemy import select

from pdportal import policy
from pdportal.extensions import db
from pdportal.models import Network, Workshop


def workshop_or_404(slug: str) -> Workshop:
    return db.first_or_404(select(Workshop).where(Workshop.slug == slug))


def managed_workshop_or_404(slug: str) -> Workshop:
    """The workshop, if this admin may manage it."""
    workshop = workshop_or_404(slug)
    policy.require(policy.can_manage_workshop(current_user, workshop))
    return workshop


def network_or_404(slug: str) -> Network:
    return db.first_or_404(select(Network).where(Network.slug == slug))


def managed_networks() -> list[Network]:
    """The networks the signed-in admin manages (all of them for a site admin), by name."""
    query = select(Network).order_by(Network.name)
    if not policy.is_site_admin(current_user):
        query = query.where(Network.id.in_(policy.administered_network_ids(current_user)))
    return list(db.session.scalars(query))


# --- registration and payments ---
# (loaders of this area go here)


# --- end of registration and payments ---


# --- accounts, catalog and calendar ---
# Imported here, not at the top, so that each area's additions merge cleanly.
from flask import abort  # noqa: E402

from pdportal.services import catalog  # noqa: E402


def public_workshop_or_404(slug: str) -> Workshop:
    """A published, cancelled or completed workshop, with its network and sessions (what
    registration and payments act on); a draft is 404. Replaces the service's
    `catalog.get_public_workshop_or_404`."""
    workshop = catalog.find_public_workshop(slug)
    if workshop is None:
        abort(404)
    return workshop


def visible_workshop_or_404(slug: str) -> Workshop:
    """The workshop a page or .ics shows, if the signed-in user may see it. A draft is
    404, not 403, for all but its network's admins: it does not exist for them yet."""
    workshop = catalog.find_workshop(slug)
    if workshop is None or not policy.can_view_workshop(current_user, workshop):
        abort(404)
    return workshop


# --- end of accounts, catalog and calendar ---


# --- attendance and certificates ---
# (loaders of this area go here)


# --- end of attendance and certificates ---


# --- administration ---
# (loaders of this area go here)


# --- end of administration ---
