"""Every format read from the committed fixtures into the one model."""

from __future__ import annotations

from pathlib import Path

import pytest
from gostuck.profile import Creation, Profile, Site, load, read_bytes, sites

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CLOSURES = "samples/leakdemo/closures/main.go"


def site_at(profile: Profile, function: str) -> Site:
    found = [s for s in sites(profile) if s.function == function]
    assert len(found) == 1, [s.function for s in sites(profile)]
    return found[0]


def lines_of(profile: Profile) -> dict[str, tuple[int, int]]:
    """Map each site's function to its (line, count)."""
    return {s.function: (s.line, s.count) for s in sites(profile)}


CLOSURE_SITES = {
    "main.fetch.func1": (16, 7),
    "main.consume.func1": (51, 4),
    "main.fanOut.func2.1": (32, 3),
    "main.idle.func1": (43, 2),
}
CLOSURE_REASONS = {
    "main.fetch.func1": "chan send",
    "main.consume.func1": "chan receive",
    "main.fanOut.func2.1": "chan receive",
    "main.idle.func1": "select (no cases)",
}


@pytest.mark.parametrize(
    ("name", "fmt", "total", "leaked"),
    [
        ("closures.goroutine.pb.gz", "goroutine debug=0", 17, 0),
        ("closures.goroutineleak.pb.gz", "goroutineleak debug=0", 16, 16),
        ("closures.goroutine.debug1.txt", "goroutine debug=1", 17, 0),
        ("closures.goroutineleak.debug1.txt", "goroutineleak debug=1", 16, 16),
        ("closures.goroutineleak.debug2.txt", "goroutineleak debug=2", 17, 16),
        ("closures-trimpath.goroutine.debug2.txt", "goroutine debug=2", 17, 0),
    ],
)
def test_closures_in_every_format(name: str, fmt: str, total: int, leaked: int) -> None:
    p = load(str(FIXTURES / name))
    assert p.formats == (fmt,)
    assert p.total == total
    assert p.leaked == leaked
    assert p.warnings == ()
    found = lines_of(p)
    for function, where in CLOSURE_SITES.items():
        assert found[function] == where
    for s in sites(p):
        if s.function in CLOSURE_SITES:
            assert s.file.endswith(CLOSURES.split("samples/")[1])
            assert s.leaked == (s.count if leaked else 0)
            if "debug=1" in fmt:
                # debug=1 hides the runtime frames of channel waits: no reason to give.
                assert s.wait_reasons == ()
            else:
                assert s.wait_reasons == ((CLOSURE_REASONS[s.function], s.count),)


def test_debug2_names_the_go_statement() -> None:
    p = load(str(FIXTURES / "closures.goroutineleak.debug2.txt"))
    nested = site_at(p, "main.fanOut.func2.1")
    assert [(g.function, g.line, g.count) for g in nested.go_statements] == [
        ("main.fanOut.func2", 31, 3)
    ]
    fetch = site_at(p, "main.fetch.func1")
    assert [(g.function, g.line, g.count) for g in fetch.go_statements] == [("main.fetch", 15, 7)]


def test_trimpath_paths_are_module_paths() -> None:
    p = load(str(FIXTURES / "closures-trimpath.goroutine.debug2.txt"))
    fetch = site_at(p, "main.fetch.func1")
    assert fetch.file == "gostuck.dev/samples/leakdemo/closures/main.go"
    assert fetch.go_statements[0].file == fetch.file


def test_pprof_names_blocking_operation_from_runtime_frames() -> None:
    p = load(str(FIXTURES / "labels.pb.gz"))
    reasons = {s.function: s.wait_reason for s in sites(p)}
    assert reasons == {
        "main.sendForever": "chan send",
        "main.recvForever": "chan receive",
        "main.selectForever": "select",
        "main.parkForever": "select (no cases)",
        "main.waitForever": "sync.WaitGroup.Wait",
        "main.lockForever": "sync.Mutex.Lock",
        "main.condForever": "sync.Cond.Wait",
        "main.sleepForever": "sleep",
        "main.main": "",
    }


@pytest.mark.parametrize("name", ["labels.pb.gz", "labels.debug1.txt", "labels.debug2.txt"])
def test_labels_in_every_format(name: str) -> None:
    p = load(str(FIXTURES / name))
    send = site_at(p, "main.sendForever")
    assert send.count == 3
    pairs = {(k, v): n for k, v, n in send.labels}
    assert pairs[("shape", "0")] == 3
    requests = sorted(int(v) for (k, v) in pairs if k == "request")
    assert requests == [0, 8, 16]


def test_generics_are_normalised() -> None:
    found = lines_of(load(str(FIXTURES / "generics.goroutine.pb.gz")))
    assert found["main.Recv[...]"] == (14, 3)
    assert found["main.(*Box[...]).Publish.func1"] == (29, 6)


def test_inlined_frames_are_kept() -> None:
    p = load(str(FIXTURES / "inlined.goroutine.pb.gz"))
    send = site_at(p, "main.send")
    assert (send.line, send.count, send.wait_reason) == (14, 8, "chan send")
    (stack,) = send.stacks
    users = [f for f in stack.frames if f.function.startswith("main.")]
    assert [(f.function, f.line, f.inlined) for f in users] == [
        ("main.send", 14, True),
        ("main.produce.func1", 21, False),
    ]
    assert [e.frame.function for e in send.entries] == ["main.produce.func1"]


