"""Every profile reader, fed random, mutated and hostile bytes: a Profile or a ProfileError.

The properties, for any input: :func:`gostuck.profile.read_bytes` returns a ``Profile`` or
raises ``ProfileError`` (never another exception, never a hang), and what it returns can be
aggregated, merged and diffed without an exception either. Inputs come from random bytes,
the real captured profiles in tests/fixtures/ mutated byte by byte and line by line (plain
and re-gzipped), gzip streams cut anywhere, pprof messages built field by field (negative
values from delta profiles, int64 extremes, dangling ids, stacks thousands of frames deep)
and tracebacks with absurd numbers. Memory stays bounded by ``max_bytes``.
"""

from __future__ import annotations

import gzip
import io
import re
import tracemalloc
import zlib
from typing import Final

import pytest
from gostuck.overlay import Workspace, place
from gostuck.profile import Profile, ProfileError, diff, merge, read_bytes, sites
from gostuck.profile import profile_pb2 as pb
from hypothesis import given
from hypothesis import strategies as st
from reliability_support import FIXTURES, bounded, fuzz

MIB: Final = 1024 * 1024
# Small enough that the cap is met by generated inputs, large enough for every fixture.
CAP: Final = 256 * 1024
# Profile texts only: ``*.go.txt`` are Go sources kept as text (see tests/fixtures/README.md).
TEXT_FIXTURES: Final = sorted(
    p for p in FIXTURES.iterdir() if p.suffix == ".txt" and not p.name.endswith(".go.txt")
)
PB_FIXTURES: Final = sorted(FIXTURES.glob("*.pb.gz"))
TEXTS: Final = {p.name: p.read_bytes() for p in TEXT_FIXTURES}
PBS: Final = {p.name: p.read_bytes() for p in PB_FIXTURES}
RAW_PBS: Final = {name: gzip.decompress(data) for name, data in PBS.items()}
INT64_MAX: Final = 2**63 - 1
INT64_MIN: Final = -(2**63)


def read_checked(data: bytes, *, max_bytes: int = CAP) -> Profile | None:
    """Read ``data``; a ProfileError is a clean answer, anything else fails the test."""
    with bounded(20, "reading a profile"):
        try:
            profile = read_bytes(data, "fuzz.prof", max_bytes=max_bytes)
        except ProfileError as e:
            assert str(e), "a ProfileError needs a message for the user"
            return None
        # What the readers return must survive everything downstream of them.
        ranked = sites(profile)
        merged = merge([profile, profile])
        assert merged.total == 2 * profile.total
        diff(ranked, sites(merged))
        assert isinstance(profile.total, int)
        return profile


def test_fixtures_are_read() -> None:
    # The mutations below start from these; each must be a readable profile to begin with.
    assert len(TEXTS) >= 8 and len(PBS) >= 5
    for data in [*TEXTS.values(), *PBS.values()]:
        assert read_checked(data) is not None


# ----- byte-level mutations ------------------------------------------------------------


