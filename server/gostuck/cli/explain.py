"""``gostuck explain``: print a check's documentation, or list every check.

gostuck explain            one line per check: code, name, default severity, title
gostuck explain GS1001     the check's docs: title, text, before/after, since, severity
gostuck explain send-after-receiver-gone     (names work too)
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from typing import Any, TextIO

from gostuck.cli import rules
from gostuck.cli.output import RuleInfo, severity_name


def register(sub: Any) -> None:
    """Add the ``explain`` subcommand."""
    p: argparse.ArgumentParser = sub.add_parser(
        "explain",
        help="show what a check finds and how to fix it",
        description="Show a check's documentation; without a code, list every check.",
    )
    p.add_argument("code", nargs="?", help="a check code (GS1001) or name")
    p.set_defaults(run=run)


def _indent(code: str) -> str:
    return textwrap.indent(code.rstrip("\n"), "    ") if code.strip() else "    (none)"


def write_doc(rule: RuleInfo, out: TextIO) -> None:
    """Write one check's documentation."""
    default = "on by default" if rule.enabled_by_default else "off by default (--select it)"
    out.write(f"{rule.code} {rule.name}: {rule.title}\n\n")
    for para in rule.text.split("\n\n"):
        out.write(textwrap.fill(" ".join(para.split()), width=88) + "\n\n")
    out.write(f"Before:\n\n{_indent(rule.before)}\n\n")
    out.write(f"After:\n\n{_indent(rule.after)}\n\n")
    out.write(f"Severity: {severity_name(rule.severity)}, {default}\n")
    out.write(f"Since:    {rule.since}\n")
    out.write(f"Docs:     {rule.help_uri}\n")


def write_list(catalogue: tuple[RuleInfo, ...], out: TextIO) -> None:
    """Write one line per check."""
    width = max((len(r.name) for r in catalogue), default=0)
    for rule in catalogue:
        flag = "" if rule.enabled_by_default else " (off by default)"
        out.write(
            f"{rule.code}  {rule.name:<{width}}  {severity_name(rule.severity):<7}  "
            f"{rule.title}{flag}\n"
        )


def run(args: argparse.Namespace) -> int:
    """Run ``gostuck explain``; return the exit status."""
    if not args.code:
        write_list(rules.load_rules() + rules.runtime_rules(), sys.stdout)
        return 0
    rule = rules.find(args.code)
    if rule is None:
        print(
            f"gostuck explain: unknown check {args.code!r}; `gostuck explain` lists them all",
            file=sys.stderr,
        )
        return 2
    write_doc(rule, sys.stdout)
    return 0
