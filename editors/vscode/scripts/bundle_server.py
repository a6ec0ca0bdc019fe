"""Put the gostuck server and every library it imports into bundled/libs, for the .vsix.

    python scripts/bundle_server.py OUT_DIR [--target linux-x64]

Run it with the Python of the repository's .venv (``make vsix`` does): the gostuck package
is copied from ``server/gostuck`` and each dependency (pygls, lsprotocol, cattrs, attrs,
typing-extensions, tree-sitter, tree-sitter-go, protobuf) from that environment, files as
their installers recorded them, so nothing is downloaded. The extension runs the result as
``python -m gostuck lsp`` with ``PYTHONPATH=OUT_DIR``, with the Python extension's
interpreter or ``python3``. tree-sitter's module is native and built for one CPython
version: the bundle works with the version of the Python that ran this script, which it
writes into ``OUT_DIR/BUNDLE.json``. For another ``--target`` (a VS Code platform such as
``darwin-arm64``) the native libraries are fetched as that platform's wheels with ``pip
download`` from the package index.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[3]
SERVER = ROOT / "server" / "gostuck"
NATIVE = {"tree-sitter", "tree-sitter-go", "protobuf"}
# VS Code target -> the wheel platform tags pip should accept.
PLATFORMS = {
    "linux-x64": ["manylinux2014_x86_64", "manylinux_2_17_x86_64", "manylinux_2_28_x86_64"],
    "linux-arm64": ["manylinux2014_aarch64", "manylinux_2_17_aarch64", "manylinux_2_28_aarch64"],
    "darwin-x64": ["macosx_10_9_x86_64", "macosx_11_0_x86_64"],
    "darwin-arm64": ["macosx_11_0_arm64"],
    "win32-x64": ["win_amd64"],
}


def host_target() -> str:
    """Return the VS Code target of this machine (``linux-x64``, ...)."""
    plat = sysconfig.get_platform()  # linux-x86_64, macosx-11.0-arm64, win-amd64
    os_name = {"linux": "linux", "macosx": "darwin", "win": "win32"}[plat.split("-")[0]]
    arch = "arm64" if plat.endswith(("arm64", "aarch64")) else "x64"
    return f"{os_name}-{arch}"


def closure(name: str) -> list[metadata.Distribution]:
    """Return the distributions ``name`` needs at run time (extras and markers applied)."""
    seen: dict[str, metadata.Distribution] = {}
    todo = [name]
    while todo:
        current = todo.pop()
        dist = metadata.distribution(current)
        key = dist.metadata["Name"].lower().replace("_", "-")
        if key in seen:
            continue
        seen[key] = dist
        for spec in dist.requires or []:
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return [d for k, d in sorted(seen.items()) if k != name]


def copy_dist(dist: metadata.Distribution, out: Path) -> int:
    """Copy the files an installer recorded for ``dist`` (no scripts, no caches)."""
    copied = 0
    for file in dist.files or []:
        parts = Path(file).parts
        if parts[0] == ".." or "__pycache__" in parts or file.suffix == ".pyc":
            continue
        src = Path(str(dist.locate_file(file)))
        if not src.is_file():
            continue
        dst = out / file
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)
        copied += 1
    return copied


def fetch_wheel(dist: metadata.Distribution, target: str, out: Path) -> None:
    """Unpack ``dist``'s wheel for another platform into ``out`` (pip download)."""
    version = f"{sys.version_info.major}{sys.version_info.minor}"
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"]
        cmd += ["--only-binary=:all:", "--python-version", version, "--dest", tmp]
        for tag in PLATFORMS[target]:
            cmd += ["--platform", tag]
        cmd.append(f"{dist.metadata['Name']}=={dist.version}")
        subprocess.run(cmd, check=True)
        for wheel in Path(tmp).glob("*.whl"):
            with zipfile.ZipFile(wheel) as zf:
                zf.extractall(out)


def bundle(out: Path, target: str) -> dict[str, str]:
    """Fill ``out`` with gostuck and its libraries for ``target``; return what was bundled."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copytree(SERVER, out / "gostuck", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    cross = target != host_target()
    versions: dict[str, str] = {}
    for dist in closure("gostuck"):
        name = dist.metadata["Name"]
        if cross and name.lower() in NATIVE:
            fetch_wheel(dist, target, out)
        else:
            copy_dist(dist, out)
        versions[name] = dist.version
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    info = {"target": target, "python": python, "libraries": versions}
    (out / "BUNDLE.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return {"target": target, "python": python}


def main(argv: list[str] | None = None) -> int:
    """Bundle, then check that this Python can import the server from the bundle."""
    parser = argparse.ArgumentParser(prog="bundle_server.py", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--target", default=host_target(), choices=sorted(PLATFORMS))
    args = parser.parse_args(argv)
    info = bundle(args.out, args.target)
    if args.target == host_target():
        # -S: without site-packages, so only the bundle can satisfy the imports.
        code = f"import sys; sys.path.insert(0, {str(args.out)!r}); import gostuck.lsp.server"
        subprocess.run([sys.executable, "-S", "-c", code], check=True)
    print(f"bundled the gostuck server for {info['target']}, Python {info['python']}, in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
