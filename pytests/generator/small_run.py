"""The arguments of a small generator run in several shards, shared by the shard tests and
the tests of the shards side by side: a few months, three deliveries, bad rows."""

from __future__ import annotations

from pathlib import Path

DELIVERIES = "2010-04,2010-06,2010-09"


def generate_args(out: Path, scale: str, shard_scale: str, seed: str, *extra: str) -> list[str]:
    """``generate`` at ``scale`` in shards of ``shard_scale``, into ``out``/raw and /truth."""
    return [
        *("generate", "--scale", scale, "--shard-scale", shard_scale, "--seed", seed),
        *("--first-month", "2009-10", "--last-month", "2010-12", "--deliveries", DELIVERIES),
        *("--bad-rows", "0.01", "--out", str(out / "raw"), "--truth-out", str(out / "truth")),
        *extra,
    ]
