"""Site admins see undelivered mail and can send it again (issue 16)."""

from __future__ import annotations

from pdportal.extensions import db
from pdportal.models import NetworkAdmin, OutboxMessage, OutboxStatus
from pdportal.services import mail


def _message(to: str, status: OutboxStatus, attempts: int, error: str) -> OutboxMessage:
    message = mail.queue_email(to, f"About {to}", "body")
    message.status, message.attempts, message.last_error = status, attempts, error
    db.session.commit()
    return message


def test_site_admin_sees_failed_and_waiting_messages_but_not_delivered_ones(
    client, auth, make_user
):
    _message("gone@example.org", OutboxStatus.FAILED, 8, "550 No such mailbox")
    _message("wait@example.org", OutboxStatus.PENDING, 0, "Mail server unreachable: refused")
    _message("fine@example.org", OutboxStatus.SENT, 1, "")
    _message("fresh@example.org", OutboxStatus.PENDING, 0, "")
    auth.login(make_user(is_site_admin=True))

    page = client.get("/admin/mail").get_data(as_text=True)

    assert "gone@example.org" in page and "550 No such mailbox" in page
    assert "wait@example.org" in page and "Waiting to be sent" in page
    assert "fine@example.org" not in page and "fresh@example.org" not in page


def test_sending_a_failed_message_again_gives_it_fresh_attempts(client, auth, make_user):
    failed = _message("gone@example.org", OutboxStatus.FAILED, 8, "550 No such mailbox")
    other = _message("other@example.org", OutboxStatus.FAILED, 8, "550")
    auth.login(make_user(is_site_admin=True))

    response = client.post(f"/admin/mail/{failed.id}/retry", follow_redirects=True)

    assert "1 message will be sent again" in response.get_data(as_text=True)
    db.session.expire_all()
    assert (failed.status, failed.attempts) == (OutboxStatus.PENDING, 0)
    assert other.status is OutboxStatus.FAILED
    client.post("/admin/mail/retry")
    db.session.expire_all()
    assert other.status is OutboxStatus.PENDING


def test_undelivered_mail_is_for_site_admins_only(client, auth, make_user, make_network):
    network_admin = make_user("office@example.org")
    db.session.add(NetworkAdmin(user_id=network_admin.id, network_id=make_network().id))
    db.session.commit()
    failed = _message("gone@example.org", OutboxStatus.FAILED, 8, "550")

    assert client.get("/admin/mail").status_code == 302  # to the login page
    auth.login(network_admin)
    assert client.get("/admin/mail").status_code == 403
    assert client.post(f"/admin/mail/{failed.id}/retry").status_code == 403
    db.session.expire_all()
    assert failed.status is OutboxStatus.FAILED
