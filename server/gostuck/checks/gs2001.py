"""GS2001: select loop with no way out.

``for { select { ... } }`` in a goroutine, where no case returns or breaks out of the loop
and there is no ``ctx.Done()``, done channel or ``default``: the goroutine can never end.
Started once per call of a function that returns, it piles up. A case that ends with a bare
``break`` meant to end the loop (it leaves only the select) is reported however often the
goroutine starts: whoever made that case fire expects the goroutine gone.
"""

from __future__ import annotations

from tree_sitter import Node

from gostuck.analysis.check import Check, Doc, Pass
from gostuck.analysis.model import Confidence, Related, Role, Severity
from gostuck.checks import common
from gostuck.syntax import cfg, parse

DOC = Doc(
    title="select loop with no way out",
    text=(
        "A goroutine loops over a select whose cases never return or break out of the loop, "
        "and none of them waits on ctx.Done() or a done channel. Nothing can end it. Started "
        "from main or init that may be the plan; started per call or per request, one more "
        "goroutine stays behind every time.\n\n"
        "Add a case that ends the loop: `case <-ctx.Done(): return`, or a done channel that "
        "the owner closes when it shuts down."
    ),
    before=(
        "func watch(ctx context.Context, events <-chan Event) {\n"
        "\tgo func() {\n"
        "\t\tfor {\n"
        "\t\t\tselect {\n"
        "\t\t\tcase e := <-events:\n"
        "\t\t\t\thandle(e)\n"
        "\t\t\t}\n"
        "\t\t}\n"
        "\t}()\n"
        "}"
    ),
    after=(
        "func watch(ctx context.Context, events <-chan Event) {\n"
        "\tgo func() {\n"
        "\t\tfor {\n"
        "\t\t\tselect {\n"
        "\t\t\tcase <-ctx.Done():\n"
        "\t\t\t\treturn\n"
        "\t\t\tcase e := <-events:\n"
        "\t\t\t\thandle(e)\n"
        "\t\t\t}\n"
        "\t\t}\n"
        "\t}()\n"
        "}"
    ),
)


def run(p: Pass) -> None:
    """Report goroutines looping over a select that can never end the loop."""
    for go in p.facts.goroutines:
        if go.body is None or b"for" not in (go.body.text or b""):
            continue  # no loop, no endless loop
        per_call = common.lifetime(p, go) == "call"
        loop = common.endless_loop(p, go)
        if loop is None or not loop.selects:
            continue
        breaks = [b for s in loop.selects for b in ineffective_breaks(s)]
        if not per_call and not breaks:
            continue
        fname = common.function_name(go.parent)
        if breaks:
            # The author meant the case to end the loop: whoever ran it expects the
            # goroutine gone, however often it is started.
            conf = Confidence.HIGH
            message = (
                "goroutine never exits: the break in its select case leaves only the select, "
                "not the loop, so the goroutine waits in the select again for ever"
            )
        else:
            conf = common.endless_confidence(p, go, loop, many=common.runs_many(p, go))
            message = (
                f"goroutine never exits: no case of its select loop returns or breaks out, "
                f"and it is started on every call of {fname}"
            )
        p.report(
            go.stmt,
            message,
            confidence=conf,
            related=[
                Related(
                    Role.BLOCK,
                    parse.span(go.path, loop.selects[0], first_line_only=True),
                    "no case of this select ends the loop",
                ),
                *[
                    Related(
                        Role.PATH,
                        parse.span(go.path, b, first_line_only=True),
                        "this break leaves the select, not the loop",
                    )
                    for b in breaks
                ],
                Related(
                    Role.OTHER,
                    parse.span(go.path, loop.loop, first_line_only=True),
                    "loop with no way out",
                ),
                *[
                    Related(
                        Role.OTHER,
                        parse.span(go.path, case, first_line_only=True),
                        "this case never fires: nothing in the package sends on or closes "
                        "its channel",
                    )
                    for case in loop.selects[0].named_children
                    if case.type == "communication_case"
                    and p.facts.dead_channels.is_dead_case(case)
                ],
            ],
            fixes=common.done_case_fix(p, go, loop.selects[0]),
        )


def ineffective_breaks(select: Node) -> list[Node]:
    """Return the unlabelled ``break`` statements that end a case of ``select`` (and nothing else).

    Such a ``break`` leaves only the select, which the case leaves anyway: in a loop it reads
    as "stop looping" and does nothing (staticcheck's SA4011).
    """
    out: list[Node] = []
    for case in select.named_children:
        if case.type != "communication_case":
            continue
        stmts = cfg.case_body(case)
        if stmts and stmts[-1].type == "break_statement" and not stmts[-1].named_children:
            out.append(stmts[-1])
    return out


CHECK = Check(
    code="GS2001",
    name="select-without-exit",
    doc=DOC,
    run=run,
    severity=Severity.WARNING,
)
