"""The story's fixed dates, volumes and each unit's habits (exports.md, the brief).

Every number the simulation draws around lives here, so tuning the generated world (or
reading why a unit looks as it does) means reading one file. Dates are ordinals
(``date.toordinal``), as everywhere in the simulation.
"""

from __future__ import annotations

from datetime import date

from sagskvalitet import contract as C

# --- The story's fixed dates (exports.md) -------------------------------------------------
DOUBLE_FROM = date(2010, 4, 1).toordinal()  # system B in use
A_LAST = date(2010, 6, 30).toordinal()  # system A's last day
MIGRATION = date(2010, 7, 1).toordinal()  # open legacy cases migrated to system B
PROFILE_LAST = date(2012, 12, 31).toordinal()  # resource profile replaced 2013-01-01
DIGITAL_POST_FROM = date(2014, 1, 1).toordinal()
EXTRA_KEY_FROM = date(2012, 1, 1).toordinal()  # unknown JSON keys in later deliveries

# --- Volumes at scale 1 ---------------------------------------------------------------------
CASES_PER_MONTH = 10_500  # about 10,300 decisions a month (May 2009: 10,326)
ACCESS_REQUESTS_PER_MONTH = 200
INQUIRIES_PER_MONTH = 3_000
COMPLAINT_RATE = 0.015  # of decisions
CITIZENS_PER_CASE = 0.45  # pool size per case: citizens come back

# --- Case mix and behaviour -----------------------------------------------------------------
AREA_MIX = (
    # A few hundred work-capacity decisions a month out of ~10,000 (the brief).
    ("sickness_benefit", 0.31),
    ("cash_benefit", 0.47),
    ("unemployment_allowance", 0.184),
    ("rehabilitation", 0.012),
    ("flex_job", 0.014),
    ("disability_pension", 0.010),
)
GRANTED_SHARE = {
    "sickness_benefit": 0.85,
    "cash_benefit": 0.7,
    "unemployment_allowance": 0.8,
    "rehabilitation": 0.6,
    "flex_job": 0.55,
    "disability_pension": 0.45,
}
JOBCENTERS = ("U-101", "U-102", "U-103", "U-104", "U-105")
JOBCENTER_WEIGHTS = (0.22, 0.22, 0.18, 0.20, 0.18)
# Unit habits: share decided after the due date, share of late cases with a timely
# notice, share of profile work done right, citizen involvement, feedback in time.
LATE_SHARE = {
    "U-101": 0.056,
    "U-102": 0.061,
    "U-103": 0.061,
    "U-104": 0.049,
    "U-105": 0.11,
    "U-106": 0.052,
}
NOTICE_SHARE = {
    "U-101": 0.6,
    "U-102": 0.55,
    "U-103": 0.6,
    "U-104": 0.65,
    "U-105": 0.12,
    "U-106": 0.5,
}
PROFILE_OK = {
    "U-101": 0.96,
    "U-102": 0.95,
    "U-103": 0.95,
    "U-104": 0.97,
    "U-105": 0.9,
    "U-106": 0.95,
}
CITIZEN_INVOLVED = {
    "U-101": 0.96,
    "U-102": 0.95,
    "U-103": 0.7,
    "U-104": 0.97,
    "U-105": 0.93,
    "U-106": 0.95,
}
IN_TIME = {"U-101": 0.95, "U-102": 0.94, "U-103": 0.95, "U-104": 0.96, "U-105": 0.86, "U-106": 0.94}
WITHDRAWN_SHARE = 0.03
STUCK_SHARE = 0.006  # long-forgotten cases: the open backlog
DOUBLE_REGISTERED_SHARE = 0.30  # of cases received 2010-04-01..06-30
A_ONLY_SHARE_IN_OVERLAP = 0.15
DOUBLE_WITHOUT_REF = 0.02
DOUBLE_CONFLICT = 0.04
DOUBLE_B_LEFT_OPEN = 0.05
MIGRATED_RECEIVED_AT_MIGRATION = 0.2
CORRECTION_RATE = 0.015  # documents re-sent with another Dokumentdato
EXTRA_KEY_RATE = 0.005
# Late registrations (issue 13): what makes a reported quarter move in later deliveries.
# Shares of system B decisions and of documents of a target's kind; lags in days.
LATE_DECISION_SHARE = 0.02  # decision written in system B 1-5 months after the decision
LATE_DECISION_DAYS = (30, 150)
LATE_DOCUMENT_SHARE = 0.03  # document registered in the ESDH 1.5-5 months after its date
LATE_DOCUMENT_DAYS = (45, 150)
LATE_CORRECTION_SHARE = 0.01  # Dokumentdato corrected 2-5 months after registration
LATE_CORRECTION_DAYS = (60, 150)
LATE_CORRECTION_SHIFTS = (-14, -10, -7, 7, 10, 14)

# Each unit's favourite title variant per kind (a habit), used 75 % of the time.
UNIT_TITLE_HABIT = {
    uid: {
        kind: variants[(i + j) % len(variants)]
        for j, (kind, variants) in enumerate(C.VARIANTS_BY_KIND.items())
    }
    for i, uid in enumerate(C.UNIT_IDS)
}
FINAL_PROFILES = tuple(
    v for v in C.VARIANTS_BY_KIND["resource_profile"] if v not in C.DRAFT_PROFILE_VARIANTS
)
DRAFT_PROFILE = "Ressourceprofil - udkast"
COMBINED_PROFILE = "Ressourceprofil inkl. vurdering af arbejdsevne"
INITIALS = "ABCDEFGHIJKLMNOPRSTUVW"
ON_TIME_STRETCH = 0.8  # on-time cases take a uniform share of this part of the span
JOBCENTER_CW = [
    sum(JOBCENTER_WEIGHTS[: i + 1]) / sum(JOBCENTER_WEIGHTS)
    for i in range(len(JOBCENTER_WEIGHTS) - 1)
]
ALL_UNITS = (*JOBCENTERS, "U-106")
