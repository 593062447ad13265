"""Landing: raw export deliveries -> validated, pseudonymised Parquet (``land`` command).

Modules: ``readers`` (contract-true parsing), ``pseudonymise`` (CPR -> keyed hash),
``validate`` (Great Expectations 1.x), ``land`` (orchestration, atomic Parquet writes),
``cli`` (the ``land`` sub-command).
"""

from __future__ import annotations


class LandingError(Exception):
    """A fatal fault of a delivery: the build stops with this one message."""

    def __init__(self, message: str, delivery: str | None = None, file: str | None = None):
        parts = []
        if delivery:
            parts.append(f"delivery {delivery}")
        if file:
            parts.append(f"file {file}")
        prefix = ", ".join(parts)
        super().__init__(f"{prefix}: {message}" if prefix else message)
        self.reason = message
        self.delivery = delivery
        self.file = file

    def __reduce__(self):  # raised in a landing worker process, re-raised in the parent
        return (LandingError, (self.reason, self.delivery, self.file))

    def in_delivery(self, delivery: str) -> LandingError:
        """The same fault, named with its delivery."""
        return LandingError(self.reason, delivery=delivery, file=self.file)
