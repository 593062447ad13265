"""Great Expectations 1.x validation of the landed (pseudonymised) frames.

One expectation suite per export file kind, run through a checkpoint per file on the
pandas frame that is about to be written, so GE never sees a CPR number. Only the row
count against MANIFEST.json is fatal (checked strictly by the caller, and shown here);
the row-level expectations use ``mostly`` and are reported, since rejecting rows is
dbt's job. Results are kept under ``<landing>/_gx/validations`` and rendered by
``validation_report`` in ``<landing>/data_docs/`` (index.html lists every delivery ever
validated; self-contained pages, unlike GE's own Data Docs).
"""

from __future__ import annotations

import logging
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sagskvalitet import contract as c
from sagskvalitet.contract import ExportFile

# Share of rows that must pass a row-level expectation for it to show as met. Not a
# committee number: the build's limit on rejects is the dbt var rejects_max_share.
MOSTLY = 0.95

# SUMMARY: the counts and the first 5 unexpected values with their rows. GE also lists
# every unexpected row's index in a query text for each expectation, which a SUMMARY
# result does not keep: not asked for (issue 14: a frame filter per expectation).
RESULT_FORMAT = {
    "result_format": "SUMMARY",
    "partial_unexpected_count": 5,
    "return_unexpected_index_query": False,
}

_STRFTIME_RE = {
    "%d": r"\d{2}",
    "%m": r"\d{2}",
    "%Y": r"\d{4}",
    "%H": r"\d{2}",
    "%M": r"\d{2}",
    "%S": r"\d{2}",
}
ISO_DATE = r"\d{4}-\d{2}-\d{2}"
ISO_TIMESTAMP = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[+-]\d{2}:\d{2}|Z)"


def strftime_regex(fmt: str) -> str:
    """Regex body (no anchors) of a strftime format of the contract."""
    return re.sub(
        r"%[a-zA-Z]", lambda m: _STRFTIME_RE[m.group()], re.escape(fmt).replace(r"\%", "%")
    )


# Columns (contract names) whose value may be empty: all but the received date.
_OPTIONAL_DATES = {
    "Afgjort",
    "Genvurderet",
    "UnderretningSendt",
    "Videresendt",
    "EksterntAfgjort",
    "Besvaret",
    "ForsteTilbagemelding",
    "decided",
}

CODE_SETS: dict[str, dict[str, list[str]]] = {
    c.SAGSSYSTEM_A.key: {"Sagsomraade": list(c.AREA_BY_A_CODE), "Afgoerelse": [*c.A_DECISIONS, ""]},
    c.SAGSSYSTEM_B.key: {"area": list(c.AREA_BY_B_CODE), "decision": list(c.B_DECISIONS)},
    c.ESDH.key: {
        "BorgerMedvirken": list(c.CITIZEN_PARTICIPATED),
        "Dokumenttype": list(c.DOCUMENT_TYPES),
    },
    c.KLAGER.key: {
        "Klagetype": list(c.COMPLAINT_TYPES),
        "EksterntUdfald": [*c.EXTERNAL_OUTCOMES, ""],
    },
    c.AKTINDSIGT.key: {"Lovgrundlag": list(c.LEGAL_BASES)},
    c.HENVENDELSER.key: {"Kanal": list(c.CHANNELS)},
}
ID_PATTERNS = {
    c.SAGSSYSTEM_A.key: r"^A\d{7}$",
    c.SAGSSYSTEM_B.key: r"^[0-9a-fA-F-]{36}$",
    c.ESDH.key: r"^\d+$",
}


def date_patterns(spec: ExportFile) -> dict[str, str]:
    """Column (contract name) -> anchored regex of its allowed formats."""
    out: dict[str, str] = {}
    for col in (*spec.date_columns, *spec.timestamp_columns):
        if spec.fmt == "jsonl":
            body = ISO_TIMESTAMP if col in spec.timestamp_columns else ISO_DATE
        elif col in spec.timestamp_columns and spec.key == c.ESDH.key:
            body = strftime_regex("%Y-%m-%d %H:%M:%S")
        else:
            body = strftime_regex(spec.date_format or "%Y-%m-%d")
        if spec.key == c.ESDH.key and col == "Dokumentdato":
            body = f"{body}|{strftime_regex('%d.%m.%Y')}"
        out[col] = f"^(?:{body})?$" if col in _OPTIONAL_DATES else f"^(?:{body})$"
    return out


