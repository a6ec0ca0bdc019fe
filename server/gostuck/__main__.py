"""Entry point for ``python -m gostuck``."""

from __future__ import annotations

import sys

from gostuck.cli import main

if __name__ == "__main__":
    sys.exit(main())
