"""Certificates as Open Badges 3.0 credentials (OpenBadgeCredential, JSON-LD).

The credential is unsigned (no `proof`): a wallet can hold it and anyone can check
it against the verification page it links to (which also says whether it has been
revoked or replaced), but it is not a cryptographically verifiable credential.
Signing needs a managed issuer key (Data Integrity eddsa-rdfc-2022 or a VC-JWT),
which this portal does not hold yet.
"""

from __future__ import annotations

from typing import Any

from pdportal.models import Certificate
from pdportal.services.certificates.issuing import verification_url
from pdportal.services.certificates.pdf import date_range_text
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
    description = (
        f"{certificate.hours_text} {certificate.credit_type.label} for completing "
        f"{certificate.workshop_title} ({date_range_text(certificate)})."
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
                "criteria": {
                    "narrative": (
                        f"Attended at least {certificate.workshop.attendance_threshold_pct}% "
                        "of the scheduled sessions."
                    )
                },
                "creditsAvailable": float(certificate.workshop.credit_hours),
                "tag": certificate.designation_labels,
            },
            "creditsEarned": float(certificate.credited_hours),
            "activityStartDate": _iso(certificate.starts_at),
            "activityEndDate": _iso(certificate.ends_at),
        },
        "evidence": [{"id": url, "type": ["Evidence"], "name": "Verification page"}],
    }
    if certificate.inservice_number:
        document["credentialSubject"]["achievement"]["humanCode"] = certificate.inservice_number
    return document
