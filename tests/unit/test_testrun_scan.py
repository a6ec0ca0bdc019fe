"""``gostuck test`` finding packages from their files, and giving up where go list must say."""

from __future__ import annotations

from pathlib import Path

import pytest
from gostuck.testrun import harness
from gostuck.testrun.runner import has_leaks
from gostuck.testrun.scan import Listed, _name_constraint, scan_packages

ENV = {"GOENV": "off", "GOWORK": "off"}


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def no_goroot() -> str:
    raise AssertionError("GOROOT is asked only for standard packages")


def scan(root: Path, *patterns: str, env: dict[str, str] | None = None) -> list[Listed] | None:
    return scan_packages(list(patterns), str(root), {**ENV, **(env or {})}, no_goroot)


def by_path(items: list[Listed] | None) -> dict[str, harness.GoPackage]:
    assert items is not None
    return {i.package.import_path: i.package for i in items}


MODULE = {
    "go.mod": "module example.com/m\n\ngo 1.27\n",
    "a/a.go": "// Package a.\npackage a\n",
    "a/doc.go": "package documentation\n",
    "a/a_test.go": "package a\n",
    "a/x_test.go": "package a_test\n",
    "a/_skip_test.go": "package nope\n",
    "own/own.go": "package own\n",
    "own/main_test.go": "package own\n\nfunc TestMain(m *testing.M) { m.Run() }\n",
    "tagged/t.go": "package tagged\n",
    "tagged/t_test.go": "//go:build foo && !bar\n\npackage tagged\n",
    "tagged/t_linux_arm64_test.go": "package tagged_test\n",
    "tagged/u_test.go": "//go:build foo && !bar\n\npackage tagged_test\n",  # said once
    "mixed/m.go": "package mixed\n",
    "mixed/m_test.go": "package mixed\n",
    "mixed/m_windows_test.go": "package mixed\n",
    "cgo/c.go": 'package cgo\n\n// #include <stdio.h>\nimport "C"\n',
    "cgo/c_test.go": "package cgo\n",
    "xonly/x_test.go": "package xonly_test\n",
    "notests/n.go": "package notests\n",
    "empty/README": "no Go here\n",
    "testdata/p/p_test.go": "package p\n",
    "_hidden/p_test.go": "package p\n",
    ".dot/p_test.go": "package p\n",
    "vendor/v/v_test.go": "package v\n",
    "nested/go.mod": "module example.com/nested\n",
    "nested/n_test.go": "package n\n",
}


def test_scan_finds_packages_tests_and_names_as_go_list_does(tmp_path: Path) -> None:
    write(tmp_path, MODULE)
    pkgs = by_path(scan(tmp_path, "./..."))
    assert set(pkgs) == {
        "example.com/m/a",
        "example.com/m/own",
        "example.com/m/tagged",
        "example.com/m/mixed",
        "example.com/m/cgo",
        "example.com/m/xonly",
        "example.com/m/notests",
    }
    a = pkgs["example.com/m/a"]
    assert (a.name, a.test_files, a.xtest_files, a.constraint) == (
        "a",
        ("a_test.go",),
        ("x_test.go",),
        "",
    )
    assert a.directory == str(tmp_path / "a")
    assert pkgs["example.com/m/own"].test_files == ("main_test.go",)
    assert pkgs["example.com/m/xonly"].name == "xonly"  # from "package xonly_test"
    assert not pkgs["example.com/m/notests"].has_tests
    # cgo's non-test file may be left out (CGO_ENABLED): its test file gives the name.
    assert pkgs["example.com/m/cgo"].name == "cgo"
    # One test file always built: no constraint for the added file.
    assert pkgs["example.com/m/mixed"].constraint == ""


def test_tests_that_may_all_be_left_out_give_the_added_file_their_constraints(
    tmp_path: Path,
) -> None:
    write(tmp_path, MODULE)
    tagged = by_path(scan(tmp_path, "./tagged"))["example.com/m/tagged"]
    assert tagged.has_tests
    assert tagged.constraint == "(linux && arm64) || (foo && !bar)"
    plan, files = harness.plan_package(tagged, {})
    text = files[plan.added].decode()
    assert text.startswith(f"//go:build {tagged.constraint}\n\n// Code generated")


