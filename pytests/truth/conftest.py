"""Builders of tiny generator worlds for the ground-truth tests."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from sagskvalitet.generator.model import (
    TruthAccessRequest,
    TruthCase,
    TruthComplaint,
    TruthDocument,
    TruthInquiry,
    World,
)
from sagskvalitet.generator.truth import compute_members, compute_results
from sagskvalitet.params import load_params

D = date.fromisoformat


def case(mid, area, received, decided=None, decision=None, unit="U-101"):
    return TruthCase(
        member_id=mid,
        legacy_case_id=None,
        b_case_id=mid,
        link_method="system_b_only",
        citizen="0101011234",
        area=area,
        unit_id=unit,
        received=D(received),
        decided=D(decided) if decided else None,
        decision=decision,
    )


def doc(did, case_id, dated, *kinds, draft=False, participated=None):
    return TruthDocument(
        document_id=did,
        case_id=case_id,
        document_date=D(dated),
        kinds=frozenset(kinds),
        is_draft_profile=draft,
        citizen_participated=participated,
    )


def complaint(cid, received, ctype="decision", unit="U-101", **dates):
    return TruthComplaint(
        complaint_id=cid,
        case_reference=None,
        unit_id=unit,
        received=D(received),
        complaint_type=ctype,
        reassessed=D(dates["reassessed"]) if dates.get("reassessed") else None,
        delay_notice=D(dates["delay_notice"]) if dates.get("delay_notice") else None,
        forwarded=None,
        external_decided=D(dates["external"]) if dates.get("external") else None,
        external_outcome=dates.get("outcome"),
    )


def access(aid, received, basis, answered=None, notice=None, unit="U-101"):
    return TruthAccessRequest(
        access_request_id=aid,
        unit_id=unit,
        received=D(received),
        legal_basis=basis,
        answered=D(answered) if answered else None,
        delay_notice=D(notice) if notice else None,
    )


def inquiry(iid, received, channel="letter", first_response=None, unit="U-101"):
    return TruthInquiry(
        inquiry_id=iid,
        unit_id=unit,
        channel=channel,
        received=D(received),
        first_response=D(first_response) if first_response else None,
    )


def world(as_of, cases=(), docs=(), complaints=(), requests=(), inquiries=()):
    return World(
        as_of=D(as_of),
        cases=list(cases),
        documents=list(docs),
        complaints=list(complaints),
        access_requests=list(requests),
        inquiries=list(inquiries),
    )


def members(w, params=None, target=None, grain=None):
    table, _ = compute_members(w, params)
    rows = table.to_pylist()
    return [
        r
        for r in rows
        if (target is None or r["target_id"] == target)
        and (grain is None or r["period_grain"] == grain)
    ]


def flags(w, target, grain="quarter", params=None):
    """member_id -> (period, is_compliant) of one figure."""
    return {
        r["member_id"]: (r["period"], r["is_compliant"]) for r in members(w, params, target, grain)
    }


def results(w, params=None, target=None):
    table, _ = compute_members(w, params)
    rows = compute_results(table).to_pylist()
    return [r for r in rows if target is None or r["target_id"] == target]


@pytest.fixture(scope="session")
def params():
    return load_params()


@pytest.fixture
def b():
    return SimpleNamespace(
        case=case,
        doc=doc,
        complaint=complaint,
        access=access,
        inquiry=inquiry,
        world=world,
        members=members,
        flags=flags,
        results=results,
    )