def build_suite_expectations(spec: ExportFile) -> list[Any]:
    """The lean expectation list of one file kind (GE expectation objects).

    The row count comes from MANIFEST.json at run time (suite parameter ``manifest_rows``).
    """
    import great_expectations as gx

    E = gx.expectations
    idc = spec.id_column.lower()
    exps: list[Any] = [E.ExpectTableRowCountToEqual(value={"$PARAMETER": "manifest_rows"})]
    exps += [
        E.ExpectColumnToExist(column=col.lower()) for col in spec.columns if col.lower() != "cpr"
    ]
    exps.append(E.ExpectColumnValuesToNotBeNull(column=idc, mostly=MOSTLY))
    exps.append(
        E.ExpectColumnValuesToMatchRegex(
            column=idc, regex=ID_PATTERNS.get(spec.key, r"\S"), mostly=MOSTLY
        )
    )
    exps.append(E.ExpectColumnValuesToBeNull(column="landing_error", mostly=MOSTLY))
    for col, regex in date_patterns(spec).items():
        exps.append(
            E.ExpectColumnValuesToMatchRegex(column=col.lower(), regex=regex, mostly=MOSTLY)
        )
    for col, values in CODE_SETS.get(spec.key, {}).items():
        exps.append(
            E.ExpectColumnValuesToBeInSet(column=col.lower(), value_set=values, mostly=MOSTLY)
        )
    if "CPR" in spec.columns or "cpr" in spec.columns:
        exps.append(
            E.ExpectColumnValuesToBeInSet(column="cpr_status", value_set=["ok"], mostly=MOSTLY)
        )
    return exps


def skip_batch_fingerprint() -> None:
    """Turn off GE's fingerprint of each pandas batch.

    GE hashes every frame under its ``HASH_THRESHOLD`` (1 GB) whole
    (``pandas.util.hash_pandas_object``, then md5) to store a ``pandas_data_fingerprint``
    batch marker. Landing has no use for it: a result is named by delivery and file, and
    landing checks each raw file's sha256 against the manifest and keeps it. The hash was 8 % of
    landing's CPU on system B's cases at scale 10 (issue 14). The threshold is GE's only
    switch; ``pytests/landing/test_chunked_reading.py`` fails if a batch is hashed.
    """
    from great_expectations.execution_engine import pandas_execution_engine

    pandas_execution_engine.HASH_THRESHOLD = 0


@dataclass
class FileValidation:
    file_key: str
    success: bool
    evaluated: int
    met: int
    row_count_ok: bool
    failed: list[str] = field(default_factory=list)  # "type(column): n unexpected"


class Validator:
    """An ephemeral GE context whose results and Data Docs live under the landing dir."""

    def __init__(self, landing_dir: Path):
        landing_dir = Path(landing_dir).resolve()  # GE stores need absolute paths
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
        # Great Expectations imports pyspark when it is installed (for dbt-spark), and
        # pyspark warns about the pandas version on import: nothing landing uses, and it
        # was printed once per landing worker.
        warnings.filterwarnings(
            "ignore", message="PySpark does not yet fully support pandas", category=FutureWarning
        )
        import great_expectations as gx
        from great_expectations.data_context.types.base import (
            DataContextConfig,
            InMemoryStoreBackendDefaults,
            ProgressBarsConfig,
        )

        logging.getLogger("great_expectations").setLevel(logging.ERROR)
        skip_batch_fingerprint()
        self.gx = gx
        self.docs_dir = landing_dir / "data_docs"
        cfg = DataContextConfig(
            store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
            analytics_enabled=False,
            progress_bars=ProgressBarsConfig(globally=False),
        )
        cfg.stores["validation_results_store"] = {
            "class_name": "ValidationResultsStore",
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(landing_dir / "_gx" / "validations"),
            },
        }
        cfg.data_docs_sites = {
            "landing": {
                "class_name": "SiteBuilder",
                "show_how_to_buttons": False,
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(self.docs_dir),
                },
            }
        }
        self.context = gx.get_context(project_config=cfg, mode="ephemeral")
        self.source = self.context.data_sources.add_pandas("landing")
        self._checkpoints: dict[str, Any] = {}

    def _checkpoint(self, spec: ExportFile) -> Any:
        """Suite, validation definition and checkpoint of a file kind, made once."""
        if spec.key not in self._checkpoints:
            gx = self.gx
            asset = self.source.add_dataframe_asset(spec.key)
            batch = asset.add_batch_definition_whole_dataframe("whole")
            suite = self.context.suites.add(
                gx.ExpectationSuite(name=spec.key, expectations=build_suite_expectations(spec))
            )
            vd = self.context.validation_definitions.add(
                gx.ValidationDefinition(name=spec.key, data=batch, suite=suite)
            )
            self._checkpoints[spec.key] = self.context.checkpoints.add(
                gx.Checkpoint(
                    name=spec.key,
                    validation_definitions=[vd],
                    actions=[],  # Data Docs: rendered once per landing run (validation_report)
                    result_format=RESULT_FORMAT,
                )
            )
        return self._checkpoints[spec.key]

    def validate(
        self, delivery: str, spec: ExportFile, frame: Any, manifest_rows: int
    ) -> FileValidation:
        """Validate a whole file's frame at once."""
        run = self.start_file(delivery, spec, manifest_rows)
        run.add(frame)
        return run.finish()

    def start_file(self, delivery: str, spec: ExportFile, manifest_rows: int) -> ChunkedValidation:
        """Validate a file chunk by chunk (``add`` each frame, then ``finish``)."""
        return ChunkedValidation(self, delivery, spec, manifest_rows)


_COUNTS = ("element_count", "missing_count", "unexpected_count")
_PARTIAL = ("partial_unexpected_list", "partial_unexpected_index_list")


