"""Write ``docs/checks/<CODE>.md`` for every check from its :class:`Doc` data.

``python -m gostuck.checks.docs [DIR]`` writes the files (default ``docs/checks``);
``--check`` only reports which files are missing or stale and exits 1 if any are.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from gostuck.analysis.check import Check
from gostuck.analysis.registry import CHECKS, RUNTIME

DEFAULT_DIR = Path("docs") / "checks"


def render(check: Check) -> str:
    """Return the Markdown page of one check."""
    d = check.doc
    default = "yes" if check.enabled_by_default else "no"
    lines = [
        f"# {check.code}: {d.title}",
        "",
        f"- Name: `{check.name}`",
        f"- Default severity: {check.severity.name.lower()} (high-confidence findings; "
        "lower-confidence ones are hints)",
        f"- Enabled by default: {default}",
        f"- Since: {d.since}",
        "",
        d.text.strip(),
        "",
    ]
    if d.before.strip():
        lines += ["## Before", "", "```go", d.before.rstrip(), "```", ""]
    if d.after.strip():
        lines += ["## After", "", "```go", d.after.rstrip(), "```", ""]
    lines += [
        "## Suppressing",
        "",
        "```go",
        f"//gostuck:ignore {check.code} <why this is not a leak>",
        "```",
        "",
        "on the line above the finding. The reason is required.",
        "",
    ]
    return "\n".join(lines)


def render_index() -> str:
    """Return the index page listing every check."""
    rows = ["# gostuck checks", "", "| Code | Name | Title |", "|---|---|---|"]
    rows += [
        f"| [{c.code}]({c.code}.md) | `{c.name}` | {c.doc.title} |" for c in (*CHECKS, *RUNTIME)
    ]
    return "\n".join(rows) + "\n"


def expected() -> dict[str, str]:
    """Return file name -> content of every generated page."""
    out = {f"{c.code}.md": render(c) for c in (*CHECKS, *RUNTIME)}
    out["README.md"] = render_index()
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Write or check the pages; return the exit status."""
    ap = argparse.ArgumentParser(prog="python -m gostuck.checks.docs")
    ap.add_argument("dir", nargs="?", default=str(DEFAULT_DIR))
    ap.add_argument("--check", action="store_true", help="report stale pages, write nothing")
    args = ap.parse_args(argv)
    root = Path(args.dir)
    stale = [
        name
        for name, text in expected().items()
        if not (root / name).exists() or (root / name).read_text(encoding="utf-8") != text
    ]
    if args.check:
        for name in stale:
            print(f"stale: {root / name}", file=sys.stderr)
        return 1 if stale else 0
    root.mkdir(parents=True, exist_ok=True)
    for name in stale:
        (root / name).write_text(expected()[name], encoding="utf-8")
        print(f"wrote {root / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
