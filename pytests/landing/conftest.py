"""Fixtures of the landing tests; the builders live in landing_builders.py."""

from landing_builders import cpr_key  # noqa: F401  (autouse fixture, registered here)
