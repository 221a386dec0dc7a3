"""Sign-in sessions, one row a browser: listed on the owner's security page, ended one by
one, and all but the current one ended by a password or email change (all of them by a
deactivation or reset).

The session loader runs on every signed-in request, so it reads the session, its user and
what the second-factor rule needs in one statement built once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, exists, select

from pdportal import policy
from pdportal.extensions import db
from pdportal.models import NetworkAdmin, SignInSession, TwoStepCredential, User
from pdportal.orm import utcnow

# last_seen_at is written at most this often (not on every request).
SEEN_EVERY = timedelta(minutes=5)
USER_AGENT_MAX_LENGTH = 300

_SESSION_BY_TOKEN = (
    select(
        SignInSession,
        User,
        exists().where(NetworkAdmin.user_id == User.id),
        exists().where(
            TwoStepCredential.user_id == User.id, TwoStepCredential.enabled_at.is_not(None)
        ),
    )
    .join(User, User.id == SignInSession.user_id)
    .where(SignInSession.token == bindparam("token"))
)


@dataclass(frozen=True)
class SessionRow:
    """A session as its owner sees it in the list."""

    id: int
    user_agent: str
    address: str
    created_at: datetime
    last_seen_at: datetime
    is_current: bool


def start_session(user: User, *, user_agent: str = "", address: str = "") -> SignInSession:
    """A new signed-in browser for `user`; `user.get_id()` is its token from now on."""
    session = SignInSession(
        user_id=user.id,
        user_agent=user_agent[:USER_AGENT_MAX_LENGTH],
        address=(address or "")[:64],
    )
    db.session.add(session)
    db.session.commit()
    user.current_session = session
    return session


def load_user_by_session_token(token: str) -> User | None:
    """Flask-Login's loader: the user of this session, unless it ended or the account was
    deactivated. Sets `user.current_session` and `user.must_set_up_two_step`."""
    row = db.session.execute(_SESSION_BY_TOKEN, {"token": token}).first()
    if row is None:
        return None
    session, user, is_network_admin, has_two_step = row
    if not user.is_active:
        return None
    user.current_session = session
    user.must_set_up_two_step = not has_two_step and policy.requires_two_step(
        user, is_network_admin=is_network_admin
    )
    now = utcnow()
    if now - session.last_seen_at > SEEN_EVERY:
        session.last_seen_at = now
        db.session.commit()
    return user


def list_sessions(user: User) -> list[SessionRow]:
    """The user's signed-in browsers, the most recently used first."""
    current_id = user.current_session.id if user.current_session else None
    rows = db.session.scalars(
        select(SignInSession)
        .where(SignInSession.user_id == user.id)
        .order_by(SignInSession.last_seen_at.desc(), SignInSession.id.desc())
    )
    return [
        SessionRow(
            id=row.id,
            user_agent=row.user_agent,
            address=row.address,
            created_at=row.created_at,
            last_seen_at=row.last_seen_at,
            is_current=row.id == current_id,
        )
        for row in rows
    ]


def end_session(user: User, session_id: int) -> bool:
    """End one of the user's own sessions; False if there is no such session of theirs."""
    ended = db.session.execute(
        delete(SignInSession).where(
            SignInSession.id == session_id, SignInSession.user_id == user.id
        )
    ).rowcount
    db.session.commit()
    return bool(ended)


def end_current_session(user: User) -> None:
    """Log-out: this browser's session ends (copies of its cookies die with it)."""
    if user.current_session is not None:
        end_session(user, user.current_session.id)
        user.current_session = None


def end_other_sessions(user: User, *, keep_current: bool = True, commit: bool = True) -> int:
    """End every session but this request's (every one with `keep_current=False`, or
    outside a request); how many. `commit=False` inside a password change, an email change
    or a deactivation."""
    statement = delete(SignInSession).where(SignInSession.user_id == user.id)
    if keep_current and user.current_session is not None:
        statement = statement.where(SignInSession.id != user.current_session.id)
    ended = db.session.execute(statement).rowcount
    if commit:
        db.session.commit()
    return ended
