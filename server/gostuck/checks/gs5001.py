"""GS5001: WaitGroup.Wait that can never return.

``Wait`` returns when the counter drops to zero. It never does when nothing calls ``Done``,
when a goroutine returns on some path without calling it, when ``Wait`` runs inside the loop
that starts the goroutines after all of them were added, or when the goroutines that would
call ``Done`` deadlock first.
"""

from __future__ import annotations

from gostuck.analysis.check import Check, Doc, Pass
from gostuck.analysis.model import Severity
from gostuck.analysis.syncfacts import GS_WG
from gostuck.checks import gs5common

DOC = Doc(
    title="WaitGroup.Wait that can never return",
    text=(
        "wg.Wait() blocks until every Add is matched by a Done. A goroutine that returns "
        "early (an error branch, a continue out of the work) without calling Done leaves the "
        "counter above zero for good, and whoever waits, usually the function that started "
        "the goroutines, blocks forever with everything it holds. The same happens when "
        "nothing in the package calls Done on the WaitGroup at all, when Wait sits inside "
        "the loop that starts the goroutines although every one of them was added before the "
        "loop, and when the goroutines that call Done deadlock on a lock first.\n\n"
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


def run(p: Pass) -> None:
    """Report goroutines whose WaitGroup.Wait can never return."""
    gs5common.report(p, GS_WG)


CHECK = Check(
    code=GS_WG,
    name="waitgroup-wait-never-done",
    doc=DOC,
    run=run,
    severity=Severity.WARNING,
)
