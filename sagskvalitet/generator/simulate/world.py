"""The world as the warehouse must see it as of a day: what ``truth`` computes figures on.

``build_world`` reads the simulation's records in their state as of the day (a date
later than as-of is not yet shown), links cases and documents as the contract says
(``linking``) and resolves units and codes, so the truth is what a correct warehouse must
compute from the files delivered up to that day.
"""

from __future__ import annotations

from sagskvalitet import contract as C
from sagskvalitet.generator.model import (
    TruthAccessRequest,
    TruthComplaint,
    TruthInquiry,
    World,
)
from sagskvalitet.generator.simulate.linking import link_cases, link_documents, shown, unit_of
from sagskvalitet.generator.simulate.records import Simulation
from sagskvalitet.generator.simulate.timeline import day
from sagskvalitet.params import load_params


def build_world(sim: Simulation, as_of: int, horizon: int | None = None) -> World:
    """The world as the warehouse must see it as of ``as_of`` (rulings applied).

    ``horizon``: var ``future_date_horizon_days`` (default: from dbt_project.yml, else 90).
    """
    if horizon is None:
        horizon = int(load_params().vars.get("future_date_horizon_days", 90))
    cases = link_cases(sim, as_of, horizon)
    documents = link_documents(sim, cases, as_of, horizon)
    complaints = [
        TruthComplaint(
            complaint_id=c.complaint_id,
            case_reference=c.case_ref.strip() or None,
            unit_id=unit_of(c.unit_text),
            received=day(c.received),
            complaint_type=C.COMPLAINT_TYPES[c.complaint_type],
            reassessed=shown(c.reassessed, as_of),
            delay_notice=shown(c.delay_notice, as_of),
            forwarded=shown(c.forwarded, as_of),
            external_decided=shown(c.external_decided, as_of),
            external_outcome=(
                C.EXTERNAL_OUTCOMES[c.external_outcome]
                if c.external_outcome and shown(c.external_decided, as_of)
                else None
            ),
        )
        for c in sim.complaints
        if c.received <= as_of
    ]
    access = [
        TruthAccessRequest(
            access_request_id=a.request_id,
            unit_id=unit_of(a.unit_text),
            received=day(a.received),
            legal_basis=a.legal_basis,
            answered=shown(a.answered, as_of),
            delay_notice=shown(a.delay_notice, as_of),
        )
        for a in sim.access_requests
        if a.received <= as_of
    ]
    limit = (as_of + 1) * 1440
    inquiries = [
        TruthInquiry(
            inquiry_id=q.inquiry_id,
            unit_id=unit_of(q.unit_text),
            channel=C.CHANNELS[q.channel],
            received=day(q.received // 1440),
            first_response=(
                day(q.first_answer // 1440)
                if q.first_answer is not None and q.first_answer < limit
                else None
            ),
        )
        for q in sim.inquiries
        if q.received < limit
    ]
    return World(
        as_of=day(as_of),
        cases=cases,
        documents=documents,
        complaints=complaints,
        access_requests=access,
        inquiries=inquiries,
    )
