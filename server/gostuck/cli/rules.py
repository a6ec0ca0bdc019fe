"""The check catalogue as the CLI shows it, read from the analysis registry."""

from __future__ import annotations

import functools

from gostuck.analysis import registry
from gostuck.analysis.check import Check
from gostuck.cli.output import RuleInfo


def rule_info(check: Check) -> RuleInfo:
    """Return what the formatters and ``explain`` need to know about one check."""
    doc = check.doc
    return RuleInfo(
        code=check.code,
        name=check.name,
        title=doc.title,
        text=doc.text,
        before=doc.before,
        after=doc.after,
        since=doc.since,
        severity=check.severity,
        enabled_by_default=check.enabled_by_default,
        help_uri=check.url,
    )


@functools.cache
def load_rules() -> tuple[RuleInfo, ...]:
    """Return every registered check, sorted by code."""
    return tuple(sorted((rule_info(c) for c in registry.CHECKS), key=lambda r: r.code))


@functools.cache
def runtime_rules() -> tuple[RuleInfo, ...]:
    """Return the GS9xxx codes that profiles and ``gostuck test`` report, sorted by code."""
    return tuple(sorted((rule_info(c) for c in registry.RUNTIME), key=lambda r: r.code))


def find(code: str) -> RuleInfo | None:
    """Return the check with this code or kebab-case name (case-insensitive), or None."""
    wanted = code.strip()
    for rule in load_rules() + runtime_rules():
        if rule.code == wanted.upper() or rule.name == wanted.lower():
            return rule
    return None
