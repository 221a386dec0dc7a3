"""Networks, who administers them, and finding users (site administration).

Refusals are values (`NetworkError` with a `NetworkProblem`); the admin views word them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from enum import StrEnum
from functools import cache
from zoneinfo import available_timezones

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute

from pdportal.extensions import db
from pdportal.models import (
    AuditAction,
    Network,
    NetworkAdmin,
    Registration,
    User,
    WorkshopFacilitator,
)
from pdportal.services.accounts import audit
from pdportal.services.accounts.users import find_user_by_email
from pdportal.services.workshops.details import slugify

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 80
RESERVED_SLUGS = {"new"}  # /admin/networks/new
USERS_PER_PAGE = 25


class NetworkProblem(StrEnum):
    """Why a change to a network, its admins or a user's role is refused."""

    NAME_MISSING = "name_missing"
    NAME_TAKEN = "name_taken"  # name
    SLUG_MALFORMED = "slug_malformed"
    SLUG_TAKEN = "slug_taken"
    UNKNOWN_TIME_ZONE = "unknown_time_zone"
    NO_ACCOUNT = "no_account"
    ALREADY_ADMIN = "already_admin"  # name
    NOT_ADMIN = "not_admin"  # name
    OWN_SITE_ADMIN_ROLE = "own_site_admin_role"


class NetworkError(Exception):
    """A rule was broken: `reason` says which, `values` the names it concerns, `field`
    the form field it belongs to. Rules broken together travel as one error (`problems`)."""

    def __init__(
        self,
        reason: NetworkProblem,
        field: str | None = None,
        *,
        also: list[NetworkError] | None = None,
        **values: str,
    ) -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.field = field
        self.values = values
        self._also = also or []

    @property
    def problems(self) -> list[NetworkError]:
        """Every rule broken: this one and any found with it."""
        return [self, *self._also]


@cache
def _known_time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def is_time_zone(name: str) -> bool:
    return name in _known_time_zones()


@dataclass
class NetworkDetails:
    name: str
    slug: str
    time_zone: str = "America/Los_Angeles"
    backbone_organisation: str = ""
    contact_email: str = ""
    website: str = ""
    provider_name: str = ""
    provider_number: str = ""
    provider_designee: str = ""
    # Site admins only (the network pages are theirs): an approved provider of Equity hours.
    may_give_equity: bool = False

    @classmethod
    def of(cls, network: Network) -> NetworkDetails:
        return cls(**{f.name: getattr(network, f.name) for f in fields(cls)})


def _slug_taken(slug: str, network: Network | None) -> bool:
    taken = select(Network.id).where(Network.slug == slug)
    if network is not None:
        taken = taken.where(Network.id != network.id)
    return slug in RESERVED_SLUGS or db.session.scalar(taken.limit(1)) is not None


def _name_taken(name: str, network: Network | None) -> bool:
    taken = select(Network.id).where(func.lower(Network.name) == name.lower())
    if network is not None:
        taken = taken.where(Network.id != network.id)
    return db.session.scalar(taken.limit(1)) is not None


def _generated_slug(name: str, network: Network | None) -> str:
    """A free slug made from the name: "Région Nord" → "region-nord", then "-2", "-3"…"""
    base = slugify(name, fallback="network")[: MAX_SLUG - 4].strip("-")
    slug, number = base, 2
    while _slug_taken(slug, network):
        slug, number = f"{base}-{number}", number + 1
    return slug


def _validated(details: NetworkDetails, network: Network | None) -> dict[str, object]:
    """The network's column values, or a `NetworkError` naming every rule broken."""
    values: dict[str, object] = {
        f.name: getattr(details, f.name).strip() for f in fields(details) if f.type == "str"
    }
    values["may_give_equity"] = details.may_give_equity
    values["slug"] = values["slug"].lower()
    problems: list[NetworkError] = []
    if not values["name"]:
        problems.append(NetworkError(NetworkProblem.NAME_MISSING, "name"))
    elif _name_taken(values["name"], network):
        problems.append(NetworkError(NetworkProblem.NAME_TAKEN, "name", name=values["name"]))
    if not values["slug"]:
        values["slug"] = _generated_slug(values["name"], network) if values["name"] else ""
    elif not SLUG_PATTERN.fullmatch(values["slug"]) or len(values["slug"]) > MAX_SLUG:
        problems.append(NetworkError(NetworkProblem.SLUG_MALFORMED, "slug"))
    elif _slug_taken(values["slug"], network):
        problems.append(NetworkError(NetworkProblem.SLUG_TAKEN, "slug"))
    if not is_time_zone(values["time_zone"]):
        problems.append(NetworkError(NetworkProblem.UNKNOWN_TIME_ZONE, "time_zone"))
    if problems:
        first, *rest = problems
        raise NetworkError(first.reason, first.field, also=rest, **first.values)
    return values


