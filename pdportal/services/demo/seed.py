"""Demo data: realistic networks, people and workshops, plus bulk data for benchmarks.

Everything is keyed on slugs and emails, so running it again adds only what is
missing (and says so quickly). Accounts created earlier keep their passwords. The
shared password is hashed once, and only if an account must be created.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from importlib import resources
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select

from pdportal.extensions import db
from pdportal.models import (
    AuditAction,
    CreditType,
    District,
    EducatorType,
    Network,
    NetworkAdmin,
    OfferingApproval,
    PaymentMethod,
    PaymentStatus,
    Registration,
    RegistrationStatus,
    User,
    Workshop,
    WorkshopFormat,
    WorkshopSession,
    WorkshopStatus,
)
from pdportal.orm import utcnow
from pdportal.services import accounts, directory, districts, registration, workshops
from pdportal.services.demo import bulk as demo_bulk
from pdportal.services.demo.content import (
    DEMO_DOMAIN,
    EDUCATORS,
    FACILITATORS,
    NETWORKS,
    THEMES,
    VENUES,
    NetworkSpec,
    Theme,
)
from pdportal.services.demo.evidence import ensure_evidence
from pdportal.services.workshops.details import slugify

Echo = Callable[[str], None]
CANCELLED_OFFERING, DRAFT_OFFERING, NEARLY_FULL_OFFERING, FULL_OFFERING = 9, 11, 1, 3


def demo_email(local_part: str) -> str:
    return f"{local_part}@{DEMO_DOMAIN}"


class SharedPasswordHash:
    """The demo password's hash, computed at most once (a slow hash costs ~0.1 s)."""

    def __init__(self, password: str) -> None:
        self._password = password
        self._hash: str | None = None

    def __call__(self) -> str:
        if self._hash is None:
            self._hash = accounts.hash_password(self._password)
        return self._hash


@dataclass
class DemoPeople:
    site_admin: User
    network_admins: dict[str, User]
    facilitators: list[User]
    educators: list[User]


# --- networks and people -------------------------------------------------------------


def _ensure_networks() -> dict[str, Network]:
    existing = {n.slug: n for n in db.session.scalars(select(Network))}
    for spec in NETWORKS:
        if spec.slug not in existing:
            existing[spec.slug] = Network(
                slug=spec.slug,
                name=spec.name,
                backbone_organisation=spec.backbone,
                time_zone=spec.time_zone,
                contact_email=demo_email(f"pd-{spec.slug}"),
                provider_name=spec.backbone,
                provider_number=spec.provider_number,
                provider_designee=spec.designee,
                # Educational service districts are approved providers of Equity hours.
                may_give_equity="Educational Service District" in spec.backbone,
                signature_typed=f"/s/ {spec.designee}",
            )
            db.session.add(existing[spec.slug])
    db.session.flush()
    return existing


def _ensure_user(email: str, name: str, password_hash: SharedPasswordHash, **fields) -> User:
    user = accounts.find_user_by_email(email)
    if user is None:
        user = User(
            email=email,
            name=name,
            password_hash=password_hash(),
            email_verified_at=utcnow(),
            **fields,
        )
        db.session.add(user)
        db.session.flush()
    return user


def _network_admin_email(spec: NetworkSpec) -> str:
    first = spec.slug == NETWORKS[0].slug
    return demo_email("netadmin" if first else f"netadmin-{spec.slug}")


def _ensure_people(networks: dict[str, Network], password_hash: SharedPasswordHash) -> DemoPeople:
    site_admin = _ensure_user(demo_email("admin"), "Priya Raman", password_hash, is_site_admin=True)
    admins = {}
    for spec in NETWORKS:
        admin = _ensure_user(_network_admin_email(spec), spec.admin_name, password_hash)
        network = networks[spec.slug]
        if not db.session.scalar(
            select(NetworkAdmin.id).where(
                NetworkAdmin.user_id == admin.id, NetworkAdmin.network_id == network.id
            )
        ):
            db.session.add(NetworkAdmin(user_id=admin.id, network_id=network.id))
            accounts.audit.record(
                AuditAction.NETWORK_ADMIN_GRANTED,
                actor=site_admin,
                subject=admin,
                target=network.name,
            )
        admins[spec.slug] = admin

    def educator(local: str, name: str, school: str, district: str, kind: EducatorType) -> User:
        return _ensure_user(
            demo_email(local),
            name,
            password_hash,
            school=school,
            district=district,
            educator_type=kind,
        )

    facilitators = [educator(*row, EducatorType.INSTRUCTIONAL_COACH) for row in FACILITATORS]
    educators = [educator(*row, EducatorType.CLASSROOM_TEACHER) for row in EDUCATORS]
    return DemoPeople(site_admin, admins, facilitators, educators)


