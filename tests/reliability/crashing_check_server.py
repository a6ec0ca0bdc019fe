"""Run ``gostuck lsp`` with one real check broken: GS3001's run raises.

Used by test_isolation.py to show that a crash in one check is caught, logged with the file
and the check's code, and that the other checks' findings are still published.
"""

from __future__ import annotations

import dataclasses
import sys

from gostuck.analysis import registry
from gostuck.analysis.check import Pass
from gostuck.cli import main

BROKEN = "GS3001"


def explode(p: Pass) -> None:
    """Fail the way a check with a bug would."""
    raise IndexError(f"check bug while analysing {p.path}")


def break_check() -> None:
    """Replace the broken check's run function in the registry."""
    broken = dataclasses.replace(registry.BY_CODE[BROKEN], run=explode)
    registry.CHECKS = tuple(broken if c.code == BROKEN else c for c in registry.CHECKS)  # type: ignore[misc]
    registry.BY_CODE[BROKEN] = broken


if __name__ == "__main__":
    break_check()
    sys.exit(main(sys.argv[1:]))
