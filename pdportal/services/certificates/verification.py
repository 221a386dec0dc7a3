"""Verifying a certificate: its public link (the QR code's), and finding it by its
verification code or by its printed number with the educator's family name."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select

from pdportal.extensions import db
from pdportal.models import Certificate
from pdportal.services.common.urls import external_url


def verification_url(certificate: Certificate) -> str:
    return external_url("certificates.verify", code=certificate.verification_code)


def find_by_code(code: str) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(Certificate.verification_code == code))


NUMBER_PATTERN = re.compile(r"[A-Za-z0-9]{1,8}-\d{4}-\d{6}")


def looks_like_number(text: str) -> bool:
    """Whether `text` has the shape of a printed certificate number (PSSP-2026-000003)."""
    return NUMBER_PATTERN.fullmatch(text.strip()) is not None


def _name_key(text: str) -> str:
    """Casefolded, accents dropped, apostrophes and spaces made uniform: for matching."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.casefold().split())


MIN_FAMILY_NAME = 2  # characters: a single letter (an initial) proves nothing


def _family_name_forms(name: str) -> set[str]:
    """What may be entered as the family name printed in `name`: its last word or words
    ("Lovelace", "B Lovelace"), or its first word for names written family name first
    ("Nguyen" of "Nguyễn Thị Ánh"); a hyphenated one whole or by part. Never a middle
    word alone, nor an initial."""
    words = _name_key(name).split()
    if not words:
        return set()
    forms = {" ".join(words[i:]) for i in range(len(words))}
    forms.add(words[0])
    for word in {words[0], words[-1]}:
        forms.update(piece for piece in word.split("-") if piece)
    return {form for form in forms if len(form) >= MIN_FAMILY_NAME}


def number_key(number: str) -> str:
    """A printed number as looked up: spaces around dropped, upper case."""
    return number.strip().upper()


def find_by_number(number: str, last_name: str) -> Certificate | None:
    """The certificate with this printed number, if `last_name` is the family name printed
    on it: the number alone is sequential, so it must not be enough to look one up."""
    key = _name_key(last_name)
    if len(key) < MIN_FAMILY_NAME or not looks_like_number(number):
        return None
    certificate = db.session.scalar(
        select(Certificate).where(Certificate.number == number_key(number))
    )
    if certificate is None or key not in _family_name_forms(certificate.educator_name):
        return None
    return certificate
