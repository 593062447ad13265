"""A static SVG trend chart: a target's percent over eight quarters with its threshold.

Made in Python as plain SVG text, so the report needs no script, font or file from the
internet when it is opened or printed. Positions are layout only: the values drawn are
the marts' percent and threshold as they are.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import Any

WIDTH, HEIGHT = 520, 190
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 14, 34


def _fmt(value: Any) -> str:
    return f"{Decimal(str(value)):.1f}".replace(".", ",")


def _y(percent: Decimal, low: Decimal) -> float:
    span = Decimal(100) - low
    inner = HEIGHT - TOP - BOTTOM
    return TOP + float((Decimal(100) - percent) / span) * inner


def trend_svg(target_id: str, points: list[dict[str, Any]]) -> str:
    """SVG of ``points`` (period, percent, threshold as a share) in period order."""
    values = [Decimal(str(p["percent"])) for p in points if p["percent"] is not None]
    thresholds = [Decimal(str(p["threshold"])) * 100 for p in points if p["threshold"] is not None]
    lowest = min(values + thresholds, default=Decimal(0))
    low = Decimal(0) if lowest < 50 else Decimal(50)
    n = max(len(points), 1)
    step = (WIDTH - LEFT - RIGHT) / n
    xs = [LEFT + step * (i + 0.5) for i in range(len(points))]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trend" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'data-target="{escape(target_id)}" aria-label="Udvikling over {len(points)} kvartaler">'
    ]
    for tick in range(int(low), 101, 10):
        y = _y(Decimal(tick), low)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            'stroke="#e3e3e3" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="10" text-anchor="end" '
            f'fill="#555">{tick} %</text>'
        )
    # Threshold (måltal) as a step line: it may change between quarters.
    for i, p in enumerate(points):
        if p["threshold"] is None:
            continue
        y = _y(Decimal(str(p["threshold"])) * 100, low)
        parts.append(
            f'<line class="threshold" x1="{xs[i] - step / 2:.1f}" x2="{xs[i] + step / 2:.1f}" '
            f'y1="{y:.1f}" y2="{y:.1f}" stroke="#b22222" stroke-width="2" '
            'stroke-dasharray="6 4"/>'
        )
    coords = [
        (xs[i], _y(Decimal(str(p["percent"])), low))
        for i, p in enumerate(points)
        if p["percent"] is not None
    ]
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1f4e79" stroke-width="2"/>')
    for i, p in enumerate(points):
        label = escape(str(p["period"]))
        parts.append(
            f'<text x="{xs[i]:.1f}" y="{HEIGHT - BOTTOM + 16}" font-size="10" '
            f'text-anchor="middle" fill="#333">{label}</text>'
        )
        if p["percent"] is None:
            parts.append(
                f'<text x="{xs[i]:.1f}" y="{HEIGHT - BOTTOM - 4}" font-size="9" '
                'text-anchor="middle" fill="#888">–</text>'
            )
            continue
        y = _y(Decimal(str(p["percent"])), low)
        parts.append(
            f'<circle cx="{xs[i]:.1f}" cy="{y:.1f}" r="3.5" fill="#1f4e79"/>'
            f'<text class="point" data-period="{label}" x="{xs[i]:.1f}" y="{y - 7:.1f}" '
            f'font-size="9" text-anchor="middle" fill="#1f4e79">{_fmt(p["percent"])}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" x2="{LEFT + 22}" y1="{HEIGHT - 6}" y2="{HEIGHT - 6}" '
        'stroke="#1f4e79" stroke-width="2"/>'
        f'<text x="{LEFT + 26}" y="{HEIGHT - 3}" font-size="10" fill="#333">Målopfyldelse</text>'
        f'<line x1="{LEFT + 120}" x2="{LEFT + 142}" y1="{HEIGHT - 6}" y2="{HEIGHT - 6}" '
        'stroke="#b22222" stroke-width="2" stroke-dasharray="6 4"/>'
        f'<text x="{LEFT + 146}" y="{HEIGHT - 3}" font-size="10" fill="#333">Måltal</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
