"""Calendar fixtures: two independent iCalendar readers and registration rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import flask_babel
import icalendar
import pytest
import vobject

from pdportal import i18n
from pdportal.extensions import db
from pdportal.models import Registration, RegistrationStatus, User, Workshop
from pdportal.orm import utcnow
from pdportal.services.calendar.cache import feed_cache


@pytest.fixture
def marked_spanish(monkeypatch: pytest.MonkeyPatch) -> None:
    """Words that templates (emails, .ics texts) look up while Spanish is the language
    come out marked, "[es] Cancelled: …", so a test can tell which language was used
    before the Spanish catalog is translated. (Views' `gettext` is not marked.)"""
    real = i18n._request_translations

    class Marked:
        def __init__(self, translations) -> None:
            self.translations = translations

        def ugettext(self, text: str) -> str:
            return "[es] " + self.translations.ugettext(text)

        def ungettext(self, singular: str, plural: str, n: int) -> str:
            return "[es] " + self.translations.ungettext(singular, plural, n)

    def translations():
        found = real()
        return Marked(found) if str(flask_babel.get_locale()) == "es" else found

    monkeypatch.setattr(i18n, "_request_translations", translations)


@pytest.fixture(autouse=True)
def _empty_feed_cache() -> Iterator[None]:
    feed_cache.clear()
    yield
    feed_cache.clear()


class Parsed:
    """One calendar read by `icalendar` and by `vobject`; tests check both agree."""

    def __init__(self, data: bytes) -> None:
        self.raw = data
        self.ical = icalendar.Calendar.from_ical(data)
        self.vobj = vobject.readOne(data.decode("utf-8"))

    @property
    def events(self) -> list[icalendar.Event]:
        return self.ical.events

    @property
    def vevents(self) -> list:
        return list(getattr(self.vobj, "vevent_list", []))

    def by_uid(self) -> dict[str, icalendar.Event]:
        return {str(event["UID"]): event for event in self.events}


@pytest.fixture
def parse() -> Callable[[bytes], Parsed]:
    return Parsed


@pytest.fixture
def register_as() -> Callable[..., Registration]:
    def make(
        user: User, workshop: Workshop, status: RegistrationStatus = RegistrationStatus.CONFIRMED
    ) -> Registration:
        registration = Registration(
            user_id=user.id,
            workshop_id=workshop.id,
            status=status,
            confirmed_at=utcnow() if status == RegistrationStatus.CONFIRMED else None,
        )
        db.session.add(registration)
        db.session.commit()
        return registration

    return make
