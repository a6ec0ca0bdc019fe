"""Findings never depend on the interpreter's hash seed.

Sets and dicts of strings iterate in an order that changes with ``PYTHONHASHSEED``; a check
that lets that order choose a message, a related location or which of two findings survives
gives different output for the same code on every run. The samples and the Go distribution's
goroutine-leak programs (read in place) are scanned under several seeds and compared.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from conftest import SAMPLES, GoToolchain

SEEDS = ("0", "1", "2", "3")


def findings(seed: str, *paths: str) -> list[dict[str, Any]]:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    cmd = [sys.executable, "-m", "gostuck", "check", "--format", "json"]
    cmd += ["--min-confidence", "low", *paths]
    out = subprocess.run(cmd, env=env, capture_output=True, check=False, timeout=600)
    assert out.returncode in (0, 1), out.stderr.decode()
    doc: dict[str, Any] = json.loads(out.stdout)
    assert doc["errors"] == []
    found: list[dict[str, Any]] = doc["findings"]
    return found


def test_same_findings_under_every_hash_seed(go: GoToolchain) -> None:
    goroot = subprocess.run(
        [go.binary, "env", "GOROOT"], env=go.env, capture_output=True, text=True, check=True
    ).stdout.strip()
    corpus = Path(goroot) / "src" / "runtime" / "testdata" / "testgoroutineleakprofile"
    assert corpus.is_dir(), corpus
    first = findings(SEEDS[0], str(SAMPLES), str(corpus))
    assert len(first) > 50  # the samples alone hold dozens of positives
    for seed in SEEDS[1:]:
        assert findings(seed, str(SAMPLES), str(corpus)) == first, f"PYTHONHASHSEED={seed}"
