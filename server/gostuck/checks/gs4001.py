"""GS4001: goroutine loop with no way out.

A goroutine runs ``for { ... }`` with no return, break, panic or exit on any path: it never
ends. Started once per call of a function that returns, goroutines pile up.
"""

from __future__ import annotations

from gostuck.analysis.check import Check, Doc, Pass
from gostuck.analysis.model import Related, Role, Severity
from gostuck.checks import common
from gostuck.syntax import parse

DOC = Doc(
    title="goroutine loop with no way out",
    text=(
        "A goroutine runs a `for` loop that no path leaves: no return, no break, no panic. "
        "It runs until the process exits. From main or init that can be the design; per call "
        "or per request, every call leaves one more goroutine behind.\n\n"
        "Give the loop a way out: check ctx.Err() or a done channel on each round, or return "
        "when the input channel is closed."
    ),
    before=(
        "func (c *Client) Query(ctx context.Context) {\n"
        "\tgo func() {\n"
        "\t\tfor {\n"
        "\t\t\tc.refresh()\n"
        "\t\t\ttime.Sleep(time.Second)\n"
        "\t\t}\n"
        "\t}()\n"
        "}"
    ),
    after=(
        "func (c *Client) Query(ctx context.Context) {\n"
        "\tgo func() {\n"
        "\t\tfor ctx.Err() == nil {\n"
        "\t\t\tc.refresh()\n"
        "\t\t\ttime.Sleep(time.Second)\n"
        "\t\t}\n"
        "\t}()\n"
        "}"
    ),
)


def run(p: Pass) -> None:
    """Report goroutines stuck in a loop without a select and with no way out."""
    for go in p.facts.goroutines:
        if go.body is None or b"for" not in (go.body.text or b""):
            continue  # no loop, no endless loop
        if common.lifetime(p, go) != "call":
            continue
        loop = common.endless_loop(p, go)
        if loop is None or loop.selects:
            continue
        conf = common.endless_confidence(p, go, loop, many=common.runs_many(p, go))
        fname = common.function_name(go.parent)
        p.report(
            go.stmt,
            f"goroutine never exits: its loop has no return or break, and it is started "
            f"on every call of {fname}",
            confidence=conf,
            related=[
                Related(
                    Role.BLOCK,
                    parse.span(go.path, loop.loop, first_line_only=True),
                    "loop with no way out",
                ),
            ],
        )


CHECK = Check(
    code="GS4001",
    name="loop-without-exit",
    doc=DOC,
    run=run,
    severity=Severity.WARNING,
)
