"""``gostuck profile``: ranking, JSON, --base, --list and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gostuck.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
CLOSURES = "samples/leakdemo/closures/main.go"


@pytest.fixture(autouse=True)
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["profile", *args, "--source", "samples", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert isinstance(doc, dict)
    return doc


def test_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    doc = run_json(capsys, str(FIXTURES / "closures.goroutineleak.debug2.txt"))
    assert set(doc) == {"version", "formats", "total", "sites", "unplaced", "warnings"}
    assert doc["unplaced"] == 0
    assert doc["version"] == 1
    assert doc["formats"] == ["goroutineleak debug=2"]
    assert doc["total"] == 17
    sites = doc["sites"]
    assert isinstance(sites, list)
    assert [(s["file"], s["line"], s["count"]) for s in sites] == [
        (CLOSURES, 16, 7),
        (CLOSURES, 51, 4),
        (CLOSURES, 32, 3),
        (CLOSURES, 43, 2),
        ("samples/leakdemo/dump/dump.go", 72, 1),
    ]
    assert sites[2] == {
        "file": CLOSURES,
        "line": 32,
        "profile_file": "/work/main/samples/leakdemo/closures/main.go",
        "profile_line": 32,
        "function": "main.fanOut.func2.1",
        "count": 3,
        "leaked": 3,
        "wait_reasons": {"chan receive": 3},
        "max_minutes": 0,
        "go_statements": [
            {"file": CLOSURES, "line": 31, "profile_line": 31, "count": 3, "source": "profile"}
        ],
        "resolved": True,
    }


def test_unresolved_sites_keep_profile_paths(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = str(FIXTURES / "closures-trimpath.goroutine.debug2.txt")
    assert main(["profile", path, "--source", str(tmp_path), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    first = doc["sites"][0]
    assert first["file"] == "gostuck.dev/samples/leakdemo/closures/main.go"
    assert first["resolved"] is False
    assert first["line"] is None
    assert first["profile_line"] == 16
    assert first["go_statements"][0]["file"] == first["file"]


def moved_copy(tmp_path: Path, above: int, inside: int) -> Path:
    """Copy leakdemo/closures with lines added above fetch and inside it, above the `go`."""
    (tmp_path / "go.mod").write_text("module gostuck.dev/samples\n")
    folder = tmp_path / "leakdemo" / "closures"
    folder.mkdir(parents=True)
    lines = (ROOT / CLOSURES).read_text().splitlines(keepends=True)
    fetch = next(i for i, line in enumerate(lines) if line.startswith("func fetch"))
    lines[fetch + 1 : fetch + 1] = ["\t// inside\n"] * inside
    lines[fetch:fetch] = ["// above\n"] * above
    (folder / "main.go").write_text("".join(lines))
    return tmp_path


@pytest.mark.parametrize(
    "fixture", ["closures.goroutineleak.pb.gz", "closures-trimpath.goroutine.debug2.txt"]
)
def test_moved_source_places_by_function(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fixture: str
) -> None:
    # fetch.func1's send was at 16 (go at 15); 2 lines above fetch and 3 inside move
    # both by 5, onto lines that now hold other code.
    source = moved_copy(tmp_path, above=2, inside=3)
    path = str(FIXTURES / fixture)
    assert main(["profile", path, "--source", str(source), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    fetch = next(s for s in doc["sites"] if s["function"] == "main.fetch.func1")
    assert (fetch["line"], fetch["profile_line"], fetch["resolved"]) == (21, 16, True)
    assert [g["line"] for g in fetch["go_statements"]] == [20]
    consume = next(s for s in doc["sites"] if s["function"] == "main.consume.func1")
    assert consume["line"] == 56  # below fetch: moved by all 5
    assert doc["unplaced"] == 0


def test_moved_source_unplaced_is_counted(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = moved_copy(tmp_path, above=0, inside=0)
    main_go = source / "leakdemo" / "closures" / "main.go"
    # A second send in fetch.func1, and the first moved: nothing says which one it was.
    text = main_go.read_text().replace(
        "\t\tch <- 42\n", "\t\t// moved\n\t\tch <- 41\n\t\tch <- 42\n"
    )
    main_go.write_text(text)
    path = str(FIXTURES / "closures-trimpath.goroutine.debug2.txt")
    assert main(["profile", path, "--source", str(source), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    fetch = next(s for s in doc["sites"] if s["function"] == "main.fetch.func1")
    assert (fetch["line"], fetch["resolved"]) == (None, False)
    assert doc["unplaced"] == 1
    assert main(["profile", path, "--source", str(source)]) == 0
    out = capsys.readouterr().out
    assert "source changed since the profile: 1 site not shown" in out
    assert "main.go:? (line 16 in the profile)" in out


def test_merge_and_base(capsys: pytest.CaptureFixture[str]) -> None:
    one = str(FIXTURES / "closures.goroutineleak.pb.gz")
    doc = run_json(capsys, one, one, "--base", one)
    assert doc["total"] == 32
    assert doc["base"] == {"formats": ["goroutineleak debug=0"], "total": 16}
    sites = doc["sites"]
    assert isinstance(sites, list)
    assert [(s["line"], s["count"], s["growth"]) for s in sites] == [
        (16, 14, 7),
        (51, 8, 4),
        (32, 6, 3),
        (43, 4, 2),
    ]


def test_minutes_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    doc = run_json(capsys, str(FIXTURES / "minutes.debug2.txt"))
    sites = doc["sites"]
    assert isinstance(sites, list)
    fetch = sites[0]
    assert (fetch["file"], fetch["max_minutes"], fetch["leaked"]) == (CLOSURES, 37, 1)
    # The shape is the issue's, exactly: labels are for hovers, not for the JSON.
    assert "labels" not in fetch


def test_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profile", str(FIXTURES / "closures.goroutineleak.pb.gz"), "--source", "."]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("16 goroutines, 16 leaked at 4 sites (goroutineleak debug=0: ")
    assert out[1] == f"        7  {CLOSURES}:16  main.fetch.func1"
    assert out[2] == "           chan send 7 (7 leaked)"
    assert out[3] == f"           started by go at {CLOSURES}:15 (7, static)"


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(FIXTURES / "closures.goroutine.pb.gz")
    assert main(["profile", path, "--source", "samples", "--list", "fetch"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"ROUTINE ======================== main.fetch in {CLOSURES}"
    assert out[1].split() == ["blocked", "started", "line", "source"]
    go_line = next(line for line in out if line.split()[2:3] == ["15"])
    assert go_line.split()[:2] == [".", "7"]
    assert go_line.endswith("<- started 7")
    send = next(line for line in out if line.split()[2:3] == ["16"])
    assert send.split()[:2] == ["7", "."]
    assert send.endswith("<- 7 blocked on chan send")
    assert not any("ROUTINE" in line and "consume" in line for line in out)


def test_list_without_match(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(FIXTURES / "closures.goroutine.pb.gz")
    assert main(["profile", path, "--source", "samples", "--list", "nosuchfunc"]) == 0
    assert "no function matching 'nosuchfunc'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/nonexistent/profile.pb.gz"], "gostuck profile: cannot open /nonexistent/profile.pb.gz"),
        ([str(FIXTURES / "README.md")], "is not a goroutine profile: expected a gzipped pprof"),
        ([str(FIXTURES / "labels.pb.gz"), "--list", "("], "--list '(' is not a valid regexp"),
        ([str(FIXTURES / "labels.pb.gz"), "--source", "/nonexistent"], "is not a directory"),
        (["ftp://example.com/x"], "only http and https URLs can be fetched"),
        (
            [str(FIXTURES / "labels.pb.gz"), "--base", str(FIXTURES / "make-fixtures.sh")],
            "make-fixtures.sh is not a goroutine profile",
        ),
    ],
)
def test_bad_input_exits_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["profile", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err


def test_warnings_go_to_stderr(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    cut = tmp_path / "cut.txt"
    cut.write_bytes((FIXTURES / "closures.goroutineleak.debug2.txt").read_bytes()[:1500])
    assert main(["profile", str(cut), "--source", "samples"]) == 0
    captured = capsys.readouterr()
    assert "warning: " in captured.err
    assert "was cut" in captured.err
    assert "goroutines" in captured.out


def test_base_from_another_build_machine(capsys: pytest.CaptureFixture[str]) -> None:
    # minutes.debug2.txt names files under /build/app/, the current profile under this
    # checkout: the sites still pair up through the workspace.
    doc = run_json(
        capsys,
        str(FIXTURES / "closures.goroutineleak.debug2.txt"),
        "--base",
        str(FIXTURES / "minutes.debug2.txt"),
    )
    sites = doc["sites"]
    assert isinstance(sites, list)
    growth = {(s["function"], s["line"]): (s["count"], s["growth"]) for s in sites}
    assert growth[("main.fetch.func1", 16)] == (7, 5)
    assert growth[("main.consume.func1", 51)] == (4, 3)
    assert growth[("main.fanOut.func2.1", 32)] == (3, 3)
    # Running, not waiting: nothing on its line says the source is the profiled one.
    assert growth[("main.main", None)] == (0, -1)


def test_text_with_base(capsys: pytest.CaptureFixture[str]) -> None:
    current = str(FIXTURES / "closures.goroutineleak.debug2.txt")
    base = str(FIXTURES / "minutes.debug2.txt")
    assert main(["profile", current, "--base", base, "--source", "samples"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == f"growth since 4 goroutines ({base})"
    assert out[2] == f"       +5        7  {CLOSURES}:16  main.fetch.func1"
    assert out[3] == "                    chan send 7 (7 leaked)"


def test_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    data = (FIXTURES / "closures.goroutineleak.pb.gz").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    doc = run_json(capsys, "-")
    assert doc["total"] == 16
