"""The truth of one as-of date, gathered shard by shard, so no shard's world is kept.

The generator simulates one citizen shard at a time (``shards``). Everything the truth
holds per record (members of the figures, how each case and document is linked) goes to
a Parquet part file per shard; what adds up (each figure's summed member values and
member counts, the May measurement's sums, row counts) is added in memory. ``finish``
writes the same files as ``truth.write_truth`` does for a whole world: DuckDB sorts the
parts into ``target_members.csv``, ``case_links.csv`` and ``document_links.csv`` under a
memory limit (spilling to disk), and the figures are computed once from the sums.
"""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from sagskvalitet.generator.figures import figure_columns
from sagskvalitet.generator.model import World
from sagskvalitet.generator.publication import PUBLISHED_COLUMNS, published_rows
from sagskvalitet.generator.truth import (
    MEMBER_COLUMNS,
    MEMBER_KEY,
    RESULT_COLUMNS,
    RESULT_KEY,
    _table,
    _write_csv,
    combine_results,
    compute_member_sums,
    due_dates,
    may_figures,
    partial_results,
)
from sagskvalitet.params import Params

PARTS = ".parts"
# DuckDB's memory while sorting the parts into CSV files: it spills beyond this.
SORT_MEMORY = "256MB"
# Its threads: the shards' workers are done by then, so the sort need not run alone (it
# did until the eighteenth session). Two against one at scale 3: wall 0.96 times, CPU the
# same, the same files byte for byte; each sort orders by a unique key, so its output does
# not depend on the threads. The memory limit above holds for both together.
SORT_THREADS = 2

# Partial figures kept before they are added into one: memory stays flat over shards.
PARTIALS_KEPT = 8

CASE_LINK_SCHEMA = pa.schema(
    [
        ("case_id", pa.string()),
        ("legacy_case_id", pa.string()),
        ("b_case_id", pa.string()),
        ("link_method", pa.string()),
    ]
)
DOCUMENT_LINK_SCHEMA = pa.schema([("document_id", pa.int64()), ("case_id", pa.string())])


def add_partials(partials: list[pa.Table]) -> pa.Table:
    """Several partial figures (``truth.partial_results``) added into one."""
    keys = ["target_id", "period_grain", "period", "unit_id", "area"]
    grouped = (
        pa.concat_tables(partials)
        .group_by(keys)
        .aggregate([("value_sum", "sum"), ("member_count", "sum")])
    )
    return pa.table(
        {
            **{k: grouped[k] for k in keys},
            "value_sum": grouped["value_sum_sum"],
            "member_count": grouped["member_count_sum"],
        }
    )


@dataclass
class TruthPart:
    """One shard's share of the truth of an as-of date: what adds up (its per-record
    files are written by ``write_part``). Small, so a worker process can send it."""

    as_of: str
    counts: Counter[str]
    partial: pa.Table | None = None  # None: no figures
    may_sums: dict[str, list[int]] = field(default_factory=dict)
    member_counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    member_rows: int = 0


def write_part(
    parts: Path, i: int, world: World, params: Params, due_of, figures: bool
) -> TruthPart:
    """Write shard ``i``'s per-record part files into ``parts``; return what adds up."""
    pq.write_table(
        pa.table(
            [
                [c.member_id for c in world.cases],
                [c.legacy_case_id for c in world.cases],
                [c.b_case_id for c in world.cases],
                [c.link_method for c in world.cases],
            ],
            schema=CASE_LINK_SCHEMA,
        ),
        parts / f"case_links_{i:05d}.parquet",
    )
    pq.write_table(
        pa.table(
            [[d.document_id for d in world.documents], [d.case_id for d in world.documents]],
            schema=DOCUMENT_LINK_SCHEMA,
        ),
        parts / f"document_links_{i:05d}.parquet",
    )
    part = TruthPart(
        as_of=world.as_of.isoformat(),
        counts=Counter(
            cases=len(world.cases),
            documents=len(world.documents),
            complaints=len(world.complaints),
            access_requests=len(world.access_requests),
            inquiries=len(world.inquiries),
        ),
    )
    if not figures:
        return part
    members, sums = compute_member_sums(world, params, due_of)
    pq.write_table(members, parts / f"members_{i:05d}.parquet")
    part.partial = partial_results(members)
    part.may_sums = {year: list(values) for year, values in sums.items()}
    counts = members.group_by(["target_id", "period_grain"]).aggregate([([], "count_all")])
    for t, g, n in zip(
        counts["target_id"].to_pylist(),
        counts["period_grain"].to_pylist(),
        counts["count_all"].to_pylist(),
        strict=True,
    ):
        part.member_counts[(t, g)] += n
    part.member_rows = len(members)
    return part


