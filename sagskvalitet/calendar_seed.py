"""``holiday-seed``: write seeds/reference/danish_holidays.csv from the pinned package."""

from __future__ import annotations

from pathlib import Path

from sagskvalitet.workcal import write_holiday_seed

DEFAULT_PATH = Path("seeds/reference/danish_holidays.csv")


def add_parser(sub) -> None:
    p = sub.add_parser("holiday-seed", help="regenerate the holiday seed from the holidays package")
    p.add_argument("--out", type=Path, default=DEFAULT_PATH)
    p.set_defaults(func=run)


def run(args) -> int:
    n = write_holiday_seed(args.out)
    print(f"wrote {n} holiday rows to {args.out}")
    return 0
