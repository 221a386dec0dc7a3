"""The catalog's filter form: GET parameters, shared by the HTML catalog and the JSON API."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SearchField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional, ValidationError

from pdportal.models import GradeBand, Network, Topic, WorkshopFormat
from pdportal.orm import LabelledEnum
from pdportal.services.catalog.listing import CatalogFilters

FILTER_PARAMS = ("q", "topic", "network", "grade", "format", "from", "to", "free", "available")
ANY = SelectChoice("", "Any")
MAX_PAGE = 10_000
FIRST_YEAR, LAST_YEAR = 2000, 2100
FALSE_VALUES = (False, "false", "", "0", "no", "off")


def _choices(enum: type[LabelledEnum]) -> list[SelectChoice]:
    return [ANY, *(SelectChoice(value, label) for value, label in enum.choices())]


class DayField(DateField):
    """A date that says, in plain words, how to write one when it cannot read it.

    Only years a catalog can mean are accepted (far dates would overflow the bounds).
    """

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(
                f"“{valuelist[0][:40]}” is not a date; use the form YYYY-MM-DD, e.g. 2026-09-15."
            ) from error
        if self.data and not FIRST_YEAR <= self.data.year <= LAST_YEAR:
            self.data = None
            raise ValueError(f"Choose a date between {FIRST_YEAR} and {LAST_YEAR}.")


RANGE_BACKWARDS = "The end date is before the start date."


class CatalogFilterForm(FlaskForm):
    """Every filter is optional; a bad value is reported on its field and then ignored."""

    class Meta:
        csrf = False  # a GET search form changes nothing

    q = SearchField("Search", filters=[lambda value: (value or "").strip()[:200]])
    topic = SelectField("Topic", choices=_choices(Topic), validate_choice=False)
    network = SelectField("Network", choices=[ANY], validate_choice=False)
    grade = SelectField("Grade band", choices=_choices(GradeBand), validate_choice=False)
    format = SelectField("Format", choices=_choices(WorkshopFormat), validate_choice=False)
    date_from = DayField("From", name="from", validators=[Optional()])
    date_to = DayField("To", name="to", validators=[Optional()])
    free = BooleanField("Free workshops only", false_values=FALSE_VALUES)
    available = BooleanField("Seats available", false_values=FALSE_VALUES)
    page = IntegerField(
        "Page",
        default=1,
        validators=[
            Optional(),
            NumberRange(min=1, max=MAX_PAGE, message=f"Choose a page from 1 to {MAX_PAGE:,}."),
        ],
    )

    def __init__(self, *args: object, networks: Iterable[Network] = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.network.choices = [ANY, *(SelectChoice(n.slug, n.name) for n in networks)]

    def _check_choice(self, field: SelectField, what: str) -> None:
        if field.data and field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(f"There is no {what} “{field.data[:60]}”; showing all {what}s.")

    def validate_topic(self, field: SelectField) -> None:
        self._check_choice(field, "topic")

    def validate_network(self, field: SelectField) -> None:
        self._check_choice(field, "network")

    def validate_grade(self, field: SelectField) -> None:
        self._check_choice(field, "grade band")

    def validate_format(self, field: SelectField) -> None:
        self._check_choice(field, "format")

    def validate_date_to(self, field: DateField) -> None:
        if self.range_is_backwards:
            raise ValidationError(RANGE_BACKWARDS)

    @property
    def range_is_backwards(self) -> bool:
        """Both dates valid, the end before the start: no workshop can match."""
        start = self.date_from.data if not self.date_from.errors else None
        end_errors = list(self.date_to.errors)
        end = self.date_to.data if end_errors in ([], [RANGE_BACKWARDS]) else None
        return bool(start and end and end < start)

    def to_filters(self) -> CatalogFilters:
        """The valid filters only: a field with an error does not filter (after validate())."""

        def value(field):
            return None if field.errors else field.data

        return CatalogFilters(
            q=value(self.q) or "",
            topic=value(self.topic) or "",
            network=value(self.network) or "",
            grade=value(self.grade) or "",
            format=value(self.format) or "",
            date_from=value(self.date_from),
            # A backwards range is kept as asked, so it matches nothing (as the API's 400
            # lists nothing), rather than quietly dropping the end date.
            date_to=self.date_to.data if self.range_is_backwards else value(self.date_to),
            free=bool(value(self.free)),
            available=bool(value(self.available)),
        )

    @property
    def page_number(self) -> int:
        return 1 if self.page.errors or not self.page.data else self.page.data

    def field_errors(self) -> dict[str, list[str]]:
        """Errors keyed by URL parameter name (the API's `fields`)."""
        return {self[name].name: list(errors) for name, errors in self.errors.items()}
