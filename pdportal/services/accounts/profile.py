"""A person's profile: name, school (from the directory, or typed), the language they
prefer, and the optional, self-identified demographics (shown to nobody but them)."""

from __future__ import annotations

from dataclasses import dataclass

from pdportal.extensions import db
from pdportal.i18n import LANGUAGES as INTERFACE_LANGUAGES
from pdportal.models import EducatorType, GradeBand, RaceEthnicity, School, Subject, User
from pdportal.orm import LabelledEnum
from pdportal.services.accounts.users import AccountError, AccountProblem

# Languages a person may prefer (for what we can offer in it, and for the network to know):
# those of Pacific Northwest families first, then other common ones; each in its own name.
# The interface's languages (`pdportal.i18n.LANGUAGES`) are among them.
LANGUAGES: list[tuple[str, str]] = [
    ("en", "English"),
    ("es", "Español"),
    ("vi", "Tiếng Việt"),
    ("zh", "中文"),
    ("ru", "Русский"),
    ("uk", "Українська"),
    ("so", "Soomaali"),
    ("ko", "한국어"),
    ("tl", "Tagalog"),
    ("ar", "العربية"),
    ("am", "አማርኛ"),
    ("ti", "ትግርኛ"),
    ("pa", "ਪੰਜਾਬੀ"),
    ("ja", "日本語"),
    ("mh", "Kajin M̧ajeļ"),
    ("chk", "Chuukese"),
    ("sm", "Gagana Samoa"),
    ("km", "ភាសាខ្មែរ"),
    ("fa", "فارسی"),
    ("hi", "हिन्दी"),
]
LANGUAGE_CODES = {code for code, _label in LANGUAGES} | set(INTERFACE_LANGUAGES)


@dataclass(frozen=True)
class ProfileDetails:
    name: str
    educator_type: EducatorType | None = None
    school_id: int | None = None  # a school of the directory; else `school` as typed
    school: str = ""
    district: str = ""
    grade_bands: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    licence_number: str = ""
    preferred_language: str = "en"
    race_ethnicity: tuple[str, ...] = ()
    race_ethnicity_self_described: str = ""
    gender: str = ""
    home_language: str = ""


def _known(values: tuple[str, ...], allowed: type[LabelledEnum]) -> list[str]:
    """The values that are members of `allowed`, once each, in the enum's order."""
    chosen = set(values)
    return [member.value for member in allowed if member.value in chosen]


def update_profile(user: User, details: ProfileDetails) -> None:
    name = details.name.strip()
    if not name:
        raise AccountError(AccountProblem.NAME_MISSING, field="name")
    if details.preferred_language not in LANGUAGE_CODES:
        raise AccountError(AccountProblem.UNKNOWN_LANGUAGE, field="preferred_language")
    race = _known(details.race_ethnicity, RaceEthnicity)
    self_described = details.race_ethnicity_self_described.strip()
    if self_described and RaceEthnicity.SELF_DESCRIBE.value not in race:
        race.append(RaceEthnicity.SELF_DESCRIBE.value)
    user.name = name
    user.educator_type = details.educator_type
    listed = db.session.get(School, details.school_id) if details.school_id else None
    user.school_id = listed.id if listed else None
    # The listed school's names are kept as text too, for the pages that print them.
    user.school = listed.name if listed else details.school.strip()
    user.district = listed.district.name if listed else details.district.strip()
    user.grade_bands = _known(details.grade_bands, GradeBand)
    user.subjects = _known(details.subjects, Subject)
    user.licence_number = details.licence_number.strip()
    user.preferred_language = details.preferred_language
    user.race_ethnicity = race
    user.race_ethnicity_self_described = self_described
    user.gender = details.gender.strip()
    user.home_language = " ".join(details.home_language.split())
    db.session.commit()


def set_preferred_language(user: User, language: str) -> None:
    """The interface language chosen in the footer becomes the user's preference."""
    if language not in LANGUAGE_CODES:
        raise AccountError(AccountProblem.UNKNOWN_LANGUAGE, field="preferred_language")
    user.preferred_language = language
    db.session.commit()
