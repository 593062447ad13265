"""Due dates (calendar rules) and the complaint, access-request and inquiry targets."""

from __future__ import annotations

from sagskvalitet.params import load_params


def test_store_bededag_2023_is_a_holiday_2024_is_not(b):
    # 10 working days: from Fri 28 Apr 2023 (Store Bededag Fri 5 May skipped) -> Mon 15 May;
    # from Fri 19 Apr 2024 (Store Bededag abolished, 26 Apr counts) -> Fri 3 May.
    w = b.world(
        "2024-12-31",
        inquiries=[
            b.inquiry("i2023_on_due", "2023-04-28", first_response="2023-05-15"),
            b.inquiry("i2023_late", "2023-04-28", first_response="2023-05-16"),
            b.inquiry("i2024_on_due", "2024-04-19", first_response="2024-05-03"),
            b.inquiry("i2024_late", "2024-04-19", first_response="2024-05-06"),
        ],
    )
    assert b.flags(w, "feedback_guarantee") == {
        "i2023_on_due": ("2023Q2", True),
        "i2023_late": ("2023Q2", False),
        "i2024_on_due": ("2024Q2", True),
        "i2024_late": ("2024Q2", False),
    }


def test_working_day_case_deadline_skips_store_bededag(b):
    # Disability pension: 60 working days. From Mon 2 Jan 2023 the 60th working day is
    # Mon 27 Mar 2023 (no holiday before Easter); from Mon 3 Apr 2023 it skips Maundy
    # Thursday, Good Friday, Easter Monday, Store Bededag 5 May, Ascension, Whit Monday and
    # Grundlovsdag 5 Jun (closing day): Wed 5 Jul 2023 is the 60th working day.
    w = b.world(
        "2023-12-31",
        cases=[
            b.case("jan_on_due", "disability_pension", "2023-01-02", "2023-03-27", "refused"),
            b.case("jan_late", "disability_pension", "2023-01-02", "2023-03-28", "refused"),
            b.case("apr_on_due", "disability_pension", "2023-04-03", "2023-07-05", "refused"),
            b.case("apr_late", "disability_pension", "2023-04-03", "2023-07-06", "refused"),
        ],
    )
    assert b.flags(w, "deadline_or_notice") == {
        "jan_on_due": ("2023Q1", True),
        "jan_late": ("2023Q1", False),
        "apr_on_due": ("2023Q3", True),
        "apr_late": ("2023Q3", False),
    }


def test_closing_days_var_changes_working_day_deadline(b):
    # Without closing days as non-working days, Grundlovsdag counts: due Tue 4 Jul 2023.
    params = load_params(var_overrides={"closing_days_are_non_working": False})
    w = b.world(
        "2023-12-31",
        cases=[b.case("c", "disability_pension", "2023-04-03", "2023-07-05", "refused")],
    )
    assert b.flags(w, "deadline_or_notice", params=params) == {"c": ("2023Q3", False)}


def test_31_january_plus_one_month(b):
    # PDL after 2018-05-25: one month. 31 Jan 2019 -> Thu 28 Feb 2019.
    # 31 Jan 2020 -> Sat 29 Feb 2020 -> rolls to Mon 2 Mar 2020 (period of the due date).
    w = b.world(
        "2020-12-31",
        requests=[
            b.access("a2019_on_due", "2019-01-31", "PDL", answered="2019-02-28"),
            b.access("a2019_late", "2019-01-31", "PDL", answered="2019-03-01"),
            b.access("a2020_rolled", "2020-01-31", "PDL", answered="2020-03-02"),
            b.access("a2020_late", "2020-01-31", "PDL", answered="2020-03-03"),
        ],
    )
    assert b.flags(w, "access_request_answered") == {
        "a2019_on_due": ("2019Q1", True),
        "a2019_late": ("2019Q1", False),
        "a2020_rolled": ("2020Q1", True),
        "a2020_late": ("2020Q1", False),
    }


def test_access_request_deadline_by_received_date(b):
    # OFFL: 10 days before 2014 (31 Dec 2013 + 10 = Fri 10 Jan 2014);
    # 7 working days from 2014 (Thu 2 Jan 2014 -> Mon 13 Jan 2014).
    w = b.world(
        "2014-12-31",
        requests=[
            b.access("old_rule", "2013-12-31", "OFFL", answered="2014-01-10"),
            b.access("old_rule_late", "2013-12-31", "OFFL", answered="2014-01-13"),
            b.access("new_rule", "2014-01-02", "FVL", notice="2014-01-13"),
            b.access("new_rule_late", "2014-01-02", "FVL", notice="2014-01-14"),
        ],
    )
    assert b.flags(w, "access_request_answered") == {
        "old_rule": ("2014Q1", True),
        "old_rule_late": ("2014Q1", False),
        "new_rule": ("2014Q1", True),
        "new_rule_late": ("2014Q1", False),
    }