def _commit(name: str) -> None:
    """Commit; a name or slug taken meanwhile (the check raced) is refused like the check."""
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        if "uq_network_name_lower" in str(error.orig):
            raise NetworkError(NetworkProblem.NAME_TAKEN, "name", name=name) from error
        raise NetworkError(NetworkProblem.SLUG_TAKEN, "slug") from error


def list_networks() -> list[Network]:
    return list(db.session.scalars(select(Network).order_by(Network.name)))


def create_network(details: NetworkDetails) -> Network:
    network = Network(**_validated(details, None))
    db.session.add(network)
    _commit(network.name)
    return network


def update_network(network: Network, details: NetworkDetails) -> None:
    """Save the details. A new time zone moves no stored instant: UTC stays UTC."""
    for name, value in _validated(details, network).items():
        setattr(network, name, value)
    _commit(network.name)


# --- network admins -----------------------------------------------------------------


def network_admins(network: Network) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(NetworkAdmin, NetworkAdmin.user_id == User.id)
            .where(NetworkAdmin.network_id == network.id)
            .order_by(User.name)
        )
    )


def network_admin_candidate(network: Network, email: str) -> User:
    """The account that `add_network_admin` would make an admin (for the confirm step)."""
    user = find_user_by_email(email)
    if user is None:
        raise NetworkError(NetworkProblem.NO_ACCOUNT, "email")
    if any(membership.user_id == user.id for membership in network.admins):
        raise NetworkError(NetworkProblem.ALREADY_ADMIN, "email", name=user.name)
    return user


def add_network_admin(network: Network, email: str, *, actor: User | None = None) -> User:
    """Recorded in the audit log (`actor` None: the command line or demo data)."""
    user = network_admin_candidate(network, email)
    network.admins.append(NetworkAdmin(user_id=user.id))
    audit.record(AuditAction.NETWORK_ADMIN_GRANTED, actor=actor, subject=user, target=network.name)
    db.session.commit()
    return user


def remove_network_admin(network: Network, user: User, *, actor: User | None = None) -> None:
    membership = next((m for m in network.admins if m.user_id == user.id), None)
    if membership is None:
        raise NetworkError(NetworkProblem.NOT_ADMIN, name=user.name)
    network.admins.remove(membership)
    audit.record(AuditAction.NETWORK_ADMIN_REMOVED, actor=actor, subject=user, target=network.name)
    db.session.commit()


# --- users --------------------------------------------------------------------------


@dataclass(frozen=True)
class UserRow:
    """What a site admin sees of an account: roles and activity, never demographics."""

    user: User
    networks: list[Network]
    registrations: int
    facilitated: int


def search_users(query: str, page: int = 1, per_page: int = USERS_PER_PAGE) -> Pagination:
    """Accounts whose name or email contains `query`, by name; three queries per page."""
    statement = select(User).order_by(User.name, User.id)
    query = query.strip()
    if query:
        escaped = query.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        statement = statement.where(
            or_(
                func.lower(User.name).like(pattern, escape="\\"),
                User.email.like(pattern, escape="\\"),
            )
        )
    return db.paginate(statement, page=page, per_page=per_page, error_out=False)


def user_rows(users: list[User]) -> list[UserRow]:
    """Each user's administered networks and counts of registrations and workshops
    facilitated, in three grouped queries whatever the number of users."""
    ids = [user.id for user in users]
    counts = _counts_by_user(Registration.user_id, Registration.id, ids)
    facilitated = _counts_by_user(WorkshopFacilitator.user_id, WorkshopFacilitator.id, ids)
    networks: dict[int, list[Network]] = {user_id: [] for user_id in ids}
    memberships = db.session.execute(
        select(NetworkAdmin.user_id, Network)
        .join(Network, Network.id == NetworkAdmin.network_id)
        .where(NetworkAdmin.user_id.in_(ids))
        .order_by(Network.name)
    )
    for user_id, network in memberships:
        networks[user_id].append(network)
    return [
        UserRow(user, networks[user.id], counts.get(user.id, 0), facilitated.get(user.id, 0))
        for user in users
    ]


def _counts_by_user(
    user_column: InstrumentedAttribute[int], counted: InstrumentedAttribute[int], ids: list[int]
) -> dict[int, int]:
    rows = db.session.execute(
        select(user_column, func.count(counted)).where(user_column.in_(ids)).group_by(user_column)
    )
    return dict(rows.all())


def set_site_admin(user: User, is_site_admin: bool, actor: User) -> None:
    """Grant or remove the role; a change (not a repeat) goes to the audit log."""
    if user.id == actor.id and not is_site_admin:
        raise NetworkError(NetworkProblem.OWN_SITE_ADMIN_ROLE)
    if user.is_site_admin != is_site_admin:
        user.is_site_admin = is_site_admin
        action = AuditAction.SITE_ADMIN_GRANTED if is_site_admin else AuditAction.SITE_ADMIN_REMOVED
        audit.record(action, actor=actor, subject=user)
    db.session.commit()
