"""verify(): the warehouse against the truth, on a tiny DuckDB built here."""

from __future__ import annotations

import json

import duckdb
import pytest

from sagskvalitet.cli import main
from sagskvalitet.generator.truth import write_truth
from sagskvalitet.verify import verify


@pytest.fixture
def truth_dir(b, tmp_path):
    w = b.world(
        "2012-12-31",
        cases=[
            b.case("c1", "rehabilitation", "2012-01-02", "2012-02-01", "granted"),
            b.case("c2", "flex_job", "2012-01-02", "2012-08-01", "refused", unit="U-102"),
            b.case("c3", "cash_benefit", "2012-05-01", "2012-05-20", "granted"),
            b.case("c4", "sickness_benefit", "2012-03-01"),
        ],
        docs=[b.doc(1, "c1", "2012-01-20", "resource_profile", "work_capacity_assessment")],
        complaints=[b.complaint("k1", "2012-03-01", "both", reassessed="2012-03-20")],
    )
    out = tmp_path / "truth"
    write_truth(w, out)
    return out


def _warehouse(truth_dir, path, *statements):
    """A warehouse whose marts are an exact copy of the truth, then altered."""
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute("create schema intermediate")
    con.execute(
        f"""
        create table marts.fct_target_members as
        select
            target_id, period_grain, period, unit_id, area, member_kind, member_id,
            cast(is_compliant as boolean) as is_compliant,
            cast(member_value as integer) as member_value,
            cast(null as date) as period_date
        from read_csv('{truth_dir}/target_members.csv', all_varchar = true)
        """
    )
    con.execute(
        f"""
        create table marts.fct_target_results as
        select
            target_id, period_grain, period, unit_id, area,
            cast(numerator as decimal(18, 2)) as numerator,
            cast(denominator as bigint) as denominator,
            cast(ratio as decimal(18, 10)) as ratio,
            cast(percent as decimal(6, 1)) as percent,
            cast(threshold as decimal(5, 2)) as threshold,
            cast(is_met as boolean) as is_met,
            previous_period,
            cast(previous_numerator as bigint) as previous_numerator,
            cast(previous_denominator as bigint) as previous_denominator,
            cast(change as decimal(18, 1)) as change,
            cast(change_percent as decimal(18, 1)) as change_percent,
            cast(target_change_percent as decimal(6, 1)) as target_change_percent,
            cast(is_target_change_met as boolean) as is_target_change_met
        from read_csv('{truth_dir}/target_results.csv', all_varchar = true)
        """
    )
    con.execute(
        f"""
        create table marts.fct_published_target_results as
        select
            target_id, period_grain, period, unit_id,
            cast(is_suppressed as boolean) as is_suppressed, suppression_reason
        from read_csv('{truth_dir}/published_results.csv', all_varchar = true)
        """
    )
    con.execute(
        f"""
        create table intermediate.int_cases_linked as
        select case_id, legacy_case_id, b_case_id, link_method, 'x' as area
        from read_csv('{truth_dir}/case_links.csv', all_varchar = true)
        """
    )
    con.execute(
        f"""
        create table intermediate.int_documents_linked as
        select cast(document_id as bigint) as document_id, case_id
        from read_csv('{truth_dir}/document_links.csv', all_varchar = true)
        """
    )
    for statement in statements:
        con.execute(statement)
    con.close()
    return path


def test_exact_copy_passes(truth_dir, tmp_path):
    db = _warehouse(truth_dir, tmp_path / "wh.duckdb")
    report = verify(truth_dir, db)
    assert report.ok, report.format()
    assert report.failure_lines() == []
    assert report.case_links_compared == 4 and report.document_links_compared == 1
    names = {c.name for c in report.checks}
    assert {"results:deadline_or_notice", "members:open_overdue_without_notice"} <= names
    assert {"case_links", "document_links"} <= names
    member_rows = sum(c.truth_rows for c in report.checks if c.name.startswith("members:"))
    assert member_rows == sum(1 for _ in (truth_dir / "target_members.csv").open()) - 1


def test_a_mart_that_is_a_view_is_read(truth_dir, tmp_path):
    # dbt-duckdb writes a view's tables with the warehouse's catalog (the file's stem):
    # verify attaches the file under that name, so the view reads (under an alias such as
    # wh it would fail with 'Catalog "warehouse" does not exist')
    db = _warehouse(
        truth_dir,
        tmp_path / "warehouse.duckdb",
        "alter table marts.fct_target_results rename to results_table",
        'create view marts.fct_target_results as select * from "warehouse"."marts"."results_table"',
    )
    report = verify(truth_dir, db)
    assert report.ok, report.format()
    assert any(c.name == "results:deadline_or_notice" and c.truth_rows for c in report.checks)


