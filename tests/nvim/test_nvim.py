"""A second real client: headless Neovim (Debian's 0.7) gets the same diagnostics.

Neovim speaks UTF-16 to the server and turns the ranges back into byte columns, so a file
with wide characters before the `go` statement checks the conversion in both directions.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from gostuck.analysis import registry
from gostuck.analysis.api import analyze_source
from gostuck.lsp import convert, documents

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FIXTURES = ROOT / "tests" / "e2e" / "fixtures"
NVIM = shutil.which("nvim")

pytestmark = pytest.mark.skipif(
    NVIM is None and not os.environ.get("CI"),
    reason="neovim is not installed (bash .ci/run installs it)",
)


def run_nvim(file: Path, tmp_path: Path) -> dict[str, Any]:
    assert NVIM is not None, "neovim is missing: apt-get install neovim"
    out = tmp_path / "result.json"
    env = dict(os.environ)
    env.update(
        GOSTUCK_FILE=str(file),
        GOSTUCK_OUT=str(out),
        GOSTUCK_CMD=json.dumps([sys.executable, "-m", "gostuck", "lsp"]),
        PYTHONPATH=str(ROOT / "server"),
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    proc = subprocess.run(
        [
            NVIM,
            "--headless",
            "-u",
            "NONE",
            "-i",
            "NONE",
            "-n",
            "-c",
            f"luafile {HERE / 'client.lua'}",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.exists(), f"neovim wrote nothing:\n{proc.stdout}\n{proc.stderr}"
    result: dict[str, Any] = json.loads(out.read_text())
    assert result["errors"] == [], result["errors"]
    return result


def expected(file: Path) -> list[dict[str, Any]]:
    """Return what Neovim should show: the analysis' findings, in byte columns."""
    source = file.read_bytes()
    siblings = {p: Path(p).read_bytes() for p in documents.go_files(str(file.parent))}
    siblings.pop(str(file), None)
    result = analyze_source(str(file), source, package=siblings)
    lines = documents.BytesLines(source)
    out = []
    for f in result.findings:
        span = convert.underline(f.span, lines)
        out.append(
            {
                "lnum": span.start_line,
                "col": span.start_col,
                "end_lnum": span.end_line,
                "end_col": span.end_col,
                "message": f.message,
                "source": "gostuck",
                "code": f.code,
                "href": registry.DOCS_URL.format(code=f.code),
                "related": len(f.related),
            }
        )
    return out


@pytest.mark.parametrize(
    "fixture", ["unicode/wide.go", "crossfile/start.go", "fixes/buffer.go"], ids=str
)
def test_neovim_gets_the_same_diagnostics(fixture: str, tmp_path: Path) -> None:
    src = FIXTURES / fixture
    work = tmp_path / "pkg"
    work.mkdir()
    for sibling in src.parent.glob("*.go"):
        if fixture.startswith("fixes/") and sibling.name != src.name:
            continue  # one finding per fixes/ file: open it alone
        shutil.copyfile(sibling, work / sibling.name)
    file = work / src.name
    want = expected(file)
    assert want, "the fixture must produce a finding"
    result = run_nvim(file, tmp_path)
    got = [{k: d[k] for k in want[0]} for d in result["diagnostics"]]
    assert got == want
    assert result["hover"] is not None
    assert f"**{want[0]['code']}**" in result["hover"]
    assert result["actions"][-1] == f"Ignore {want[0]['code']} on this line"
