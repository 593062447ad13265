"""Reproducible random draws: cheap integer draws, UUIDs and counts.

Each concern draws from its own ``random.Random`` seeded with ``"<seed>/<name>"`` (string
seeds hash with SHA-512, so runs are reproducible across processes); the helpers here
keep every draw built on ``random()`` so a run is byte-for-byte the same each time.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


class FastRandom(random.Random):
    """``random.Random`` with cheap integer draws built on ``random()`` (deterministic)."""

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        if stop is None:
            return int(self.random() * start)
        return start + step * int(self.random() * ((stop - start + step - 1) // step))

    def choice(self, seq: Sequence[T]) -> T:
        return seq[int(self.random() * len(seq))]


def uuid4_text(bits: int) -> str:
    """Same text as ``str(uuid.UUID(int=bits, version=4))``, without the object."""
    bits &= ~(0xC000 << 48)
    bits |= 0x8000 << 48
    bits &= ~(0xF000 << 64)
    bits |= 4 << 76
    h = f"{bits:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def poisson_like(rng: random.Random, mean: float) -> int:
    """A count around ``mean`` (normal approximation of a Poisson draw)."""
    if mean <= 0:
        return 0
    return max(0, round(rng.gauss(mean, math.sqrt(mean))))