# --- curated workshops -----------------------------------------------------------------


@dataclass(frozen=True)
class Offering:
    """One scheduled run of a theme: where, when, how many seats, what price."""

    number: int
    theme: Theme
    network: NetworkSpec
    venue: tuple[str, str]
    first_day: date
    start_hour: int
    session_count: int
    session_hours: int
    format: WorkshopFormat
    price_cents: int
    capacity: int

    @property
    def slug(self) -> str:
        return slugify(f"{self.theme.title} {self.network.slug}")[:110]


def _offering(number: int, today: date) -> Offering:
    theme_index, variant = divmod(number, 2)
    network_index = (theme_index + 2 * variant) % len(NETWORKS)
    offset = -50 + theme_index * 6 if variant == 0 else 10 + theme_index * 8
    institute = theme_index == 2  # AP CSP: a four-day summer institute
    rotation = theme_index + variant
    price = 0 if rotation % 3 else demo_bulk.PRICES[theme_index % 4] * (3 if institute else 1)
    capacities = {FULL_OFFERING: 5, NEARLY_FULL_OFFERING: 8}
    return Offering(
        number=number,
        theme=THEMES[theme_index],
        network=NETWORKS[network_index],
        venue=VENUES[network_index],
        first_day=today + timedelta(days=offset),
        start_hour=9 if institute or theme_index % 2 == 0 else 16,
        session_count=4 if institute else 1 + rotation % 3,
        session_hours=6 if institute else 3,
        format=demo_bulk.FORMATS[rotation % 3],
        price_cents=price,
        capacity=capacities.get(number, 20 + (theme_index * 7) % 21),
    )


def _session_times(offering: Offering, days_apart: int) -> Iterator[tuple[datetime, datetime]]:
    zone = ZoneInfo(offering.network.time_zone)
    for index in range(offering.session_count):
        day = offering.first_day + timedelta(days=index * days_apart)
        start = datetime.combine(day, time(offering.start_hour), tzinfo=zone)
        yield start, start + timedelta(hours=offering.session_hours)


def _credit_type(offering: Offering) -> CreditType:
    if offering.theme.audience.startswith("Out-of-school"):
        return CreditType.COMPLETION
    return (
        CreditType.OR_PDUS if offering.network.slug.startswith("or-") else CreditType.WA_CLOCK_HOURS
    )


def _build_workshop(offering: Offering, network: Network, facilitator: User) -> Workshop:
    theme = offering.theme
    days_apart = 1 if offering.session_count == 4 else 7
    workshop = Workshop(
        network=network,
        slug=offering.slug,
        title=theme.title,
        summary=theme.summary,
        description=theme.description,
        topics=list(theme.topics),
        grade_bands=list(theme.grade_bands),
        audience=theme.audience,
        format=offering.format,
        venue="" if offering.format == WorkshopFormat.ONLINE else offering.venue[0],
        address="" if offering.format == WorkshopFormat.ONLINE else offering.venue[1],
        online_url=""
        if offering.format == WorkshopFormat.IN_PERSON
        else f"https://meet.example.org/{offering.slug}",
        capacity=offering.capacity,
        price_cents=offering.price_cents,
        allows_purchase_order=offering.price_cents > 0,
        credit_type=_credit_type(offering),
        credit_hours=Decimal(offering.session_count * offering.session_hours),
        designations=[d for d in theme.designations if d != "equity" or network.may_give_equity],
        attendance_threshold_pct=80,
        status=WorkshopStatus.PUBLISHED,
        facilitators=[facilitator],
    )
    for starts_at, ends_at in _session_times(offering, days_apart):
        workshop.sessions.append(WorkshopSession(starts_at=starts_at, ends_at=ends_at))
    workshops.refresh_schedule(workshop)
    if offering.price_cents and workshop.starts_at:
        workshop.refund_deadline_at = workshop.starts_at - timedelta(days=7)
    if offering.number == CANCELLED_OFFERING:
        workshop.status = WorkshopStatus.CANCELLED
        workshop.cancelled_reason = (
            "Too few registrations this time; we will offer it again in the spring."
        )
    elif offering.number == DRAFT_OFFERING:
        workshop.status = WorkshopStatus.DRAFT
    workshop.requires_evaluation = workshop.is_clock_hours
    return workshop


