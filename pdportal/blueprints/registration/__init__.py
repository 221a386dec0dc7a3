"""The registration blueprint: registering, the educator's own list, cancelling.
(The organisers' roster is the facilitate blueprint's.)"""

from flask import Blueprint

from pdportal.blueprints.registration import messages

bp = Blueprint("registration", __name__)
# Told the same way on pages, in flashes and in emails (the emails render with the app's
# templates, so these are app-wide).
bp.add_app_template_global(messages.fee_sentence, "fee_sentence")
bp.add_app_template_global(messages.cancel_reason_text, "cancel_reason_text")
bp.add_app_template_global(messages.closed_reason, "registration_closed_reason")
bp.add_app_template_global(messages.answer_text, "answer_text")

from pdportal.blueprints.registration import (  # noqa: E402, F401  (routes register on bp)
    details_views,
    question_views,
    views,
)
