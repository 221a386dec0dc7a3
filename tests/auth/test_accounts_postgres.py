"""The accounts services' statements on PostgreSQL: the session loader, the audit filter,
email swaps, merging and closing (issue 15)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from pdportal.extensions import db
from pdportal.models import AuditAction, NetworkAdmin, User, UserEmail
from pdportal.services import accounts
from pdportal.services.accounts.audit import AuditFilter
from pdportal.services.workshops import networks
from pdportal.services.workshops.networks import NetworkDetails

pytestmark = pytest.mark.postgres


def _person(email: str, name: str, **fields) -> User:
    user = User(
        email=email,
        name=name,
        password_hash=generate_password_hash("pw-12345678", method="pbkdf2:sha256:1000"),
        email_verified_at=datetime.now(UTC),
        **fields,
    )
    db.session.add(user)
    db.session.commit()
    return user


def test_accounts_on_postgresql(pg_app):
    pg_app.config["TWO_STEP_REQUIRED_FOR_STAFF"] = True
    try:
        network = networks.create_network(NetworkDetails("Spokane STEM", "spokane"))
        admin = _person("admin@spokane.example", "50%_Admin")
        db.session.add(NetworkAdmin(user_id=admin.id, network_id=network.id))
        db.session.commit()
        token = accounts.start_session(admin, user_agent="x" * 400, address="2001:db8::1").token
        loaded = accounts.load_user_by_session_token(token)
        assert loaded == admin and loaded.must_set_up_two_step

        keep = _person("keep@school.example", "Kim Keep")
        duplicate = _person("dupe@school.example", "Kim Dupe")
        db.session.add(UserEmail(user_id=duplicate.id, email="kim@home.example"))
        db.session.commit()
        accounts.merging.merge(keep, duplicate, actor=admin)
        assert accounts.find_user_by_email("KIM@home.example") == keep
        assert set(db.session.scalars(select(UserEmail.email))) == {
            "dupe@school.example",
            "kim@home.example",
        }
        row_id = db.session.scalar(
            select(UserEmail.id).where(UserEmail.email == "kim@home.example")
        )
        accounts.emails.make_primary(keep, row_id)
        assert keep.email == "kim@home.example"

        networks.set_site_admin(keep, True, admin)
        page = accounts.audit.audit_page(AuditFilter(person="50%_"), 1)
        assert page.total == 2  # the merge and the role, both by the admin
        assert accounts.audit.audit_page(AuditFilter(person="%%"), 1).total == 0
        assert (
            accounts.audit.audit_page(AuditFilter(action=AuditAction.ACCOUNT_MERGED), 1).total == 1
        )
        educator = _person("leaving@school.example", "Lee Leaving")
        accounts.leaving.close_account(educator, "pw-12345678")
        assert educator.closed_at is not None
        assert accounts.leaving.personal_data(keep)["account"]["email"] == "kim@home.example"
    finally:
        pg_app.config["TWO_STEP_REQUIRED_FOR_STAFF"] = False
