"""What the server needs to know about each check: its docs, default severity and link.

A thin read of ``gostuck.analysis.registry`` so hovers, diagnostics and code actions share one
lookup, and so a code the registry does not know (a profile finding, a retired check) still
gets a sensible answer.
"""

from __future__ import annotations

import functools
import importlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from gostuck.analysis.model import Severity

log = logging.getLogger(__name__)

FALLBACK_DOCS_URL: Final = "https://github.com/gostuck/gostuck/blob/main/docs/checks/{code}.md"


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


def _registry() -> Any:
    try:
        return importlib.import_module("gostuck.analysis.registry")
    except ImportError:
        log.warning("gostuck.analysis.registry is missing: checks have no docs")
        return None


def docs_url(code: str) -> str:
    """Return the documentation link of a check code."""
    registry = _registry()
    template = getattr(registry, "DOCS_URL", None) or FALLBACK_DOCS_URL
    return str(template).format(code=code)


@functools.cache
def lookup(code: str) -> CheckInfo | None:
    """Return a check's docs, or None when no registered check has this code."""
    registry = _registry()
    checks: Any = getattr(registry, "CHECKS", ())
    items: Iterable[Any] = checks.values() if isinstance(checks, dict) else checks
    for check in items:
        if getattr(check, "code", None) != code:
            continue
        doc = getattr(check, "doc", None)
        severity = getattr(check, "severity", Severity.WARNING)
        return CheckInfo(
            code=code,
            name=str(getattr(check, "name", "")),
            title=str(getattr(doc, "title", "")),
            text=str(getattr(doc, "text", "")),
            before=str(getattr(doc, "before", "")),
            after=str(getattr(doc, "after", "")),
            severity=severity if isinstance(severity, Severity) else Severity.WARNING,
            url=docs_url(code),
        )
    return None
