"""gostuck names function literals exactly as the Go compiler does.

testdata/closurenames runs literals of every shape (nested, in methods of generic types,
package level, in `func init`, in bodies of ranges over functions) and prints the name and
line the runtime reports for each; every one must be in gostuck's numbering at that line.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import GoToolchain
from gostuck.overlay import GoFile

pytestmark = pytest.mark.go

PROGRAM = Path(__file__).resolve().parent / "testdata" / "closurenames"


def test_literal_names_match_the_compiler(go: GoToolchain) -> None:
    done = subprocess.run(
        [go.binary, "run", "."],
        cwd=PROGRAM,
        env=go.env,
        capture_output=True,
        text=True,
        check=True,
    )
    printed = {tuple(line.split()) for line in done.stdout.splitlines()}
    assert len(printed) >= 25  # every shape ran
    gofile = GoFile((PROGRAM / "main.go").read_bytes())
    ours = {f"main.{name}": info.start_line + 1 for name, info in gofile.funcs.items()}
    mismatches = [(name, line, ours.get(name)) for name, line in sorted(printed)]
    assert [m for m in mismatches if m[2] != int(m[1])] == []
    assert ("main.Ranger-range1.func1", "37") in printed
    assert ("main.init.func2.func2.1", "26") in printed
