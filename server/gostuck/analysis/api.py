"""The one door into the analysis, used by the CLI, the language server and the benchmarks."""

from __future__ import annotations

from collections.abc import Mapping

from tree_sitter import Tree

from gostuck.analysis import registry, suppress
from gostuck.analysis.check import Pass
from gostuck.analysis.context import FileFacts
from gostuck.analysis.flow import facts
from gostuck.analysis.flow.index import cached_tree
from gostuck.analysis.model import AnalysisError, Finding, Options, Result
from gostuck.analysis.partner import blocked


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
    opts = options or Options()
    if not opts.include_tests and path.endswith("_test.go"):
        return Result(path, ())
    checks = registry.selected(opts)
    # Every check starts from the file's go statements: a file whose text has none where a
    # statement can start is not even parsed (most files of a scan), only its directives
    # are read.
    if tree is None and facts.may_hold_go(source):
        tree = cached_tree(source)
    ctx = FileFacts(path, source, tree, package) if tree is not None else None
    findings: list[Finding] = []
    errors: list[AnalysisError] = []
    ran: set[str] = set()
    for check in checks:
        ran.add(check.code)
        if check.code in registry.META_CODES or ctx is None or not ctx.go_statements:
            continue
        assert tree is not None
        # Its own findings (run once: what follows from every check reads them too), then
        # what follows from them all; a crash in either keeps what came before it.
        for step in ("run", "follow"):
            p = Pass(check, path, source, tree, ctx)
            try:
                if step == "run":
                    p.findings.extend(blocked.check_findings(check, ctx))
                elif check.follow is not None:
                    check.follow(p)
            except Exception as exc:  # a broken check must not take the others down
                errors.append(
                    AnalysisError(
                        path,
                        f"{path}: check {check.code} ({check.name}) crashed: "
                        f"{type(exc).__name__}: {exc}",
                        check.code,
                    )
                )
                break
            findings.extend(p.findings)
    directives = suppress.find_directives(path, source)
    if directives:
        findings = suppress.apply(findings, directives, ran=frozenset(ran))
        findings = [
            f
            for f in findings
            if f.code not in registry.META_CODES or registry.is_selected(f.code, opts)
        ]
    findings = [f for f in findings if f.confidence >= opts.min_confidence]
    findings.sort(key=lambda f: (f.span.start_line, f.span.start_col, f.code, f.message))
    return Result(path, tuple(findings), tuple(errors))
