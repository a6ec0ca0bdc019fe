"""GS4002: unbounded spawning is a hint, whatever the loop ranges over."""

from __future__ import annotations

import pytest
from gostuck.analysis import api
from gostuck.analysis.model import Confidence, Finding, Options

ONLY: Options = Options(select=frozenset({"GS4002"}))


def _gs4002(src: str) -> list[Finding]:
    res = api.analyze_source("f.go", src.encode(), options=ONLY)
    assert res.errors == ()
    return [x for x in res.findings if x.code == "GS4002"]


@pytest.mark.parametrize(
    ("param", "what"),
    [
        ("conns <-chan net.Conn", 'each value received from "conns"'),
        ("conns []net.Conn", 'each element of "conns"'),
        ("conns ...net.Conn", 'each element of "conns"'),
    ],
)
def test_spawn_per_input_is_low(param: str, what: str) -> None:
    src = (
        'package p\n\nimport "net"\n\nfunc handle(c net.Conn) { _ = c.Close() }\n\n'
        f"func serveConns({param}) {{\n\tfor _, c := range conns {{\n\t\tgo handle(c)\n\t}}\n}}\n"
    )
    if "chan" in param:
        src = src.replace("for _, c := range", "for c := range")
    [x] = _gs4002(src)
    assert x.confidence is Confidence.LOW
    assert what in x.message
