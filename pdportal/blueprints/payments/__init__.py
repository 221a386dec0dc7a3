"""The payments blueprint."""

from flask import Blueprint

from pdportal.blueprints.payments import messages
from pdportal.services.common import stripe_client

bp = Blueprint("payments", __name__)
# Links to a payment in Stripe's dashboard, from the payment report and the roster.
bp.add_app_template_global(stripe_client.dashboard_url, "stripe_dashboard_url")
# A payment status as the report and the roster show it.
bp.add_app_template_global(messages.payment_status_text, "payment_status_text")
bp.add_app_template_global(messages.discount_label, "discount_label")

from pdportal.blueprints.payments import admin_views, views  # noqa: E402, F401  (routes on bp)
