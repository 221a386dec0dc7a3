"""Who may do what, per object. Views call these; hiding a link is never the check."""

from __future__ import annotations

from flask import abort, current_app, g
from flask_login import current_user
from sqlalchemy import exists, or_, select

from pdportal.extensions import db
from pdportal.models import (
    ATTENDED_STATUSES,
    Attendance,
    Certificate,
    DiscountCode,
    DistrictCoordinator,
    NetworkAdmin,
    Registration,
    RegistrationGroup,
    RegistrationStatus,
    User,
    Workshop,
    WorkshopFacilitator,
)


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


def _facilitates_and_coordinates(user: User | None) -> tuple[bool, bool]:
    """Whether the user facilitates any workshop and coordinates any district, in one query."""
    if not _is_signed_in(user):
        return False, False
    facilitates, coordinates = db.session.execute(
        select(
            exists().where(WorkshopFacilitator.user_id == user.id),
            exists().where(
                DistrictCoordinator.user_id == user.id, DistrictCoordinator.ended_at.is_(None)
            ),
        )
    ).one()
    return bool(facilitates), bool(coordinates)


def signed_in_roles() -> dict[str, bool]:
    """Whether the signed-in user administers, facilitates or coordinates anything, once
    per request (the navigation and the Facilitate overview both ask)."""
    if "signed_in_roles" not in g:
        facilitates, coordinates = _facilitates_and_coordinates(current_user)
        g.signed_in_roles = {
            "is_admin": is_any_admin(current_user),
            "is_facilitator": facilitates,
            "is_coordinator": coordinates,
        }
    return g.signed_in_roles


def can_manage_mail(user: User | None) -> bool:
    """Undelivered mail holds every network's messages: site admins only."""
    return is_site_admin(user)


def require(allowed: bool) -> None:
    """Abort with 403 unless allowed; call after the object is found (404 first)."""
    if not allowed:
        abort(403)


# --- registration and payments ---


def is_own_registration(user: User | None, registration: Registration) -> bool:
    """An educator's own registration: to cancel it, pay for its held seat, and see
    Checkout's return pages (organisers cancel others' through `can_manage_seats`)."""
    return _is_signed_in(user) and registration.user_id == user.id


def can_see_roster(user: User | None, workshop: Workshop) -> bool:
    """A workshop's registrations roster, its CSV, walk-ins and messages to registrants."""
    return can_facilitate(user, workshop)


def can_manage_seats(user: User | None, workshop: Workshop) -> bool:
    """Cancelling a registrant (which may refund money), moving someone into a seat and
    changing capacity: the workshop's network admins only."""
    return can_manage_workshop(user, workshop)


def can_record_offline_payment(user: User | None, registration: Registration) -> bool:
    """Marking a purchase order or invoice paid, or refunded by the network office."""
    return can_manage_workshop(user, registration.workshop)


def can_see_payments(user: User | None) -> bool:
    """The payments area's index: any admin (each report checks its own network)."""
    return is_any_admin(user)


def can_manage_discount_code(user: User | None, code: DiscountCode) -> bool:
    if code.workshop_id is None:
        return can_manage_network(user, code.network_id)
    workshop = db.session.get(Workshop, code.workshop_id)
    return workshop is not None and can_manage_workshop(user, workshop)


# --- accounts, catalog and calendar ---


def can_view_workshop(user: User | None, workshop: Workshop) -> bool:
    """A workshop's page and .ics: published, cancelled and completed ones for anyone;
    a draft only for the admins of its network (for everyone else it does not exist)."""
    return workshop.is_public or can_manage_workshop(user, workshop)


# --- attendance and certificates ---


def can_open_facilitate(user: User | None) -> bool:
    """The Facilitate overview: anyone who facilitates or administers something. For the
    signed-in user, the roles the navigation also asks for (looked up once a request)."""
    if user is current_user:
        roles = signed_in_roles()
        return roles["is_facilitator"] or roles["is_admin"]
    return is_any_facilitator(user) or is_any_admin(user)


def is_confirmed_registrant(user: User | None, workshop: Workshop) -> bool:
    """Whether the user has a confirmed seat in the workshop (the check-in pages)."""
    if not _is_signed_in(user):
        return False
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    Registration.workshop_id == workshop.id,
                    Registration.user_id == user.id,
                    Registration.status == RegistrationStatus.CONFIRMED,
                )
            )
        )
    )


def can_evaluate(user: User | None, workshop: Workshop) -> bool:
    """Evaluating a workshop: those confirmed for it who attended at least one session."""
    if not _is_signed_in(user):
        return False
    return bool(
        db.session.scalar(
            select(
                exists()
                .where(Attendance.registration_id == Registration.id)
                .where(
                    Registration.workshop_id == workshop.id,
                    Registration.user_id == user.id,
                    Registration.status == RegistrationStatus.CONFIRMED,
                    Attendance.status.in_(ATTENDED_STATUSES),
                )
            )
        )
    )


