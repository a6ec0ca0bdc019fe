"""``gostuck profile``: placeholder until its issue lands."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    """Add the ``profile`` subcommand."""
    p: argparse.ArgumentParser = sub.add_parser("profile", help="(not built yet)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Say the command is not built yet."""
    print("gostuck profile: not built yet", file=sys.stderr)
    return 2
