"""Loading the object a URL names, for every area's views: 404 when it does not exist,
then 403 when the signed-in user may not manage it."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from pdportal import policy
from pdportal.extensions import db
from pdportal.models import (
    Certificate,
    DiscountCode,
    Network,
    Registration,
    User,
    Workshop,
    WorkshopSession,
)
from pdportal.services import catalog, certificates


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


def managed_network_or_404(slug: str) -> Network:
    """A network the signed-in admin manages: its payments and codes, clock-hour records,
    district coordinators."""
    network = network_or_404(slug)
    policy.require(policy.can_manage_network(current_user, network.id))
    return network


def discount_code_or_404(code_id: int) -> DiscountCode:
    code = db.get_or_404(DiscountCode, code_id)
    policy.require(policy.can_manage_discount_code(current_user, code))
    return code


# --- accounts, catalog and calendar ---


def public_workshop_or_404(slug: str) -> Workshop:
    """A published, cancelled or completed workshop, with its network and sessions (what
    registration and payments act on); a draft is 404."""
    workshop = catalog.find_public_workshop(slug)
    if workshop is None:
        raise NotFound
    return workshop


def visible_workshop_or_404(slug: str) -> Workshop:
    """The workshop a page or .ics shows, if the signed-in user may see it. A draft is
    404, not 403, for all but its network's admins: it does not exist for them yet."""
    workshop = catalog.find_workshop(slug)
    if workshop is None or not policy.can_view_workshop(current_user, workshop):
        raise NotFound
    return workshop


# --- attendance and certificates ---


def session_or_404(session_id: int) -> WorkshopSession:
    return db.get_or_404(WorkshopSession, session_id)


def facilitated_workshop_or_404(slug: str) -> Workshop:
    """The workshop, if the signed-in user facilitates it or administers its network."""
    workshop = workshop_or_404(slug)
    policy.require(policy.can_facilitate(current_user, workshop))
    return workshop


def facilitated_session_or_404(session_id: int) -> WorkshopSession:
    """The session, if the signed-in user facilitates its workshop or administers it."""
    session = session_or_404(session_id)
    policy.require(policy.can_facilitate(current_user, session.workshop))
    return session


def registered_session_or_404(session_id: int) -> WorkshopSession:
    """The session, for someone confirmed for its workshop; to anyone else it does not
    exist (404, not 403: where an educator checked in is theirs alone)."""
    session = session_or_404(session_id)
    if not policy.is_confirmed_registrant(current_user, session.workshop):
        abort(404)
    return session


def certificate_or_404(certificate_id: int) -> Certificate:
    return db.get_or_404(Certificate, certificate_id)


def managed_certificate_or_404(certificate_id: int) -> Certificate:
    """The certificate, if the signed-in admin may revoke or reissue it."""
    certificate = certificate_or_404(certificate_id)
    policy.require(policy.can_manage_certificate(current_user, certificate))
    return certificate


def held_or_managed_certificate_or_404(certificate_id: int) -> Certificate:
    """The certificate, for its educator or its network's admins."""
    certificate = certificate_or_404(certificate_id)
    policy.require(
        policy.is_certificate_holder(current_user, certificate)
        or policy.can_manage_certificate(current_user, certificate)
    )
    return certificate


def certificate_by_code_or_404(code: str) -> Certificate:
    """Public: the certificate with this verification code."""
    certificate = certificates.find_by_code(code)
    if certificate is None:
        abort(404)
    return certificate


# --- administration ---


def managed_session_or_404(slug: str, session_id: int) -> tuple[Workshop, WorkshopSession]:
    """A session of the workshop, if this admin may manage the workshop."""
    workshop = workshop_or_404(slug)
    session = db.first_or_404(
        select(WorkshopSession).where(
            WorkshopSession.id == session_id, WorkshopSession.workshop_id == workshop.id
        )
    )
    policy.require(policy.can_manage_workshop(current_user, workshop))
    return workshop, session


def managed_facilitator_or_404(slug: str, user_id: int) -> tuple[Workshop, User]:
    """The workshop and the account named to leave its facilitators, if this admin may
    manage the workshop (whether they facilitate it is the service's rule)."""
    workshop = workshop_or_404(slug)
    user = db.get_or_404(User, user_id)
    policy.require(policy.can_manage_workshop(current_user, workshop))
    return workshop, user


def site_network_or_404(slug: str) -> Network:
    """A network, for a site admin."""
    network = network_or_404(slug)
    policy.require(policy.can_manage_networks(current_user))
    return network


def site_network_member_or_404(slug: str, user_id: int) -> tuple[Network, User]:
    """A network and the account named to leave its admins, for a site admin."""
    network = network_or_404(slug)
    user = db.get_or_404(User, user_id)
    policy.require(policy.can_manage_networks(current_user))
    return network, user


def site_user_or_404(user_id: int) -> User:
    """An account whose roles a site admin changes."""
    user = db.get_or_404(User, user_id)
    policy.require(policy.can_manage_users(current_user))
    return user