def _objectives(description: str) -> str:
    """The "You will" list of a theme's description, one objective a line."""
    part = description.split("### You will", 1)[-1].split("###", 1)[0]
    return "\n".join(
        line[2:].strip().capitalize() + "." for line in part.splitlines() if line.startswith("- ")
    )


def _approval(workshop: Workshop, offering: Offering, facilitator: User) -> OfferingApproval:
    """The approval record of a Washington clock-hour offering, approved by the designee
    two weeks before its first session (or today, for one added at short notice)."""
    zone = ZoneInfo(offering.network.time_zone)
    live = [s for s in workshop.sessions if not s.is_cancelled]
    agenda = "\n".join(
        f"Session {number}: {s.starts_at.astimezone(zone):%Y-%m-%d %H:%M}–"
        f"{s.ends_at.astimezone(zone):%H:%M} — launch, hands-on tasks, planning for your class"
        for number, s in enumerate(live, start=1)
    )
    return OfferingApproval(
        workshop_id=workshop.id,
        objectives=_objectives(workshop.description),
        agenda=agenda,
        instructors=f"{facilitator.name}: National Board Certified Teacher, ten years "
        "teaching and coaching STEM in Washington schools.",
        standards_alignment="Washington Standards for Professional Learning; the NGSS and "
        "Washington K–12 learning standards named in the description.",
        approved_on=min(offering.first_day - timedelta(days=14), utcnow().date()),
        designee_name=offering.network.designee,
        approved_hours=workshop.credit_hours,
        approved_schedule=workshops.approval.schedule_of(workshop),
    )


def _confirm(workshop: Workshop, user: User, status: RegistrationStatus) -> Registration:
    paid = workshop.price_cents > 0 and status == RegistrationStatus.CONFIRMED
    return Registration(
        user_id=user.id,
        workshop_id=workshop.id,
        status=status,
        confirmed_at=utcnow() if status == RegistrationStatus.CONFIRMED else None,
        payment_method=PaymentMethod.PURCHASE_ORDER if paid else PaymentMethod.NONE,
        payment_status=PaymentStatus.PAID if paid else PaymentStatus.NOT_REQUIRED,
        amount_cents=workshop.price_cents if paid else 0,
        po_district=user.district if paid else "",
        po_number=f"PO-{workshop.id:05d}-{user.id}" if paid else "",
    )


def _registrations(workshop: Workshop, offering: Offering, people: DemoPeople) -> list:
    """A few realistic registrations: past workshops attended, two nearly or fully booked."""
    educators = people.educators
    if offering.number == FULL_OFFERING:
        seated, waiting = educators[: offering.capacity], educators[offering.capacity :]
    elif offering.number == NEARLY_FULL_OFFERING:
        seated, waiting = educators[: offering.capacity - 2], []
    elif workshop.ends_at and workshop.ends_at < utcnow():
        seated, waiting = educators[:3], []
    else:
        return []
    rows = [_confirm(workshop, user, RegistrationStatus.CONFIRMED) for user in seated]
    return rows + [_confirm(workshop, user, RegistrationStatus.WAITLISTED) for user in waiting]


