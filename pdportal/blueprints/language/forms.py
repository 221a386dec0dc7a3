"""The footer's language choice."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField
from wtforms.fields.choices import SelectChoice

from pdportal.forms import PortalForm
from pdportal.i18n import LANGUAGES
from pdportal.routing import safe_next


class LanguageForm(PortalForm):
    language = SelectField(
        _l("Language"), choices=[SelectChoice(code, name) for code, name in LANGUAGES.items()]
    )
    next = HiddenField(filters=[lambda target: safe_next(target) or ""])  # this site only
