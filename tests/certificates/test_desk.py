"""The certificates desk before the last session ends, and for the workshop's facilitator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pdportal.extensions import db
from pdportal.i18n import format_local
from pdportal.models import AttendanceStatus, WorkshopStatus


def _running_workshop(make_user, make_network, make_workshop, enrol, mark):
    """Two sessions: the first one over (everyone present), the second still to come."""
    network = make_network(time_zone="America/Los_Angeles")
    facilitator = make_user(name="Frances Facilitator")
    workshop = make_workshop(
        network=network,
        facilitators=[facilitator],
        starts_at=datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(days=6),
        sessions=2,
        attendance_threshold_pct=50,
    )
    mark(enrol(make_user(name="Ana Early"), workshop), workshop, [AttendanceStatus.PRESENT])
    return workshop, facilitator, make_user(admin_of=network)


def test_before_the_last_session_ends_the_desk_says_when_issuing_opens(
    client, auth, make_user, make_network, make_workshop, enrol, mark
):
    workshop, _, admin = _running_workshop(make_user, make_network, make_workshop, enrol, mark)
    auth.login(admin)
    page = client.get(f"/facilitate/workshops/{workshop.slug}/certificates").get_data(as_text=True)
    assert "Issue certificates to everyone eligible" not in page
    when = format_local(workshop.ends_at, "America/Los_Angeles")
    assert f"Certificates can be issued once the last session ends: from {when}." in page
    assert "Eligible so far" in page


def test_facilitator_is_told_the_networks_admins_issue_certificates(
    client, auth, make_user, make_network, make_workshop, enrol, mark
):
    workshop, facilitator, _ = _running_workshop(
        make_user, make_network, make_workshop, enrol, mark
    )
    auth.login(facilitator)
    response = client.get(f"/facilitate/workshops/{workshop.slug}/certificates")
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "issued by the administrators of" in page and workshop.network.name in page
    assert "Not allowed" not in page
    sessions = client.get(f"/facilitate/workshops/{workshop.slug}").get_data(as_text=True)
    assert "Certificates are issued by the administrators of" in sessions
    assert f"/facilitate/workshops/{workshop.slug}/certificates" not in sessions


def test_a_cancelled_workshop_says_never_not_until_then(
    client, auth, make_user, make_network, make_workshop, enrol, mark
):
    workshop, _, admin = _running_workshop(make_user, make_network, make_workshop, enrol, mark)
    workshop.status = WorkshopStatus.CANCELLED
    db.session.commit()
    auth.login(admin)
    page = client.get(f"/facilitate/workshops/{workshop.slug}/certificates").get_data(as_text=True)
    assert "A cancelled workshop has no certificates." in page
    assert "Until then" not in page
    assert "so far" not in page
    assert "Eligible" not in page
    assert "Issue certificates to everyone eligible" not in page
    assert "Ana Early" in page and "No certificate" in page
