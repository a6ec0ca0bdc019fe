"""The VS Code extension's settings (editors/vscode/package.json) agree with the server's.

package.json contributes every server setting of docs/settings.md under ``gostuck.``, with the
same defaults and enum values as ``gostuck.lsp.config.Settings``, plus the extension's own
settings, and every one has a description, a scope and (for enums) enum descriptions.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, get_args

import pytest
from gostuck.lsp import config
from gostuck.lsp.config import ConfidenceName, Settings, SeverityName

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_JSON = ROOT / "editors" / "vscode" / "package.json"
SETTINGS_MD = ROOT / "docs" / "settings.md"

# Read by the extension only, never sent to the server (docs/settings.md, "VS Code only").
EXTENSION_ONLY = ["server.command", "server.python", "trace.server"]
SCOPES = {"application", "machine", "machine-overridable", "window", "resource"}


def contributed() -> dict[str, dict[str, Any]]:
    """Return each setting key (without ``gostuck.``) with its JSON schema in package.json."""
    manifest = json.loads(PACKAGE_JSON.read_text(encoding="utf-8"))
    props: dict[str, dict[str, Any]] = manifest["contributes"]["configuration"]["properties"]
    assert all(key.startswith("gostuck.") for key in props)
    return {key.removeprefix("gostuck."): schema for key, schema in props.items()}


def documented() -> list[str]:
    """Return the keys of the settings table in docs/settings.md, in order."""
    table = SETTINGS_MD.read_text(encoding="utf-8").split("## Server commands")[0]
    return re.findall(r"^\| `([^`]+)` \|", table, flags=re.MULTILINE)


def server_keys() -> list[str]:
    return [key for key in contributed() if key not in EXTENSION_ONLY]


def test_package_json_has_the_documented_server_settings_in_order() -> None:
    assert server_keys() == documented()


def test_package_json_has_the_server_settings_class_keys() -> None:
    assert server_keys() == config.wire_keys(Settings)


def test_extension_only_settings_are_documented_and_not_server_settings() -> None:
    keys = contributed()
    text = SETTINGS_MD.read_text(encoding="utf-8")
    for key in EXTENSION_ONLY:
        assert key in keys
        assert f"`gostuck.{key}`" in text
        assert key not in config.wire_keys(Settings)


def test_defaults_match_the_settings_class() -> None:
    wire = config.unstructure(Settings())
    schemas = contributed()
    for key in config.wire_keys(Settings):
        value: Any = wire
        for part in key.split("."):
            value = value[part]
        assert schemas[key]["default"] == value, key


def test_enums_match_the_settings_class() -> None:
    schemas = contributed()
    assert schemas["minConfidence"]["enum"] == list(get_args(ConfidenceName))
    overrides = schemas["severityOverrides"]["additionalProperties"]
    assert overrides["enum"] == list(get_args(SeverityName))


def test_bad_value_from_package_json_types_is_rejected_by_the_server() -> None:
    # The schema's types and the server's agree: a string where a number goes is a problem.
    _, problems = config.structure(Settings, {"debounceMs": "fast"})
    assert [p.key for p in problems] == ["debounceMs"]
    assert contributed()["debounceMs"]["type"] == "integer"


@pytest.mark.parametrize("key", list(contributed()))
def test_every_setting_is_described_and_scoped(key: str) -> None:
    schema = contributed()[key]
    description = schema.get("description") or schema.get("markdownDescription") or ""
    assert len(description) > 10
    assert schema.get("scope") in SCOPES
    assert "default" in schema
    for part in (schema, schema.get("items") or {}, schema.get("additionalProperties") or {}):
        if "enum" in part:
            assert len(part.get("enumDescriptions", [])) == len(part["enum"])
