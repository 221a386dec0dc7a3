"""A fixed catalog for the search tests: five networks, three facilitators and fifteen
upcoming workshops written as real ones are (plus a draft and a past one that search
must never list), built through the ORM on SQLite or PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from flask import Flask

from pdportal.extensions import db
from pdportal.models import (
    Network,
    User,
    Workshop,
    WorkshopFormat,
    WorkshopSession,
    WorkshopStatus,
)
from pdportal.services import catalog
from pdportal.services.catalog import CatalogFilters

IN_PERSON, ONLINE, HYBRID = WorkshopFormat.IN_PERSON, WorkshopFormat.ONLINE, WorkshopFormat.HYBRID
NETWORKS = {
    "ps": ("Puget Sound STEM Partnership", "Puget Sound Educational Service District"),
    "sc": ("Washington STEM — South Central", "Educational Service District 105"),
    "sw": ("Washington STEM — Southwest", "Educational Service District 112"),
    "nc": ("Washington STEM — North Central", "North Central Educational Service District 171"),
    "or": ("Oregon STEM Hub — Portland Metro", "Portland Metro STEM Partnership"),
}
ADDRESSES = {
    "yakima": ("ESD 105 Conference Room A", "33 S 2nd Ave, Yakima, WA 98902"),
    "vancouver": ("ESD 112 Learning Center", "2500 NE 65th Ave, Vancouver, WA 98661"),
    "renton": ("Puget Sound ESD Conference Center", "800 Oakesdale Ave SW, Renton, WA 98057"),
    "wenatchee": ("NCESD Training Room", "430 Old Station Rd, Wenatchee, WA 98801"),
    "portland": ("Portland Metro STEM Hub Classroom", "1112 SE Madison St, Portland, OR 97214"),
    "": ("", ""),
}
PEOPLE = {"grace": "Grace Kimura", "tomas": "Tomás Herrera", "lupe": "Lupe Ortega"}

# slug: (title, summary, description, topics, grade bands, format, network, place, people)
WORKSHOPS = {
    "ngss-phenomena": (
        "Phenomena-Based Science Teaching with NGSS",
        "Anchor units in phenomena your students can see, wonder about and explain.",
        "Build a driving question board and plan a storyline around a puzzling event.",
        ["ngss_science"], ["3_5", "6_8"], IN_PERSON, "sc", "yakima", ["tomas"],
    ),
    "ngss-assessment": (
        "Designing Three-Dimensional Assessments",
        "Write classroom tasks aligned to the Next Generation Science Standards.",
        "Rubrics, student work and feedback that moves learning forward.",
        ["ngss_science", "assessment"], ["6_8", "9_12"], ONLINE, "ps", "", ["grace"],
    ),
    "im-launch": (
        "Illustrative Mathematics: Launching Lessons with Routines",
        "Warm-ups and instructional routines that get every student talking.",
        "Lead Notice and Wonder and Which One Doesn't Belong? with your own class.",
        ["mathematics"], ["6_8"], HYBRID, "sw", "vancouver", ["grace"],
    ),
    "number-talks": (
        "Number Talks for Early Learners",
        "Build fluency and flexible thinking from kindergarten through second grade.",
        "Dot images, ten frames and the talk moves that make them work.",
        ["mathematics"], ["k_2"], IN_PERSON, "ps", "renton", [],
    ),
    "ap-csp": (
        "AP Computer Science Principles Summer Institute",
        "Get ready to teach AP CSP: the course framework and the Create task.",
        "A four-day institute with pair programming and equitable recruitment.",
        ["computer_science"], ["9_12"], IN_PERSON, "nc", "wenatchee", ["tomas"],
    ),
    "unplugged": (
        "Coding with Unplugged Activities",
        "Computational thinking for young learners, without screens.",
        "Sequencing, loops and debugging through games and stories.",
        ["computer_science"], ["k_2", "3_5"], ONLINE, "or", "", [],
    ),
    "robotics": (
        "Robotics Engineering Design Challenge",
        "Students build and program robots to solve a design problem.",
        "Sensors, motors and the engineering design process, start to finish.",
        ["engineering"], ["6_8"], IN_PERSON, "or", "portland", [],
    ),
    "science-plc": (
        "Leading a Science PLC",
        "Run a professional learning community that looks at student work together.",
        "Protocols for looking at student work and setting shared goals.",
        ["ngss_science"], ["9_12"], ONLINE, "sw", "", [],
    ),
    "steam": (
        "STEAM: Arts Integration in the Science Classroom",
        "Music, drawing and movement as ways into science ideas.",
        "Students sketch observations and choreograph the water cycle.",
        ["ngss_science", "engineering"], ["3_5"], IN_PERSON, "nc", "wenatchee", [],
    ),
    "climate-rivers": (
        "Climate Science and Data in Washington Rivers",
        "Field work on salmon streams with real temperature records.",
        "Collect water samples and graph decades of river temperatures.",
        ["environmental", "ngss_science"], ["9_12"], IN_PERSON, "sc", "yakima", ["lupe"],
    ),
    "responsive-math": (
        "Culturally Responsive Mathematics Teaching",
        "Tasks that draw on students' communities and identities.",
        "Rich tasks, status and participation in the math classroom.",
        ["mathematics", "equity"], ["3_5", "6_8"], ONLINE, "sc", "", [],
    ),
    "career-employers": (
        "Career-Connected Learning with Local Employers",
        "Bring industry partners into your classroom and take students to them.",
        "Plan job-shadow days and projects with local businesses.",
        ["career_connected"], ["9_12"], HYBRID, "sw", "vancouver", [],
    ),
    "fractions": (
        "Fractions on a Number Line",
        "Help students see fractions as numbers.",
        "Partitioning, equivalence and comparing with number lines.",
        ["mathematics"], ["3_5"], IN_PERSON, "or", "portland", [],
    ),
    "data-science": (
        "Data Science for High School Statistics",
        "Students ask questions of real data sets with spreadsheets and Python.",
        "Cleaning data, visualising it and arguing from evidence.",
        ["mathematics", "computer_science"], ["9_12"], ONLINE, "ps", "", ["grace"],
    ),
    "engineering-elementary": (
        "Engineering Is Elementary",
        "Design challenges for young engineers.",
        "Storybooks that set up a problem, and materials to solve it.",
        ["engineering"], ["k_2", "3_5"], IN_PERSON, "ps", "renton", ["lupe"],
    ),
}  # fmt: skip


def _workshop(slug: str, spec: tuple, network: Network, people: dict[str, User], day: int):
    title, summary, description, topics, grades, format_, _net, place, names = spec
    venue, address = ADDRESSES[place]
    start = (datetime.now(UTC) + timedelta(days=10 + day)).replace(
        hour=16, minute=0, second=0, microsecond=0
    )
    workshop = Workshop(
        network=network, slug=slug, title=title, summary=summary, description=description,
        topics=topics, grade_bands=grades, format=format_, venue=venue, address=address,
        capacity=20, credit_hours=Decimal("3"), status=WorkshopStatus.PUBLISHED,
        facilitators=[people[name] for name in names],
    )  # fmt: skip
    workshop.sessions.append(WorkshopSession(starts_at=start, ends_at=start + timedelta(hours=3)))
    workshop.starts_at, workshop.ends_at = start, start + timedelta(hours=3)
    return workshop


def build_catalog() -> None:
    networks = {
        key: Network(name=name, slug=f"net-{key}", backbone_organisation=backbone)
        for key, (name, backbone) in NETWORKS.items()
    }
    people = {
        key: User(email=f"{key}@example.org", name=name, password_hash="x")
        for key, name in PEOPLE.items()
    }
    for day, (slug, spec) in enumerate(WORKSHOPS.items()):
        db.session.add(_workshop(slug, spec, networks[spec[6]], people, day))
    draft = _workshop("ngss-draft", WORKSHOPS["ngss-phenomena"], networks["sc"], people, 1)
    draft.status = WorkshopStatus.DRAFT
    past = _workshop("ngss-past", WORKSHOPS["ngss-phenomena"], networks["sc"], people, -30)
    db.session.add_all([draft, past])
    db.session.commit()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def search_app(request: pytest.FixtureRequest) -> Iterator[Flask]:
    """An app on SQLite, then on PostgreSQL, holding the fixed catalog."""
    app = request.getfixturevalue("app" if request.param == "sqlite" else "pg_app")
    build_catalog()
    yield app


@pytest.fixture
def found(search_app: Flask) -> Callable[..., list[str]]:
    """The slugs the catalog lists for a search, best first."""

    def search(q: str = "", **filters) -> list[str]:
        page = catalog.search(CatalogFilters(q=q, **filters), per_page=100)
        return [item.slug for item in page.items]

    return search
