"""GS2003: the edges of "every case is blocked" that the samples do not show."""

from __future__ import annotations

import pytest
from gostuck.analysis import api
from gostuck.analysis.model import Confidence, Finding, Options, Role, Severity

ONLY: Options = Options(select=frozenset({"GS2003"}))


def _gs2003(body: str, extra: str = "") -> list[Finding]:
    src = (
        f'package p\n\nimport "log"\n\nvar _ = log.Println\n\nfunc f(v int) {{\n{body}\n}}\n{extra}'
    )
    res = api.analyze_source("f.go", src.encode(), options=ONLY)
    assert res.errors == ()
    return [x for x in res.findings if x.code == "GS2003"]


DEAD = "\ta, b := make(chan int), make(chan int)\n"
SELECT = "\tgo func() {\n\t\tselect {\n\t\tcase <-a:\n\t\tcase <-b:\n\t\t}\n\t}()\n"


def test_dead_select_is_high_with_block_and_channels() -> None:
    [x] = _gs2003(DEAD + SELECT)
    assert x.confidence is Confidence.HIGH
    assert x.severity is Severity.WARNING
    assert (
        x.message
        == 'goroutine blocks forever in a select: no one sends on "a" or "b" or closes them'
    )
    assert [r.role for r in x.related] == [Role.BLOCK, Role.CHANNEL, Role.CHANNEL]


def test_select_on_some_paths_only_is_a_hint() -> None:
    body = (
        DEAD
        + "\tgo func() {\n\t\tif v > 0 {\n\t\t\treturn\n\t\t}\n"
        + "\t\tselect {\n\t\tcase <-a:\n\t\tcase <-b:\n\t\t}\n\t}()\n"
    )
    [x] = _gs2003(body)
    assert x.confidence is Confidence.MEDIUM


@pytest.mark.parametrize(
    "after",
    [
        "\tclose(b)\n",  # a close ends the wait
        "\tgo func() { a <- 1 }()\n",  # another goroutine sends
        "\ta = make(chan int)\n",  # reassigned: another channel may be the partner
        "\tc := a\n\t_ = c\n",  # aliased
        "\tsink(b)\n",  # handed to a function
        "\tvar x any = a\n\t_ = x\n",  # stored
    ],
)
def test_any_possible_partner_silences(after: str) -> None:
    assert _gs2003(DEAD + SELECT + after, "func sink(chan int) {}\n") == []


def test_shadowed_name_in_the_goroutine_silences() -> None:
    body = (
        DEAD
        + "\tgo func() {\n\t\ta := other()\n"
        + "\t\tselect {\n\t\tcase <-a:\n\t\tcase <-b:\n\t\t}\n\t}()\n"
    )
    assert _gs2003(body, "func other() chan int { return nil }\n") == []


def test_named_worker_that_closes_its_parameter_is_silent() -> None:
    extra = "func w(a, b chan int) {\n\tclose(b)\n\tselect {\n\tcase <-a:\n\tcase <-b:\n\t}\n}\n"
    assert _gs2003(DEAD + "\tgo w(a, b)\n", extra) == []


def test_named_worker_given_the_same_channel_twice_is_silent() -> None:
    extra = "func w(a, b chan int) {\n\tselect {\n\tcase a <- 1:\n\tcase <-b:\n\t}\n}\n"
    assert _gs2003(DEAD + "\tgo w(a, a)\n", extra) == []


def test_goroutine_started_from_main_is_silent() -> None:
    src = "package main\n\nfunc main() {\n" + DEAD + SELECT + "}\n"
    res = api.analyze_source("m.go", src.encode(), options=ONLY)
    assert [x for x in res.findings if x.code == "GS2003"] == []
