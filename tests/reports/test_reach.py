"""The reach report: who is counted where, what is hidden, how many queries it runs."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pdportal.models import RaceEthnicity
from pdportal.services import directory
from pdportal.services.reports import reach
from pdportal.services.reports.reach import Dimension, Measure, ReachQuery
from tests.conftest import recorded_statements

ASIAN, WHITE = RaceEthnicity.ASIAN.value, RaceEthnicity.WHITE.value


def query(this_year, **fields) -> ReachQuery:
    starts_on, ends_on = this_year
    fields.setdefault("network_ids", None)
    return ReachQuery(starts_on=starts_on, ends_on=ends_on, **fields)


def row(table, key):
    return table.value(table.row_keys.index(key), None)


def test_a_person_in_two_groups_counts_in_both_and_once_in_the_total(
    make_workshop, register_many, this_year
):
    workshop = make_workshop()
    register_many(workshop, 12, race_ethnicity=[ASIAN, WHITE])
    register_many(workshop, 11, race_ethnicity=[WHITE])
    register_many(workshop, 10)
    table = reach.build(query(this_year, rows=Dimension.RACE_ETHNICITY))
    assert row(table, ASIAN) == 12
    assert row(table, WHITE) == 23
    assert row(table, reach.MORE_THAN_ONE) == 12
    assert row(table, reach.NOT_ANSWERED) == 10
    assert table.value(None, 0) == 33 and table.people == 33
    assert row(table, RaceEthnicity.BLACK.value) == 0  # nobody: shown, a zero says who was missed


def test_home_languages_typed_alike_count_together_and_the_portal_language_does_not(
    make_workshop, register_many, this_year
):
    workshop = make_workshop()
    register_many(workshop, 6, home_language="Spanish", preferred_language="en")
    register_many(workshop, 6, home_language=" spanish ", preferred_language="es")
    register_many(workshop, 10, preferred_language="es")
    table = reach.build(query(this_year, rows=Dimension.LANGUAGE))
    assert row(table, "spanish") == 12
    assert table.names[(Dimension.LANGUAGE, "spanish")] in {"Spanish", "spanish"}
    assert row(table, reach.NOT_ANSWERED) == 10  # their portal language is not an answer


def test_small_groups_are_hidden_with_a_complement(make_workshop, register_many, this_year):
    workshop = make_workshop()
    register_many(workshop, 3, educator_type="leader")
    register_many(workshop, 20, educator_type="classroom_teacher")
    register_many(workshop, 14, educator_type="instructional_coach")
    table = reach.build(query(this_year, rows=Dimension.EDUCATOR_TYPE))
    assert row(table, "leader") is None
    assert row(table, "instructional_coach") is None  # the complement: the smallest other
    assert row(table, "classroom_teacher") == 20
    assert table.value(None, 0) == 37


def test_a_network_admin_scope_counts_only_those_networks(
    make_network, make_workshop, register_many, this_year
):
    mine, other = make_network(), make_network()
    register_many(make_workshop(network=mine), 10)
    register_many(make_workshop(network=other), 30)
    table = reach.build(query(this_year, network_ids=frozenset({mine.id})))
    assert table.row_keys == [str(mine.id)] and table.people == 10


def test_schools_from_the_directory_give_county_and_flags(
    make_workshop, register_many, this_year, app, project_root
):
    directory.import_csv((project_root / "pdportal/data/schools_sample.csv").read_text("utf-8"))
    leschi = directory.search("chief leschi")[0]
    workshop = make_workshop()
    register_many(workshop, 10, school_id=leschi.id)
    register_many(workshop, 15, school="Somewhere not listed")
    by_county = reach.build(query(this_year, rows=Dimension.COUNTY, columns=Dimension.SCHOOL_FLAG))
    pierce = by_county.row_keys.index("Pierce")
    tribal = by_county.column_keys.index("tribal")
    rural = by_county.column_keys.index("rural")
    assert by_county.value(pierce, tribal) == 10 and by_county.value(pierce, rural) == 0
    assert by_county.value(by_county.row_keys.index(reach.NOT_ANSWERED), None) == 15


def test_the_report_runs_the_same_queries_whatever_the_data_size(
    make_workshop, register_many, this_year
):
    workshop = make_workshop()

    def statements(people: int) -> int:
        register_many(workshop, people, race_ethnicity=[ASIAN])
        with recorded_statements() as seen:
            reach.build(query(this_year, rows=Dimension.NETWORK, columns=Dimension.RACE_ETHNICITY))
        return len(seen)

    assert statements(2) == statements(25) <= 3  # the facts, the network names (+ BEGIN)


def test_hours_and_certificates_come_from_valid_certificates(
    past_workshop, make_user, this_year, app
):
    from decimal import Decimal

    from pdportal.extensions import db
    from pdportal.models import Certificate, CertificateStatus, CreditType

    workshop = past_workshop()
    for index in range(12):
        user = make_user()
        db.session.add(
            Certificate(
                user_id=user.id,
                workshop_id=workshop.id,
                status=CertificateStatus.REVOKED if index == 11 else CertificateStatus.VALID,
                minutes_attended=360,
                scheduled_minutes=360,
                credited_hours=Decimal("6.0"),
                educator_name=user.name,
                workshop_title=workshop.title,
                credit_type=CreditType.COMPLETION,
                network_name="N",
                time_zone="UTC",
                starts_at=workshop.starts_at,
                ends_at=workshop.ends_at,
            )
        )
    db.session.commit()
    hours = reach.build(query(this_year, measure=Measure.HOURS))
    certificates = reach.build(query(this_year, measure=Measure.CERTIFICATES))
    assert hours.value(None, 0) == Decimal("66.0")
    assert certificates.value(None, 0) == 11


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(groups=st.lists(st.integers(0, 14), min_size=3, max_size=3))
def test_no_count_from_one_to_nine_is_ever_shown(groups, make_workshop, register_many, this_year):
    kinds = ["classroom_teacher", "instructional_coach", "leader"]
    networks = set()
    for network_index in range(2):
        workshop = make_workshop()  # in a network of its own, new for each example
        networks.add(workshop.network_id)
        for kind, n in zip(kinds, groups, strict=True):
            register_many(workshop, n + network_index * 3, educator_type=kind)
    table = reach.build(
        query(
            this_year,
            network_ids=frozenset(networks),
            rows=Dimension.NETWORK,
            columns=Dimension.EDUCATOR_TYPE,
        )
    )
    for value in table.values.values():
        assert value is None or not 0 < value < 10


def test_statewide_counts_only_educators_at_that_states_schools(
    make_workshop, register_many, this_year, app, project_root
):
    directory.import_csv((project_root / "pdportal/data/schools_sample.csv").read_text("utf-8"))
    washington = directory.search("chief leschi")[0]
    oregon = directory.by_code("OR", "1167")
    workshop = make_workshop()
    register_many(workshop, 10, school_id=washington.id)
    register_many(workshop, 11, school_id=oregon.id)
    register_many(workshop, 12, school="Somewhere not listed")
    assert directory.states() == ["OR", "WA"]
    assert reach.build(query(this_year, state="WA")).people == 10
    assert reach.build(query(this_year, state="OR")).people == 11
    assert reach.build(query(this_year)).people == 33
