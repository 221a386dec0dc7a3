"""Small pieces every area's forms share: the base form that refuses control characters
beside the field, line breaks counted as browsers count them, and length limits."""

from __future__ import annotations

from typing import Any

from flask_babel import format_number, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, TextAreaField
from wtforms.validators import Length
from wtforms.widgets import CheckboxInput, ListWidget

from pdportal.edge import has_control_characters

CONTROL_CHARACTER_MESSAGE = _l(
    "Remove the invisible control characters from this field (they may come from pasting)."
)

LINE_BREAK_MESSAGE = _l("Keep this on one line.")


class PortalForm(FlaskForm):
    """Every form's base: a field holding NUL or another control character gets a
    message beside it and nothing else is checked, so no such text reaches a query
    (PostgreSQL refuses NUL) or an email header."""

    def validate(self, extra_validators: Any = None) -> bool:
        if self._refuse_control_characters():
            return False
        return super().validate(extra_validators)

    def _refuse_control_characters(self) -> bool:
        refused = False
        for field in self:
            values = field.data if isinstance(field.data, list | tuple) else [field.data]
            texts = [value for value in values if isinstance(value, str)]
            multiline = isinstance(field, TextAreaField)
            if any(has_control_characters(text, multiline=True) for text in texts):
                message = CONTROL_CHARACTER_MESSAGE
            elif not multiline and any(has_control_characters(text) for text in texts):
                message = LINE_BREAK_MESSAGE  # only line breaks or tabs: visible, say so
            else:
                continue
            field.errors = [*(field.errors or []), message]
            refused = True
        return refused


def one_newline(text: str | None) -> str | None:
    """Browsers send a textarea's line breaks as CRLF but count them as one character
    (`maxlength`): count them as one here too, so what the browser let through fits."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if text else text


class _LengthMessage:
    """WTForms formats a Length message with `%`: this one is translated then, with the
    numbers written for the reader's language."""

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def __mod__(self, values: dict[str, Any]) -> str:
        return gettext(
            "Keep this to %(limit)s characters or fewer (it has %(length)s).",
            limit=format_number(self.limit),
            length=format_number(values["length"]),
        )


def at_most(limit: int) -> Length:
    """A length limit that says how long the text is now."""
    return Length(max=limit, message=_LengthMessage(limit))


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes (the `field` macro renders it as a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