def can_manage_certificate(user: User | None, certificate: Certificate) -> bool:
    """Revoking, reissuing, any state's PDF: the admins of the workshop's network."""
    return can_manage_workshop(user, certificate.workshop)


def can_download_certificate(user: User | None, certificate: Certificate) -> bool:
    """A certificate's PDF: its educator (while it is valid) and its network's admins."""
    if can_manage_certificate(user, certificate):
        return True
    return _is_signed_in(user) and certificate.user_id == user.id and certificate.is_valid


def is_certificate_holder(user: User | None, certificate: Certificate) -> bool:
    """Whether the certificate is the user's own (valid or not)."""
    return _is_signed_in(user) and certificate.user_id == user.id


# --- administration ---


def can_open_administration(user: User | None) -> bool:
    """The admin dashboard: site admins and every network's admins."""
    return is_any_admin(user)


def can_manage_networks(user: User | None) -> bool:
    """Creating and editing networks and naming their admins: site admins only."""
    return is_site_admin(user)


def can_manage_users(user: User | None) -> bool:
    """Finding accounts and granting or revoking the site-admin role: site admins only."""
    return is_site_admin(user)


# --- reports ---


def can_open_reports(user: User | None) -> bool:
    """Reach and equity reports: network admins (for their networks) and site admins."""
    return is_any_admin(user)


def report_network_ids(user: User | None) -> frozenset[int] | None:
    """The networks a user's reports may count: None (every one) for a site admin."""
    if is_site_admin(user):
        return None
    return frozenset(administered_network_ids(user))


def can_report_statewide(user: User | None) -> bool:
    """A report of every educator at one state's listed schools, whatever their network."""
    return is_site_admin(user)


def can_see_report_log(user: User | None) -> bool:
    """Who opened which report: site admins only."""
    return is_site_admin(user)


def can_manage_directory(user: User | None) -> bool:
    """Matching typed schools to the directory (it changes people's profiles)."""
    return is_site_admin(user)


# --- districts ---


def is_own_coordinator_role(user: User | None, role: DistrictCoordinator) -> bool:
    return _is_signed_in(user) and role.user_id == user.id and role.ended_at is None


def _coordinates_district_of(user: User, group: RegistrationGroup) -> bool:
    """The user coordinates the group's district (directory id, else name) in its network."""
    coordinator = group.coordinator
    same = DistrictCoordinator.district_name == coordinator.district_name
    if coordinator.district_id is not None:
        same = or_(same, DistrictCoordinator.district_id == coordinator.district_id)
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    DistrictCoordinator.user_id == user.id,
                    DistrictCoordinator.ended_at.is_(None),
                    DistrictCoordinator.network_id == coordinator.network_id,
                    same,
                )
            )
        )
    )


def can_cancel_for_district(user: User | None, registration: Registration) -> bool:
    """A coordinator cancels registrations a coordinator of their district made."""
    if not _is_signed_in(user) or registration.group_id is None:
        return False
    group = db.session.get(RegistrationGroup, registration.group_id)
    return _coordinates_district_of(user, group)


def can_see_district_group(user: User | None, group: RegistrationGroup) -> bool:
    """A group's page: its district's coordinators and the network's admins."""
    if not _is_signed_in(user):
        return False
    return can_manage_network(user, group.workshop.network_id) or _coordinates_district_of(
        user, group
    )


# --- accounts ---


def requires_two_step(user: User, *, is_network_admin: bool) -> bool:
    """Staff (site and network admins) must sign in with a second factor; everyone else
    may. `TWO_STEP_REQUIRED_FOR_STAFF` turns the rule off only for the test suite's
    older tests, which sign staff in without one."""
    if not current_app.config.get("TWO_STEP_REQUIRED_FOR_STAFF", True):
        return False
    return user.is_site_admin or is_network_admin


def can_read_audit_log(user: User | None) -> bool:
    return is_site_admin(user)


def _networks_of(account: User) -> set[int]:
    return set(
        db.session.scalars(
            select(Workshop.network_id)
            .join(Registration, Registration.workshop_id == Workshop.id)
            .where(Registration.user_id == account.id)
        )
    )


def can_merge(user: User | None, keep: User, duplicate: User) -> bool:
    """Site admins merge any two accounts; a network admin merges people known to their
    networks only: both have registrations, all in networks they administer."""
    if is_site_admin(user):
        return True
    administered = administered_network_ids(user)
    keep_networks, duplicate_networks = _networks_of(keep), _networks_of(duplicate)
    return (
        bool(keep_networks and duplicate_networks)
        and (keep_networks | duplicate_networks) <= administered
    )


def can_deactivate(user: User | None, account: User) -> bool:
    """Site admins deactivate accounts, never their own (someone must be left to undo it)."""
    return is_site_admin(user) and user.id != account.id
