"""The catalog's filter form: how the filters look on the page (labels, choices, the
values typed). What they mean, and which values are wrong, is decided once for the page,
the API and the feed by `services.catalog.parse_filters`; its errors are put beside the
fields here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SearchField, SelectField
from wtforms.fields.choices import SelectChoice

from pdportal.blueprints.catalog.messages import filter_error_message
from pdportal.forms import PortalForm
from pdportal.models import GradeBand, Network, Topic, WorkshopFormat
from pdportal.orm import LabelledEnum
from pdportal.services.catalog import ParsedFilters
from pdportal.services.catalog.filters import FALSE_VALUES

ANY = SelectChoice("", _l("Any"))
FIELD_OF_PARAM = {"from": "date_from", "to": "date_to"}


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
        networks: Iterable[Network] = (),
        counties: Iterable[str] = (),
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.network.choices = [ANY, *(SelectChoice(n.slug, n.name) for n in networks)]
        self.county.choices = [ANY, *(SelectChoice(name, name) for name in counties)]

    def filters_set(self) -> int:
        """How many filters besides the search box are set (the folded filters' summary)."""
        return sum(1 for field in self if field.name != "q" and field.data)


def filter_form(
    args: Mapping[str, str],
    parsed: ParsedFilters,
    networks: Iterable[Network],
    counties: Iterable[str] = (),
) -> CatalogFilterForm:
    """The form showing what was typed, with the parser's errors beside their fields
    (the page number's error is shown by the results, which have no page field)."""
    form = CatalogFilterForm(formdata=args, networks=networks, counties=counties)
    for param, errors in parsed.errors_by_field().items():
        name = FIELD_OF_PARAM.get(param, param)
        if name in form:
            form[name].errors = [filter_error_message(error) for error in errors]
    return form
