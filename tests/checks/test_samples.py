"""Run every check over every package of samples/ and compare with its ``// want`` comments.

In the style of go/analysis's analysistest: a ``// want "re"`` (or ``// want `re` ``)
comment on a line expects a finding that starts on that line and whose ``"<CODE>: <message>"``
the regexp matches; several may share a line. Every finding must be wanted and every want
found. ``x.go.golden`` next to ``x.go`` holds the result of applying every fix in ``x.go``.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import SAMPLES, GoToolchain
from gostuck.analysis.api import analyze_source
from gostuck.analysis.flow.index import package_name
from gostuck.analysis.model import Finding, Options

WANT_RE = re.compile(r"//\s*want\s+(?P<rest>.*)$")
ARG_RE = re.compile(r'"((?:[^"\\]|\\.)*)"|`([^`]*)`')
OPTIONS = Options()  # every check, every confidence: hints must be wanted too


@dataclass
class Want:
    path: Path
    line: int  # 1-based
    pattern: re.Pattern[str]
    met: bool = False


def parse_wants(path: Path, text: str) -> list[Want]:
    """Return the ``// want`` expectations of one file."""
    out: list[Want] = []
    for i, line in enumerate(text.splitlines(), start=1):
        m = WANT_RE.search(line)
        if m is None:
            continue
        rest = m.group("rest")
        args = list(ARG_RE.finditer(rest))
        assert args, f"{path}:{i}: // want needs a quoted regexp"
        for a in args:
            raw = a.group(1) if a.group(1) is not None else a.group(2)
            if a.group(1) is not None:
                raw = bytes(raw, "utf-8").decode("unicode_escape")
            out.append(Want(path, i, re.compile(raw)))
    return out


def package_dirs(root: Path) -> list[Path]:
    """Return every directory under ``root`` with .go files (not testdata or vendor)."""
    dirs = {
        p.parent
        for p in root.rglob("*.go")
        if not {"testdata", "vendor"} & set(p.relative_to(root).parts)
    }
    return sorted(dirs)


def analyze_package(d: Path) -> Iterator[tuple[Path, bytes, list[Finding]]]:
    """Analyse every file of the package in ``d`` with its siblings."""
    files = sorted(d.glob("*.go"))
    texts = {str(f): f.read_bytes() for f in files}
    for f in files:
        src = texts[str(f)]
        name = package_name(src)
        siblings: Mapping[str, bytes] = {p: t for p, t in texts.items() if package_name(t) == name}
        res = analyze_source(str(f), src, package=siblings, options=OPTIONS)
        assert res.errors == (), f"{f}: {[e.message for e in res.errors]}"
        yield f, src, list(res.findings)


def apply_fixes(src: bytes, findings: list[Finding]) -> bytes:
    """Apply every edit of every fix, last first; overlapping edits are a test failure."""
    edits = sorted(
        (e for f in findings for fix in f.fixes for e in fix.edits),
        key=lambda e: (e.span.start_byte, e.span.end_byte),
        reverse=True,
    )
    out = src
    limit = len(src) + 1
    for e in edits:
        assert e.span.end_byte <= limit, "overlapping fix edits"
        out = out[: e.span.start_byte] + e.new_text.encode() + out[e.span.end_byte :]
        limit = e.span.start_byte
    return out


DIRS = package_dirs(SAMPLES)


def test_samples_exist_for_every_check() -> None:
    from gostuck.analysis import registry

    names = {d.name for d in DIRS}
    for c in registry.CHECKS:
        if c.code in registry.META_CODES:
            continue
        assert c.code.lower() in names, f"no samples/{c.code.lower()}/"


@pytest.mark.parametrize("d", DIRS, ids=lambda d: str(d.relative_to(SAMPLES)))
def test_package(d: Path) -> None:
    problems: list[str] = []
    wanted = 0
    for path, src, findings in analyze_package(d):
        wants = parse_wants(path, src.decode("utf-8", "replace"))
        wanted += len(wants)
        for f in findings:
            line = f.span.start_line + 1
            text = f"{f.code}: {f.message}"
            hit = next(
                (w for w in wants if not w.met and w.line == line and w.pattern.search(text)),
                None,
            )
            if hit is None:
                problems.append(f"{path.name}:{line}: unexpected finding: {text}")
            else:
                hit.met = True
        problems.extend(
            f"{path.name}:{w.line}: no finding matches {w.pattern.pattern!r}"
            for w in wants
            if not w.met
        )
        golden = path.with_name(path.name + ".golden")
        if golden.exists():
            fixed = apply_fixes(src, findings)
            if fixed != golden.read_bytes():
                problems.append(f"{path.name}: fixes do not produce {golden.name}")
        elif any(f.fixes for f in findings) and d.name.startswith("gs"):
            problems.append(f"{path.name}: has fixes but no {golden.name}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("d", [d for d in DIRS if d.name.startswith("gs")], ids=lambda d: d.name)
def test_check_samples_have_positives_and_negatives(d: Path) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(d.glob("*.go")))
    assert "// want" in text, f"{d.name}: no positive case"
    assert "// ok:" in text, f"{d.name}: no deliberate negative case (// ok: <why>)"
    code = d.name.upper()
    assert code in text, f"{d.name}: no want names {code}"


def test_want_parser() -> None:
    wants = parse_wants(Path("x.go"), 'a // want "GS1001: x\\"y" `GS2` \n b\n c // want `a`')
    assert [(w.line, w.pattern.pattern) for w in wants] == [
        (1, 'GS1001: x"y'),
        (1, "GS2"),
        (3, "a"),
    ]


def test_apply_fixes_rejects_nothing_when_no_fixes() -> None:
    assert apply_fixes(b"abc", []) == b"abc"


@pytest.mark.go
def test_samples_go_vet_clean(go: GoToolchain) -> None:
    proc = subprocess.run(
        [go.binary, "vet", "./..."],
        cwd=SAMPLES,
        env=dict(go.env),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr + proc.stdout


@pytest.mark.go
def test_samples_and_goldens_gofmt_clean(go: GoToolchain) -> None:
    goroot = subprocess.run(
        [go.binary, "env", "GOROOT"], env=dict(go.env), capture_output=True, text=True, check=True
    ).stdout.strip()
    gofmt = str(Path(goroot, "bin", "gofmt"))
    unformatted = subprocess.run(
        [gofmt, "-l", "."], cwd=SAMPLES, capture_output=True, text=True, check=True
    ).stdout.split()
    goldens = sorted(SAMPLES.rglob("*.go.golden"))
    assert goldens, "samples lost their fix goldens"
    for golden in goldens:
        out = subprocess.run(
            [gofmt, "-l"], input=golden.read_text(), capture_output=True, text=True, check=True
        ).stdout
        if out:
            unformatted.append(str(golden.relative_to(SAMPLES)))
    assert unformatted == [], f"not gofmt-formatted: {unformatted}"
