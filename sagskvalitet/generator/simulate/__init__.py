"""Simulate six years of case work and the records each system holds about it.

The simulation is compact: every record is a small ``NamedTuple`` (``records``) and every
date an ordinal (``date.toordinal``), so scale 1 (about 775,000 cases) fits in a few
hundred MB and runs in seconds. Records hold their *final* state with the date of every
change; the writers show the state as of each delivery date, and ``build_world`` applies
the contract's own rules (linking, unit aliases, latest version) to the state as of a day.

One module per thing simulated: ``cases`` (with ``systems``: system A, system B, the
double registrations and the migration), ``documents``, ``complaints``,
``access_requests``, ``inquiries``, and ``late`` (registrations months after the fact,
which move a reported quarter in later deliveries); ``story`` holds the numbers, ``timeline`` and
``randomness`` the shared helpers, ``state`` what a run shares; ``linking`` and ``world``
read the records back as the warehouse must.
"""

from __future__ import annotations

from collections.abc import Callable

from sagskvalitet.generator.simulate.access_requests import run_access_requests
from sagskvalitet.generator.simulate.cases import run_cases
from sagskvalitet.generator.simulate.complaints import run_complaints
from sagskvalitet.generator.simulate.documents import finish_documents
from sagskvalitet.generator.simulate.ids import IdCounters
from sagskvalitet.generator.simulate.inquiries import run_inquiries
from sagskvalitet.generator.simulate.late import register_decisions_late, register_documents_late
from sagskvalitet.generator.simulate.linking import link_cases, link_documents
from sagskvalitet.generator.simulate.randomness import uuid4_text
from sagskvalitet.generator.simulate.records import (
    AccessRequest,
    ARecord,
    BRecord,
    Complaint,
    DocumentVersion,
    Inquiry,
    SimParams,
    Simulation,
)
from sagskvalitet.generator.simulate.state import SimState
from sagskvalitet.generator.simulate.story import A_LAST, EXTRA_KEY_FROM, MIGRATION
from sagskvalitet.generator.simulate.timeline import month_end, month_ends
from sagskvalitet.generator.simulate.world import build_world
from sagskvalitet.params import Params, load_params


def simulate(
    p: SimParams,
    params: Params | None = None,
    progress: Callable[[str], None] = lambda s: None,
    ids: IdCounters | None = None,
) -> Simulation:
    """Run the whole story (of one shard); returns the records of every system.

    ``ids``: the id counters shared by the shards of a run (they advance); fresh when None.
    """
    st = SimState.start(p, params or load_params(), progress, ids)
    sim = st.sim
    run_cases(st)
    register_decisions_late(st)
    register_documents_late(st)
    progress(f"cases: {len(sim.a_records)} system A, {len(sim.b_records)} system B records")
    finish_documents(st)
    progress(f"documents: {len(sim.documents)} versions")
    run_complaints(st)
    run_access_requests(st)
    run_inquiries(st)
    progress(
        f"complaints {len(sim.complaints)}, access requests "
        f"{len(sim.access_requests)}, inquiries {len(sim.inquiries)}"
    )
    return sim


__all__ = [
    "A_LAST",
    "EXTRA_KEY_FROM",
    "MIGRATION",
    "ARecord",
    "AccessRequest",
    "BRecord",
    "Complaint",
    "DocumentVersion",
    "IdCounters",
    "Inquiry",
    "SimParams",
    "Simulation",
    "build_world",
    "link_cases",
    "link_documents",
    "month_end",
    "month_ends",
    "simulate",
    "uuid4_text",
]
