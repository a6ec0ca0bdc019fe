"""Build and run a runnable sample, and read the goroutineleak profile it prints at the end.

A runnable sample is a command (``package main`` with ``func main()``) whose ``main``
returns. Its ``main`` is renamed and called from a probe added to the package: once it has
returned and no other goroutine can run, the probe prints the ``goroutineleak`` profile at
debug=2 (every goroutine, the leaked ones marked, with the ``go`` statement that created it).
Files can be replaced (or added) through ``go build -overlay``, so a sample is run as it is
on disk or as a fix leaves it, without touching the tree. Every run gets its own folder, so
runs may go on in parallel threads.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from conftest import GoToolchain
from gostuck.profile.model import Profile
from gostuck.profile.read import read_bytes

RUN_TIMEOUT: Final = 120.0
MARKER: Final = "=== gostuck sample probe: goroutineleak ==="
MAIN_RE: Final = re.compile(r"^func main\(\) \{$", re.MULTILINE)
PACKAGE_MAIN_RE: Final = re.compile(r"^package main$", re.MULTILINE)
PROBE_MAIN: Final = "gostuckSampleMain"
# Added to a runnable sample's package: runs the sample's main (renamed), waits until no other
# goroutine can run, then prints the goroutineleak profile (debug=2: creation sites, (leaked)).
PROBE: Final = f"""package main

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"
)

func main() {{
	{PROBE_MAIN}()
	gostuckSampleSettle()
	runtime.GC()
	fmt.Println()
	fmt.Println({json.dumps(MARKER)})
	p := pprof.Lookup("goroutineleak")
	if p == nil {{
		fmt.Fprintln(os.Stderr, "no goroutineleak profile in this Go")
		os.Exit(3)
	}}
	if err := p.WriteTo(os.Stdout, 2); err != nil {{
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}}
}}

// gostuckSampleSettle returns once no goroutine but this one is runnable or running.
func gostuckSampleSettle() {{
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {{
		runtime.Gosched()
		var b bytes.Buffer
		if err := pprof.Lookup("goroutine").WriteTo(&b, 2); err != nil {{
			return
		}}
		text := b.String()
		if !strings.Contains(text, "[runnable") && strings.Count(text, "[running") <= 1 {{
			return
		}}
		time.Sleep(10 * time.Millisecond)
	}}
}}
"""


def write_overlay(tmp: Path, prefix: str, files: Mapping[Path, str]) -> Path:
    """Write a ``go build -overlay`` file that replaces (or adds) ``files``; return its path.

    The copies go into a fresh folder under ``tmp`` (named ``prefix`` and a unique suffix).
    """
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=tmp))
    replace: dict[str, str] = {}
    for i, (path, text) in enumerate(sorted(files.items())):
        copy = folder / f"{i}-{path.name}"
        copy.write_text(text, encoding="utf-8")
        replace[str(path)] = str(copy)
    overlay = folder / "overlay.json"
    overlay.write_text(json.dumps({"Replace": replace}), encoding="utf-8")
    return overlay


def is_main_package(d: Path) -> bool:
    """Say whether the package in ``d`` is a command (``package main`` with ``func main()``)."""
    texts = [p.read_text(encoding="utf-8") for p in d.glob("*.go")]
    return any(PACKAGE_MAIN_RE.search(t) for t in texts) and any(MAIN_RE.search(t) for t in texts)


def run_profile(
    go: GoToolchain, tmp: Path, module: Path, d: Path, files: Mapping[Path, str]
) -> Profile:
    """Build and run the command in ``d`` with ``files`` over its own; return its leak profile.

    The profile is the goroutineleak profile at debug=2, taken once ``main`` has returned and
    every other goroutine has settled: every goroutine, the leaked ones marked.
    """
    sources = {p: p.read_text(encoding="utf-8") for p in d.glob("*.go")}
    sources.update(files)
    (main_file,) = [p for p, t in sources.items() if MAIN_RE.search(t)]
    sources[main_file] = MAIN_RE.sub(f"func {PROBE_MAIN}() {{", sources[main_file])
    sources[d / "zz_gostuck_sample_probe.go"] = PROBE
    overlay = write_overlay(tmp, "run", sources)
    binary = overlay.parent / "program"
    subprocess.run(
        [
            go.binary,
            "build",
            "-overlay",
            str(overlay),
            "-o",
            str(binary),
            f"./{d.relative_to(module)}",
        ],
        cwd=module,
        env=dict(go.env),
        capture_output=True,
        timeout=600,
        check=True,
    )
    run = subprocess.run(
        [str(binary)],
        cwd=overlay.parent,
        env=dict(go.env),
        capture_output=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    assert run.returncode == 0, f"{d.name} exits {run.returncode}: {run.stderr.decode()[-2000:]}"
    _, sep, text = run.stdout.decode().partition(MARKER)
    assert sep, f"{d.name}: no goroutineleak profile in its output"
    return read_bytes(text.encode(), f"{d.name}.goroutineleak.txt")


def leaked_at(
    go: GoToolchain, tmp: Path, module: Path, d: Path, files: Mapping[Path, str]
) -> set[tuple[str, int]]:
    """Build and run the command in ``d`` with ``files`` over its own; return its leaks.

    Each leak is the (file name, line) of the ``go`` statement that created a goroutine the
    goroutineleak profile marks as leaked once ``main`` has returned.
    """
    profile = run_profile(go, tmp, module, d, files)
    return {
        (Path(g.created_by.file).name, g.created_by.line)
        for g in profile.groups
        if g.leaked and g.created_by is not None
    }
