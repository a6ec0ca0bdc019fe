"""GS5001: WaitGroup.Wait that can never return.

``Wait`` returns when the counter drops to zero. It never does when nothing calls ``Done``,
when a goroutine returns on some path without calling it, when ``Wait`` runs inside the loop
that starts the goroutines after all of them were added, or when the goroutines that would
call ``Done`` deadlock first, or block forever first where another check finds them stuck
(:mod:`gostuck.analysis.partner.blocked`).
"""

from __future__ import annotations

from gostuck.analysis.check import Check, Doc, Pass
from gostuck.analysis.flow.facts import Op
from gostuck.analysis.model import Confidence, Related, Role, Severity
from gostuck.analysis.partner import blocked
from gostuck.analysis.partner.syncfacts import GS_WG
from gostuck.checks import common, gs5common
from gostuck.syntax import parse

DOC = Doc(
    title="WaitGroup.Wait that can never return",
    text=(
        "wg.Wait() blocks until every Add is matched by a Done. A goroutine that returns "
        "early (an error branch, a continue out of the work) without calling Done leaves the "
        "counter above zero for good, and whoever waits, usually the function that started "
        "the goroutines, blocks forever with everything it holds. The same happens when "
        "nothing in the package calls Done on the WaitGroup at all, when Wait sits inside "
        "the loop that starts the goroutines although every one of them was added before the "
        "loop, and when the goroutines that call Done deadlock on a lock first, or block "
        "forever on anything else before their Done (a nil channel, a send nobody is left to "
        "receive: what the other checks find stuck). A closer "
        "`go func() { wg.Wait(); close(ch) }()` waits for senders its close cannot free: "
        "when the reader of ch returns early, the senders block and the closer waits "
        "forever with them.\n\n"
        "Call Done with defer as the first statement of the goroutine: it then runs on every "
        "path, panics included."
    ),
    before=(
        "for _, f := range files {\n"
        "\twg.Add(1)\n"
        "\tgo func(f string) {\n"
        "\t\tif err := process(f); err != nil {\n"
        "\t\t\treturn // Done is skipped: wg.Wait below never returns\n"
        "\t\t}\n"
        "\t\twg.Done()\n"
        "\t}(f)\n"
        "}\n"
        "wg.Wait()"
    ),
    after=(
        "for _, f := range files {\n"
        "\twg.Add(1)\n"
        "\tgo func(f string) {\n"
        "\t\tdefer wg.Done()\n"
        "\t\tif err := process(f); err != nil {\n"
        "\t\t\treturn\n"
        "\t\t}\n"
        "\t}(f)\n"
        "}\n"
        "wg.Wait()"
    ),
)


def _late_closers(p: Pass) -> None:
    """Report ``go func() { wg.Wait(); close(ch) }()`` waiting for senders that strand.

    The close can only run once every goroutine the Wait waits for has called Done, after
    its send: it cannot release them. On a path where the owner stops receiving early, the
    senders block and the closer blocks in Wait with them.
    """
    for s in p.facts.strands:
        if not s.late_closers:
            continue
        name = s.channel.name
        fname = common.function_name(s.parent_cfg.func)
        bad = s.stranding()
        verb = "sending on" if s.need is Op.SEND else "receiving from"
        partner = f'receiving from "{name}"' if s.need is Op.SEND else f'sending on "{name}"'
        for go, wait in s.late_closers:
            if go.path != p.path:
                continue
            related = [
                Related(
                    Role.BLOCK,
                    parse.span(go.path, wait, first_line_only=True),
                    f'blocks here: the goroutines it waits for never get past "{name}"',
                ),
                *common.block_related(p, s, f'they block here {verb} "{name}"'),
                common.exit_related(p, s, bad[0], partner),
                common.channel_related(p, s),
            ]
            p.report(
                go.stmt,
                f'goroutine blocks forever in "{parse.text(wait)}": the goroutines it waits for '
                f'block {verb} "{name}" when {fname} returns without {partner}, and its close '
                f'of "{name}" comes only after them',
                confidence=common.confidence(s),
                related=related,
                data=(("channel", name),),
            )


def run(p: Pass) -> None:
    """Report goroutines whose WaitGroup.Wait can never return."""
    gs5common.report(p, GS_WG)
    _late_closers(p)


def follow(p: Pass) -> None:
    """Report waits for goroutines that another finding shows stuck before their Done."""
    for b in blocked.behind_for(p.facts, GS_WG):
        p.report(
            b.go,
            f'goroutine blocks forever in "{b.primitive}.Wait": a goroutine it waits for '
            "can block forever before it calls Done",
            confidence=Confidence.MEDIUM,
            related=[
                Related(
                    Role.BLOCK,
                    parse.span(b.block_path, b.block, first_line_only=True),
                    "blocks here",
                ),
                Related(
                    Role.OTHER,
                    p.span(b.cause.go, first_line_only=True),
                    f"a goroutine it waits for, stuck before its Done ({b.cause.code})",
                ),
                Related(
                    Role.OTHER,
                    parse.span(b.cause_path, b.cause_site, first_line_only=True),
                    "it blocks here forever first",
                ),
            ],
        )


CHECK = Check(
    code=GS_WG,
    name="waitgroup-wait-never-done",
    doc=DOC,
    run=run,
    follow=follow,
    severity=Severity.WARNING,
)
