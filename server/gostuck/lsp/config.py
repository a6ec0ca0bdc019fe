"""The language server's settings: typed, with defaults, read from the client's JSON.

Settings arrive camelCase (``minConfidence``, ``profile.maxBytes``) in ``initializationOptions``
and in ``workspace/didChangeConfiguration`` under the ``gostuck`` section; Python uses
snake_case. :func:`to_camel` and :func:`to_snake` are the one converter between the two, and
:func:`structure` walks the dataclasses below to turn JSON into typed values. A bad value never
stops the server: it becomes a :class:`Problem` (logged and shown once by the server) and the
field keeps its default. ``docs/settings.md`` is the contract; a unit test keeps them equal.

This is the JSON edge of the server, the one module where ``Any`` is allowed.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal, TypeVar, get_args, get_origin

from gostuck.analysis.model import Confidence, Options, Severity

SECTION: Final = "gostuck"

ConfidenceName = Literal["low", "medium", "high"]
SeverityName = Literal["error", "warning", "information", "hint"]

CONFIDENCES: Final[Mapping[str, Confidence]] = {
    "low": Confidence.LOW,
    "medium": Confidence.MEDIUM,
    "high": Confidence.HIGH,
}
SEVERITIES: Final[Mapping[str, Severity]] = {
    "error": Severity.ERROR,
    "warning": Severity.WARNING,
    "information": Severity.INFO,
    "hint": Severity.HINT,
}

# A check code ("GS3001") or a prefix of one ("GS", "GS1", "GS30").
_CODE_PREFIX: Final = re.compile(r"GS\d{0,4}")
_CODE: Final = re.compile(r"GS\d{4}")


@dataclass(frozen=True, slots=True)
class ProfileSettings:
    """How goroutine profiles are read and shown."""

    min_goroutines: int = field(default=1, metadata={"min": 0})
    """Profile sites with fewer goroutines get no diagnostic."""

    warn_goroutines: int = field(default=100, metadata={"min": 0})
    """Sites with at least this many goroutines are warnings, the rest information."""

    max_bytes: int = field(default=268_435_456, metadata={"min": 1})
    """Largest profile read from a file or URL (decompressed), in bytes."""

    timeout_seconds: float = field(default=30.0, metadata={"min": 0})
    """Time limit for fetching a profile from a URL, in seconds."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a client can configure (``docs/settings.md``)."""

    select: tuple[str, ...] = field(default=(), metadata={"item": _CODE_PREFIX})
    """Check codes or prefixes to run (``GS1``, ``GS3001``); empty runs the default checks."""

    ignore: tuple[str, ...] = field(default=(), metadata={"item": _CODE_PREFIX})
    """Check codes or prefixes never to run."""

    min_confidence: ConfidenceName = "medium"
    """Findings below this confidence are not shown."""

    severity_overrides: Mapping[str, SeverityName] = field(
        default_factory=dict, metadata={"key": _CODE}
    )
    """Severity per check code, over the check's default."""

    include_tests: bool = True
    """Analyse ``_test.go`` files."""

    debounce_ms: int = field(default=150, metadata={"min": 0, "max": 60_000})
    """Delay after the last edit before a document is analysed, in milliseconds."""

    profile: ProfileSettings = field(default_factory=ProfileSettings)
    """How goroutine profiles are read and shown."""

    allow_tool_execution: bool = False
    """Allow the server to run ``go test`` when asked to (``gostuck.server.runTests``)."""

    def options(self) -> Options:
        """Return the analysis options these settings ask for."""
        return Options(
            select=frozenset(self.select),
            ignore=frozenset(self.ignore),
            min_confidence=CONFIDENCES[self.min_confidence],
            include_tests=self.include_tests,
        )

    def severity_for(self, code: str, default: Severity, confidence: Confidence) -> Severity:
        """Return how loudly a finding is shown.

        An override for the code wins. Otherwise a high-confidence finding keeps the check's
        default severity and anything less sure is shown as a hint (DESIGN.md: the default
        view shows only the high-confidence findings, the rest are available as hints).
        """
        override = self.severity_overrides.get(code)
        if override is not None:
            return SEVERITIES[override]
        if confidence >= Confidence.HIGH:
            return default
        return Severity.HINT


@dataclass(frozen=True, slots=True)
class Problem:
    """A setting that could not be used; ``key`` is the camelCase wire name."""

    key: str
    message: str

    def __str__(self) -> str:
        return f"gostuck setting {self.key!r}: {self.message}; using the default"


