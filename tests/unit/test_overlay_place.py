"""Profile paths onto workspace files; sites onto `go` statements."""

from __future__ import annotations

from pathlib import Path

import pytest
from gostuck.overlay import Workspace, find_go_statements, overlay, with_overrides
from gostuck.profile import Frame, load, read_bytes, sites

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
FIXTURES = ROOT / "tests" / "fixtures"
CLOSURES = SAMPLES / "leakdemo" / "closures" / "main.go"


@pytest.fixture(scope="module")
def samples() -> Workspace:
    return Workspace(SAMPLES)


def test_modules(samples: Workspace) -> None:
    assert samples.modules["gostuck.dev/samples"] == SAMPLES


@pytest.mark.parametrize(
    "path",
    [
        "gostuck.dev/samples/leakdemo/closures/main.go",  # -trimpath
        "/build/machine/src/samples/leakdemo/closures/main.go",  # another machine
        "/elsewhere/leakdemo/closures/main.go",
        str(CLOSURES),  # this machine
    ],
)
def test_resolve(samples: Workspace, path: str) -> None:
    assert samples.resolve(path) == CLOSURES


@pytest.mark.parametrize(
    "path",
    [
        "/usr/local/go/src/runtime/proc.go",
        "/build/other/main.go",  # many main.go files: the suffix is too short
        "/x/closures/notthere.go",
        "",
    ],
)
def test_resolve_refuses(samples: Workspace, path: str) -> None:
    assert samples.resolve(path) is None


