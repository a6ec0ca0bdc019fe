"""Run the real language server over stdio with a scripted analysis in place of the checks.

The plumbing tests (versions, debouncing, crashes, cross-file re-analysis) need an analysis
whose timing and failures the test controls. Each line with ``go leak(`` is a GS1001 finding
on its ``go`` keyword; the markers below change how the analysis behaves:

- ``// gate: PATH``  blocks the analysis until the file PATH exists;
- ``// crash``       raises inside the analysis;
- ``leak(`` defined in a sibling file makes the finding's related place point there.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from gostuck.analysis.model import (
    Confidence,
    Finding,
    Options,
    Related,
    Result,
    Role,
    Severity,
    Span,
)
from gostuck.cli import main
from gostuck.lsp import server
from gostuck.lsp.documents import parse
from tree_sitter import Tree

GATE = re.compile(rb"// gate: (\S+)")


def analyze(
    path: str,
    source: bytes,
    *,
    package: Mapping[str, bytes] | None = None,
    tree: Tree | None = None,
    options: Options | None = None,
) -> Result:
    """Report every ``go leak(`` line; obey the gate and crash markers."""
    # The server passes its incrementally reparsed tree for whole-file runs: it must match.
    if tree is not None:
        fresh = str(parse(source).root_node)
        assert str(tree.root_node) == fresh, "the incremental tree differs from a fresh parse"
    gate = GATE.search(source)
    if gate is not None:
        while not Path(gate.group(1).decode()).exists():
            time.sleep(0.01)
    if b"// crash" in source:
        raise RuntimeError("scripted crash")
    blocker: Span | None = None
    for other, text in (package or {}).items():
        at = 0
        for n, line in enumerate(text.split(b"\n")):
            if b"<-" in line and b"func leak(" in text:
                col = max(line.index(b"<-") - 3 if line.lstrip().startswith(b"ch") else 0, 0)
                blocker = Span(other, n, col, n, len(line), at + col, at + len(line))
                break
            at += len(line) + 1
    findings = []
    offset = 0
    for n, line in enumerate(source.split(b"\n")):
        col = line.find(b"go leak(")
        start, offset = offset, offset + len(line) + 1
        if col >= 0:
            related = (Related(Role.BLOCK, blocker, "blocks here"),) if blocker else ()
            findings.append(
                Finding(
                    code="GS1001",
                    name="scripted",
                    message="goroutine leaks",
                    span=Span(path, n, col, n, col + 2, start + col, start + col + 2),
                    severity=Severity.WARNING,
                    confidence=Confidence.HIGH,
                    related=related,
                )
            )
    return Result(path, tuple(findings))


if __name__ == "__main__":
    vars(server)["analyze_source"] = analyze  # the server looks it up at call time
    sys.exit(main(sys.argv[1:]))
