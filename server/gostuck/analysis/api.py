"""The one door into the analysis, used by the CLI, the language server and the benchmarks."""

from __future__ import annotations

from collections.abc import Mapping

from tree_sitter import Tree

from gostuck.analysis.model import Options, Result


def analyze_source(
    path: str,
    source: bytes,
    *,
    package: Mapping[str, bytes] | None = None,
    tree: Tree | None = None,
    options: Options | None = None,
) -> Result:
    """Run every selected check on one Go file and return its findings.

    ``package`` maps the paths of the other ``.go`` files of the same directory (same
    package) to their current text, so calls and methods resolve across files; the caller
    decides which text wins (open buffers over disk). ``tree``, when given, is an up-to-date
    parse of ``source`` (the language server reparses incrementally). A crash in one check is
    caught and reported in ``Result.errors``; the other checks' findings are still returned.
    """
    raise NotImplementedError("the analysis core is being built (issue 2)")
