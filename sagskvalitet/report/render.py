"""Lay the report's data out as one self-contained HTML page (inline CSS and SVG).

The page loads nothing: no script, font, style or image from elsewhere, so it opens and
prints offline exactly as it was made.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from sagskvalitet.report import fmt
from sagskvalitet.report.chart import trend_svg
from sagskvalitet.report.data import ReportData

TEMPLATE = Path(__file__).with_name("template.html.j2")
REDUCTION = {
    "not set": "Ikke fastsat",
    "no comparison": "Intet sammenligningsgrundlag",
    "met": "Nået",
    "not met": "Ikke nået",
}

# The labels and formatters the template uses, by the names it knows them by.
TEMPLATE_HELPERS: dict[str, object] = {
    "reasons": fmt.SUPPRESSION_REASON,
    "reduction": REDUCTION,
    "status": fmt.STATUS,
    "status_class": fmt.STATUS_CLASS,
    "percent": fmt.percent,
    "share": fmt.share_as_percent,
    "integer": fmt.integer,
    "signed": fmt.signed,
    "date_da": fmt.date_da,
    "period_da": fmt.period_da,
}


def render_html(d: ReportData) -> str:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(TEMPLATE.read_text(encoding="utf-8"))
    if d.grain == "quarter":
        title = f"Kvartalsrapport om målopfyldelse, {fmt.period_da(d.period)}"
        subtitle = (
            "Status til Beskæftigelses- og Integrationsudvalget: Beskæftigelses- og "
            "Integrationsforvaltningens mål for sagsbehandlingen."
        )
    else:
        title = f"Halvårlig afrapportering, {fmt.period_da(d.period)}"
        subtitle = (
            "Afrapportering til Økonomiudvalget: Beskæftigelses- og Integrationsforvaltningens "
            "mål for sagsbehandlingen og opfølgningstal."
        )
    names = {t["target_id"]: t["name_da"] for t in [*d.targets, *d.monitoring, *d.half_yearly]}
    cells = {(c["target_id"], c["unit_id"]): c for c in d.unit_figures}
    unit_rows = [
        (tid, names.get(tid, tid)) for tid in dict.fromkeys(c["target_id"] for c in d.unit_figures)
    ]
    footnotes: dict[str, int] = {}
    for c in d.unit_figures:
        if c["is_suppressed"] and c["suppression_reason"] not in footnotes:
            footnotes[c["suppression_reason"]] = len(footnotes) + 1
    audit = [*d.targets, *(d.monitoring if d.grain == "quarter" else [])]
    if d.grain == "half_year":
        audit = d.half_yearly
    return template.render(
        d=d,
        title=title,
        subtitle=subtitle,
        charts={tid: trend_svg(tid, points) for tid, points in d.trends.items()},
        cells=cells,
        unit_rows=unit_rows,
        footnotes=footnotes,
        audit=audit,
        **TEMPLATE_HELPERS,
    )
