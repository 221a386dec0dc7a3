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
from pdportal.services.reports.impact import ImpactBy, ImpactQuery
from pdportal.services.reports.reach import Dimension, Measure, ReachQuery
from pdportal.services.reports.sponsored import SponsoredMeasure, SponsoredQuery

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
ALL_MY_NETWORKS = ""
NO_COLUMNS = ""
ANY_STATE = ""


def default_range(today: date) -> tuple[date, date]:
    """This school year (1 July to 30 June), as networks report to their funders."""
    year = today.year if today.month >= 7 else today.year - 1
    return date(year, 7, 1), date(year + 1, 6, 30)


class PeriodForm(PortalForm):
    """The filters every report shares: a network (of the reader's) and a period."""

    class Meta:
        csrf = False  # a GET form of filters changes nothing

    network = SelectField(_l("Network"), validate_choice=False)
    date_from = DateField(_l("Workshops starting from"), name="from")
    date_to = DateField(_l("Until"), name="to")

    def __init__(self, *args: object, networks: Iterable[Network] = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.networks = list(networks)
        self.network.choices = [
            SelectChoice(ALL_MY_NETWORKS, _l("All networks")),
            *(SelectChoice(str(n.id), n.name) for n in self.networks),
        ]

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

    def period(
        self, scope: frozenset[int] | None, today: date
    ) -> tuple[frozenset[int] | None, date, date]:
        """The networks and dates asked for (this school year when left out), within `scope`."""
        start, end = default_range(today)
        network_ids = scope
        if self.network.data:
            network_ids = frozenset({int(self.network.data)})
        starts_on = self.date_from.data or start
        return network_ids, starts_on, self.date_to.data or max(end, starts_on)


def _choice_of(values: Iterable[str], field: SelectField) -> None:
    if field.data and field.data not in set(values):
        raise ValidationError(say.UNKNOWN_CHOICE)


class ReachForm(PeriodForm):
    state = SelectField(_l("Schools in"), validate_choice=False)
    measure = SelectField(_l("Count"), validate_choice=False)
    rows = SelectField(_l("By"), validate_choice=False)
    columns = SelectField(_l("And by (optional)"), validate_choice=False)

    def __init__(self, *args: object, states: Iterable[str] = (), **kwargs: object) -> None:
        """`states`: the statewide choices (site admins only; none for anyone else)."""
        super().__init__(*args, **kwargs)
        self.states = list(states)
        self.state.choices = [
            SelectChoice(ANY_STATE, _l("Any state, and schools not listed")),
            *(SelectChoice(state, say.state_name(state)) for state in self.states),
        ]
        self.measure.choices = [SelectChoice(m.value, say.measure(m)) for m in Measure]
        dimensions = [SelectChoice(d.value, say.dimension(d)) for d in Dimension]
        self.rows.choices = dimensions
        self.columns.choices = [SelectChoice(NO_COLUMNS, _l("Nothing else")), *dimensions]

    def validate_state(self, field: SelectField) -> None:
        _choice_of(self.states, field)

    def validate_measure(self, field: SelectField) -> None:
        _choice_of(Measure, field)

    def validate_rows(self, field: SelectField) -> None:
        _choice_of(Dimension, field)

    def validate_columns(self, field: SelectField) -> None:
        _choice_of(Dimension, field)
        if field.data and field.data == self.rows.data:
            raise ValidationError(say.SAME_DIMENSION_TWICE)

    def query(self, scope: frozenset[int] | None, today: date) -> ReachQuery:
        """The report asked for (defaults where a filter is left out), within `scope`."""
        network_ids, starts_on, ends_on = self.period(scope, today)
        return ReachQuery(
            network_ids=network_ids,
            starts_on=starts_on,
            ends_on=ends_on,
            measure=Measure(self.measure.data or Measure.REGISTRATIONS),
            rows=Dimension(self.rows.data or Dimension.NETWORK),
            columns=Dimension(self.columns.data) if self.columns.data else None,
            state=self.state.data or None,
        )


class ImpactForm(PeriodForm):
    by = SelectField(_l("By"), validate_choice=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.by.choices = [SelectChoice(b.value, say.IMPACT_BY[b]) for b in ImpactBy]

    def validate_by(self, field: SelectField) -> None:
        _choice_of(ImpactBy, field)

    def query(self, scope: frozenset[int] | None, today: date) -> ImpactQuery:
        network_ids, starts_on, ends_on = self.period(scope, today)
        by = ImpactBy(self.by.data or ImpactBy.WORKSHOP)
        return ImpactQuery(network_ids, starts_on, ends_on, by)


class SponsoredForm(PeriodForm):
    measure = SelectField(_l("Count"), validate_choice=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.measure.choices = [
            SelectChoice(m.value, say.SPONSORED_MEASURES[m]) for m in SponsoredMeasure
        ]

    def validate_measure(self, field: SelectField) -> None:
        _choice_of(SponsoredMeasure, field)

    def query(self, scope: frozenset[int] | None, today: date) -> SponsoredQuery:
        network_ids, starts_on, ends_on = self.period(scope, today)
        measure = SponsoredMeasure(self.measure.data or SponsoredMeasure.SEATS)
        return SponsoredQuery(network_ids, starts_on, ends_on, measure)


class MatchForm(PortalForm):
    """Match everyone who typed a school (and district) to a listed school, by its code."""

    typed_school = StringField(validators=[InputRequired(), Length(max=200)])
    typed_district = StringField(validators=[Length(max=200)])
    state = StringField(_l("State"), validators=[InputRequired(), Length(max=2)], default="WA")
    code = StringField(
        _l("School code"), validators=[InputRequired(say.CODE_MISSING), Length(max=20)]
    )
    submit = SubmitField(_l("Match"))
