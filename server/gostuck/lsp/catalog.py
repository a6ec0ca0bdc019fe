"""What the server needs to know about each check: its docs, default severity and link.

A thin read of ``gostuck.analysis.registry`` so hovers, diagnostics and code actions share one
lookup, and so a code the registry does not know (a profile finding from
``gostuck.lsp.profiles``, a retired check) still gets a documentation link.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Final

from gostuck.analysis import registry
from gostuck.analysis.model import Severity


@dataclass(frozen=True, slots=True)
class CheckInfo:
    """One check as the server shows it."""

    code: str
    name: str
    title: str
    text: str
    before: str
    after: str
    severity: Severity
    url: str


PROFILE_CODES: Final = frozenset(c.code for c in registry.RUNTIME)


def docs_url(code: str) -> str:
    """Return the documentation link of a check code."""
    return registry.DOCS_URL.format(code=code)


@functools.cache
def lookup(code: str) -> CheckInfo | None:
    """Return a check's docs, or None when no registered check has this code."""
    check = registry.by_code(code)
    if check is None:
        return None
    return CheckInfo(
        code=check.code,
        name=check.name,
        title=check.doc.title,
        text=check.doc.text,
        before=check.doc.before,
        after=check.doc.after,
        severity=check.severity,
        url=check.url,
    )
