"""``python -m bench``: recall on the Go leak corpus, false positives on GOROOT, throughput.

python -m bench            every measurement, then a summary against the targets
python -m bench recall     only recall (bench/recall.py)
python -m bench fp         only false positives per 100k lines on $GOROOT/src
python -m bench speed      only throughput against tree-sitter's parse time
python -m bench realistic  only recall and false positives on bench/realistic (bench/unseen.py)
python -m bench heldout    the same on bench/realistic/heldout, written later and never tuned on
python -m bench heldout2   the same on bench/realistic/heldout2, a second such batch
python -m bench repos [DIR...]  default findings on real repositories (bench/repos.py; not in "all")
"""

from __future__ import annotations

import argparse
import sys

from bench import falsepos, recall, repos, speed, unseen
from bench.common import go_version, table

RECALL_TARGET = 85.0  # the Go corpus channel target of the analysis redesign
FP_TARGET = 1.0
SPEED_TARGET = speed.TARGET_RATIO


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "what",
        nargs="?",
        choices=("all", "recall", "fp", "speed", "realistic", "heldout", "heldout2", "repos"),
        default="all",
    )
    parser.add_argument(
        "dirs", nargs="*", metavar="DIR", help="repos: checkouts to scan (default: under --dir)"
    )
    parser.add_argument(
        "--dir",
        help=f"repos: directory of checkouts (default ${repos.ENV_VAR}, else .cache/repos)",
    )
    parser.add_argument(
        "--refresh", action="store_true", help="rerun the corpus programs for the ground truth"
    )
    parser.add_argument("--repeat", type=int, default=3, help="timing runs (best is kept)")
    args = parser.parse_args(argv)
    if args.dirs and args.what != "repos":
        parser.error("directories are only for `repos`")
    if args.what == "repos":
        return repos.main(args.dirs, args.dir)
    print(f"gostuck bench, {go_version()}\n")
    summary: list[list[object]] = []
    if args.what in ("all", "recall"):
        value = recall.main(refresh=args.refresh)
        summary.append(
            [
                "recall, channel leaks",
                f"{value:.1f}%",
                f">= {RECALL_TARGET:.0f}%",
                value >= RECALL_TARGET,
            ]
        )
        print()
    for name, corpus in (
        ("realistic", unseen.REALISTIC),
        ("heldout", unseen.HELDOUT_CORPUS),
        ("heldout2", unseen.HELDOUT2_CORPUS),
    ):
        if args.what not in ("all", name) or not unseen.programs(corpus):
            continue
        scores = unseen.main(refresh=args.refresh, corpus=corpus)
        chan = 100.0 * scores.channel_found / max(scores.channel_total, 1)
        sync = 100.0 * scores.sync_found / max(scores.sync_total, 1)
        summary.append([f"{name} recall, channel/lifecycle", f"{chan:.1f}%", ">= 80%", chan >= 80])
        summary.append([f"{name} recall, sync", f"{sync:.1f}%", ">= 70%", sync >= 70])
        summary.append(
            [
                f"{name} findings in correct programs",
                scores.ok_findings,
                "0",
                not scores.ok_findings,
            ]
        )
        print()
    if args.what in ("all", "fp"):
        per_100k, _ = falsepos.main()
        summary.append(
            [
                "default findings per 100k lines",
                f"{per_100k:.2f}",
                f"<= {FP_TARGET:.0f}",
                per_100k <= FP_TARGET,
            ]
        )
        print()
    if args.what in ("all", "speed"):
        ratio = speed.main(args.repeat)
        summary.append(
            [
                "scan time / parse time",
                f"{ratio:.2f}x",
                f"<= {SPEED_TARGET:.0f}x",
                ratio <= SPEED_TARGET,
            ]
        )
        print()
    print("== Summary ==")
    print(table(["measure", "value", "target", "met"], summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
