"""Loading the object a URL names, for every area's views: 404 when it does not exist,
then 403 when the signed-in user may not manage it."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from pdportal import policy
from pdportal.extensions import db
from pdportal.models import DiscountCode, Network, Registration, Workshop


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


def registration_or_404(registration_id: int) -> Registration:
    return db.get_or_404(Registration, registration_id)


def own_registration_or_404(registration_id: int) -> Registration:
    """The signed-in educator's own registration (to cancel, to pay for)."""
    found = registration_or_404(registration_id)
    policy.require(policy.is_own_registration(current_user, found))
    return found


def roster_workshop_or_404(slug: str) -> Workshop:
    """The workshop, if the signed-in user may see its registrations roster."""
    workshop = workshop_or_404(slug)
    policy.require(policy.can_see_roster(current_user, workshop))
    return workshop


def seats_workshop_or_404(slug: str) -> Workshop:
    """The workshop, if the signed-in user may manage its seats (cancel, move, capacity)."""
    workshop = workshop_or_404(slug)
    policy.require(policy.can_manage_seats(current_user, workshop))
    return workshop


def registrant_or_404(workshop: Workshop, registration_id: int) -> Registration:
    """A registration of this workshop (404 for one of another workshop)."""
    found = registration_or_404(registration_id)
    if found.workshop_id != workshop.id:
        abort(404)
    return found


def offline_payment_or_404(registration_id: int) -> Registration:
    """A registration whose purchase order or invoice the signed-in admin may record."""
    found = registration_or_404(registration_id)
    policy.require(policy.can_record_offline_payment(current_user, found))
    return found


def payments_network_or_404(slug: str) -> Network:
    """A network whose payments and discount codes the signed-in admin may manage."""
    network = network_or_404(slug)
    policy.require(policy.can_manage_network(current_user, network.id))
    return network


def discount_code_or_404(code_id: int) -> DiscountCode:
    code = db.get_or_404(DiscountCode, code_id)
    policy.require(policy.can_manage_discount_code(current_user, code))
    return code


# --- end of registration and payments ---


# --- accounts, catalog and calendar ---
# (loaders of this area go here)


# --- end of accounts, catalog and calendar ---


# --- attendance and certificates ---
# (loaders of this area go here)


# --- end of attendance and certificates ---


# --- administration ---
# (loaders of this area go here)


# --- end of administration ---
