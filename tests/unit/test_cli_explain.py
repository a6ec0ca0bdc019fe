"""``gostuck explain``: one check's docs, the list of all checks, unknown codes."""

from __future__ import annotations

import pytest
from gostuck.analysis import registry
from gostuck.cli import main


def test_explain_prints_the_docs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "GS1001"]) == 0
    out = capsys.readouterr().out
    check = registry.BY_CODE["GS1001"]
    assert out.startswith(f"GS1001 {check.name}: {check.doc.title}\n")
    assert "Before:\n" in out
    assert "After:\n" in out
    for line in check.doc.before.splitlines() + check.doc.after.splitlines():
        if line.strip():
            assert "    " + line in out
    assert "Severity: warning, on by default" in out
    assert f"Since:    {check.doc.since}" in out
    assert f"Docs:     {check.url}" in out


def test_explain_accepts_lowercase_codes_and_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "gs3001"]) == 0
    by_code = capsys.readouterr().out
    assert main(["explain", registry.BY_CODE["GS3001"].name]) == 0
    assert capsys.readouterr().out == by_code


def test_explain_lists_every_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain"]) == 0
    lines = capsys.readouterr().out.splitlines()
    codes = sorted(c.code for c in registry.CHECKS) + [c.code for c in registry.RUNTIME]
    assert [line.split()[0] for line in lines] == codes
    for line in lines:
        code = line.split()[0]
        check = registry.BY_CODE.get(code) or registry.RUNTIME_BY_CODE[code]
        assert check.name in line
        assert check.doc.title in line


def test_unknown_code_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "GS9999"]) == 2
    cap = capsys.readouterr()
    assert cap.out == ""
    assert "unknown check 'GS9999'" in cap.err


def test_explain_knows_the_runtime_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "GS9004"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("GS9004 test-leaked-goroutines: ")
    assert "goroutineleak" in out
    assert main(["explain", "test-leaked-goroutines"]) == 0
    assert capsys.readouterr().out == out
