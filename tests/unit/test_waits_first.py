"""A sender that may wait on a channel from out of view before its send: listed, no buffer fix."""

from __future__ import annotations

from pathlib import Path

from gostuck.analysis import api
from gostuck.analysis.model import Options, Role

SAMPLE = Path(__file__).parents[2] / "samples" / "gs1001" / "waitsfirst.go"


def test_a_range_over_a_callers_channel_comes_first_and_takes_the_buffer_fix_away() -> None:
    src = SAMPLE.read_bytes()
    lines = src.decode().splitlines()
    found = {
        f.message.split(" when ")[1].split()[0]: f
        for f in api.analyze_source(
            str(SAMPLE), src, options=Options(select=frozenset({"GS1001"}))
        ).findings
    }
    build, check = found["BuildAll"], found["CheckAll"]

    blocks = [r for r in build.related if r.role is Role.BLOCK]
    assert [lines[r.span.start_line].strip() for r in blocks] == [
        "for e := range in {",
        "out <- errors.Join(all...)",
    ]
    assert blocks[0].message == 'may block here first: whoever closes "in" is out of view'
    assert build.fixes == ()

    blocks = [r for r in check.related if r.role is Role.BLOCK]
    assert [lines[r.span.start_line].strip() for r in blocks] == ["out <- errors.Join(all...)"]
    assert [f.title for f in check.fixes] == ['Give "joined" a buffer of 1']
