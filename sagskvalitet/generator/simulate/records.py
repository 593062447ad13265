"""The records the simulation holds about each system, with named fields.

Records hold their *final* state with the date of every change, as ordinals
(``date.toordinal``) or minutes (``ordinal * 1440 + minute of the day``); the writers show
the state as of each delivery date, and ``world.build_world`` reads the state as of the
truth's as-of date. They are ``NamedTuple``s: small (scale 1 holds millions of them),
immutable, and ``_replace`` gives the odd-value variants.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from sagskvalitet.generator.simulate.timeline import month_end

if TYPE_CHECKING:
    from sagskvalitet.generator.odd_values import OddValues


class ARecord(NamedTuple):
    """A row of system A (``sagssystem_a.csv``), texts as written."""

    case_id: str  # SagsID
    cpr_text: str
    area_code: str  # Sagsomraade
    unit_text: str  # Enhed, as written (aliases)
    received: int
    decided: int | None
    decision_code: str  # Afgoerelse ("" while undecided)
    initials: str  # Sagsbehandler


class BRecord(NamedTuple):
    """A line of system B (``sagssystem_b.jsonl``)."""

    case_id: str
    cpr: str
    area_code: str
    unit_id: str
    received: int
    decided: int | None
    decision: str | None
    legacy_ref: str | None
    created: int  # the day the record exists in system B
    created_minute: int  # updated_at's minute of the day before the decision
    decided_minute: int  # updated_at's minute of the day of the decision
    extra_key: bool  # written with an unknown key in later deliveries
    decision_registered: int | None  # the day the decision is first written (late.py)


class DocumentVersion(NamedTuple):
    """One version of an ESDH document (a row of ``esdh_dokumenter.csv``)."""

    registered: int  # minute
    document_id: int
    case_ref: str  # Sagsnummer as written
    cpr_text: str
    date_text: str  # Dokumentdato as written
    title: str
    doctype: str
    participation_text: str  # BorgerMedvirken as written
    document_date: int
    participated: bool | None
    variant: str | None  # the title variant; None: unrelated to any target
    cpr: str


class Complaint(NamedTuple):
    """A row of the complaints register (``klageregister.csv``)."""

    complaint_id: str
    case_ref: str
    unit_text: str
    received: int
    complaint_type: str
    reassessed: int | None
    delay_notice: int | None
    forwarded: int | None
    external_decided: int | None
    external_outcome: str


class AccessRequest(NamedTuple):
    """A row of the access-request register (``aktindsigt.csv``)."""

    request_id: str
    unit_text: str
    received: int
    legal_basis: str
    answered: int | None
    delay_notice: int | None


class Inquiry(NamedTuple):
    """A citizen inquiry (``henvendelser.csv``); times in minutes."""

    inquiry_id: str
    unit_text: str
    channel: str
    received: int  # minute
    first_answer: int | None  # minute


@dataclass
class SimParams:
    """Seed, volume and the months the simulation covers; which shard of how many.

    A shard is an independent part of the citizens (``generator.shards``): its own random
    streams (``stream``), its own part of the CPR numbers (``state.new_cpr``), ``scale``
    its own volume. Shard 0 of 1 draws exactly as an unsharded run.
    """

    seed: int = 20100301
    scale: float = 1.0
    first_month: tuple[int, int] = (2008, 10)
    last_month: tuple[int, int] = (2014, 12)
    shard: int = 0
    shards: int = 1

    def stream(self, name: str) -> str:
        """The seed text of a random stream: ``<seed>/<name>``, per shard after shard 0."""
        if self.shard == 0:
            return f"{self.seed}/{name}"
        return f"{self.seed}/shard{self.shard}/{name}"

    @property
    def as_of(self) -> int:
        y, m = self.last_month
        return month_end(y, m)


@dataclass
class Simulation:
    """What every system holds at the end of the simulation."""

    params: SimParams
    a_records: list[ARecord] = field(default_factory=list)
    b_records: list[BRecord] = field(default_factory=list)
    documents: list[DocumentVersion] = field(default_factory=list)  # by (registered, id)
    complaints: list[Complaint] = field(default_factory=list)
    access_requests: list[AccessRequest] = field(default_factory=list)
    inquiries: list[Inquiry] = field(default_factory=list)
    intended_links: dict[str, str] = field(default_factory=dict)  # b case_id -> SagsID
    # Set by odd_values.apply_odd_values: the written deliveries and the odd values.
    written: list[int] = field(default_factory=list)
    odd: OddValues | None = None
