"""A name change keeps issued certificates as issued; the educator may ask for any of them
to be reissued with their current name (the old one then verifies as replaced)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from pdportal.blueprints.account import bp
from pdportal.extensions import db
from pdportal.models import Certificate, CertificateStatus
from pdportal.services import certificates
from pdportal.services.certificates import CertificateError


def _under_another_name(certificate: Certificate) -> bool:
    return (
        certificate.status == CertificateStatus.VALID
        and certificate.educator_name != current_user.name
    )


@bp.get("/certificates")
@login_required
def certificate_names() -> str:
    return render_template(
        "account/certificate_names.html",
        certificates=[
            c for c in certificates.certificates_of(current_user) if _under_another_name(c)
        ],
    )


@bp.post("/certificates/<int:certificate_id>/reissue")
@login_required
def reissue_with_my_name(certificate_id: int) -> Response:
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or certificate.user_id != current_user.id:
        abort(404)
    if not _under_another_name(certificate):
        flash(gettext("That certificate already shows your current name."), "info")
        return redirect(url_for("account.certificate_names"))
    try:
        replacement = certificates.reissue(certificate, current_user)
    except CertificateError:
        flash(
            gettext(
                "That certificate cannot be reissued now. Ask the network's PD office to "
                "reissue it with your current name."
            ),
            "error",
        )
    else:
        flash(
            gettext(
                "Certificate %(number)s is issued with your current name; the old one now "
                "shows as replaced when it is verified.",
                number=replacement.number,
            ),
            "success",
        )
    return redirect(url_for("account.certificate_names"))
