"""Every check, listed by hand (nothing is discovered at import time)."""

from __future__ import annotations

from typing import Final

from gostuck.analysis import suppress
from gostuck.analysis.check import DOCS_URL, Check, Doc, Pass
from gostuck.analysis.model import Options, Severity
from gostuck.checks import (
    gs1001,
    gs1002,
    gs1003,
    gs1004,
    gs1005,
    gs1006,
    gs1007,
    gs2001,
    gs2002,
    gs2003,
    gs3001,
    gs4001,
    gs4002,
    gs4003,
    gs5001,
    gs5002,
    gs5003,
    gs5004,
    gs5005,
    gs5006,
    runtime,
)


def _reported_by_suppress(p: Pass) -> None:
    """Do nothing: :mod:`gostuck.analysis.suppress` reports this code."""


UNUSED_IGNORE: Final = Check(
    code=suppress.UNUSED_CODE,
    name=suppress.UNUSED_NAME,
    doc=Doc(
        title="ignore directive that matches no finding",
        text=(
            "A //gostuck:ignore directive suppresses findings of the named checks on the "
            "line below it. When none is there (the code was fixed, or the directive sits on "
            "the wrong line) the directive is stale: remove it."
        ),
        before="//gostuck:ignore GS1001 result is always received\nresult := compute()",
        after="result := compute()",
    ),
    run=_reported_by_suppress,
)

MALFORMED_IGNORE: Final = Check(
    code=suppress.MALFORMED_CODE,
    name=suppress.MALFORMED_NAME,
    doc=Doc(
        title="ignore directive without a code or a reason",
        text=(
            "//gostuck:ignore must name the codes it suppresses and say why, so the next "
            "reader knows the finding was looked at. A directive without them suppresses "
            "nothing."
        ),
        before="//gostuck:ignore GS1001\ngo send(ch)",
        after="//gostuck:ignore GS1001 main receives on every path (see drain)\ngo send(ch)",
    ),
    run=_reported_by_suppress,
)

CHECKS: Final[tuple[Check, ...]] = (
    UNUSED_IGNORE,
    MALFORMED_IGNORE,
    gs1001.CHECK,
    gs1002.CHECK,
    gs1003.CHECK,
    gs1004.CHECK,
    gs1005.CHECK,
    gs1006.CHECK,
    gs1007.CHECK,
    gs2001.CHECK,
    gs2002.CHECK,
    gs2003.CHECK,
    gs3001.CHECK,
    gs4001.CHECK,
    gs4002.CHECK,
    gs4003.CHECK,
    gs5001.CHECK,
    gs5002.CHECK,
    gs5003.CHECK,
    gs5004.CHECK,
    gs5005.CHECK,
    gs5006.CHECK,
)

META_CODES: Final = frozenset({suppress.UNUSED_CODE, suppress.MALFORMED_CODE})
BY_CODE: Final = {c.code: c for c in CHECKS}
# GS9xxx: codes reported from a profile or a test run, never run over a file. They are not
# in CHECKS (nothing selects or runs them); they have docs for `explain` and docs/checks/.
RUNTIME: Final[tuple[Check, ...]] = runtime.CHECKS
RUNTIME_BY_CODE: Final = {c.code: c for c in RUNTIME}

__all__ = [
    "BY_CODE",
    "CHECKS",
    "DOCS_URL",
    "META_CODES",
    "RUNTIME",
    "RUNTIME_BY_CODE",
    "Severity",
    "by_code",
    "selected",
]


def by_code(code: str) -> Check | None:
    """Return the check with this code (case-insensitive), or None."""
    return BY_CODE.get(code.upper())


def _match(code: str, name: str, patterns: frozenset[str]) -> bool:
    return any(code.startswith(pat.upper()) or name == pat for pat in patterns)


def is_selected(code: str, options: Options) -> bool:
    """Tell whether ``options`` selects the check with this code."""
    check = BY_CODE.get(code)
    if check is None:
        return False
    if options.select:
        chosen = _match(check.code, check.name, options.select)
    else:
        chosen = check.enabled_by_default
    return chosen and not _match(check.code, check.name, options.ignore)


def selected(options: Options) -> list[Check]:
    """Return the checks ``options`` asks for, in registry order."""
    return [c for c in CHECKS if is_selected(c.code, options)]
