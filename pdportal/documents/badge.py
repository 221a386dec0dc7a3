"""Certificates as Open Badges 3.0 credentials (OpenBadgeCredential, JSON-LD), their
words in the language of the request.

The credential is unsigned (no `proof`): a wallet can hold it and anyone can check
it against the verification page it links to (which also says whether it has been
revoked or replaced), but it is not a cryptographically verifiable credential.
Signing needs a managed issuer key (Data Integrity eddsa-rdfc-2022 or a VC-JWT),
which this portal does not hold yet.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from pdportal.documents.certificate import date_range_text
from pdportal.models import Certificate
from pdportal.services.certificates.verification import verification_url
from pdportal.services.common.urls import base_url

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def _iso(value: Any) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def credential(certificate: Certificate) -> dict[str, Any]:
    base = base_url()
    url = verification_url(certificate)
    provider = certificate.provider_name or certificate.network_name
    description = _(
        "%(hours)s %(credit_type)s for completing %(title)s (%(dates)s).",
        hours=certificate.hours_text,
        credit_type=certificate.credit_type.label,
        title=certificate.workshop_title,
        dates=date_range_text(certificate),
    )
    criteria = _(
        "Attended at least %(percent)s%% of the scheduled sessions.",
        percent=certificate.workshop.attendance_threshold_pct,
    )
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "id": f"{base}/certificates/{certificate.verification_code}/badge.json",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{certificate.workshop_title} — {certificate.credit_type.label}",
        "issuer": {
            "id": f"{base}/workshops?network={certificate.workshop.network.slug}",
            "type": ["Profile"],
            "name": provider,
            "description": certificate.backbone_organisation or certificate.network_name,
        },
        "validFrom": _iso(certificate.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": certificate.educator_name,
                }
            ],
            "achievement": {
                "id": f"{base}/workshops/{certificate.workshop.slug}",
                "type": ["Achievement"],
                "achievementType": "Course",
                "name": certificate.workshop_title,
                "description": description,
                "criteria": {"narrative": criteria},
                "creditsAvailable": float(certificate.workshop.credit_hours),
                "tag": certificate.designation_labels,
            },
            "creditsEarned": float(certificate.credited_hours),
            "activityStartDate": _iso(certificate.starts_at),
            "activityEndDate": _iso(certificate.ends_at),
        },
        "evidence": [{"id": url, "type": ["Evidence"], "name": _("Verification page")}],
    }
    if certificate.inservice_number:
        document["credentialSubject"]["achievement"]["humanCode"] = certificate.inservice_number
    return document
