"""The ``gostuck`` command line: ``check``, ``explain``, ``profile`` and ``lsp``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from gostuck import __version__
from gostuck.cli import check, explain, lsp, profile


def build_parser() -> argparse.ArgumentParser:
    """Return the parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="gostuck", description="Find goroutines that can never exit."
    )
    parser.add_argument("--version", action="version", version=f"gostuck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (check, explain, profile, lsp):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; the return value is the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    run = getattr(args, "run", None)
    if run is None:
        parser.print_help(sys.stderr)
        return 2
    code: int = run(args)
    return code
