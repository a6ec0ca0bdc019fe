"""``gostuck test``: the goroutines a package's tests leave behind, proven by the runtime.

    report = run_tests(RunOptions(patterns=["./..."]))
    for tl in report.leaks:         # a GS9004 finding, the test that leaks it, the count
        print(tl.finding.span.path, tl.test, tl.count)

``harness.py`` writes what ``go test -overlay`` adds to each package (the capture of the
goroutineleak profile after ``m.Run()``); ``events.py`` reads ``go test -json``;
``leaks.py`` turns profiles and synctest panics into findings at the ``go`` statement;
``runner.py`` runs it all and narrows each leak to its test. Nothing here knows the
command line or LSP.
"""

from __future__ import annotations

from gostuck.testrun.leaks import CODE, NAME, Leak, LeakFinding
from gostuck.testrun.runner import GoError, Problem, RunOptions, RunReport, run_tests

__all__ = [
    "CODE",
    "NAME",
    "GoError",
    "Leak",
    "LeakFinding",
    "Problem",
    "RunOptions",
    "RunReport",
    "run_tests",
]
