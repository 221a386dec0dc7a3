"""Forms of the calendar area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SubmitField
from wtforms.validators import DataRequired

from pdportal.forms import PortalForm


class ResetTokenForm(PortalForm):
    """Replace the personal feed address: a step that breaks every subscription, so the
    educator ticks a box saying so first (no JavaScript confirm needed)."""

    confirm = BooleanField(
        _l(
            "I understand that my current address stops working at once, and that every "
            "calendar subscribed to it stops updating until I subscribe again with the new one."
        ),
        validators=[
            DataRequired(
                message=_l("Tick the box to make a new address, or leave your address as it is.")
            )
        ],
    )
    submit = SubmitField(_l("Make a new address"))
