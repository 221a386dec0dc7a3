"""The services answer values; the words are chosen once, in the reader's language, and
read the same on the page, in the flash and in the email."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

import pytest

from pdportal.blueprints.registration import messages
from pdportal.i18n import format_local
from pdportal.services import registration
from pdportal.services.registration import Refusal, RegistrationError


def _now() -> datetime:
    return datetime.now(UTC)


def _text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.text)).split())


def test_a_workshop_not_open_yet_says_when_it_opens_on_its_page_and_when_refused(
    client, auth, make_user, make_workshop
):
    opens = _now() + timedelta(days=2)
    workshop = make_workshop(registration_opens_at=opens)
    status = registration.status_for(None, workshop)
    assert (status.closed, status.opens_at) == (Refusal.NOT_OPEN_YET, opens)

    when = format_local(opens, workshop.network.time_zone)
    sentence = f"Registration is not open yet. It opens {when}."
    assert sentence in _text(client.get(f"/workshops/{workshop.slug}"))
    auth.login(make_user())
    refused = client.post(f"/workshops/{workshop.slug}/register", follow_redirects=True)
    assert sentence in _text(refused)


def test_status_for_counts_seats_and_finds_the_viewers_place_in_line(make_user, make_workshop):
    workshop = make_workshop(capacity=1)
    seated, waiting = make_user(), make_user()
    registration.take_seat(seated, workshop)
    registration.take_seat(make_user(), workshop)
    registration.take_seat(waiting, workshop)

    status = registration.status_for(waiting, workshop)

    assert (status.taken, status.waitlisted, status.seats_left) == (1, 2, 0)
    assert status.joins_waitlist and status.closed is None
    assert (status.registration.user_id, status.waitlist_position) == (waiting.id, 2)
    assert registration.status_for(seated, workshop).waitlist_position is None


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (RegistrationError(Refusal.NO_ACCOUNT, email="sam@example.org"), "No account uses sam@"),
        (RegistrationError(Refusal.WALK_IN_ALREADY_REGISTERED, name="Sam"), "Sam is already"),
        (RegistrationError(Refusal.CAPACITY_BELOW_ONE), "Capacity must be at least 1."),
    ],
)
def test_every_refusal_has_its_words(app, error, words):
    with app.test_request_context():
        assert messages.refusal(error).startswith(words)
        for reason in Refusal:
            assert messages.refusal(RegistrationError(reason, opens_at=_now()))


def test_an_email_is_written_in_the_recipients_language(make_user, make_workshop, outbox):
    workshop = make_workshop(starts_at=datetime(2031, 12, 4, 17, 0, tzinfo=UTC))
    english = make_user(preferred_language="en")
    spanish = make_user(preferred_language="es")

    registration.take_seat(english, workshop)
    registration.take_seat(spanish, workshop)

    # Dates follow the reader's language (Babel): "Thu Dec 4, 2031" / "jue 4 de dic de 2031".
    assert "Dec 4, 2031" in outbox(english.email)[-1].body_text
    assert "4 de dic" in outbox(spanish.email)[-1].body_text