def test_due_date_on_saturday_rolls(b, params):
    # Cash benefit: 10 days. Wed 4 May 2011 + 10 = Sat 14 May -> Mon 16 May 2011.
    w = b.world(
        "2011-12-31",
        cases=[b.case("c", "cash_benefit", "2011-05-04", "2011-05-16", "granted")],
    )
    assert b.flags(w, "general_compliance", grain="year") == {"c": ("2011", True)}
    no_roll = load_params(var_overrides={"roll_due_date_to_working_day": False})
    assert b.flags(w, "general_compliance", grain="year", params=no_roll) == {"c": ("2011", False)}


def test_complaint_due_after_as_of_excluded(b):
    # 4 weeks: 1 Jun 2012 -> Fri 29 Jun 2012 (<= as-of); 4 Jun 2012 -> Mon 2 Jul 2012.
    w = b.world(
        "2012-06-30",
        complaints=[
            b.complaint("due_in", "2012-06-01", reassessed="2012-06-29"),
            b.complaint("due_in_notice", "2012-06-01", "both", delay_notice="2012-06-29"),
            b.complaint("due_in_late", "2012-06-01", reassessed="2012-06-30"),
            b.complaint("due_after", "2012-06-04", reassessed="2012-06-05"),
            b.complaint("formality", "2012-06-01", "formality"),
        ],
    )
    assert b.flags(w, "complaint_reassessed") == {
        "due_in": ("2012Q2", True),
        "due_in_notice": ("2012Q2", True),
        "due_in_late": ("2012Q2", False),
    }


def test_complaint_period_is_quarter_of_due_date(b):
    # Received 15 Mar 2012 -> due Thu 12 Apr 2012 -> 2012Q2.
    w = b.world("2012-12-31", complaints=[b.complaint("k", "2012-03-15")])
    assert b.flags(w, "complaint_reassessed") == {"k": ("2012Q2", False)}


def test_phone_inquiries_excluded(b):
    w = b.world(
        "2012-12-31",
        inquiries=[
            b.inquiry("phone", "2012-03-01", "phone", first_response="2012-03-01"),
            b.inquiry("mail", "2012-03-01", "email"),
            b.inquiry("digital", "2012-03-01", "digital_post", first_response="2012-03-02"),
            b.inquiry("due_after_as_of", "2012-12-20", "letter"),
        ],
    )
    assert b.flags(w, "feedback_guarantee") == {
        "mail": ("2012Q1", False),
        "digital": ("2012Q1", True),
    }


def test_formality_complaints_and_reversal_rate(b):
    w = b.world(
        "2012-12-31",
        complaints=[
            b.complaint("f1", "2012-02-01", "formality"),
            b.complaint("f2", "2012-03-31", "both", unit="U-102"),
            b.complaint("d1", "2012-02-01", "decision", external="2012-05-01", outcome="upheld"),
            b.complaint("d2", "2012-02-01", "decision", external="2012-05-02", outcome="remitted"),
            b.complaint("d3", "2012-02-01", "both", external="2012-06-30", outcome="changed"),
            b.complaint("d4", "2012-02-01", "decision", external="2012-05-03", outcome="dismissed"),
        ],
    )
    assert b.flags(w, "formality_complaints") == {
        "f1": ("2012Q1", None),
        "f2": ("2012Q1", None),
        "d3": ("2012Q1", None),
    }
    assert b.flags(w, "external_reversal_rate") == {
        "d1": ("2012Q2", False),
        "d2": ("2012Q2", True),
        "d3": ("2012Q2", True),
    }
    rows = {
        (r["period_grain"], r["period"], r["unit_id"]): (r["numerator"], r["denominator"])
        for r in b.results(w, target="external_reversal_rate")
    }
    assert rows[("quarter", "2012Q2", "ALL")] == (2, 3)
    assert rows[("half_year", "2012H1", "ALL")] == (2, 3)
    counts = {
        (r["period_grain"], r["unit_id"]): (r["numerator"], r["denominator"])
        for r in b.results(w, target="formality_complaints")
    }
    assert counts == {
        ("quarter", "ALL"): (3, None),
        ("quarter", "U-101"): (2, None),
        ("quarter", "U-102"): (1, None),
        ("half_year", "ALL"): (3, None),
        ("half_year", "U-101"): (2, None),
        ("half_year", "U-102"): (1, None),
    }
