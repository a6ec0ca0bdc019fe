"""GS1006: timer drain that waits for a value already taken.

``if !t.Stop() { <-t.C }`` drains a timer that expired before Stop. When the goroutine has
already received the timer's value (another select case ``<-t.C`` with no ``t.Reset``
since), Stop returns false and no value will ever come: the drain blocks forever. The
search and its limits are in :mod:`gostuck.analysis.partner.timers`. A goroutine that sends, in an
endless loop, on a channel whose only receiver is such a stuck loop is reported too.
"""

from __future__ import annotations

from gostuck.analysis.check import Check, Doc, Pass
from gostuck.analysis.model import Confidence, Related, Role, Severity
from gostuck.syntax import parse

DOC = Doc(
    title="timer drain that waits for a value already taken",
    text=(
        "`if !t.Stop() { <-t.C }` takes the value of a timer that expired before Stop. A "
        "timer sends one value per start (`time.NewTimer`, `t.Reset`). When the goroutine "
        "has already received it (a select case `<-t.C` that does not reset the timer, "
        "then another case drains it), Stop returns false, no value is left, and the drain "
        "waits forever. This holds with every Go version. Since Go 1.23 (timer channels "
        "are synchronous) the same happens after an earlier `t.Stop()` with no restart in "
        "between; that reason is used for modules whose go.mod says go 1.23 or later. "
        "When the way from there to the drain skips a restart only by an `if` of the same "
        "round (`if len(batch) == 1 { t.Reset(d) }`), the condition may rule that way out: "
        "low confidence.\n\n"
        "A goroutine stuck in such a drain never receives again. When it is the only "
        "receiver of a channel field and takes nothing but receives from others (no send, "
        "close, or call that could give), a goroutine sending on that field on every round "
        "of an endless loop (`for {`, `for range ch`) fills the buffer and then blocks too: "
        "reported on that goroutine's `go` statement at medium confidence.\n\n"
        "Reset the timer where its value is received (`case <-t.C: ...; t.Reset(d)`), or, "
        "with Go 1.23 or later, drop the drain: `t.Reset(d)` alone never delivers a stale "
        "value."
    ),
    before=(
        "go func() {\n"
        "\tfor {\n"
        "\t\tselect {\n"
        "\t\tcase <-t.C:\n"
        "\t\t\tflush()\n"
        "\t\tcase <-kick:\n"
        "\t\t\tif !t.Stop() {\n"
        "\t\t\t\t<-t.C // the value was received above: blocks forever\n"
        "\t\t\t}\n"
        "\t\t\tt.Reset(d)\n"
        "\t\tcase <-ctx.Done():\n"
        "\t\t\treturn\n"
        "\t\t}\n"
        "\t}\n"
        "}()"
    ),
    after=(
        "go func() {\n"
        "\tfor {\n"
        "\t\tselect {\n"
        "\t\tcase <-t.C:\n"
        "\t\t\tflush()\n"
        "\t\t\tt.Reset(d)\n"
        "\t\tcase <-kick:\n"
        "\t\t\tt.Reset(d) // Go 1.23+: no stale value to drain\n"
        "\t\tcase <-ctx.Done():\n"
        "\t\t\treturn\n"
        "\t\t}\n"
        "\t}\n"
        "}()"
    ),
)


def run(p: Pass) -> None:
    """Report goroutines whose timer drain can wait for a value already taken."""
    for td in p.facts.timer_drains:
        go = td.goroutine
        if td.stopped:
            why = f'"{td.timer}" was stopped here and not started again'
            what = "stopped"
        else:
            why = f'the value of "{td.timer}" was received here and the timer not reset'
            what = "already received"
        p.report(
            go.stmt,
            f'goroutine can block forever draining timer "{td.timer}": its value was '
            f"{what} before Stop, so Stop returns false and no value comes",
            confidence=Confidence.LOW if td.guarded else Confidence.HIGH,
            related=[
                Related(
                    Role.BLOCK,
                    parse.span(td.path, td.drain, first_line_only=True),
                    "blocks here forever",
                ),
                Related(Role.PATH, parse.span(td.path, td.source, first_line_only=True), why),
            ],
            data=(("timer", td.timer),),
        )
    for ss in p.facts.timer_stranded_sends:
        td = ss.drain
        p.report(
            ss.goroutine.stmt,
            f'goroutine can block forever sending on "{ss.field}": its only receiver can '
            f'block forever draining timer "{td.timer}", and the sends go on every round of '
            f"an endless loop",
            confidence=Confidence.MEDIUM,
            related=[
                Related(
                    Role.BLOCK,
                    parse.span(ss.send_path, ss.send, first_line_only=True),
                    "blocks here once the buffer is full",
                ),
                Related(
                    Role.PATH,
                    parse.span(td.path, td.drain, first_line_only=True),
                    f'the only goroutine receiving "{ss.field}" can block here for good',
                ),
            ],
            data=(("channel", ss.field), ("timer", td.timer)),
        )


CHECK = Check(
    code="GS1006",
    name="timer-drain-without-value",
    doc=DOC,
    run=run,
    severity=Severity.WARNING,
)