def test_methods_keep_receiver_names() -> None:
    found = lines_of(load(str(FIXTURES / "methods.goroutine.pb.gz")))
    assert found["main.(*Pool).Run.func1"] == (20, 4)
    assert found["main.(*Server).loop"] == (30, 5)


def test_minutes_labels_leaks_and_elided_frames() -> None:
    p = load(str(FIXTURES / "minutes.debug2.txt"))
    assert p.total == 4
    fetch = site_at(p, "main.fetch.func1")
    assert fetch.count == 2
    assert fetch.leaked == 1
    assert fetch.max_minutes == 37
    assert {(k, v) for k, v, _ in fetch.labels} == {
        ("handler", "/api/v1"),
        ("tenant", "acme"),
        ("tenant", "other"),
    }
    consume = site_at(p, "main.consume.func1")
    assert (consume.max_minutes, consume.wait_reason) == (3, "chan receive")
    (stack,) = consume.stacks
    assert [f.line for f in stack.frames] == [51, 90, 91, 50]
    assert stack.frames[1].inlined
    assert consume.go_statements[0].line == 50


@pytest.mark.parametrize(
    ("name", "fmt", "function", "line", "count", "go_line"),
    [
        ("crash.panic.txt", "panic", "main.worker", 18, 3, 28),
        ("crash.deadlock.txt", "deadlock", "main.worker", 18, 3, 28),
        ("crash.sigquit.txt", "SIGQUIT", "main.worker", 18, 3, 28),
        (
            "timeout.txt",
            "test timeout",
            "gostuck.dev/samples/leakdemo/timeout.TestHang.func1",
            14,
            2,
            13,
        ),
    ],
)
def test_crash_dumps(
    name: str, fmt: str, function: str, line: int, count: int, go_line: int
) -> None:
    p = load(str(FIXTURES / name))
    assert p.formats == (fmt,)
    s = site_at(p, function)
    assert (s.line, s.count) == (line, count)
    assert s.wait_reason == ("chan receive" if "worker" in function else "chan send")
    assert [g.line for g in s.go_statements] == [go_line]


def test_sigquit_hides_goexit_and_keeps_gowrap() -> None:
    p = load(str(FIXTURES / "crash.sigquit.txt"))
    worker = site_at(p, "main.worker")
    assert [e.frame.function for e in worker.entries] == ["main.start.gowrap1"]
    assert all(f.function != "runtime.goexit" for g in p.groups for f in g.frames)


def test_debug2_text_from_bytes() -> None:
    text = (
        b"goroutine 5 [select]:\n"
        b"main.loop(0xc000012345)\n"
        b"\t/src/app/loop.go:12 +0x45\n"
        b"created by main.start in goroutine 1\n"
        b"\t/src/app/loop.go:7 +0x1a\n"
    )
    p = read_bytes(text, "mem")
    (s,) = sites(p)
    assert (s.file, s.line, s.function, s.count, s.wait_reason) == (
        "/src/app/loop.go",
        12,
        "main.loop",
        1,
        "select",
    )
    assert p.groups[0].created_by == Creation("main.start", "/src/app/loop.go", 7)


def test_log_lines_before_a_dump_are_skipped() -> None:
    text = b"=== RUN   TestX\nsome output\npanic: test timed out after 1s\n\n" + (
        b"goroutine 9 [chan send]:\nmain.f()\n\t/a/b.go:3 +0x1\n"
    )
    p = read_bytes(text, "log")
    assert p.formats == ("test timeout",)
    assert p.total == 1


ODD_DEBUG1 = (
    b"goroutine profile: total 5\n"
    b"2 @ 0x1 0x2\n"
    b'# labels: {"a\\"b":"c\\\\d", "x":"y"}\n'
    b"#\t0x1\tmain.f+0x1\t/a/b.go:3\n"
    b"\n"
    b"1 @ 0x1  \r\n"
    b"#\t0x1\tmain.f+0x1\t/a/b.go:3\r\n"
    b"  \n"
    b"0 @ 0x3\n"
    b"#\t0x1\tmain.g+0x1\t/a/b.go:4\n"
    b"\n"
    b"1 @ 0x4\n"
    b"#\t0x4\tmain.h+0x1\t/a/b.go:5\n"
    b"stray line\n"
    b'# labels: {"k":"v"}\n'
    b"1 @ 0x5\n"
    b"#\t0x5\tmain.h+0x1\t/a/b.go:6\n"
    b"\n"
    b"1 @ 0x5\n"
    b"#\t0x5\tmain.h+0x1\t/a/b.go:6"
)


@pytest.mark.parametrize(
    "data",
    [
        (FIXTURES / "labels.debug1.txt").read_bytes(),
        (FIXTURES / "closures.goroutineleak.debug1.txt").read_bytes(),
        ODD_DEBUG1,
    ],
    ids=["labels", "goroutineleak", "odd"],
)
def test_debug1_reads_the_same_in_lines_and_in_blocks(data: bytes) -> None:
    from gostuck.profile.text import read_debug1

    by_line = read_debug1(iter(data.splitlines(keepends=True)), "p")
    assert read_debug1(iter([data]), "p") == by_line
    for size in (1, 7, 64, 1000):
        pieces = [data[i : i + size] for i in range(0, len(data), size)]
        assert read_debug1(iter(pieces), "p") == by_line
    assert read_bytes(data, "p") == by_line
