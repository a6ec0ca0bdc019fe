"""``gostuck test``: the goroutines a package's tests leave behind, proven by the runtime.

    report = run_tests(RunOptions(patterns=["./..."]))
    for tl in report.leaks:         # a GS9004 finding, the test that leaks it, the count
        print(tl.finding.span.path, tl.test, tl.count)

``scan.py`` finds the packages to test from their files (``go list`` when it cannot tell);
``harness.py`` writes what ``go test -overlay`` adds to each package (the capture of the
goroutineleak profile after ``m.Run()``); ``events.py`` reads ``go test -json``;
``leaks.py`` turns profiles and synctest panics into findings at the ``go`` statement;
``runner.py`` runs it all and narrows each leak to its test. Nothing here knows the
command line or LSP.

``leaks.py`` (and the profile reader and analysis model under it) is imported when first
used, not with the package: only once a profile shows a leak. Every import before
``go test`` starts is paid on each run, which is why nothing on that path imports
``typing`` either (``TYPE_CHECKING = False`` stands in for ``typing.TYPE_CHECKING``).
"""

from __future__ import annotations

import importlib

from gostuck.testrun.runner import GoError, Problem, RunOptions, RunReport, run_tests

# typing.TYPE_CHECKING, without importing typing (start-up time: see gostuck/__init__.py)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from gostuck.testrun.leaks import Leak, LeakFinding

_FROM_LEAKS = frozenset({"Leak", "LeakFinding"})


def __getattr__(name: str) -> Any:
    """Import ``leaks.py``'s names on first use (PEP 562)."""
    if name in _FROM_LEAKS:
        return getattr(importlib.import_module("gostuck.testrun.leaks"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "GoError",
    "Leak",
    "LeakFinding",
    "Problem",
    "RunOptions",
    "RunReport",
    "run_tests",
]
