"""The landing log: one row per event of landing a delivery, read by the warehouse.

Landing reports what it noticed beyond rows (an unknown file, a re-sent or shrunk
delivery, CPR values masked per file and column, a failed landing) both on the console
and here, so the warehouse (source ``landing_log``, mart ``fct_landing_log``) and an
auditor see the same list. Files: ``<landing>/_landing_log/<delivery>.parquet`` and a JSON
copy beside it. The pseudonym key and CPR numbers never appear in an event.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

LOG_DIR = "_landing_log"

SCHEMA = pa.schema(
    [
        pa.field("delivery_date", pa.date32()),
        pa.field("event_number", pa.int32()),
        pa.field("event", pa.string()),
        pa.field("severity", pa.string()),
        pa.field("file", pa.string()),
        pa.field("column_name", pa.string()),
        pa.field("event_count", pa.int64()),
        pa.field("detail", pa.string()),
    ]
)


@dataclass
class Event:
    event: str  # file_landed | cpr_masked | unknown_file | shrunk_extract | ...
    severity: str  # info | warn | error
    detail: str
    file: str | None = None
    column_name: str | None = None
    event_count: int | None = None

    def line(self, delivery: str) -> str:
        where = f"delivery {delivery}" + (f", file {self.file}" if self.file else "")
        where += f", column {self.column_name}" if self.column_name else ""
        return f"{self.severity}: {where}: {self.event}: {self.detail}"


def write_log(landing_dir: Path, delivery: str, events: list[Event]) -> Path:
    """Write the delivery's log atomically (Parquet and JSON), replacing an earlier one."""
    out = Path(landing_dir) / LOG_DIR
    out.mkdir(parents=True, exist_ok=True)
    rows = [
        {"delivery_date": date.fromisoformat(delivery), "event_number": i, **asdict(e)}
        for i, e in enumerate(events, start=1)
    ]
    final = out / f"{delivery}.parquet"
    tmp = out / f".{delivery}.parquet.tmp"
    pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), tmp)
    jtmp = out / f".{delivery}.json.tmp"
    jtmp.write_text(
        json.dumps([{**r, "delivery_date": delivery} for r in rows], indent=1, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    os.replace(jtmp, out / f"{delivery}.json")
    os.replace(tmp, final)
    return final
