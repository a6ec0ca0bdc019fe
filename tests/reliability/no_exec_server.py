"""Run ``gostuck lsp`` with every way to start a process replaced by a tripwire.

A call to ``subprocess``, ``os.system``, ``os.exec*``, ``os.spawn*``, ``os.posix_spawn*`` or
``os.fork`` appends what was attempted to the file named by ``GOSTUCK_EXEC_MARKER`` and
raises. test_url_loading.py drives a whole session through it and checks the file stays
empty: the server never runs a tool from the workspace (``allowToolExecution`` is off).
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any, NoReturn

from gostuck.cli import main

MARKER = os.environ["GOSTUCK_EXEC_MARKER"]


def tripwire(name: str) -> Any:
    """Return a stand-in for ``name`` that records the attempt and refuses it."""

    def refuse(*args: object, **kwargs: object) -> NoReturn:
        with open(MARKER, "a", encoding="utf-8") as f:
            f.write(f"{name}{args!r}\n")
        raise PermissionError(f"gostuck tried to run a process: {name}")

    return refuse


def arm() -> None:
    """Replace every process-starting function with a tripwire."""
    subprocess.Popen = tripwire("subprocess.Popen")  # type: ignore[misc]
    for name in dir(os):
        if name in ("system", "fork", "forkpty", "popen") or name.startswith(
            ("exec", "spawn", "posix_spawn")
        ):
            setattr(os, name, tripwire(f"os.{name}"))


if __name__ == "__main__":
    arm()
    sys.exit(main(sys.argv[1:]))
