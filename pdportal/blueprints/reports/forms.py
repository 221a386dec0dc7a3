"""Forms of the reports: the reach report's filters (a GET form) and matching a school."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from pdportal.blueprints.reports import messages as say
from pdportal.forms import PortalForm
from pdportal.models import Network
from pdportal.services.reports.reach import Dimension, Measure, ReachQuery

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
ALL_MY_NETWORKS = ""
NO_COLUMNS = ""


def default_range(today: date) -> tuple[date, date]:
    """This school year (1 July to 30 June), as networks report to their funders."""
    year = today.year if today.month >= 7 else today.year - 1
    return date(year, 7, 1), date(year + 1, 6, 30)


class ReachForm(PortalForm):
    class Meta:
        csrf = False  # a GET form of filters changes nothing

    network = SelectField(_l("Network"), validate_choice=False)
    date_from = DateField(_l("Workshops starting from"), name="from")
    date_to = DateField(_l("Until"), name="to")
    measure = SelectField(_l("Count"), validate_choice=False)
    rows = SelectField(_l("By"), validate_choice=False)
    columns = SelectField(_l("And by (optional)"), validate_choice=False)

    def __init__(self, *args: object, networks: Iterable[Network] = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.networks = list(networks)
        self.network.choices = [
            SelectChoice(ALL_MY_NETWORKS, _l("All networks")),
            *(SelectChoice(str(n.id), n.name) for n in self.networks),
        ]
        self.measure.choices = [SelectChoice(m.value, say.measure(m)) for m in Measure]
        dimensions = [SelectChoice(d.value, say.dimension(d)) for d in Dimension]
        self.rows.choices = dimensions
        self.columns.choices = [SelectChoice(NO_COLUMNS, _l("Nothing else")), *dimensions]

    def validate_date_from(self, field: DateField) -> None:
        if field.data and not EARLIEST <= field.data <= LATEST:
            raise ValidationError(say.DATE_OUT_OF_RANGE)

    def validate_date_to(self, field: DateField) -> None:
        if field.data and not EARLIEST <= field.data <= LATEST:
            raise ValidationError(say.DATE_OUT_OF_RANGE)
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(say.DATES_REVERSED)

    def validate_network(self, field: SelectField) -> None:
        if field.data and field.data not in {choice.value for choice in self.network.choices}:
            raise ValidationError(say.UNKNOWN_CHOICE)

    def validate_measure(self, field: SelectField) -> None:
        if field.data and field.data not in set(Measure):
            raise ValidationError(say.UNKNOWN_CHOICE)

    def validate_rows(self, field: SelectField) -> None:
        if field.data and field.data not in set(Dimension):
            raise ValidationError(say.UNKNOWN_CHOICE)

    def validate_columns(self, field: SelectField) -> None:
        if field.data and field.data not in set(Dimension):
            raise ValidationError(say.UNKNOWN_CHOICE)
        if field.data and field.data == self.rows.data:
            raise ValidationError(say.SAME_DIMENSION_TWICE)

    def query(self, scope: frozenset[int] | None, today: date) -> ReachQuery:
        """The report asked for (defaults where a filter is left out), within `scope`."""
        start, end = default_range(today)
        network_ids = scope
        if self.network.data:
            network_ids = frozenset({int(self.network.data)})
        return ReachQuery(
            network_ids=network_ids,
            starts_on=self.date_from.data or start,
            ends_on=self.date_to.data or max(end, (self.date_from.data or start)),
            measure=Measure(self.measure.data or Measure.REGISTRATIONS),
            rows=Dimension(self.rows.data or Dimension.NETWORK),
            columns=Dimension(self.columns.data) if self.columns.data else None,
        )


class MatchForm(PortalForm):
    """Match everyone who typed a school (and district) to a listed school, by its code."""

    typed_school = StringField(validators=[InputRequired(), Length(max=200)])
    typed_district = StringField(validators=[Length(max=200)])
    state = StringField(_l("State"), validators=[InputRequired(), Length(max=2)], default="WA")
    code = StringField(
        _l("School code"), validators=[InputRequired(say.CODE_MISSING), Length(max=20)]
    )
    submit = SubmitField(_l("Match"))
