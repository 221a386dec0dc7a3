"""The catalog's filter form: how the filters look on the page (labels, choices, the
values typed). What they mean, and which values are wrong, is decided once for the page,
the API and the feed by `services.catalog.parse_filters`; its errors are put beside the
fields here.

Every search renders the whole form, and a select renders each of its options (escaping
every attribute), which used to cost as much as the search itself. A field's HTML
depends only on its labels and choices (the language and the catalog's data), what was
typed in it, its errors and its hint, so it is rendered once for each of those and kept:
a new search is mostly fields already rendered for other searches."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask import get_template_attribute
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
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
        scope: str = "",
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.network.choices = [ANY, *(SelectChoice(n.slug, n.name) for n in networks)]
        self.county.choices = [ANY, *(SelectChoice(name, name) for name in counties)]

    def rendered(self, name: str, hint: str | None = None) -> Markup:
        """The field `name` as the `field` macro renders it, with `hint`.

        Kept by `scope` (the language, catalog version and minute the labels and
        choices come from), what was typed, the value understood, errors and hint.
        """
        field = self[name]
        macro = get_template_attribute("macros/forms.html", "field")
        if not self.scope:
            return Markup(macro(field, hint=hint))  # noqa: S704 - our autoescaping macro
        errors = "\x1e".join(str(error) for error in field.errors)
        key = "\x1f".join(
            (self.scope, name, repr(field.raw_data), repr(field.data), errors, hint or "")
        )
        return _rendered_fields.get_or_build(
            key,
            lambda: Markup(macro(field, hint=hint)),  # noqa: S704 - our autoescaping macro
        )

    def filters_set(self) -> int:
        """How many filters besides the search box are set (the folded filters' summary)."""
        return sum(1 for field in self if field.name != "q" and field.data)


def filter_form(
    args: Mapping[str, str], parsed: ParsedFilters, choices: FilterChoices, scope: str
) -> CatalogFilterForm:
    """The form showing what was typed, with the parser's errors beside their fields
    (the page number's error is shown by the results, which have no page field).
    `scope` says what the choices were read for (see `CatalogFilterForm.rendered`)."""
    form = CatalogFilterForm(
        formdata=args, networks=choices.networks, counties=choices.counties, scope=scope
    )
    for param, errors in parsed.errors_by_field().items():
        name = FIELD_OF_PARAM.get(param, param)
        if name in form:
            form[name].errors = [filter_error_message(error) for error in errors]
    return form