def test_flipped_flag_fails(truth_dir, tmp_path):
    db = _warehouse(
        truth_dir,
        tmp_path / "wh.duckdb",
        "update marts.fct_target_members set is_compliant = not is_compliant "
        "where target_id = 'deadline_or_notice' and member_id = 'c1'",
    )
    report = verify(truth_dir, db)
    assert not report.ok
    bad = {c.name: c for c in report.checks if not c.ok}
    assert set(bad) == {"members:deadline_or_notice"}
    check = bad["members:deadline_or_notice"]
    assert (check.mismatched, check.missing, check.extra) == (2, 0, 0)  # quarter + half-year
    assert check.diffs[0]["member_id"] == "c1"
    assert report.failure_lines()[0].startswith("members:deadline_or_notice: missing 0, extra 0")
    assert check.diffs[0]["truth_is_compliant"] is True
    assert check.diffs[0]["warehouse_is_compliant"] is False


def test_missing_extra_and_numbers_fail(truth_dir, tmp_path):
    db = _warehouse(
        truth_dir,
        tmp_path / "wh.duckdb",
        "delete from marts.fct_target_results where target_id = 'formality_complaints' "
        "and unit_id = 'ALL' and period_grain = 'quarter'",
        "update marts.fct_target_results set denominator = denominator + 1 "
        "where target_id = 'general_compliance'",
        "insert into marts.fct_target_members values ('general_compliance', 'year', '2012', "
        "'U-101', null, 'case', 'c9', true, 1, null)",
        "update intermediate.int_documents_linked set case_id = null",
    )
    report = verify(truth_dir, db)
    bad = {c.name: c for c in report.checks if not c.ok}
    assert set(bad) == {
        "results:formality_complaints",
        "results:general_compliance",
        "members:general_compliance",
        "document_links",
    }
    assert bad["results:formality_complaints"].missing == 1
    assert bad["results:general_compliance"].mismatched == 1
    assert bad["members:general_compliance"].extra == 1
    assert bad["document_links"].mismatched == 1


def test_duplicate_rows_fail(truth_dir, tmp_path):
    db = _warehouse(
        truth_dir,
        tmp_path / "wh.duckdb",
        "insert into marts.fct_target_members select * from marts.fct_target_members "
        "where target_id = 'complaint_reassessed'",
    )
    report = verify(truth_dir, db)
    bad = {c.name: c for c in report.checks if not c.ok}
    assert set(bad) == {"members:complaint_reassessed"}
    assert bad["members:complaint_reassessed"].duplicate_keys == 2


def test_missing_table_fails(truth_dir, tmp_path):
    db = _warehouse(truth_dir, tmp_path / "wh.duckdb", "drop table marts.fct_target_results")
    report = verify(truth_dir, db)
    assert not report.ok
    assert any(c.error and "fct_target_results" in c.error for c in report.checks)


def test_cli_exit_code_and_json_report(truth_dir, tmp_path, capsys):
    good = _warehouse(truth_dir, tmp_path / "good.duckdb")
    bad = _warehouse(
        truth_dir,
        tmp_path / "bad.duckdb",
        "delete from marts.fct_target_members where target_id = 'citizen_involved'",
    )
    report_path = tmp_path / "report.json"
    args = ["verify", "--truth", str(truth_dir), "--report", str(report_path)]
    assert main([*args, "--duckdb", str(good)]) == 0
    assert json.loads(report_path.read_text())["ok"] is True
    assert main([*args, "--duckdb", str(bad)]) == 1
    saved = json.loads(report_path.read_text())
    assert saved["ok"] is False
    failed = [c for c in saved["checks"] if not c["ok"]]
    assert [(c["name"], c["missing"]) for c in failed] == [("members:citizen_involved", 4)]
    assert "verify: FAILED" in capsys.readouterr().out


def test_every_committee_column_is_compared_exactly(truth_dir, tmp_path):
    # A percent in binary floating point, a change rounded another way, a wrong is_met.
    path = _warehouse(
        truth_dir,
        tmp_path / "w.duckdb",
        "alter table marts.fct_target_results alter percent type double",
        "update marts.fct_target_results set percent = percent + 0.04 "
        "where target_id = 'profile_before_decision'",
        "update marts.fct_target_results set is_met = not is_met "
        "where target_id = 'citizen_involved'",
        "update marts.fct_target_results set previous_period = '1999Q1' "
        "where target_id = 'deadline_or_notice'",
    )
    report = verify(truth_dir, path)
    failed = {c.name for c in report.checks if not c.ok}
    assert {
        "results:profile_before_decision",
        "results:citizen_involved",
        "results:deadline_or_notice",
    } <= failed
    assert any("percent" in str(d) for c in report.checks for d in c.diffs)


def test_missing_column_is_named(truth_dir, tmp_path):
    path = _warehouse(
        truth_dir,
        tmp_path / "w.duckdb",
        "alter table marts.fct_target_results drop column change_percent",
    )
    report = verify(truth_dir, path)
    errors = [c.error for c in report.checks if c.error]
    assert any("column change_percent missing in the warehouse" in e for e in errors)
    assert not report.ok
    # the other columns are still compared
    assert report.results_compared > 0


def test_suppression_must_match(truth_dir, tmp_path):
    path = _warehouse(
        truth_dir,
        tmp_path / "w.duckdb",
        "update marts.fct_published_target_results set is_suppressed = false, "
        "suppression_reason = null where unit_id <> 'ALL'",
    )
    report = verify(truth_dir, path)
    assert any(c.name.startswith("published:") and not c.ok for c in report.checks)
