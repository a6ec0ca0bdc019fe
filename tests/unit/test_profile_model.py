"""The model: names, aggregation into sites, merge and diff."""

from __future__ import annotations

from pathlib import Path

import pytest
from gostuck.profile import Frame, Profile, diff, load, merge, sites
from gostuck.profile.model import MAX_LABELS, GroupBuilder, attribution_index
from gostuck.profile.names import (
    blocking_operation,
    is_std_package,
    is_user_function,
    normalize_function,
    package_of,
    symbol_of,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("main.Recv[go.shape.string]", "main.Recv[...]"),
        ("main.(*Box[go.shape.int]).Publish.func1", "main.(*Box[...]).Publish.func1"),
        ("a.b/c.F[go.shape.struct { X []int }]", "a.b/c.F[...]"),
        ("main.Recv[...]", "main.Recv[...]"),
        ("main.fetch.func1", "main.fetch.func1"),
    ],
)
def test_normalize_function(raw: str, normal: str) -> None:
    assert normalize_function(raw) == normal


@pytest.mark.parametrize(
    ("function", "package", "symbol", "user"),
    [
        ("main.fetch.func1", "main", "fetch.func1", True),
        ("runtime.gopark", "runtime", "gopark", False),
        (
            "internal/sync.runtime_SemacquireMutex",
            "internal/sync",
            "runtime_SemacquireMutex",
            False,
        ),
        ("net/http.(*conn).serve", "net/http", "(*conn).serve", False),
        ("gostuck.dev/samples/x.(*T).M.func2.1", "gostuck.dev/samples/x", "(*T).M.func2.1", True),
        ("github.com/a/b.Recv[...]", "github.com/a/b", "Recv[...]", True),
    ],
)
def test_packages(function: str, package: str, symbol: str, user: bool) -> None:
    assert package_of(function) == package
    assert symbol_of(function) == symbol
    assert is_user_function(function) is user
    assert is_std_package(package) is not user


def test_blocking_operation_stops_at_user_code() -> None:
    assert blocking_operation(["runtime.gopark", "runtime.chanrecv", "runtime.chanrecv1"]) == (
        "chan receive"
    )
    # A user function named like a runtime one further out does not count.
    assert blocking_operation(["main.f", "time.Sleep"]) == ""
    assert blocking_operation([]) == ""


def frames(*spec: tuple[str, int]) -> tuple[Frame, ...]:
    return tuple(Frame(f, "/src/app/main.go", line) for f, line in spec)


def profile_of(builder: GroupBuilder, total: int, source: str = "p") -> Profile:
    return Profile(source, "goroutine", ("goroutine debug=2",), builder.build(), total)


def test_attribution_skips_runtime_and_stdlib() -> None:
    stack = frames(("runtime.gopark", 1), ("sync.(*WaitGroup).Wait", 2), ("main.run", 30))
    assert attribution_index(stack) == 2
    assert attribution_index(frames(("runtime.gopark", 1))) == 0
    # A workspace module without a dot in its path is user code when the caller says so.
    odd = frames(("runtime.gopark", 1), ("myapp/worker.Run", 9))
    assert attribution_index(odd) == 0
    assert attribution_index(odd, lambda f: f.startswith("myapp/")) == 1


def test_sites_aggregate_by_line_and_keep_top_stacks() -> None:
    b = GroupBuilder()
    a = frames(("main.handle", 10), ("main.serveA", 3))
    c = frames(("main.handle", 10), ("main.serveB", 7))
    b.add(a, 5, wait_reason="chan send", minutes=3, labels=[("k", "v")])
    b.add(c, 2, wait_reason="chan send", minutes=9, leaked=2)
    b.add(frames(("main.other", 4)), 1, wait_reason="select")
    (top, other) = sites(profile_of(b, 8))
    assert (top.function, top.line, top.count, top.leaked, top.max_minutes) == (
        "main.handle",
        10,
        7,
        2,
        9,
    )
    assert top.wait_reasons == (("chan send", 7),)
    assert [s.count for s in top.stacks] == [5, 2]
    assert [(e.frame.function, e.count) for e in top.entries] == [
        ("main.serveA", 5),
        ("main.serveB", 2),
    ]
    assert top.labels == (("k", "v", 5),)
    assert other.count == 1


def test_labels_are_capped() -> None:
    b = GroupBuilder()
    stack = frames(("main.f", 1))
    for i in range(MAX_LABELS + 10):
        b.add(stack, 1, labels=[("request", str(i))])
    (group,) = b.build()
    assert len(group.labels) == MAX_LABELS
    assert group.labels_dropped == 10
    assert group.count == MAX_LABELS + 10


def test_merge_sums_counts() -> None:
    p = load(str(FIXTURES / "closures.goroutineleak.pb.gz"))
    q = load(str(FIXTURES / "closures.goroutineleak.debug2.txt"))
    m = merge([p, p, q])
    assert m.total == p.total * 2 + q.total
    assert m.formats == ("goroutineleak debug=0", "goroutineleak debug=2")
    by = {s.function: s for s in sites(m)}
    assert by["main.fetch.func1"].count == 21
    assert by["main.fetch.func1"].leaked == 21
    # Only the debug=2 goroutines know their `go` statement.
    assert [(g.line, g.count) for g in by["main.fetch.func1"].go_statements] == [(15, 7)]
    assert merge([p]) is p
    with pytest.raises(ValueError):
        merge([])


def test_diff_ranks_by_growth() -> None:
    b0, b1 = GroupBuilder(), GroupBuilder()
    grow, shrink, gone = (
        frames(("main.grow", 1)),
        frames(("main.shrink", 2)),
        frames(("main.gone", 3)),
    )
    b0.add(grow, 10)
    b0.add(shrink, 50)
    b0.add(gone, 4)
    b1.add(grow, 1010)
    b1.add(shrink, 45)
    b1.add(frames(("main.new", 9)), 7)
    result = diff(sites(profile_of(b0, 64)), sites(profile_of(b1, 1062)))
    assert [(s.function, s.count, s.growth) for s in result] == [
        ("main.grow", 1010, 1000),
        ("main.new", 7, 7),
        ("main.gone", 0, -4),
        ("main.shrink", 45, -5),
    ]


def test_diff_with_a_key_pairs_sites_from_different_paths() -> None:
    b0, b1 = GroupBuilder(), GroupBuilder()
    b0.add((Frame("main.f", "/machine-a/src/app/main.go", 9),), 3)
    b0.add((Frame("main.f", "/machine-b/src/app/main.go", 9),), 2)
    b1.add((Frame("main.f", "/here/app/main.go", 9),), 10)
    result = diff(
        sites(profile_of(b0, 5)),
        sites(profile_of(b1, 10)),
        key=lambda s: ("/".join(s.file.split("/")[-2:]), s.line, s.function),
    )
    assert [(s.file, s.count, s.growth) for s in result] == [("/here/app/main.go", 10, 5)]
