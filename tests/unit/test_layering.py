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
