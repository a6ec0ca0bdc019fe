"""``python -m bench``: recall on the Go leak corpus, false positives on GOROOT, throughput.

python -m bench            every measurement
python -m bench recall     only recall (see bench/recall.py)
python -m bench fp         only false positives per 100k lines on $GOROOT/src
python -m bench speed      only throughput against tree-sitter's parse time
"""

from __future__ import annotations

import argparse
import sys

from bench import recall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("what", nargs="?", choices=("all", "recall", "fp", "speed"), default="all")
    parser.add_argument(
        "--refresh", action="store_true", help="rerun the corpus programs for the ground truth"
    )
    args = parser.parse_args(argv)
    if args.what in ("all", "recall"):
        recall.main(refresh=args.refresh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