class ChunkedValidation:
    """One file's expectations over its chunks, merged into one stored result.

    Each chunk runs through the file kind's checkpoint (GE's start-up is paid once per
    landing run, in ``Validator``). The counts of the row-level expectations are summed
    over the chunks and ``mostly`` is applied to the sums, as GE does on one frame:
    success = (element_count - missing_count - unexpected_count) / (element_count -
    missing_count) >= mostly. The row count is the sum of the chunks' rows. The merged
    result replaces the last chunk's in the results store (same run name and batch), so
    the Data Docs show one result per delivery and file.
    """

    def __init__(self, validator: Validator, delivery: str, spec: ExportFile, manifest_rows: int):
        self.validator = validator
        self.delivery = delivery
        self.spec = spec
        self.manifest_rows = manifest_rows
        self.rows = 0
        self.chunks = 0
        self.key: Any = None
        self.base: Any = None  # the first chunk's suite result, updated with the sums
        self.sums: list[dict[str, int]] = []
        self.exists: list[bool] = []
        self.partial: list[dict[str, list[Any]]] = []

    def add(self, frame: Any) -> None:
        from great_expectations.core.run_identifier import RunIdentifier

        res = self.validator._checkpoint(self.spec).run(
            batch_parameters={"dataframe": frame},
            expectation_parameters={"manifest_rows": self.manifest_rows},
            run_id=RunIdentifier(run_name=self.delivery),
        )
        ((key, vr),) = res.run_results.items()
        offset, self.rows, self.chunks = self.rows, self.rows + len(frame), self.chunks + 1
        if self.base is None:
            self.key, self.base = key, vr
            self.sums = [{k: 0 for k in _COUNTS} for _ in vr.results]
            self.exists = [True] * len(vr.results)
            self.partial = [{k: [] for k in _PARTIAL} for _ in vr.results]
        for i, r in enumerate(vr.results):
            result = r.result or {}
            self.exists[i] = self.exists[i] and bool(r.success)
            for k in _COUNTS:
                self.sums[i][k] += int(result.get(k) or 0)
            values = result.get("partial_unexpected_list") or []
            index = result.get("partial_unexpected_index_list") or []
            room = 5 - len(self.partial[i]["partial_unexpected_list"])
            self.partial[i]["partial_unexpected_list"] += list(values)[: max(room, 0)]
            self.partial[i]["partial_unexpected_index_list"] += [
                j + offset if isinstance(j, int) else j for j in list(index)[: max(room, 0)]
            ]

    def _merge(self) -> None:
        for i, r in enumerate(self.base.results):
            kind = r.expectation_config.type
            result = r.result if r.result is not None else {}
            if kind == "expect_table_row_count_to_equal":
                result["observed_value"] = self.rows
                r.success = self.rows == self.manifest_rows
            elif "unexpected_count" in result:
                sums = self.sums[i]
                total, missing, bad = (sums[k] for k in _COUNTS)
                considered = total - missing
                mostly = r.expectation_config.kwargs.get("mostly") or 1.0
                r.success = considered == 0 or (considered - bad) / considered >= mostly
                share = 100.0 * bad / considered if considered else 0.0
                result.update(element_count=total, unexpected_count=bad)
                result["unexpected_percent"] = share
                if "missing_count" in result:
                    result["missing_count"] = missing
                    result["missing_percent"] = 100.0 * missing / total if total else 0.0
                    result["unexpected_percent_nonmissing"] = share
                    result["unexpected_percent_total"] = 100.0 * bad / total if total else 0.0
                result.update(self.partial[i])
                result.pop("partial_unexpected_counts", None)
            else:
                r.success = self.exists[i]
        met = sum(bool(r.success) for r in self.base.results)
        evaluated = len(self.base.results)
        self.base.success = met == evaluated
        self.base.statistics.update(
            evaluated_expectations=evaluated,
            successful_expectations=met,
            unsuccessful_expectations=evaluated - met,
            success_percent=100.0 * met / evaluated if evaluated else None,
        )
        self.validator.context.validation_results_store.set(self.key, self.base)

    def finish(self) -> FileValidation:
        if self.base is None:  # no chunk at all: validate the empty frame
            import pandas as pd

            self.add(pd.DataFrame({c: pd.Series([], dtype=object) for c in self._columns()}))
        if self.chunks > 1:
            self._merge()
        met, evaluated, failed, row_ok = 0, 0, [], True
        for r in self.base.results:
            evaluated += 1
            kind = r.expectation_config.type
            column = r.expectation_config.kwargs.get("column")
            if r.success:
                met += 1
            else:
                n = (r.result or {}).get("unexpected_count")
                failed.append(
                    f"{kind}({column or ''}): {n} unexpected"
                    if n is not None
                    else f"{kind}({column or ''})"
                )
            if kind == "expect_table_row_count_to_equal" and not r.success:
                row_ok = False
        return FileValidation(
            self.spec.key, bool(self.base.success), evaluated, met, row_ok, failed
        )

    def _columns(self) -> list[str]:
        from sagskvalitet.landing.pseudonymise import CPR_COLUMNS

        cols = [c.lower() for c in self.spec.columns if c not in CPR_COLUMNS]
        return ["landing_error", *cols, "cpr_status"]