@st.composite
def mutated(draw: st.DrawFn, base: bytes) -> bytes:
    """Return ``base`` with a few random byte-level edits."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["flip", "delete", "insert", "repeat", "truncate", "set"]))
        i = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif kind == "set" and data:
            data[i] = draw(st.sampled_from([0, 0x7F, 0x80, 0xFF, ord("\n"), ord(":"), ord("9")]))
        elif kind == "delete":
            del data[i : i + draw(st.integers(1, 64))]
        elif kind == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "repeat":
            chunk = data[i : i + draw(st.integers(1, 256))]
            data[i:i] = chunk * draw(st.integers(1, 50))
        elif kind == "truncate":
            del data[i:]
    return bytes(data)


@given(st.binary(max_size=4096))
@fuzz(200)
def test_random_bytes(data: bytes) -> None:
    read_checked(data)


@given(st.sampled_from([b"\x1f\x8b", b"goroutine ", b"goroutine profile: total "]), st.binary())
@fuzz(150)
def test_random_bytes_after_a_magic_prefix(prefix: bytes, data: bytes) -> None:
    read_checked(prefix + data)


@given(st.sampled_from(sorted(TEXTS)).flatmap(lambda n: mutated(TEXTS[n])))
@fuzz(150)
def test_mutated_text_profiles(data: bytes) -> None:
    read_checked(data)
    read_checked(gzip.compress(data, mtime=0))


@given(st.sampled_from(sorted(PBS)).flatmap(lambda n: mutated(PBS[n])))
@fuzz(150)
def test_mutated_gzip_bytes(data: bytes) -> None:
    read_checked(data)


@given(st.sampled_from(sorted(RAW_PBS)).flatmap(lambda n: mutated(RAW_PBS[n])))
@fuzz(150)
def test_mutated_protobuf_inside_valid_gzip(data: bytes) -> None:
    read_checked(gzip.compress(data, mtime=0))


@given(
    st.sampled_from(sorted([*TEXTS, *PBS])),
    st.floats(0, 1, exclude_max=True),
)
@fuzz(100)
def test_truncated_gzip_anywhere(name: str, where: float) -> None:
    data = PBS[name] if name in PBS else gzip.compress(TEXTS[name], mtime=0)
    cut = data[: int(len(data) * where)]
    read_checked(cut)


# ----- line-level mutations of the text formats ----------------------------------------

NUMBERS: Final = [
    "0",
    "-1",
    "9" * 25,  # past int64
    "9" * 5000,  # past Python's int-from-string digit limit
    "\u00b2",  # a superscript two: str.isdigit() says yes, int() says no
    "\u0663",  # ARABIC-INDIC DIGIT THREE: \d matches it
    "\uff11",  # FULLWIDTH DIGIT ONE
    "1e9",
    "0x10",
    "",
]


DIGITS: Final = re.compile(r"[0-9]+")


@st.composite
def text_with_odd_numbers(draw: st.DrawFn) -> bytes:
    """Return a text fixture with some of its numbers replaced by odd ones."""
    text = TEXTS[draw(st.sampled_from(sorted(TEXTS)))].decode("utf-8")
    runs = list(DIGITS.finditer(text))
    swaps = dict(draw(st.lists(st.tuples(st.integers(0, len(runs) - 1), st.sampled_from(NUMBERS)))))
    for i in sorted(swaps, reverse=True):
        text = text[: runs[i].start()] + swaps[i] + text[runs[i].end() :]
    return text.encode("utf-8")


@given(text_with_odd_numbers())
@fuzz(150)
def test_text_profiles_with_odd_numbers(data: bytes) -> None:
    read_checked(data)


@st.composite
def shuffled_lines(draw: st.DrawFn) -> bytes:
    """Return a text fixture with lines dropped, repeated, swapped or given CRLF endings."""
    lines = TEXTS[draw(st.sampled_from(sorted(TEXTS)))].split(b"\n")
    ops = draw(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 10_000)), max_size=12))
    for op, k in ops:
        if not lines:
            break
        i = k % len(lines)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines[i:i] = [lines[i]] * (k % 40 + 1)
        elif op == 2:
            j = (k * 7919) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines[i] += b"\r"
    return b"\n".join(lines)


@given(shuffled_lines())
@fuzz(150)
def test_text_profiles_with_lines_moved(data: bytes) -> None:
    read_checked(data)


# ----- generated tracebacks and debug=1 records ----------------------------------------

FUNCS: Final = st.sampled_from(
    [
        "main.worker",
        "main.(*T).M.func1",
        "main.G[...].func2.1",
        "runtime.gopark",
        "runtime.chansend1",
        "sync.(*WaitGroup).Wait",
        "",
        "(",
        "main.f(((",
        "x)(",
    ]
)
PATHS: Final = st.sampled_from(
    ["/src/app/main.go", "C:\\src\\app\\main.go", "main.go", "", ":", "a:b:c.go", "/x y.go"]
)
LINES: Final = st.one_of(st.integers(0, 2**70).map(str), st.sampled_from(NUMBERS))


@st.composite
def traceback(draw: st.DrawFn) -> bytes:
    """Return a debug=2 style dump with random goroutines (deep stacks included)."""
    out: list[str] = []
    for gid in range(draw(st.integers(1, 6))):
        reason = draw(st.sampled_from(["chan send", "select", "running", "chan receive (leaked)"]))
        minutes = draw(st.sampled_from(["", ", 12 minutes", f", {draw(LINES)} minutes"]))
        labels = draw(st.sampled_from(["", " {k: v}", " {k: v, : , x}", " {"]))
        out.append(f"goroutine {draw(LINES)} [{reason}{minutes}]{labels}:")
        # Deep stacks repeat a few drawn frames (drawing thousands one by one is slow).
        depth = draw(st.sampled_from([0, 1, 3, 50, 2000]))
        drawn = [
            f"{draw(FUNCS)}(0x1, {{0x2}})\n\t{draw(PATHS)}:{draw(LINES)} +0x1e"
            for _ in range(min(depth, 3))
        ]
        out.extend(drawn[i % len(drawn)] for i in range(depth))
        if draw(st.booleans()):
            out.append(f"...{draw(LINES)} frames elided...")
        if draw(st.booleans()):
            out.append(f"created by {draw(FUNCS)} in goroutine {gid}")
            out.append(f"\t{draw(PATHS)}:{draw(LINES)} +0x76")
        out.append("")
    text = "\n".join(out)
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    return text.encode("utf-8")


@given(traceback())
@fuzz(100)
def test_generated_tracebacks(data: bytes) -> None:
    read_checked(data)


@st.composite
def debug1(draw: st.DrawFn) -> bytes:
    """Return a debug=1 profile with random records, counts and label lines."""
    kind = draw(st.sampled_from(["goroutine", "goroutineleak"]))
    out = [f"{kind} profile: total {draw(LINES)}"]
    for _ in range(draw(st.integers(0, 5))):
        out.append(f"{draw(LINES)} @ 0x1 0x2 0x{draw(st.integers(0, 2**64)):x}")
        if draw(st.booleans()):
            out.append('# labels: {"k":"v", "\\u00e9":"\\x", "a":"' + draw(st.text()) + '"}')
        depth = draw(st.sampled_from([0, 2, 300]))
        drawn = [
            f"#\t0x1\t{draw(FUNCS)}+0x1e\t{draw(PATHS)}:{draw(LINES)}" for _ in range(min(depth, 3))
        ]
        out.extend(drawn[i % len(drawn)] for i in range(depth))
        out.append("")
    return "\n".join(out).encode("utf-8")


@given(debug1())
@fuzz(100)
def test_generated_debug1(data: bytes) -> None:
    read_checked(data)


# ----- pprof messages built field by field ---------------------------------------------

INT64: Final = st.one_of(
    st.integers(-5, 5), st.sampled_from([INT64_MAX, INT64_MIN, INT64_MIN + 1, 2**40, -(2**40)])
)
UINT64: Final = st.one_of(st.integers(0, 40), st.sampled_from([2**64 - 1, 2**63]))


@st.composite
def pprof_message(draw: st.DrawFn) -> bytes:
    """Return a serialized pprof Profile with random (often inconsistent) contents."""
    m = pb.Profile()
    strings = [
        "",
        draw(st.sampled_from(["goroutine", "goroutineleak", "cpu", ""])),
        "count",
        *draw(st.lists(st.text(max_size=30), max_size=8)),
        "main.worker",
        "/src/main.go",
        "runtime.chansend1",
    ]
    m.string_table.extend(strings)
    n = len(strings)
    index = st.one_of(st.integers(0, n - 1), st.sampled_from([-1, n, INT64_MAX, INT64_MIN]))
    for _ in range(draw(st.integers(0, 2))):
        m.sample_type.add(type=draw(index), unit=draw(index))
    if draw(st.booleans()):
        m.sample_type.add(type=1, unit=2)
    m.sample_type.reverse()
    for fid in range(1, draw(st.integers(0, 6)) + 1):
        m.function.add(
            id=draw(st.sampled_from([fid, 0, UINT64_MAX_ID])),
            name=draw(index),
            system_name=draw(index),
            filename=draw(index),
            start_line=draw(INT64),
        )
    for lid in range(1, draw(st.integers(0, 6)) + 1):
        loc = m.location.add(id=lid, address=draw(UINT64))
        for _ in range(draw(st.integers(0, 3))):
            loc.line.add(function_id=draw(UINT64), line=draw(INT64))
    for _ in range(draw(st.integers(0, 6))):
        s = m.sample.add()
        s.value.extend(draw(st.lists(INT64, max_size=3)))
        depth = draw(st.sampled_from([0, 1, 5, 130, 5000]))
        ids = draw(st.lists(st.one_of(st.integers(0, 8), UINT64), min_size=1, max_size=4))
        s.location_id.extend(ids[i % len(ids)] for i in range(depth))
        for _ in range(draw(st.integers(0, 3))):
            s.label.add(key=draw(index), str=draw(index), num=draw(INT64), num_unit=draw(index))
    m.duration_nanos = draw(INT64)
    m.period = draw(INT64)
    return m.SerializeToString()


UINT64_MAX_ID: Final = 2**64 - 1


@given(pprof_message())
@fuzz(150)
def test_generated_pprof(data: bytes) -> None:
    read_checked(gzip.compress(data, mtime=0))


def test_delta_profile_with_negative_counts_is_read() -> None:
    m = pb.Profile()
    m.string_table.extend(["", "goroutine", "count", "main.worker", "/src/main.go"])
    m.sample_type.add(type=1, unit=2)
    m.function.add(id=1, name=3, filename=4)
    m.location.add(id=1).line.add(function_id=1, line=10)
    m.sample.add(value=[-7], location_id=[1])
    m.sample.add(value=[INT64_MAX], location_id=[1])
    m.sample.add(value=[INT64_MIN], location_id=[1])
    m.duration_nanos = 10**9
    profile = read_checked(gzip.compress(m.SerializeToString(), mtime=0))
    assert profile is not None
    assert profile.total == INT64_MAX + INT64_MIN - 7
    assert any("delta profile" in w for w in profile.warnings)


# ----- memory: gzip bombs and oversized input ------------------------------------------


def _bomb(payload_head: bytes, size: int) -> bytes:
    """Return gzip data that decompresses to ``payload_head`` plus ``size`` zero bytes."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(payload_head)
        block = b"\0" * MIB
        for _ in range(size // MIB):
            gz.write(block)
    return out.getvalue()


@pytest.mark.parametrize(
    "head",
    [b"", b"goroutine profile: total 1\n", b"goroutine 1 [running]:\n"],
    ids=["pprof", "debug1", "debug2"],
)
def test_gzip_bomb_memory_is_bounded_by_the_cap(head: bytes) -> None:
    bomb = _bomb(head, 128 * MIB)  # 128 MiB of zeros in about 128 KiB
    assert len(bomb) < MIB
    cap = 2 * MIB
    tracemalloc.start()
    try:
        with bounded(60, "reading a gzip bomb"):
            try:
                profile = read_bytes(bomb, "bomb.pb.gz", max_bytes=cap)
            except ProfileError as e:
                assert "limit" in str(e) or "bytes" in str(e)
            else:
                assert profile.truncated
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The reader holds at most the capped data plus its decoded form, never the whole bomb.
    assert peak < 8 * cap, f"peak {peak:,} bytes while reading a bomb capped at {cap:,}"


def test_one_endless_line_is_bounded_by_the_cap() -> None:
    data = b"goroutine 1 [running]:\nmain.f(" + b"x" * (16 * MIB)
    tracemalloc.start()
    try:
        read_checked(data, max_bytes=2 * MIB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 24 * MIB + len(data)


def test_zlib_stream_that_is_not_gzip() -> None:
    assert read_checked(zlib.compress(TEXTS[sorted(TEXTS)[0]])) is None


def test_every_prefix_of_a_small_gzip_profile() -> None:
    data = PBS[sorted(PBS)[0]]
    for n in range(len(data)):
        read_checked(data[:n])


# ----- placing hostile profiles on a workspace -----------------------------------------

MAIN_GO: Final = """package main

func main() {
	ch := make(chan int)
	go func() { ch <- 1 }()
	go worker(ch)
}

func worker(ch chan int) { ch <- 2 }
"""


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    base = tmp_path_factory.mktemp("overlay")
    root = base / "ws"
    (root / "app").mkdir(parents=True)
    (root / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (root / "app" / "main.go").write_text(MAIN_GO)
    (base / "outside.go").write_text("package outside\n\nfunc f() { go f() }\n")
    return Workspace(root)


SYMBOLS: Final = st.sampled_from(
    [
        "main.main",
        "main.main.func1",
        "main.main.gowrap1",
        "main.main.gowrap\u00b2",
        "main.main.func\u00b2",
        "main.main.gowrap" + "9" * 5000,
        "main.main.func" + "9" * 30,
        "main.main.func1.2.3",
        "main.worker",
        "main.(*T).M.gowrap0",
        "main.G[...].func1",
        "main.[...]",
        ".",
        "",
    ]
)
OVERLAY_PATHS: Final = st.sampled_from(
    [
        "example.com/m/app/main.go",
        "example.com/m/../outside.go",
        "example.com/m/app/../../outside.go",
        "example.com/m/%2e%2e/outside.go",
        "/build/app/main.go",
        "app/main.go",
        "main.go",
        "../outside.go",
        "/etc/passwd.go",
        "example.com/m/",
        ".go",
    ]
)


@given(st.lists(st.tuples(SYMBOLS, OVERLAY_PATHS, st.integers(-2, 12)), min_size=1, max_size=6))
@fuzz(150)
def test_hostile_profiles_place_inside_the_workspace(
    workspace: Workspace, frames: list[tuple[str, str, int]]
) -> None:
    text = "goroutine profile: total 3\n" + "".join(
        f"1 @ 0x1\n#\t0x1\t{fn}+0x1\t{path}:{line}\n\n" for fn, path, line in frames
    )
    profile = read_checked(text.encode("utf-8"))
    assert profile is not None
    with bounded(20, "placing a profile"):
        placed = place(workspace, sites(profile, workspace.is_user))
    for p in placed:
        for path in [p.path, *(g.path for g in p.go_statements)]:
            if path is not None:
                assert path.resolve().is_relative_to(workspace.root), path
