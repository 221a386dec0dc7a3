"""Washington clock hours: the offering is approved before it runs (issue 11)."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from pdportal.models import (
    AttendanceStatus,
    CreditType,
    Designation,
    OfferingApproval,
    WorkshopStatus,
)
from pdportal.services import workshops
from pdportal.services.workshops import Problem, approval
from pdportal.services.workshops.approval import ApprovalRecord, ApprovalState
from pdportal.services.workshops.editing import WorkshopDetails, WorkshopError
from tests.admin.test_network_pages import network_form
from tests.clock_hours import approve_as_it_ran

NEXT_YEAR = date.today().year + 1
FIRST_DAY = date(NEXT_YEAR, 4, 14)
RECORD = ApprovalRecord(
    objectives="Plan a three-dimensional NGSS lesson.\nUse formative assessment probes.",
    agenda="9:00 Phenomena; 10:30 Probes; 11:30 Planning",
    instructors="Dr. Ana Ruiz, NBCT, 12 years teaching chemistry",
    standards_alignment="WA teacher standards 1 and 3; NGSS practices 2 and 6",
)


def clock_hour_draft(network, **fields):
    workshop = workshops.create_workshop(
        network,
        WorkshopDetails(
            title="Phenomena-Based Science",
            venue="ESD 121",
            credit_type=CreditType.WA_CLOCK_HOURS,
            credit_hours=Decimal("3"),
            **fields,
        ),
    )
    workshops.add_session(workshop, FIRST_DAY, time(9), time(12))
    return workshop


def approved(workshop, admin):
    approval.save_record(workshop, RECORD)
    return approval.approve(workshop, admin, date.today(), "Dr. Dee Signer")


def test_a_clock_hour_workshop_without_an_approval_is_not_published(people):
    workshop = clock_hour_draft(people.network)
    with pytest.raises(WorkshopError) as refused:
        workshops.publish_workshop(workshop)
    assert Problem.PUBLISH_NOT_APPROVED in [p.reason for p in refused.value.problems]
    assert workshop.status == WorkshopStatus.DRAFT


def test_a_record_waiting_for_the_designee_does_not_publish_either(people):
    workshop = clock_hour_draft(people.network)
    approval.save_record(workshop, RECORD)
    assert approval.state(workshop) == ApprovalState.PENDING
    with pytest.raises(WorkshopError):
        workshops.publish_workshop(workshop)


def test_an_approved_offering_is_published(people):
    workshop = clock_hour_draft(people.network)
    done = approved(workshop, people.admin)
    assert (done.approved_hours, len(done.approved_schedule)) == (Decimal("3"), 1)
    assert approval.state(workshop) == ApprovalState.APPROVED
    workshops.publish_workshop(workshop)
    assert workshop.status == WorkshopStatus.PUBLISHED


def test_other_credit_needs_no_approval(people):
    workshop = workshops.create_workshop(
        people.network, WorkshopDetails(title="Coding club", venue="Library")
    )
    workshops.add_session(workshop, FIRST_DAY, time(9), time(12))
    assert approval.state(workshop) == ApprovalState.NOT_NEEDED
    workshops.publish_workshop(workshop)


def test_the_approval_is_dated_before_the_first_session(people):
    workshop = clock_hour_draft(people.network)
    approval.save_record(workshop, RECORD)
    that_morning = workshop.sessions[0].starts_at - timedelta(hours=2)
    with pytest.raises(WorkshopError) as refused:
        approval.approve(workshop, people.admin, FIRST_DAY, "Dee Signer", now=that_morning)
    assert refused.value.reason == Problem.APPROVAL_NOT_BEFORE_FIRST_SESSION
    assert refused.value.values == {"first_day": FIRST_DAY}
    day_before = FIRST_DAY - timedelta(days=1)
    approval.approve(workshop, people.admin, day_before, "Dee Signer", now=that_morning)
    assert approval.state(workshop) == ApprovalState.APPROVED


def test_an_approval_cannot_be_dated_in_the_future(people):
    workshop = clock_hour_draft(people.network)
    approval.save_record(workshop, RECORD)
    with pytest.raises(WorkshopError) as refused:
        approval.approve(workshop, people.admin, date.today() + timedelta(days=2), "Dee")
    assert refused.value.reason == Problem.APPROVAL_IN_FUTURE


def test_every_part_of_the_record_and_the_designee_are_needed(people):
    workshop = clock_hour_draft(people.network)
    approval.save_record(workshop, ApprovalRecord(objectives="Plan a lesson."))
    with pytest.raises(WorkshopError) as refused:
        approval.approve(workshop, people.admin, date.today(), "  ")
    missing = {
        p.field for p in refused.value.problems if p.reason == Problem.APPROVAL_FIELD_MISSING
    }
    assert missing == {"agenda", "instructors", "standards_alignment", "designee_name"}


@pytest.mark.parametrize(
    "change",
    [
        "hours",
        "session moved",
        "session added",
        "record edited",
    ],
)
def test_a_change_after_approval_asks_for_approval_again(people, change):
    workshop = clock_hour_draft(people.network)
    approved(workshop, people.admin)
    if change == "hours":
        details = WorkshopDetails.of(workshop)
        details.credit_hours = Decimal("6")
        workshops.update_workshop(workshop, details)
    elif change == "session moved":
        workshops.update_session(workshop.sessions[0], FIRST_DAY, time(9), time(15))
    elif change == "session added":
        workshops.add_session(workshop, FIRST_DAY + timedelta(days=7), time(9), time(12))
    else:
        approval.save_record(workshop, ApprovalRecord(**{**vars(RECORD), "objectives": "New."}))
    assert approval.state(workshop) == ApprovalState.NEEDS_REAPPROVAL
    with pytest.raises(WorkshopError) as refused:
        workshops.publish_workshop(workshop)
    assert Problem.PUBLISH_NEEDS_REAPPROVAL in [p.reason for p in refused.value.problems]
    approval.approve(workshop, people.admin, date.today(), "Dr. Dee Signer")
    assert approval.state(workshop) == ApprovalState.APPROVED


def test_edits_that_do_not_touch_hours_sessions_or_record_keep_the_approval(people):
    workshop = clock_hour_draft(people.network)
    approved(workshop, people.admin)
    details = WorkshopDetails.of(workshop)
    details.summary = "A new summary."
    workshops.update_workshop(workshop, details)
    approval.save_record(workshop, RECORD)  # saved again unchanged
    assert approval.state(workshop) == ApprovalState.APPROVED


def test_an_approved_record_is_never_overwritten(db, people):
    workshop = clock_hour_draft(people.network)
    first = approved(workshop, people.admin)
    approval.save_record(workshop, ApprovalRecord(**{**vars(RECORD), "objectives": "Changed."}))
    db.session.refresh(first)
    assert first.objectives == RECORD.objectives and first.is_approved
    assert [v.version for v in approval.versions(workshop)] == [2, 1]
    assert approval.latest_approved(workshop).id == first.id


def test_a_re_approval_keeps_the_first_approval_on_file(db, people):
    workshop = clock_hour_draft(people.network)
    approved(workshop, people.admin)
    details = WorkshopDetails.of(workshop)
    details.credit_hours = Decimal("2.5")
    workshops.update_workshop(workshop, details)
    approval.approve(workshop, people.admin, date.today(), "Dr. Dee Signer")
    hours = db.session.scalars(
        select(OfferingApproval.approved_hours).order_by(OfferingApproval.version)
    ).all()
    assert hours == [Decimal("3"), Decimal("2.5")]


def test_washington_clock_hours_always_require_the_evaluation(people):
    workshop = clock_hour_draft(people.network, requires_evaluation=False)
    assert workshop.requires_evaluation and workshop.needs_evaluation


# --- Equity: only networks a site admin marks ----------------------------------------


def test_equity_from_a_network_that_may_not_give_it_is_refused(db, people):
    with pytest.raises(WorkshopError) as refused:
        workshops.create_workshop(
            people.network,
            WorkshopDetails(title="Culturally responsive math", designations=["equity"]),
        )
    assert refused.value.reason == Problem.EQUITY_NOT_ALLOWED
    assert refused.value.field == "designations"
    assert db.session.scalar(select(func.count()).select_from(OfferingApproval)) == 0


def test_a_network_marked_by_a_site_admin_gives_equity(db, people):
    people.network.may_give_equity = True
    db.session.commit()
    workshop = workshops.create_workshop(
        people.network,
        WorkshopDetails(title="Culturally responsive math", designations=["equity", "stem"]),
    )
    assert workshop.designations == ["equity", "stem"]


def test_all_five_designations_exist():
    assert [d.value for d in Designation] == [
        "stem",
        "equity",
        "leadership",
        "fundamental_course",
        "paraeducator",
    ]


# --- pages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("educator", 403),
        ("other_admin", 403),
        ("admin", 200),
        ("site_admin", 200),
    ],
)
def test_the_approval_page_is_for_the_networks_admins(client, auth, people, role, status):
    workshop = clock_hour_draft(people.network)
    if user := people.by_role(role):
        auth.login(user)
    base = f"/admin/workshops/{workshop.slug}/approval"
    assert client.get(base).status_code == status
    posted = client.post(base + "/record", data={"objectives": "Plan a lesson."})
    assert posted.status_code == (302 if status == 200 else status)
    approve = client.post(base + "/approve", data={"designee_name": "Dee", "approved_on": "x"})
    assert approve.status_code == (400 if status == 200 else status)


def test_writing_and_approving_through_the_pages(client, auth, people):
    workshop = clock_hour_draft(people.network)
    auth.login(people.admin)
    base = f"/admin/workshops/{workshop.slug}/approval"
    response = client.post(base + "/record", data=vars(RECORD), follow_redirects=True)
    assert "Record saved" in response.get_data(as_text=True)
    response = client.post(
        base + "/approve",
        data={"designee_name": "Dr. Dee Signer", "approved_on": FIRST_DAY.isoformat()},
    )
    assert response.status_code == 400
    assert "choose a date before" in response.get_data(as_text=True)
    response = client.post(
        base + "/approve",
        data={"designee_name": "Dr. Dee Signer", "approved_on": date.today().isoformat()},
        follow_redirects=True,
    )
    assert "Approved: the offering may be published." in response.get_data(as_text=True)
    page = client.get(f"/admin/workshops/{workshop.slug}").get_data(as_text=True)
    assert "The offering is approved as it stands." in page


def test_approving_an_incomplete_record_marks_each_empty_field(client, auth, people):
    workshop = clock_hour_draft(people.network)
    auth.login(people.admin)
    response = client.post(
        f"/admin/workshops/{workshop.slug}/approval/approve",
        data={"designee_name": "Dee", "approved_on": date.today().isoformat()},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page.count("Fill this in before approving.") >= 4
    assert "objectives-hint objectives-error" in page


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2026-13-40", "x\x00"])
def test_odd_dates_are_field_messages(client, auth, people, day):
    workshop = clock_hour_draft(people.network)
    approval.save_record(workshop, RECORD)
    auth.login(people.admin)
    response = client.post(
        f"/admin/workshops/{workshop.slug}/approval/approve",
        data={"designee_name": "Dee", "approved_on": day},
    )
    assert response.status_code in (400, 302)
    assert approval.state(workshop) != ApprovalState.APPROVED or day == "0001-01-01"


def test_publishing_without_approval_is_refused_in_words(client, auth, people):
    workshop = clock_hour_draft(people.network)
    auth.login(people.admin)
    page = client.post(f"/admin/workshops/{workshop.slug}/publish", follow_redirects=True).get_data(
        as_text=True
    )
    assert "Washington clock hours need an approved offering before publishing" in page


def test_equity_is_refused_next_to_the_field(client, auth, people):
    auth.login(people.admin)
    response = client.post(
        "/admin/workshops/new",
        data={
            "network": people.network.id,
            "title": "Equity in math",
            "format": "in_person",
            "capacity": "20",
            "price": "0",
            "credit_type": "completion",
            "credit_hours": "0",
            "attendance_threshold_pct": "100",
            "designations": ["equity"],
        },
    )
    page = response.get_data(as_text=True)
    assert "This network may not give Equity-designated hours" in page


def test_a_copy_drops_equity_the_network_may_no_longer_give(db, people, make_workshop):
    workshop = make_workshop(network=people.network, designations=["equity", "stem"])
    copy = workshops.duplicate_workshop(workshop, weeks=1)
    assert copy.designations == ["stem"]


def test_the_approved_objectives_are_on_the_public_page(client, people):
    workshop = clock_hour_draft(people.network)
    approved(workshop, people.admin)
    workshops.publish_workshop(workshop)
    page = client.get(f"/workshops/{workshop.slug}").get_data(as_text=True)
    assert "Learning objectives" in page
    assert "<li>Use formative assessment probes.</li>" in page
    assert "Dr. Dee Signer" in page
    assert "NBCT" not in page  # the rest of the record is the provider's


def test_objectives_waiting_for_approval_are_not_shown_as_approved(client, people):
    workshop = clock_hour_draft(people.network)
    approved(workshop, people.admin)
    workshops.publish_workshop(workshop)
    approval.save_record(workshop, ApprovalRecord(**{**vars(RECORD), "objectives": "Unvetted."}))
    page = client.get(f"/workshops/{workshop.slug}").get_data(as_text=True)
    assert "Unvetted." not in page and "Use formative assessment probes." in page


def test_a_site_admin_marks_a_network_as_giving_equity(client, auth, db, people):
    auth.login(people.site_admin)
    data = network_form(name=people.network.name, slug=people.network.slug, may_give_equity="y")
    client.post(f"/admin/networks/{people.network.slug}", data=data)
    db.session.refresh(people.network)
    assert people.network.may_give_equity
    client.post(f"/admin/networks/{people.network.slug}", data={**data, "may_give_equity": ""})
    db.session.refresh(people.network)
    assert not people.network.may_give_equity


def test_a_network_admin_cannot_mark_their_own_network(client, auth, db, people):
    auth.login(people.admin)
    response = client.post(f"/admin/networks/{people.network.slug}", data={"may_give_equity": "y"})
    assert response.status_code == 403
    db.session.refresh(people.network)
    assert not people.network.may_give_equity


def test_the_workshop_page_asks_for_approval_again_after_a_session_moves(client, auth, people):
    workshop = clock_hour_draft(people.network)
    approved(workshop, people.admin)
    auth.login(people.admin)
    session = workshop.sessions[0]
    client.post(
        f"/admin/workshops/{workshop.slug}/sessions/{session.id}/edit",
        data={"day": FIRST_DAY.isoformat(), "start_time": "09:00", "end_time": "13:00"},
    )
    page = client.get(f"/admin/workshops/{workshop.slug}").get_data(as_text=True)
    assert "Needs approval again" in page and 'id="reapproval"' in page


def test_an_issued_certificate_needs_the_evaluation_said_on_the_desk(
    client, auth, past_workshop, make_user, enrol, mark
):
    workshop = past_workshop(credit_type=CreditType.WA_CLOCK_HOURS)
    approve_as_it_ran(workshop)
    mark(enrol(make_user(name="Eva Luation"), workshop), workshop, [AttendanceStatus.PRESENT] * 2)
    auth.login(make_user(admin_of=workshop.network))
    response = client.post(
        f"/facilitate/workshops/{workshop.slug}/certificates/issue", follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "0 certificates issued" in page and "evaluation not submitted" in page
