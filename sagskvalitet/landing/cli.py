"""``python -m sagskvalitet land``: land the raw deliveries (see ``landing.land``)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

HELP = "validate (Great Expectations), pseudonymise CPR and write Parquet"  # in the command list
DESCRIPTION = (
    "Land every delivery under the raw directory that is not landed yet "
    "(or whose MANIFEST.json changed). Needs SAGSKVALITET_CPR_KEY."
)


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("land", help=HELP, description=DESCRIPTION)
    p.add_argument(
        "--raw-dir",
        type=Path,
        default=Path(os.environ.get("RAW_DIR", "data/raw")),
        help="raw deliveries (env RAW_DIR, default data/raw)",
    )
    p.add_argument(
        "--landing-dir",
        type=Path,
        default=Path(os.environ.get("LANDING_DIR", "data/landing")),
        help="landing output (env LANDING_DIR, default data/landing)",
    )
    p.add_argument("--force", action="store_true", help="re-land every delivery")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from sagskvalitet.landing import LandingError
    from sagskvalitet.landing.land import land

    # Landed files carry pseudonyms and titles: readable by the owner only.
    os.umask(0o077)
    try:
        land(args.raw_dir, args.landing_dir, force=args.force)
    except LandingError as exc:
        print(f"landing failed: {exc}", file=sys.stderr)
        return 2
    return 0
