"""Build and run the leakdemo programs once, caching their profiles under .cache/.

The cache key is a hash of the Go sources, go.mod and the Go version, so a rerun with
unchanged samples reads the profiles straight from disk. (A helper module rather than a
conftest.py: a second ``conftest`` module would shadow tests/conftest.py.)
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from conftest import ROOT, SAMPLES, GoToolchain

CACHE = ROOT / ".cache" / "leakdemo"
LEAKDEMO = SAMPLES / "leakdemo"
GENPROFILE = ROOT / "bench" / "genprofile"


def _source_hash(go: GoToolchain, *dirs: Path) -> str:
    h = hashlib.sha256()
    version = subprocess.run(
        [go.binary, "version"], env=go.env, capture_output=True, text=True, check=True
    ).stdout
    h.update(version.encode())
    for d in dirs:
        for path in sorted(d.rglob("*")):
            if path.suffix in (".go", ".mod") and path.is_file():
                h.update(str(path.relative_to(ROOT)).encode())
                h.update(path.read_bytes())
    h.update((SAMPLES / "go.mod").read_bytes())
    return h.hexdigest()[:16]


def _capture(go: GoToolchain, out: Path) -> None:
    """Build every program and write every profile and dump into ``out``."""
    env = dict(go.env)
    bins = out / "bin"
    bins.mkdir(parents=True)

    def build(name: str, *flags: str) -> Path:
        target = bins / f"{name}{'-trimpath' if flags else ''}"
        subprocess.run(
            [go.binary, "build", *flags, "-o", str(target), f"./leakdemo/{name}"],
            cwd=SAMPLES,
            env=env,
            check=True,
        )
        return target

    for name in ("closures", "methods", "generics", "inlined"):
        subprocess.run([str(build(name)), "-out", str(out / name)], env=env, check=True)
    trim = build("closures", "-trimpath")
    subprocess.run([str(trim), "-out", str(out / "closures-trimpath")], env=env, check=True)

    crash = build("crash")
    dumps = out / "dumps"
    dumps.mkdir()
    panic_env = dict(env, GOTRACEBACK="all")
    for mode, run_env in (("panic", panic_env), ("deadlock", env)):
        done = subprocess.run(
            [str(crash), f"-mode={mode}"], env=run_env, capture_output=True, check=False
        )
        assert done.returncode == 2, done.stderr
        (dumps / f"{mode}.txt").write_bytes(done.stderr)
    proc = subprocess.Popen(
        [str(crash), "-mode=sigquit"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == b"ready"
    proc.send_signal(signal.SIGQUIT)
    _, err = proc.communicate(timeout=60)
    (dumps / "sigquit.txt").write_bytes(err)
    done = subprocess.run(
        [go.binary, "test", "-tags", "leakdemo_timeout", "-timeout", "2s", "./leakdemo/timeout"],
        cwd=SAMPLES,
        env=env,
        capture_output=True,
        check=False,
    )
    (dumps / "timeout.txt").write_bytes(done.stdout + done.stderr)


def capture_leakdemo(go: GoToolchain) -> Path:
    """Capture (once) and return the folder ``<program>/<kind>.<pb.gz|debugN.txt>``, ``dumps/``."""
    key = _source_hash(go, LEAKDEMO)
    target = CACHE / key
    if not (target / "done").exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=CACHE, prefix="tmp-"))
        try:
            _capture(go, tmp)
            (tmp / "done").write_text(key)
            if target.exists():
                shutil.rmtree(target)
            os.replace(tmp, target)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp)
        _prune(keep=target.name, generated=False)
    return target


def _prune(keep: str, *, generated: bool) -> None:
    """Remove captures made from older sources (the cache keeps only the current one)."""
    for old in CACHE.iterdir():
        if old.name == keep or old.name.startswith("tmp-"):
            continue
        if old.is_dir() and old.name.startswith("gen-") == generated:
            shutil.rmtree(old, ignore_errors=True)


def generator(go: GoToolchain) -> Callable[..., Path]:
    """Return a function that writes a generated profile (cached) and returns its path."""
    key = _source_hash(go, GENPROFILE)
    folder = CACHE / f"gen-{key}"
    binary = folder / "genprofile"
    if not binary.exists():
        folder.mkdir(parents=True, exist_ok=True)
        _prune(keep=folder.name, generated=True)
        subprocess.run(
            [go.binary, "build", "-o", str(binary) + ".tmp", "."],
            cwd=GENPROFILE,
            env=go.env,
            check=True,
        )
        os.replace(str(binary) + ".tmp", binary)

    def make(n: int, labels: str = "none", debug: int = 0, name: str = "goroutine") -> Path:
        suffix = "pb.gz" if debug == 0 else f"debug{debug}.txt"
        path = folder / f"{name}-{n}-{labels}.{suffix}"
        if not path.exists():
            tmp = path.with_suffix(".tmp")
            subprocess.run(
                [
                    str(binary),
                    *("-n", str(n), "-labels", labels, "-debug", str(debug)),
                    *("-name", name, "-out", str(tmp)),
                ],
                env=go.env,
                check=True,
            )
            os.replace(tmp, path)
        return path

    return make
