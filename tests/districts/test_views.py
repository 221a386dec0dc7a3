"""Requests to the districts pages: who may open them, and what they do."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pdportal.models import (
    ApprovalStatus,
    AuditAction,
    AuditEntry,
    RegistrationStatus,
    SupervisorApproval,
)
from pdportal.services import districts, registration
from pdportal.services.districts import StaffLine
from tests.conftest import recorded_statements


def test_coordinator_registers_staff_through_the_form(
    client, auth, make_coordinator, make_workshop
):
    role = make_coordinator()
    workshop = make_workshop(network=role.network, capacity=1)
    auth.login(role.user)
    assert client.get(f"/district/{role.id}/register").status_code == 200
    response = client.post(
        f"/district/{role.id}/register",
        data={"workshop": workshop.slug, "staff": "a@kent.org, Ann A\nb@kent.org, Bo B"},
    )
    assert response.status_code == 302 and "/district/groups/" in response.location
    page = client.get(response.location).get_data(as_text=True)
    assert "Ann A" in page and "Confirmed" in page and "Waitlisted" in page
    assert "Ann A" in client.get("/district").get_data(as_text=True)


def test_bad_lines_are_shown_beside_the_field(client, auth, make_coordinator, make_workshop):
    role = make_coordinator()
    workshop = make_workshop(network=role.network)
    auth.login(role.user)
    response = client.post(
        f"/district/{role.id}/register",
        data={"workshop": workshop.slug, "staff": "nobody\x00\nnot an email"},
    )
    assert response.status_code == 200
    response = client.post(
        f"/district/{role.id}/register", data={"workshop": workshop.slug, "staff": "not an email"}
    )
    assert "Line 1 is not an email address" in response.get_data(as_text=True)


def test_pages_refuse_people_who_are_not_coordinators(
    client, auth, make_user, make_coordinator, make_workshop
):
    role = make_coordinator()
    workshop = make_workshop(network=role.network)
    result = districts.register_staff(role, workshop, [StaffLine("a@kent.org", "Ann")], "")
    stranger = make_user()
    auth.login(stranger)
    assert client.get("/district").status_code == 403
    assert client.get(f"/district/{role.id}/register").status_code == 403
    assert client.get(f"/district/groups/{result.group_id}").status_code == 403
    registration_id = result.places[0].registration_id
    assert client.post(f"/district/registrations/{registration_id}/cancel").status_code == 403
    assert client.get(f"/admin/networks/{role.network.slug}/coordinators").status_code == 403
    assert client.get("/district/groups/999999").status_code == 404


def test_coordinator_cancels_a_district_registration(
    client, auth, make_coordinator, make_workshop, db
):
    role = make_coordinator()
    workshop = make_workshop(network=role.network)
    result = districts.register_staff(role, workshop, [StaffLine("a@kent.org", "Ann")], "")
    registration_id = result.places[0].registration_id
    auth.login(role.user)
    assert client.get(f"/district/registrations/{registration_id}/cancel").status_code == 200
    assert client.post(f"/district/registrations/{registration_id}/cancel").status_code == 302
    db.session.expire_all()
    found = registration.status_for(None, workshop)
    assert found.taken == 0


def test_admin_appoints_a_coordinator_after_confirming_and_it_is_recorded(
    client, auth, db, make_user, make_network
):
    network = make_network()
    admin = make_user(admin_of=network)
    coordinator = make_user(email="casey@kent.org")
    auth.login(admin)
    url = f"/admin/networks/{network.slug}/coordinators"
    form = {"email": "casey@kent.org", "district": "0", "district_name": "Kent SD"}
    asked = client.post(url, data=form)
    text = asked.get_data(as_text=True)
    assert asked.status_code == 200 and 'name="confirmed" value="1"' in text
    assert f"Make {coordinator.name} (casey@kent.org) coordinator of Kent SD?" in text
    assert "recorded in the audit log" in text
    assert districts.roles_of(coordinator) == [] and _audit(db) == []

    response = client.post(url, data={**form, "confirmed": "1"})
    assert response.status_code == 302
    assert [role.district_name for role in districts.roles_of(coordinator)] == ["Kent SD"]
    assert _audit(db) == [
        (AuditAction.COORDINATOR_APPOINTED, admin.id, coordinator.id, f"Kent SD · {network.name}")
    ]
    again = client.post(url, data={**form, "confirmed": "1"})
    assert "already coordinate" in again.get_data(as_text=True)
    nobody = client.post(
        url, data={"email": "x@kent.org", "district": "0", "district_name": "Kent"}
    )
    assert "No account has that address" in nobody.get_data(as_text=True)  # not asked first


def _audit(db):
    return [
        (e.action, e.actor_id, e.subject_id, e.target)
        for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))
    ]


def test_invitation_sets_the_password_and_signs_in(client, make_coordinator, make_workshop, outbox):
    role = make_coordinator()
    districts.register_staff(
        role, make_workshop(network=role.network), [StaffLine("n@kent.org", "Nia")], ""
    )
    body = [m for m in outbox("n@kent.org") if "/district/invitation/" in m.body_text][0].body_text
    path = "/district/invitation/" + body.split("/district/invitation/")[1].split()[0]
    assert client.get(path).status_code == 200
    response = client.post(path, data={"password": "tidal pool lantern 7"})
    assert response.status_code == 302
    page = client.get("/me/registrations").get_data(as_text=True)
    assert "Modeling with Mathematics" in page
    assert client.get(path).status_code == 400  # used
    assert client.get("/district/invitation/forged").status_code == 400


@pytest.mark.parametrize("choice", ["approve", "decline"])
def test_supervisor_answers_through_the_link_without_an_account(
    client, auth, make_user, make_workshop, outbox, db, choice
):
    workshop = make_workshop(requires_approval=True)
    educator = make_user()
    auth.login(educator)
    assert client.post(f"/workshops/{workshop.slug}/register").location.endswith(
        f"/workshops/{workshop.slug}/details"
    )
    assert client.get(f"/workshops/{workshop.slug}/details").status_code == 200
    client.post(f"/workshops/{workshop.slug}/details", data={"supervisor_email": "boss@x.org"})
    auth.logout()
    body = outbox("boss@x.org")[0].body_text
    path = "/approvals/" + body.split("/approvals/")[1].split()[0]
    page = client.get(path).get_data(as_text=True)
    assert educator.name in page and educator.email not in page  # only what they need
    client.post(path, data={"answer": choice, "substitute_needed": "y"})
    approval = db.session.query(SupervisorApproval).one()
    db.session.refresh(approval)
    assert approval.status == (
        ApprovalStatus.APPROVED if choice == "approve" else ApprovalStatus.DECLINED
    )
    assert approval.substitute_needed is True
    expected = RegistrationStatus.CONFIRMED if choice == "approve" else RegistrationStatus.CANCELLED
    db.session.refresh(approval.registration)
    assert approval.registration.status == expected
    assert client.get("/approvals/forged").status_code == 404


def test_district_exports_who_needs_a_substitute(
    client, auth, make_coordinator, make_workshop, make_user, db
):
    from pdportal.models import District, School

    district = District(state="WA", code="17415", name="Kent School District")
    school = School(state="WA", code="9999", name="Kent Elementary", district=district)
    db.session.add_all([district, school])
    db.session.commit()
    role = make_coordinator(district_name="Kent School District")
    role.district_id = district.id
    db.session.commit()
    approval_workshop = make_workshop(network=role.network, requires_approval=True)
    teacher = make_user(name="Lee Approved", school_id=school.id)
    held = registration.register_with_approval(teacher, approval_workshop, "boss@kent.org")
    approval = db.session.query(SupervisorApproval).one()
    registration.answer(approval.id, True, substitute_needed=True)
    question_workshop = make_workshop(network=role.network)
    question = registration.add_question(
        question_workshop,
        registration.STANDARD_KINDS[registration.Standard.SUBSTITUTE_NEEDED],
        "Substitute?",
        [],
        standard=registration.Standard.SUBSTITUTE_NEEDED,
    )
    districts.register_staff(role, question_workshop, [StaffLine("g@kent.org", "Gus Group")], "")
    make_user(name="Elsewhere Ed", school_id=None)
    auth.login(role.user)
    csv_text = client.get(f"/district/{role.id}/substitutes.csv").get_data(as_text=True)
    lines = csv_text.splitlines()
    assert lines[0].lstrip("\ufeff").startswith("Name,Email,Workshop")
    assert any("Lee Approved" in line and line.endswith("Approved,Yes") for line in lines)
    assert any("Gus Group" in line for line in lines)
    assert not any("Elsewhere Ed" in line for line in lines)
    assert held.registration_id and question.id
    auth.login(make_user())
    assert client.get(f"/district/{role.id}/substitutes.csv").status_code == 403


def test_admin_ends_a_coordinators_role_and_may_appoint_again(
    client, auth, db, make_user, make_coordinator, make_workshop
):
    role = make_coordinator()
    districts.register_staff(
        role, make_workshop(network=role.network), [StaffLine("a@kent.org", "Ann")], ""
    )
    coordinator = role.user
    auth.login(make_user(admin_of=role.network))
    base = f"/admin/networks/{role.network.slug}/coordinators"
    asked = client.post(f"{base}/{role.id}/end")
    assert asked.status_code == 200 and "no longer register" in asked.get_data(as_text=True)
    appointed = _audit(db)  # by the fixture
    assert districts.roles_of(coordinator) == [role]
    assert client.post(f"{base}/{role.id}/end", data={"confirmed": "1"}).status_code == 302
    assert districts.roles_of(coordinator) == []
    assert [entry[0] for entry in _audit(db)[len(appointed) :]] == [AuditAction.COORDINATOR_REMOVED]
    again = client.post(
        base,
        data={
            "email": coordinator.email,
            "district": "0",
            "district_name": role.district_name,
            "confirmed": "1",
        },
    )
    assert again.status_code == 302
    (renewed,) = districts.roles_of(coordinator)
    assert [r.user.name for r in districts.district_registrations(renewed)] == ["Ann"]
    auth.login(make_user())
    assert client.post(f"{base}/{renewed.id}/end").status_code == 403
    assert client.post(f"{base}/{renewed.id}/end", data={"confirmed": "1"}).status_code == 403


def test_the_menu_links_a_coordinator_to_their_district_at_no_extra_query(
    client, auth, make_coordinator, make_user
):
    role = make_coordinator()
    link = 'href="/district"'

    def my_registrations(user) -> tuple[str, int]:
        auth.login(user)
        with recorded_statements() as statements:
            page = client.get("/me/registrations")
        assert page.status_code == 200
        auth.logout()
        return page.get_data(as_text=True), len(statements)

    coordinator_page, coordinator_queries = my_registrations(role.user)
    educator_page, educator_queries = my_registrations(make_user())
    assert link in coordinator_page and "My district" in coordinator_page
    assert link not in educator_page
    assert coordinator_queries == educator_queries

    districts.end(role, make_user(is_site_admin=True))
    assert link not in my_registrations(role.user)[0]
