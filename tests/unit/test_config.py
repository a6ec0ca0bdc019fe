"""Settings: defaults, the camelCase <-> snake_case converter, bad values (gostuck.lsp.config)."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import itertools
import json
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
from gostuck.analysis.model import Confidence, Options, Severity
from gostuck.lsp import config
from gostuck.lsp.config import ProfileSettings, Settings

ROOT = Path(__file__).resolve().parents[2]


def test_defaults_match_the_contract() -> None:
    s = Settings()
    assert s.select == ()
    assert s.ignore == ()
    assert s.min_confidence == "medium"
    assert s.severity_overrides == {}
    assert s.include_tests is True
    assert s.debounce_ms == 150
    assert s.profile == ProfileSettings(1, 100, 268_435_456, 30.0)
    assert s.allow_tool_execution is False


def documented_keys() -> dict[str, str]:
    """Key -> default column of the settings table in docs/settings.md."""
    text = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    text = text.split("## Server commands")[0]
    keys: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            keys[cells[0].strip("`")] = cells[2].strip("`")
    return keys


def test_wire_keys_match_docs_settings_md() -> None:
    assert config.wire_keys(Settings) == list(documented_keys())


def test_defaults_match_docs_settings_md() -> None:
    wire = config.unstructure(Settings())
    for key, documented in documented_keys().items():
        value: Any = wire
        for part in key.split("."):
            value = value[part]
        assert value == json.loads(documented), key


@pytest.mark.parametrize(
    ("snake", "camel"),
    [
        ("select", "select"),
        ("min_confidence", "minConfidence"),
        ("severity_overrides", "severityOverrides"),
        ("allow_tool_execution", "allowToolExecution"),
        ("timeout_seconds", "timeoutSeconds"),
    ],
)
def test_one_converter_both_ways(snake: str, camel: str) -> None:
    assert config.to_camel(snake) == camel
    assert config.to_snake(camel) == snake


def test_every_field_has_a_docstring() -> None:
    for cls in (Settings, ProfileSettings):
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
        body = tree.body[0].body  # type: ignore[attr-defined]
        documented = {
            node.target.id
            for node, after in itertools.pairwise(body)
            if isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        }
        assert documented == {f.name for f in dataclasses.fields(cls)}, cls.__name__


def test_structure_reads_every_setting() -> None:
    raw = {
        "select": ["gs1", "GS3001"],
        "ignore": ["GS2"],
        "minConfidence": "high",
        "severityOverrides": {"gs1001": "error"},
        "includeTests": False,
        "debounceMs": 0,
        "profile": {"minGoroutines": 5, "warnGoroutines": 50, "maxBytes": 1024},
        "profile.timeoutSeconds": 2,
        "allowToolExecution": True,
    }
    s, problems = config.structure(Settings, raw)
    assert problems == []
    assert s == Settings(
        select=("GS1", "GS3001"),
        ignore=("GS2",),
        min_confidence="high",
        severity_overrides={"GS1001": "error"},
        include_tests=False,
        debounce_ms=0,
        profile=ProfileSettings(5, 50, 1024, 2.0),
        allow_tool_execution=True,
    )
    assert config.structure(Settings, config.unstructure(s)) == (s, [])


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ({"minConfidence": "sure"}, "minConfidence"),
        ({"debounceMs": -1}, "debounceMs"),
        ({"debounceMs": "150"}, "debounceMs"),
        ({"debounceMs": True}, "debounceMs"),
        ({"includeTests": "yes"}, "includeTests"),
        ({"select": "GS1"}, "select"),
        ({"select": ["GS1", "SA1000"]}, "select"),
        ({"severityOverrides": {"GS1001": "fatal"}}, "severityOverrides"),
        ({"severityOverrides": {"lint": "error"}}, "severityOverrides"),
        ({"profile": {"maxBytes": 0}}, "profile.maxBytes"),
        ({"profile.warnGoroutines": 1.5}, "profile.warnGoroutines"),
        ({"profile": "big"}, "profile"),
    ],
)
def test_bad_value_is_reported_and_defaulted(raw: dict[str, Any], key: str) -> None:
    s, problems = config.structure(Settings, {**raw, "debounceMs": raw.get("debounceMs", 7)})
    assert [p.key for p in problems] == [key]
    assert "using the default" in str(problems[0])
    if key != "debounceMs":
        assert s.debounce_ms == 7  # the good values around a bad one are kept
    assert s == dataclasses.replace(Settings(), debounce_ms=s.debounce_ms)


def test_unknown_keys_are_reported() -> None:
    s, problems = config.structure(Settings, {"colour": "red", "profile": {"size": 1}})
    assert s == Settings()
    assert [(p.key, p.message) for p in problems] == [
        ("colour", "unknown setting"),
        ("profile.size", "unknown setting"),
    ]


@pytest.mark.parametrize("raw", [None, {}])
def test_nothing_means_defaults(raw: Any) -> None:
    assert config.structure(Settings, raw) == (Settings(), [])


def test_not_an_object() -> None:
    s, problems = config.structure(Settings, ["GS1"])
    assert s == Settings()
    assert [p.key for p in problems] == ["gostuck"]


def test_section_unwraps_the_gostuck_key() -> None:
    assert config.section({"gostuck": {"debounceMs": 3}}) == {"debounceMs": 3}
    assert config.section({"debounceMs": 3}) == {"debounceMs": 3}
    assert config.section(None) is None


def test_options_for_the_analysis() -> None:
    s = Settings(select=("GS1",), ignore=("GS1002",), min_confidence="low", include_tests=False)
    assert s.options() == Options(
        select=frozenset({"GS1"}),
        ignore=frozenset({"GS1002"}),
        min_confidence=Confidence.LOW,
        include_tests=False,
    )
    assert Settings().options().min_confidence == Confidence.MEDIUM


@pytest.mark.parametrize(
    ("confidence", "override", "expected"),
    [
        (Confidence.HIGH, None, Severity.WARNING),
        (Confidence.MEDIUM, None, Severity.HINT),
        (Confidence.LOW, None, Severity.HINT),
        (Confidence.LOW, "error", Severity.ERROR),
        (Confidence.HIGH, "information", Severity.INFO),
    ],
)
def test_severity_from_default_confidence_and_override(
    confidence: Confidence, override: str | None, expected: Severity
) -> None:
    overrides: dict[str, config.SeverityName] = {}
    if override is not None:
        overrides["GS1001"] = override  # type: ignore[assignment]
    s = Settings(severity_overrides=overrides)
    assert s.severity_for("GS1001", Severity.WARNING, confidence) == expected
    assert s.severity_for("GS2001", Severity.ERROR, Confidence.HIGH) == Severity.ERROR
