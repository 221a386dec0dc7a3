"""The catalog's filter form: how the filters look on the page (labels, choices, the
values typed). What they mean, and which values are wrong, is decided once for the page,
the API and the feed by `services.catalog.parse_filters`; its errors are put beside the
fields here.

Every search shows the whole form, and a select renders each of its options (escaping
every attribute), which used to cost as much as the search itself. A field's HTML
depends only on its labels and choices (the language and the catalog's data), what was
typed in it, its errors and its hint, so it is rendered once for each of those and kept
(`FilterFields`): a new search is mostly fields already rendered for other searches, and
the WTForms form is built only when one is not."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from flask import get_template_attribute
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, DateField, SearchField, SelectField
from wtforms.fields.choices import SelectChoice

from pdportal.blueprints.catalog.messages import filter_error_message
from pdportal.forms import PortalForm
from pdportal.models import GradeBand, Topic, WorkshopFormat
from pdportal.orm import LabelledEnum
from pdportal.services.catalog import FilterChoices, NetworkChoice, ParsedFilters
from pdportal.services.catalog.filters import FALSE_VALUES
from pdportal.services.common.cache import LRUCache

MAX_FIELDS = 2048

ANY = SelectChoice("", _l("Any"))
FIELD_OF_PARAM = {"from": "date_from", "to": "date_to"}
PARAM_OF_FIELD = {field: param for param, field in FIELD_OF_PARAM.items()}

_rendered_fields: LRUCache[Markup] = LRUCache(MAX_FIELDS)


def _choices(enum: type[LabelledEnum]) -> list[SelectChoice]:
    return [ANY, *(SelectChoice(value, label) for value, label in enum.choices())]


class CatalogFilterForm(PortalForm):
    """Every filter is optional; a bad value is shown beside its field and not used."""

    class Meta:
        csrf = False  # a GET search form changes nothing

    q = SearchField(_l("Search"))
    topic = SelectField(_l("Topic"), choices=_choices(Topic), validate_choice=False)
    network = SelectField(_l("Region (network)"), choices=[ANY], validate_choice=False)
    county = SelectField(_l("County"), choices=[ANY], validate_choice=False)
    online = BooleanField(_l("Online only"), false_values=(False, *FALSE_VALUES))
    grade = SelectField(_l("Grade band"), choices=_choices(GradeBand), validate_choice=False)
    format = SelectField(_l("Format"), choices=_choices(WorkshopFormat), validate_choice=False)
    date_from = DateField(_l("From date"), name="from")
    date_to = DateField(_l("To date"), name="to")
    free = BooleanField(_l("Free workshops only"), false_values=(False, *FALSE_VALUES))
    available = BooleanField(_l("Seats available"), false_values=(False, *FALSE_VALUES))

    def __init__(
        self,
        *args: object,
        networks: Iterable[NetworkChoice] = (),
        counties: Iterable[str] = (),
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.network.choices = [ANY, *(SelectChoice(n.slug, n.name) for n in networks)]
        self.county.choices = [ANY, *(SelectChoice(name, name) for name in counties)]


class FilterFields:
    """The filter form as the results show it: each field's HTML, kept (see the module's
    docstring); the form itself is built only for a field not kept yet, or to list errors.
    `scope` says what the labels and choices were read for: the language, the catalog
    version and the minute."""

    def __init__(
        self, args: MultiDict[str, str], parsed: ParsedFilters, choices: FilterChoices, scope: str
    ) -> None:
        self.args, self.parsed, self.choices, self.scope = args, parsed, choices, scope
        self.errors = {
            FIELD_OF_PARAM.get(param, param): [filter_error_message(error) for error in errors]
            for param, errors in parsed.errors_by_field().items()
            if param != "page"  # shown by the results, which have no page field
        }

    @cached_property
    def form(self) -> CatalogFilterForm:
        """The form showing what was typed, with the parser's errors beside their fields."""
        form = CatalogFilterForm(
            formdata=self.args, networks=self.choices.networks, counties=self.choices.counties
        )
        for name, messages in self.errors.items():
            form[name].errors = messages
        return form

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    @property
    def filters_set(self) -> int:
        """How many filters besides the search box are in effect (the folded summary)."""
        return len(self.parsed.filters.query_args().keys() - {"q"})

    def rendered(self, name: str, hint: str | None = None) -> Markup:
        """The field `name` as the `field` macro renders it, with `hint`: kept by scope,
        the values typed in it, its errors and the hint."""
        typed = self.args.getlist(PARAM_OF_FIELD.get(name, name))
        errors = "\x1e".join(self.errors.get(name, ()))
        key = "\x1f".join((self.scope, name, repr(typed), errors, hint or ""))
        return _rendered_fields.get_or_build(key, lambda: self._render(name, hint))

    def _render(self, name: str, hint: str | None) -> Markup:
        macro = get_template_attribute("macros/forms.html", "field")
        return Markup(macro(self.form[name], hint=hint))  # noqa: S704 - our autoescaping macro