def _ensure_curated_workshops(networks: dict[str, Network], people: DemoPeople) -> int:
    today = utcnow().date()
    offerings = [_offering(number, today) for number in range(len(THEMES) * 2)]
    slugs = [offering.slug for offering in offerings]
    existing = set(db.session.scalars(select(Workshop.slug).where(Workshop.slug.in_(slugs))))
    created = 0
    for offering in offerings:
        if offering.slug in existing:
            continue
        facilitator = people.facilitators[offering.number // 2 % len(people.facilitators)]
        workshop = _build_workshop(offering, networks[offering.network.slug], facilitator)
        db.session.add(workshop)
        db.session.flush()
        db.session.add_all(_registrations(workshop, offering, people))
        if workshop.is_clock_hours and workshop.status != WorkshopStatus.DRAFT:
            db.session.add(_approval(workshop, offering, facilitator))
        created += 1
    return created


# --- districts, approval and questions --------------------------------------------------


def _upcoming_free(network: Network) -> list[Workshop]:
    return list(
        db.session.scalars(
            select(Workshop)
            .where(
                Workshop.network_id == network.id,
                Workshop.status == WorkshopStatus.PUBLISHED,
                Workshop.price_cents == 0,
                Workshop.starts_at > utcnow() + timedelta(days=3),
            )
            .order_by(Workshop.starts_at, Workshop.id)
        )
    )


def _ensure_districts(
    networks: dict[str, Network], people: DemoPeople, password_hash: SharedPasswordHash
) -> None:
    """A district coordinator who registered staff (one of them new, invited), a workshop
    asking the standard questions and one needing a supervisor's approval. Once only."""
    spec = NETWORKS[0]
    network = networks[spec.slug]
    coordinator = _ensure_user(demo_email("coordinator"), "Dana Whitfield", password_hash)
    db.session.commit()
    if districts.roles_of(coordinator):
        return
    listed = db.session.scalar(select(District).order_by(District.name).limit(1))
    districts.appoint(
        network, coordinator.email, listed, "Demo School District", people.network_admins[spec.slug]
    )
    free = _upcoming_free(network)
    if len(free) < 3:
        return
    staff = [districts.StaffLine(user.email, "") for user in people.educators[-3:]]
    staff.append(districts.StaffLine(demo_email("new-teacher"), "Jordan Ellis"))
    with contextlib.suppress(districts.GroupError, registration.RegistrationError):
        districts.register_staff(districts.roles_of(coordinator)[0], free[0], staff, "")
    for standard, label in (
        (registration.Standard.ACCESS_NEEDS, "Do you have access needs we should plan for?"),
        (registration.Standard.DIETARY_NEEDS, "Dietary needs"),
        (registration.Standard.SUBSTITUTE_NEEDED, "Does your school need a substitute?"),
    ):
        registration.add_question(
            free[1], registration.STANDARD_KINDS[standard], label, [], standard=standard
        )
    free[2].requires_approval = True
    db.session.commit()


# --- the command -----------------------------------------------------------------------


def _ensure_directory(people: DemoPeople) -> None:
    """The sample directory of schools, and the demo educators' schools picked from it."""
    sample = resources.files("pdportal").joinpath("data/schools_sample.csv").read_text("utf-8")
    directory.import_csv(sample)
    for user in (*people.facilitators, *people.educators):
        found = directory.search(user.school) if user.school_id is None else []
        same = [school for school in found if school.name == user.school]
        if same:
            user.school_id = same[0].id


def seed_demo(*, workshops: int = 0, educators: int = 0, password: str, echo: Echo = print) -> None:
    """Load the demo data set (idempotent) and print one login per role."""
    password_hash = SharedPasswordHash(password)
    networks = _ensure_networks()
    people = _ensure_people(networks, password_hash)
    _ensure_directory(people)
    curated = _ensure_curated_workshops(networks, people)
    ensure_evidence(networks[NETWORKS[0].slug])
    db.session.commit()
    _ensure_districts(networks, people, password_hash)
    generated_educators = demo_bulk.ensure_generated_educators(educators, password_hash, echo)
    ordered_networks = [networks[spec.slug] for spec in NETWORKS]
    generated_workshops = demo_bulk.ensure_generated_workshops(workshops, ordered_networks, echo)
    total = db.session.scalar(select(func.count(Workshop.id)))
    if curated or generated_educators or generated_workshops:
        echo(
            f"Demo data: added {curated + generated_workshops} workshops and "
            f"{generated_educators} generated educators ({total} workshops in all)."
        )
    else:
        echo(f"Demo data already loaded ({total} workshops).")
    echo(f"Demo logins (password {password!r}; accounts made earlier keep theirs):")
    if current_app.config.get("TWO_STEP_REQUIRED_FOR_STAFF", True):
        echo("  (admins set up two-step sign-in with an authenticator app at first log-in)")
    for role, email in (
        ("site admin", people.site_admin.email),
        ("network admin", people.network_admins[NETWORKS[0].slug].email),
        ("facilitator", people.facilitators[0].email),
        ("coordinator", demo_email("coordinator")),
        ("educator", people.educators[0].email),
    ):
        echo(f"  {role:<14} {email}")