def test_name_constraints_follow_go_build() -> None:
    assert _name_constraint("x_linux.go") == "linux"
    assert _name_constraint("x_linux_test.go") == "linux"
    assert _name_constraint("x_linux_amd64_test.go") == "linux && amd64"
    assert _name_constraint("x_arm64.go") == "arm64"
    assert _name_constraint("linux.go") == ""  # only what follows the first "_" counts
    assert _name_constraint("x_test.go") == ""
    assert _name_constraint("x_linux_nope.go") == ""


@pytest.mark.parametrize(
    ("files", "patterns", "env"),
    [
        # A TestMain in a file with a build constraint: which TestMain is built?
        ({"p/p.go": "package p\n", "p/m_test.go": "//go:build foo\n\npackage p\n\n"
          "func TestMain(m *testing.M) {}\n"}, ["./p"], {}),
        # "// +build" alone is not read.
        ({"p/p.go": "package p\n", "p/m_test.go": "// +build foo\n\npackage p\n"}, ["./p"], {}),
        # Package clauses that disagree.
        ({"p/p.go": "package p\n", "p/q.go": "package q\n", "p/p_test.go": "package p\n"},
         ["./p"], {}),
        # A test file in neither the package nor its external test package.
        ({"p/p.go": "package p\n", "p/p_test.go": "package q\n"}, ["./p"], {}),
        # A directory with no Go files, one that does not exist, one in a nested module.
        ({"p/README": ""}, ["./p"], {}),
        ({}, ["./missing"], {}),
        ({"n/go.mod": "module n\n", "n/n_test.go": "package n\n"}, ["./n"], {}),
        # Import paths that are not standard packages; wildcards inside a path.
        ({"p/p_test.go": "package p\n"}, ["example.com/m/p"], {}),
        ({"p/p_test.go": "package p\n"}, ["./p..."], {}),
        ({"p/p_test.go": "package p\n"}, ["std"], {}),
        # Workspaces, GOPATH mode, -modfile.
        ({"go.work": "go 1.27\n", "p/p_test.go": "package p\n"}, ["./p"], {"GOWORK": ""}),
        ({"p/p_test.go": "package p\n"}, ["./p"], {"GO111MODULE": "off"}),
        ({"p/p_test.go": "package p\n"}, ["./p"], {"GOFLAGS": "-modfile=other.mod"}),
    ],
)  # fmt: skip
def test_scan_gives_up_where_go_list_must_say(
    tmp_path: Path, files: dict[str, str], patterns: list[str], env: dict[str, str]
) -> None:
    write(tmp_path, {"go.mod": "module example.com/m\n", **files})
    assert scan(tmp_path, *patterns, env=env) is None


def test_outside_any_module_or_above_it(tmp_path: Path) -> None:
    write(tmp_path, {"p/p_test.go": "package p\n", "m/go.mod": "module m\n"})
    assert scan(tmp_path, "./p") is None
    assert scan(tmp_path / "m", "../p") is None


def test_symbolic_link_to_a_directory_under_dots(tmp_path: Path) -> None:
    write(tmp_path, {"go.mod": "module m\n", "p/p_test.go": "package p\n"})
    (tmp_path / "link").symlink_to(tmp_path / "p")
    assert scan(tmp_path, "./...") is None
    assert by_path(scan(tmp_path, "./p")).keys() == {"m/p"}


def test_standard_packages_are_under_goroot(tmp_path: Path) -> None:
    write(tmp_path, {"src/go.mod": "module std\n", "src/ctx/c.go": "package ctx\n",
                     "src/ctx/c_test.go": "package ctx_test\n"})  # fmt: skip
    found = scan_packages(["ctx"], str(tmp_path), ENV, lambda: str(tmp_path))
    assert found is not None
    (item,) = found
    assert (item.package.import_path, item.package.name, item.root) == (
        "ctx",
        "ctx",
        str(tmp_path / "src"),
    )
    # In GOROOT/src itself (module std), directories are import paths with no prefix.
    assert by_path(scan(tmp_path / "src", "./...")).keys() == {"ctx"}


def test_has_leaks_reads_the_leaked_mark() -> None:
    clean = b"goroutine 1 [running]:\nmain.main()\n\t/x.go:3 +0x1\n"
    assert not has_leaks(clean)
    assert has_leaks(clean.replace(b"[running]", b"[chan send (leaked)]"))
    assert has_leaks(clean[:-3])  # cut short: the reader says so
    assert has_leaks(b"")  # empty: the reader says so
