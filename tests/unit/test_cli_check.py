"""``gostuck check``: which files it picks, exit codes, the text and JSON formats."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gostuck.analysis.model import Confidence, Options
from gostuck.cli import main
from gostuck.cli.check import (
    Progress,
    WalkOptions,
    collect_files,
    group_by_directory,
    package_name,
    scan,
)

# GS1001: the parent can return on ctx.Done() without receiving the goroutine's send.
LEAK = (Path(__file__).parent.parent / "fixtures" / "fetch-leak.go.txt").read_text()

# The same shape with a buffered channel: the send always completes.
CLEAN = LEAK.replace("make(chan int)", "make(chan int, 1)").replace("fetch(", "fetchOK(")


@pytest.fixture
def in_tmp(tmp_path: Path) -> Iterator[Path]:
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["check", "--format", "json", *args])
    out = capsys.readouterr().out
    doc: dict[str, Any] = json.loads(out)
    return code, doc


def test_walk_skips_vendor_testdata_hidden_underscore_and_tests(in_tmp: Path) -> None:
    for rel in (
        "a/a.go",
        "a/a_test.go",
        "a/vendor/v/v.go",
        "a/testdata/t.go",
        "a/.hidden/h.go",
        "a/_old/o.go",
        "a/_skip.go",
        "a/notes.txt",
        "b/sub/b.go",
    ):
        write(in_tmp, rel, "package x\n")
    found = collect_files(["./..."], WalkOptions())
    assert found.files == ["a/a.go", "b/sub/b.go"]
    assert not found.errors
    found = collect_files(["."], WalkOptions(include_tests=True, include_testdata=True))
    assert found.files == ["a/a.go", "a/a_test.go", "a/testdata/t.go", "b/sub/b.go"]


def test_named_paths_are_checked_even_where_a_walk_would_skip(in_tmp: Path) -> None:
    write(in_tmp, "a/testdata/t.go", "package x\n")
    write(in_tmp, "a/a_test.go", "package x\n")
    found = collect_files(["a/testdata", "a/a_test.go", "a/testdata/t.go"], WalkOptions())
    assert found.files == ["a/testdata/t.go", "a/a_test.go"]


def test_missing_and_non_go_paths_are_errors(in_tmp: Path) -> None:
    write(in_tmp, "notes.txt", "hi")
    found = collect_files(["nope", "notes.txt"], WalkOptions())
    assert found.files == []
    assert [(e.file, e.message) for e in found.errors] == [
        ("nope", "no such file or directory"),
        ("notes.txt", "not a Go file or directory"),
    ]


def test_groups_pass_same_package_siblings(in_tmp: Path) -> None:
    write(in_tmp, "p/a.go", "// Package p.\npackage p\n")
    write(in_tmp, "p/b.go", "package p\n")
    write(in_tmp, "p/b_test.go", "package p_test\n")
    groups = group_by_directory(["p/a.go"], WalkOptions())
    assert [(g.targets, g.context) for g in groups] == [(("p/a.go",), ("p/a.go", "p/b.go"))]
    assert package_name(b"// Package p.\npackage p\n") == "p"
    assert package_name(b"/* x */\npackage  main // c\n") == "main"
    assert package_name(b"no clause") == ""


def test_exit_codes_clean_findings_and_errors(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp, "clean/c.go", CLEAN)
    write(in_tmp, "leak/l.go", LEAK)
    assert main(["check", "clean"]) == 0
    assert main(["check", "leak"]) == 1
    assert main(["check", "./..."]) == 1
    capsys.readouterr()
    assert main(["check", "missing/..."]) == 2
    err = capsys.readouterr().err
    assert "gostuck check: missing/...: no such file or directory" in err


def test_usage_errors_exit_2(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(in_tmp, "leak/l.go", LEAK)
    assert main(["check", "--select", "GS9999", "leak"]) == 2
    assert "unknown check code: GS9999" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["check", "--select", "GS1001;rm", "leak"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["check", "--min-confidence", "certain", "leak"])
    assert exc.value.code == 2


def test_text_format_is_like_go_vet(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(in_tmp, "leak/l.go", LEAK)
    assert main(["check", "leak"]) == 1
    cap = capsys.readouterr()
    lines = cap.out.splitlines()
    assert lines[0].startswith("leak/l.go:9:2: GS1001 ")
    assert all(line.startswith("\tleak/l.go:") for line in lines[1:])
    assert any("blocks here" in line for line in lines[1:])
    assert cap.err.splitlines()[-1].startswith("1 finding in 1 file (16 lines, ")


def test_json_shape(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(in_tmp, "leak/l.go", LEAK)
    write(in_tmp, "leak/ok.go", CLEAN)
    code, doc = run_json(capsys, "./...")
    assert code == 1
    assert set(doc) == {"version", "findings", "errors", "stats"}
    assert doc["version"] == 1
    assert doc["errors"] == []
    assert doc["stats"]["files"] == 2
    assert doc["stats"]["lines"] == 32
    assert isinstance(doc["stats"]["seconds"], float)
    [f] = doc["findings"]
    assert set(f) == {
        "code", "name", "severity", "confidence", "message", "file", "line", "column",
        "end_line", "end_column", "related", "fixes",
    }  # fmt: skip
    assert (f["code"], f["file"], f["line"], f["column"]) == ("GS1001", "leak/l.go", 9, 2)
    assert f["severity"] == "warning"
    assert f["confidence"] in ("medium", "high")
    roles = {r["role"]: r for r in f["related"]}
    assert set(roles) <= {"block", "path", "channel", "other"}
    assert (roles["block"]["line"], roles["block"]["column"]) == (9, 14)
    assert roles["path"]["line"] == 14
    assert all(set(r) == {"role", "file", "line", "column", "message"} for r in f["related"])
    for fix in f["fixes"]:
        assert fix["title"]
        for edit in fix["edits"]:
            assert set(edit) == {"file", "line", "column", "end_line", "end_column", "new_text"}


def test_json_columns_are_one_based_bytes(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A comment in Chinese before the `go` statement on the same line shifts bytes, not lines.
    text = LEAK.replace("\tgo func()", "\t/* 你好 */ go func()")
    write(in_tmp, "u/u.go", text)
    _, doc = run_json(capsys, "u")
    [f] = doc["findings"]
    assert f["column"] == 2 + len("/* 你好 */ ".encode())


def test_non_utf8_file_is_checked(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = in_tmp / "latin" / "l.go"
    path.parent.mkdir()
    path.write_bytes(LEAK.encode().replace(b"package a\n", b"package a\n\n// caf\xe9\n"))
    code, doc = run_json(capsys, "latin")
    assert code == 1
    assert doc["errors"] == []
    assert [f["line"] for f in doc["findings"]] == [11]


def test_select_ignore_and_min_confidence(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(in_tmp, "leak/l.go", LEAK)
    code, doc = run_json(capsys, "leak")
    assert code == 1
    assert doc["findings"][0]["confidence"] == "high"
    assert run_json(capsys, "--select", "GS1", "leak")[0] == 1
    assert run_json(capsys, "--select", "gs1001", "leak")[0] == 1
    assert run_json(capsys, "--select", "send-after-receiver-gone", "leak")[0] == 1
    code, doc = run_json(capsys, "--ignore", "GS1001", "leak")
    assert (code, doc["findings"]) == (0, [])
    code, doc = run_json(capsys, "--select", "GS1", "--ignore", "GS10", "leak")
    assert (code, doc["findings"]) == (0, [])
    assert run_json(capsys, "--min-confidence", "high", "leak")[0] == 1


def test_keep_filters_by_confidence_and_codes() -> None:
    from gostuck.analysis.model import Finding, Severity, Span
    from gostuck.cli.check import keep

    f = Finding(
        "GS1002", "double-send", "m", Span("a.go", 0, 0, 0, 1), Severity.WARNING, Confidence.MEDIUM
    )
    assert keep(f, Options(min_confidence=Confidence.MEDIUM))
    assert not keep(f, Options(min_confidence=Confidence.HIGH))
    assert keep(f, Options(select=frozenset({"GS1"})))
    assert keep(f, Options(select=frozenset({"double-send"})))
    assert not keep(f, Options(select=frozenset({"GS3"})))
    assert not keep(f, Options(ignore=frozenset({"GS100"})))


def test_unreadable_file_is_an_io_error(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(in_tmp, "p/ok.go", CLEAN)
    (in_tmp / "p" / "gone.go").symlink_to(in_tmp / "p" / "missing.go")
    code, doc = run_json(capsys, "p")
    assert code == 2
    assert [(e["file"], e["message"]) for e in doc["errors"]] == [
        ("p/gone.go", "cannot read: No such file or directory")
    ]
    assert doc["stats"]["files"] == 2


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_and_after_the_delay() -> None:
    term = FakeTerminal()
    bar = Progress(10, term, delay=0.0)
    bar.update(5)
    bar.close()
    assert "[###############---------------] 5/10 files" in term.getvalue()
    assert term.getvalue().endswith("\r\033[K")

    quiet = FakeTerminal()
    slow = Progress(10, quiet, delay=60.0)
    slow.update(5)
    slow.close()
    assert quiet.getvalue() == ""

    pipe = io.StringIO()
    piped = Progress(10, pipe, delay=0.0)
    piped.update(5)
    piped.close()
    assert pipe.getvalue() == ""


def test_worker_processes_find_the_same(in_tmp: Path) -> None:
    for i in range(6):
        write(in_tmp, f"p{i}/leak.go", LEAK)
        write(in_tmp, f"p{i}/ok.go", CLEAN)
    files = collect_files(["."], WalkOptions()).files
    options = Options(min_confidence=Confidence.MEDIUM)
    one = scan(files, options, WalkOptions(), jobs=1)
    two = scan(files, options, WalkOptions(), jobs=2)
    assert len(one.findings) == 6
    assert one.findings == two.findings
    assert (one.files, one.lines) == (two.files, two.lines) == (12, 192)


def test_a_closed_pipe_ends_the_output_quietly(in_tmp: Path) -> None:
    for i in range(200):
        write(in_tmp, f"p{i:03}/leak.go", LEAK)
    proc = subprocess.Popen(
        [sys.executable, "-m", "gostuck", "check", "--format", "json", "."],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(1) == b"{"
    proc.stdout.close()  # like `| head -1`: the reader goes away early
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert "Traceback" not in err
    assert "BrokenPipeError" not in err