def test_is_user_knows_workspace_modules(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module myapp\n\ngo 1.27\n")
    ws = Workspace(tmp_path)
    assert ws.is_user("myapp/worker.Run")
    assert not ws.is_user("net/http.(*conn).serve")
    assert ws.is_user("main.main")


def test_static_go_statements_for_every_entry_shape(samples: Workspace) -> None:
    def go_lines(function: str, file: str, line: int) -> list[int]:
        found = find_go_statements(samples, Frame(function, file, line))
        return sorted(stmt.line + 1 for _, stmt in found)

    closures = "/build/samples/leakdemo/closures/main.go"
    assert go_lines("main.fetch.func1", closures, 16) == [15]
    assert go_lines("main.fanOut.func2.1", closures, 32) == [31]
    assert go_lines("main.idle.func1", closures, 43) == [42]
    methods = "gostuck.dev/samples/leakdemo/methods/main.go"
    assert go_lines("main.(*Pool).Run.func1", methods, 20) == [19]
    assert go_lines("main.(*Server).loop", methods, 30) == [38]
    generics = "/b/samples/leakdemo/generics/main.go"
    assert go_lines("main.Recv[...]", generics, 14) == [19]
    assert go_lines("main.(*Box[...]).Publish.func1", generics, 29) == [28]
    crash = "/b/samples/leakdemo/crash/main.go"
    assert go_lines("main.worker", crash, 18) == [28]
    assert go_lines("main.start.gowrap1", crash, 28) == [28]
    assert go_lines("main.nosuch.func1", "/b/unknown/x.go", 3) == []


def test_numbering_falls_back_to_the_line(tmp_path: Path) -> None:
    # The profile was taken before a literal was added above: fanOut.func2.1 is now
    # fanOut.func3.1 in the source, but the entry frame's line still finds it.
    (tmp_path / "go.mod").write_text("module m\n")
    (tmp_path / "a.go").write_text(
        "package main\n\nfunc fanOut() {\n\t_ = func() {}\n\t_ = func() {}\n"
        "\tgo func() {\n\t\tgo func() {\n\t\t\tselect {}\n\t\t}()\n\t}()\n}\n"
    )
    ws = Workspace(tmp_path)
    found = find_go_statements(ws, Frame("main.fanOut.func2.1", "/x/m/a.go", 8))
    assert [stmt.line + 1 for _, stmt in found] == [7]


def test_overlay_debug0_uses_static_go_statements(samples: Workspace) -> None:
    placed = overlay(samples, load(str(FIXTURES / "closures.goroutineleak.pb.gz")))
    got = {
        (samples.relative(p.path) if p.path else "", p.line): [
            (g.line, g.count, g.source) for g in p.go_statements
        ]
        for p in placed
    }
    assert got == {
        ("leakdemo/closures/main.go", 16): [(15, 7, "static")],
        ("leakdemo/closures/main.go", 51): [(50, 4, "static")],
        ("leakdemo/closures/main.go", 32): [(31, 3, "static")],
        ("leakdemo/closures/main.go", 43): [(42, 2, "static")],
    }


def test_overlay_debug2_uses_created_by(samples: Workspace) -> None:
    placed = overlay(samples, load(str(FIXTURES / "closures-trimpath.goroutine.debug2.txt")))
    fetch = next(p for p in placed if p.site.function == "main.fetch.func1")
    assert fetch.path == CLOSURES
    (go,) = fetch.go_statements
    assert (go.line, go.count, go.source, go.path) == (15, 7, "profile", CLOSURES)
    assert go.stmt is not None
    assert go.stmt.line == 14


def test_overlay_unresolved_sites_keep_profile_paths(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    placed = overlay(ws, load(str(FIXTURES / "closures.goroutine.pb.gz")))
    assert placed
    assert not any(p.resolved for p in placed)
    assert placed[0].site.file.endswith("leakdemo/closures/main.go")


def test_overrides_win_over_disk(tmp_path: Path) -> None:
    path = tmp_path / "a.go"
    path.write_text("package main\n")
    ws = Workspace(
        tmp_path, read=with_overrides({path: b"package main\nfunc f() { go func() {}() }\n"})
    )
    gofile = ws.gofile(path)
    assert gofile is not None
    assert [g.line for g in gofile.gos] == [1]


def test_exported_entry_started_from_another_package(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module example.com/app\n")
    (tmp_path / "worker").mkdir()
    (tmp_path / "worker" / "worker.go").write_text(
        "package worker\n\nfunc Run(ch chan int) {\n\t<-ch\n}\n"
    )
    (tmp_path / "main.go").write_text(
        'package main\n\nimport "example.com/app/worker"\n\n'
        "func main() {\n\tgo worker.Run(make(chan int))\n}\n"
    )
    ws = Workspace(tmp_path)
    found = find_go_statements(
        ws, Frame("example.com/app/worker.Run", "/b/app/worker/worker.go", 4)
    )
    assert [(p.name, stmt.line + 1) for p, stmt in found] == [("main.go", 6)]


def test_paths_keep_the_spelling_of_a_symlinked_root(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "go.mod").write_text("module m\n")
    (real / "a.go").write_text("package main\n")
    link = tmp_path / "link"
    link.symlink_to(real)
    (real / "sub").mkdir()
    (real / "sub" / "a.go").write_text("package sub\n")
    ws = Workspace(link)
    # Two a.go files: only the module path can tell them apart, under a symlinked root too.
    assert ws.resolve("m/a.go") == link / "a.go"
    assert ws.resolve("m/sub/a.go") == link / "sub" / "a.go"
    assert ws.resolve("m/../outside/a.go") is None
    assert ws.resolve(str(link / "a.go")) == link / "a.go"


def test_sites_prefer_workspace_frames_over_dependencies(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module example.com/app\n")
    (tmp_path / "main.go").write_text(
        "package main\n\nfunc consume(r *x.R) {\n\tr.Read()\n}\n\nfunc main() {}\n"
    )
    dump = (
        b"goroutine 7 [chan receive]:\n"
        b"github.com/lib/x.(*R).Read(...)\n"
        b"\t/root/go/pkg/mod/github.com/lib/x@v1.2.0/r.go:10\n"
        b"main.consume(0xc000010000)\n"
        b"\t/build/app/main.go:4 +0x25\n"
        b"created by main.main in goroutine 1\n"
        b"\t/build/app/main.go:7 +0x1a\n"
    )
    profile = read_bytes(dump, "dump.txt")
    # On its own the profile shows the library's line (the first frame outside std) ...
    assert [(s.function, s.line) for s in sites(profile)] == [("github.com/lib/x.(*R).Read", 10)]
    # ... the overlay shows the workspace's.
    (placed,) = overlay(Workspace(tmp_path), profile)
    assert (placed.site.function, placed.line, placed.path) == (
        "main.consume",
        4,
        tmp_path / "main.go",
    )
