"""Certificates: eligibility and issuing (invariant 5), revoking and reissuing,
verification, evaluations, transcripts, badges and the PDF documents."""

from pdportal.services.certificates.issuing import (
    certificates_for_workshop,
    certificates_of,
    eligibility,
    find_by_code,
    find_by_number,
    ineligibility_reason,
    issue_for_workshop,
    looks_like_number,
    number_key,
    reissue,
    revoke,
    verification_url,
    why_not_issuable,
)

__all__ = [
    "certificates_for_workshop",
    "certificates_of",
    "eligibility",
    "find_by_code",
    "find_by_number",
    "ineligibility_reason",
    "issue_for_workshop",
    "looks_like_number",
    "number_key",
    "reissue",
    "revoke",
    "verification_url",
    "why_not_issuable",
]