def to_camel(name: str) -> str:
    """Return the wire name of a Python field: ``min_confidence`` -> ``minConfidence``."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def to_snake(name: str) -> str:
    """Return the Python name of a wire key: ``minConfidence`` -> ``min_confidence``."""
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


T = TypeVar("T")


def structure(cls: type[T], raw: Any, *, prefix: str = "") -> tuple[T, list[Problem]]:
    """Build ``cls`` from JSON, keeping the default of every field whose value is bad.

    Keys may be nested (``{"profile": {"maxBytes": 1}}``) or dotted
    (``{"profile.maxBytes": 1}``), as editors send both. Unknown keys are reported.
    """
    problems: list[Problem] = []
    if raw is None:
        return cls(), problems
    if not isinstance(raw, Mapping):
        problems.append(Problem(prefix.rstrip(".") or SECTION, "expected an object"))
        return cls(), problems
    raw = _nest_dotted(raw)
    hints = typing.get_type_hints(cls)
    wire_to_field = {to_camel(f.name): f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for key, value in raw.items():
        fld = wire_to_field.get(key) if isinstance(key, str) else None
        if fld is None:
            problems.append(Problem(prefix + str(key), "unknown setting"))
            continue
        wire = prefix + key
        tp = hints[fld.name]
        if dataclasses.is_dataclass(tp) and isinstance(tp, type):
            values[fld.name], nested = structure(tp, value, prefix=wire + ".")
            problems.extend(nested)
            continue
        error = _check(tp, value, fld.metadata)
        if error is not None:
            problems.append(Problem(wire, error))
            continue
        values[fld.name] = _convert(tp, value)
    return cls(**values), problems


def unstructure(obj: Any) -> dict[str, Any]:
    """Return the wire form (camelCase keys, JSON values) of a settings dataclass."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if dataclasses.is_dataclass(value):
            out[to_camel(f.name)] = unstructure(value)
        elif isinstance(value, tuple):
            out[to_camel(f.name)] = list(value)
        elif isinstance(value, Mapping):
            out[to_camel(f.name)] = dict(value)
        else:
            out[to_camel(f.name)] = value
    return out


def wire_keys(cls: type[Any], prefix: str = "") -> list[str]:
    """Return every leaf setting's dotted wire name (``profile.maxBytes``), in field order."""
    keys: list[str] = []
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        tp = hints[f.name]
        name = prefix + to_camel(f.name)
        if dataclasses.is_dataclass(tp) and isinstance(tp, type):
            keys.extend(wire_keys(tp, name + "."))
        else:
            keys.append(name)
    return keys


def section(raw: Any) -> Any:
    """Return the ``gostuck`` part of a settings payload (editors send it wrapped or not)."""
    if isinstance(raw, Mapping) and isinstance(raw.get(SECTION), Mapping):
        return raw[SECTION]
    return raw


def _nest_dotted(raw: Mapping[Any, Any]) -> dict[Any, Any]:
    """Turn ``{"profile.maxBytes": 1}`` into ``{"profile": {"maxBytes": 1}}``."""
    out: dict[Any, Any] = {}
    for key, value in raw.items():
        if isinstance(key, str) and "." in key:
            head, tail = key.split(".", 1)
            inner = out.setdefault(head, {})
            if isinstance(inner, dict):
                inner[tail] = value
                continue
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key].update(value)
        else:
            out[key] = value
    return out


def _describe(tp: Any) -> str:
    origin = get_origin(tp)
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in get_args(tp))
    if origin is tuple:
        return "a list of strings"
    if origin in (Mapping, dict):
        return "an object"
    return {bool: "true or false", int: "an integer", float: "a number", str: "a string"}.get(
        tp, str(tp)
    )


def _check(tp: Any, value: Any, meta: Mapping[str, Any]) -> str | None:
    """Return why ``value`` does not fit type ``tp`` (and the field's metadata), or None."""
    origin = get_origin(tp)
    expected = f"expected {_describe(tp)}, got {value!r}"
    if origin is Literal:
        return None if value in get_args(tp) else expected
    if tp is bool:
        return None if isinstance(value, bool) else expected
    if tp in (int, float):
        numeric = (int,) if tp is int else (int, float)
        if isinstance(value, bool) or not isinstance(value, numeric):
            return expected
        if "min" in meta and value < meta["min"]:
            return f"expected at least {meta['min']}, got {value!r}"
        if "max" in meta and value > meta["max"]:
            return f"expected at most {meta['max']}, got {value!r}"
        return None
    if tp is str:
        return None if isinstance(value, str) else expected
    if origin is tuple:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return expected
        pattern: re.Pattern[str] | None = meta.get("item")
        bad = [v for v in value if pattern is not None and not pattern.fullmatch(v.upper())]
        return f"not a check code or prefix: {', '.join(bad)}" if bad else None
    if origin in (Mapping, dict, types.MappingProxyType):
        if not isinstance(value, Mapping):
            return expected
        _, value_tp = get_args(tp)
        key_pattern: re.Pattern[str] | None = meta.get("key")
        for k, v in value.items():
            if not isinstance(k, str) or (
                key_pattern is not None and not key_pattern.fullmatch(k.upper())
            ):
                return f"not a check code: {k!r}"
            if _check(value_tp, v, {}) is not None:
                return f"{k}: expected {_describe(value_tp)}, got {v!r}"
        return None
    return f"unsupported setting type {tp}"  # pragma: no cover - a programming error


def _convert(tp: Any, value: Any) -> Any:
    """Turn a checked JSON value into the field's Python value."""
    origin = get_origin(tp)
    if origin is tuple:
        return tuple(v.upper() for v in value)
    if origin in (Mapping, dict):
        return {k.upper(): v for k, v in value.items()}
    if tp is float:
        return float(value)
    return value
