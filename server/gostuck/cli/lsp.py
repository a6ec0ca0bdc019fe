"""``gostuck lsp``: placeholder until its issue lands."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    """Add the ``lsp`` subcommand."""
    p: argparse.ArgumentParser = sub.add_parser("lsp", help="(not built yet)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Say the command is not built yet."""
    print("gostuck lsp: not built yet", file=sys.stderr)
    return 2