class TruthParts:
    """Collects the truth of one as-of date over the shards; ``finish`` writes it."""

    def __init__(self, folder: Path, params: Params, figures: bool = True):
        self.folder = Path(folder)
        self.params = params
        self.figures = figures
        self.parts = self.folder / PARTS
        self.parts.mkdir(parents=True, exist_ok=True)
        self.due_of = due_dates(params)
        self.partials: list[pa.Table] = []
        self.may_sums: dict[str, list[int]] = {}
        self.member_counts: Counter[tuple[str, str]] = Counter()
        self.member_rows = 0
        self.counts: Counter[str] = Counter()
        self.as_of = ""
        self.shards = 0

    def add(self, world: World) -> None:
        """Add one shard's world (its cases, documents, complaints, requests, inquiries)."""
        self.add_part(
            write_part(self.parts, self.shards, world, self.params, self.due_of, self.figures)
        )

    def add_part(self, part: TruthPart) -> None:
        """Add the sums of one shard's part (``write_part``), in shard order."""
        self.shards += 1
        self.as_of = part.as_of
        self.counts.update(part.counts)
        if part.partial is None:
            return
        self.partials.append(part.partial)
        if len(self.partials) >= PARTIALS_KEPT:
            self.partials = [add_partials(self.partials)]
        for year, values in part.may_sums.items():
            total = self.may_sums.setdefault(year, [0, 0, 0])
            for k, v in enumerate(values):
                total[k] += v
        self.member_counts.update(part.member_counts)
        self.member_rows += part.member_rows

    def finish(self) -> dict | None:
        """Write the link files (and the figures); the summary of ``truth.write_truth``
        when figures were asked for. The part files are removed."""
        with duckdb.connect() as con:
            con.execute(f"set memory_limit = '{SORT_MEMORY}'")
            con.execute(f"set temp_directory = '{(self.parts / 'spill').as_posix()}'")
            con.execute("set preserve_insertion_order = false")
            con.execute(f"set threads = {SORT_THREADS}")

            def sorted_copy(part: str, columns: str, order: str, target: str) -> None:
                source = (self.parts / f"{part}_*.parquet").as_posix()
                con.execute(
                    f"copy (select {columns} from read_parquet('{source}') order by {order}) "
                    f"to '{(self.folder / target).as_posix()}' (format csv, header true)"
                )

            sorted_copy(
                "case_links",
                "case_id, legacy_case_id, b_case_id, link_method",
                "case_id",
                "case_links.csv",
            )
            sorted_copy(
                "document_links", "document_id, case_id", "document_id", "document_links.csv"
            )
            summary = None
            if self.figures:
                sorted_copy(
                    "members",
                    ", ".join(MEMBER_COLUMNS),
                    ", ".join(f"{k} nulls first" for k in MEMBER_KEY),
                    "target_members.csv",
                )
                summary = self._figures()
        shutil.rmtree(self.parts)
        return summary

    def _figures(self) -> dict:
        results = combine_results(self.partials) if self.partials else None
        rows = figure_columns(results.to_pylist() if results is not None else [], self.params)
        _write_csv(_table(rows, RESULT_COLUMNS), self.folder / "target_results.csv", RESULT_KEY)
        min_count = int(self.params.vars.get("suppression_min_count", 5))
        _write_csv(
            _table(published_rows(rows, min_count), list(PUBLISHED_COLUMNS)),
            self.folder / "published_results.csv",
            RESULT_KEY,
        )
        return {
            "as_of": self.as_of,
            "may_measurement": may_figures(self.may_sums),
            "member_rows": self.member_rows,
            "result_rows": 0 if results is None else len(results),
            "members_per_target": {
                f"{t}/{g}": n for (t, g), n in sorted(self.member_counts.items())
            },
            **{
                k: self.counts[k]
                for k in ("cases", "documents", "complaints", "access_requests", "inquiries")
            },
        }
