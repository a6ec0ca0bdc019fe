"""The analysis core never imports the protocol (STYLE.md section 1)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "server" / "gostuck"
CORE = ("syntax", "analysis", "checks", "profile", "overlay", "testrun")
FORBIDDEN = ("pygls", "lsprotocol", "gostuck.lsp", "gostuck.cli")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


CORE_FILES = sorted(p for pkg in CORE for p in (PACKAGE / pkg).rglob("*.py"))


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_module_does_not_import_protocol(path: Path) -> None:
    bad = {
        name
        for name in imported_modules(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)
    }
    assert not bad, f"{path} imports {sorted(bad)}"


def test_import_reader_catches_protocol_imports(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nfrom lsprotocol import types\nimport pygls.server\n")
    assert imported_modules(bad) == {"os", "lsprotocol", "pygls.server"}
    assert len(CORE_FILES) >= len(CORE)


# The model's parts, lowest first: a part imports (at module level) only the parts before it.
# ``partner`` may read the per-file hub (``context``) it runs in; the rest is the framework.
PARTS = ("flow", "lifetime", "summary", "partner")


def _part(module: str) -> str | None:
    bits = module.split(".")
    if len(bits) < 3 or bits[:2] != ["gostuck", "analysis"]:
        return None
    if bits[2] in PARTS:
        return bits[2]
    return "framework"


def _module_level_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "gostuck.analysis":
                names.update(f"gostuck.analysis.{a.name}" for a in node.names)
            else:
                names.add(node.module)
    return names


@pytest.mark.parametrize("part", PARTS)
def test_a_part_of_the_model_imports_only_the_parts_below_it(part: str) -> None:
    root = PACKAGE / "analysis" / part
    files = sorted(root.rglob("*.py")) if root.is_dir() else [PACKAGE / "analysis" / f"{part}.py"]
    assert files, part
    allowed = set(PARTS[: PARTS.index(part) + 1])
    if part == "partner":
        allowed.add("framework")  # the per-file facts it is computed from
    bad = {
        f"{f.relative_to(PACKAGE)}: {m}"
        for f in files
        for m in _module_level_imports(f)
        if (p := _part(m)) is not None and p not in allowed
    }
    assert not bad, sorted(bad)
