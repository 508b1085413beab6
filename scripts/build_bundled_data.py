"""Build the bundled 2024 offensive dataset (data/offensive_2024/) from data/raw/offensive_2024/.

Usage::

    python scripts/build_bundled_data.py [RAW_DIR] [--out OUT_DIR]

``RAW_DIR`` defaults to ``<repo>/data/raw/offensive_2024``: the facts CSVs (unchanged copies of
the team's shared facts, see PROVENANCE.yaml there) and the curated files beside them
(disagreements.yaml, toll_series.yaml, metadata.yaml). ``OUT_DIR`` defaults to
``<repo>/data/offensive_2024``. The steps are in the package ``scripts/bundled_data``.

A fact or curated entry the build cannot map stops it with a sentence naming the file and the
line or entry; nothing is then written. Exit status: 0 built, 1 refused.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bundled_data.build import build

from analysis.errors import AnalysisError

REPO = Path(__file__).resolve().parent.parent
DEFAULT_RAW = REPO / "data" / "raw" / "offensive_2024"
DEFAULT_OUT = REPO / "data" / "offensive_2024"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "raw_dir",
        nargs="?",
        type=Path,
        default=DEFAULT_RAW,
        help=f"folder of the facts CSVs and curated files (default {DEFAULT_RAW})",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help=f"folder to write into (default {DEFAULT_OUT})",
    )
    args = parser.parse_args(argv)
    try:
        written = build(args.raw_dir, args.out)
    except AnalysisError as exc:
        print(f"build_bundled_data: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
