"""The generator's world as the warehouse must see it at the last delivery.

``simulate`` builds a ``World``; ``truth.compute_truth`` turns it into the expected
figures; ``writers`` turn it (and its history) into the export files. Every field holds
the *final* state visible on the as-of date, after the contract's own rules (linking,
unit aliases, the latest version of a re-sent record), so the truth is what a correct
warehouse must compute from the files. The records are slotted dataclasses: a shard's
world holds hundreds of thousands of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(slots=True)
class TruthCase:
    member_id: str  # system B case_id when in system B, else the SagsID
    legacy_case_id: str | None
    b_case_id: str | None
    link_method: str  # legacy_ref | double_registration | system_b_only | system_a_only
    citizen: str | None  # 10-digit CPR (only in the raw exports); None: no valid CPR
    area: str  # canonical area
    unit_id: str  # U-101..U-106 or UNKNOWN, as the warehouse resolves it
    received: date  # earliest received date of the linked records
    decided: date | None  # decision date (B's when B has a decision, else A's)
    decision: str | None  # granted | refused | recommended | withdrawn | None


@dataclass(slots=True)
class TruthDocument:
    document_id: int
    case_id: str | None  # member id of the case it belongs to by the contract's rules
    document_date: date  # Dokumentdato of the latest version
    kinds: frozenset[str] = field(default_factory=frozenset)  # resource_profile, ...
    is_draft_profile: bool = False
    citizen_participated: bool | None = None  # None: empty or an odd value


@dataclass(slots=True)
class TruthComplaint:
    complaint_id: str
    case_reference: str | None
    unit_id: str
    received: date
    complaint_type: str  # formality | decision | both
    reassessed: date | None
    delay_notice: date | None
    forwarded: date | None
    external_decided: date | None
    external_outcome: str | None  # upheld | remitted | changed | dismissed | None


@dataclass(slots=True)
class TruthAccessRequest:
    access_request_id: str
    unit_id: str
    received: date
    legal_basis: str  # OFFL | FVL | PDL
    answered: date | None
    delay_notice: date | None


@dataclass(slots=True)
class TruthInquiry:
    inquiry_id: str
    unit_id: str
    channel: str  # letter | email | digital_post | phone
    received: date  # local date of the received timestamp
    first_response: date | None  # local date of ForsteTilbagemelding


@dataclass
class World:
    as_of: date
    cases: list[TruthCase]
    documents: list[TruthDocument]
    complaints: list[TruthComplaint]
    access_requests: list[TruthAccessRequest]
    inquiries: list[TruthInquiry]
