"""Forms of the calendar area."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SubmitField


class ResetTokenForm(FlaskForm):
    """Replace the personal feed address (CSRF-protected; no fields to fill)."""

    submit = SubmitField("Make a new address")
