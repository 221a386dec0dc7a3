"""`flask import-schools`: idempotent, updates in place, refuses bad rows with reasons."""

from __future__ import annotations

from importlib import resources

from sqlalchemy import func, select

from pdportal.models import District, School
from pdportal.services import directory
from pdportal.services.directory import RowProblem

HEADER = (
    "state,district_code,district_name,school_code,school_name,county,city,"
    "high_poverty,rural,tribal,priority\n"
)


def sample() -> str:
    return resources.files("pdportal").joinpath("data/schools_sample.csv").read_text("utf-8")


def count(model) -> int:
    from pdportal.extensions import db

    return db.session.scalar(select(func.count(model.id)))


def test_the_sample_imports_once_and_again_changes_nothing(app):
    first = directory.import_csv(sample())
    assert first.refused == []
    assert first.schools_created == 28 and first.districts_created == 20
    second = directory.import_csv(sample())
    assert (second.schools_created, second.schools_updated, second.districts_created) == (0, 0, 0)
    assert second.unchanged == 28
    assert count(School) == 28 and count(District) == 20
    leschi = directory.search("chief leschi")[0]
    assert leschi.is_tribal and leschi.county == "Pierce" and not leschi.is_rural


def test_a_newer_file_updates_names_and_flags_in_place(app):
    directory.import_csv(HEADER + "WA,17401,Highline,2851,Tyee Middle,King,SeaTac,no,no,no,no\n")
    report = directory.import_csv(
        HEADER + "wa,17401,Highline Public Schools,2851,Tyee Middle School,King,SeaTac,Y,,,x\n"
    )
    assert (report.schools_updated, report.districts_updated) == (1, 1)
    (school,) = directory.search("tyee")
    assert school.name == "Tyee Middle School" and school.state == "WA"
    assert school.is_high_poverty and school.is_priority and not school.is_rural
    assert school.district.name == "Highline Public Schools"


def test_bad_rows_are_refused_with_line_and_reason_and_the_rest_imported(app):
    text = HEADER + "\n".join(
        [
            "WA,17401,Highline,2851,Tyee Middle School,King,SeaTac,yes,no,no,no",
            "WA,,Highline,2852,Nowhere,King,SeaTac,no,no,no,no",
            "Washington,17401,Highline,2853,A,King,SeaTac,no,no,no,no",
            "WA,17401,Highline,2854,B,King,SeaTac,maybe,no,no,no",
            "WA,17401,Highline,2851,Tyee again,King,SeaTac,no,no,no,no",
            "WA,17401,Other name,2855,C,King,SeaTac,no,no,no,no",
            "WA,17401,Highline,2856,,King,SeaTac,no,no,no,no",
            "WA,17401,Highline,2857," + "x" * 201 + ",King,SeaTac,no,no,no,no",
            "WA,17401,Highline,2858,Bad\x01name,King,SeaTac,no,no,no,no",
        ]
    )
    report = directory.import_csv(text)
    assert [(r.line, r.problem, r.column) for r in report.refused] == [
        (3, RowProblem.MISSING_VALUE, "district_code"),
        (4, RowProblem.TOO_LONG, "state"),
        (5, RowProblem.BAD_FLAG, "high_poverty"),
        (6, RowProblem.DUPLICATE_SCHOOL, ""),
        (7, RowProblem.DISTRICT_NAME_CONFLICT, ""),
        (8, RowProblem.SCHOOL_WITHOUT_NAME, "school_name"),
        (9, RowProblem.TOO_LONG, "school_name"),
        (10, RowProblem.CONTROL_CHARACTERS, "school_name"),
    ]
    assert report.schools_created == 1 and count(School) == 1


def test_a_file_without_the_required_columns_imports_nothing(app):
    report = directory.import_csv("name,county\nTyee,King\n")
    assert [(r.line, r.problem) for r in report.refused] == [(1, RowProblem.MISSING_COLUMNS)]
    assert "district_code" in report.refused[0].column
    assert count(District) == 0


def test_the_command_prints_the_report_and_fails_on_refused_rows(app, tmp_path):
    path = tmp_path / "schools.csv"
    path.write_text(HEADER + "WA,1,D,2,S,King,Kent,yes,no,no,no\nWA,1,D,,S2,,,,,,\n", "utf-8")
    result = app.test_cli_runner().invoke(args=["import-schools", str(path)])
    assert result.exit_code == 1
    assert "schools: 1 added" in result.output
    assert "line 3: a school needs both school_code and school_name" in result.output
    good = tmp_path / "good.csv"
    good.write_text("\ufeff" + sample(), "utf-8")
    result = app.test_cli_runner().invoke(args=["import-schools", str(good)])
    assert result.exit_code == 0, result.output
    assert "0 refused" in result.output


def test_search_needs_every_word_and_treats_wildcards_as_text(app):
    directory.import_csv(sample())
    found = directory.search("roosevelt portland high")
    assert [s.name for s in found] == ["Roosevelt High School"]
    assert [s.name for s in directory.search("yakima davis")] == ["Davis High School"]
    assert directory.search("%") == [] and directory.search("   ") == []
