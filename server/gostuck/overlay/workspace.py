"""The workspace as the overlay sees it: Go modules, Go files, and profile paths mapped on.

Profiles carry the build machine's paths: absolute (``/build/src/app/worker.go``) or, with
``-trimpath``, the module path (``gostuck.dev/samples/leakdemo/closures/main.go``). A path
is mapped to a workspace file by

1. the module path: ``<module>/<rest>`` is ``<dir of that go.mod>/<rest>``;
2. the path itself, when it exists under the workspace (profiles taken on this machine);
3. the longest common suffix with a workspace ``.go`` file, at least ``dir/file.go``
   (or the bare file name when only one workspace file has it).

``Workspace.read`` is the one place file text comes from, so the language server can
pass its open buffers instead of the disk.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath
from typing import Final

from gostuck.overlay.gofile import GoFile
from gostuck.profile.model import Frame, Site
from gostuck.profile.names import is_user_function, package_of

SKIP_DIRS: Final = frozenset({".git", "node_modules", ".cache", ".venv", "vendor", "__pycache__"})
MAX_FILES: Final = 200_000
GO_KEYWORD: Final = re.compile(rb"\bgo\s+[\w(]")
MODULE_LINE: Final = re.compile(rb"^\s*module\s+\"?([^\s\"/][^\s\"]*)\"?", re.MULTILINE)

Reader = Callable[[Path], bytes | None]


def _disk(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _parts(path: str) -> tuple[str, ...]:
    return tuple(p for p in path.replace("\\", "/").split("/") if p and p != ".")


class Workspace:
    """A folder of Go code: its modules and files, and a cache of parsed files."""

    def __init__(self, root: str | Path, *, read: Reader | None = None) -> None:
        """Index ``root`` (walked once); ``read`` overrides how file text is read."""
        # Absolute, not resolved: file paths keep the spelling the editor uses for them,
        # even under a symlinked folder.
        self.root = Path(os.path.abspath(root))
        self._read = read or _disk
        self.modules: dict[str, Path] = {}  # module path -> directory
        self._by_name: dict[str, list[Path]] = {}
        self._parsed: dict[Path, tuple[bytes, GoFile]] = {}
        self._resolved: dict[str, Path | None] = {}
        # Per file: its text, `func init` count and package-level literal count.
        self._counts: dict[Path, tuple[bytes, int, int]] = {}
        self._with_go: dict[Path, bytes] | None = None
        self._scan()

    def _scan(self) -> None:
        seen = 0
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
            here = Path(dirpath)
            for name in filenames:
                if name == "go.mod":
                    text = _disk(here / name) or b""
                    m = MODULE_LINE.search(text)
                    if m:
                        self.modules[m.group(1).decode("utf-8", "replace")] = here
                elif name.endswith(".go"):
                    self._by_name.setdefault(name, []).append(here / name)
                    seen += 1
            if seen > MAX_FILES:
                break

    def is_user(self, function: str) -> bool:
        """Say whether ``function`` is the program's code (a workspace module, or not std)."""
        package = package_of(function)
        for module in self.modules:
            if package == module or package.startswith(module + "/"):
                return True
        return is_user_function(function)

    def resolve(self, path: str) -> Path | None:
        """Map a profile path onto a workspace file, or None."""
        if path in self._resolved:
            return self._resolved[path]
        found = self._resolve(path)
        self._resolved[path] = found
        return found

    def _resolve(self, path: str) -> Path | None:
        if not path.endswith(".go"):
            return None
        posix = path.replace("\\", "/")
        best_module = ""
        for module in self.modules:
            if posix.startswith(module + "/") and len(module) > len(best_module):
                best_module = module
        if best_module:
            candidate = self.modules[best_module] / posix[len(best_module) + 1 :]
            # A profile is untrusted input: "module/../../x.go" must not leave the workspace.
            # (Real paths on both sides: the root itself may be a symlink.)
            real_root = Path(os.path.realpath(self.root))
            if candidate.is_file() and candidate.resolve().is_relative_to(real_root):
                return candidate
        given = Path(path)
        if given.is_absolute() and given.is_file():
            try:
                Path(os.path.abspath(given)).relative_to(self.root)
            except ValueError:
                pass
            else:
                return Path(os.path.abspath(given))
        parts = _parts(posix)
        if not parts:
            return None
        candidates = self._by_name.get(parts[-1], [])
        best: list[Path] = []
        best_len = 0
        for cand in candidates:
            cparts = cand.relative_to(self.root).parts
            n = 0
            while n < len(parts) and n < len(cparts) and parts[-1 - n] == cparts[-1 - n]:
                n += 1
            if n > best_len:
                best, best_len = [cand], n
            elif n == best_len:
                best.append(cand)
        if len(best) == 1 and (best_len >= 2 or len(candidates) == 1):
            return best[0]
        return None

    def go_files(self) -> list[Path]:
        """Return every ``.go`` file found under the root."""
        return sorted(p for paths in self._by_name.values() for p in paths)

    def files_mentioning(self, word: bytes) -> list[Path]:
        """Return the ``.go`` files whose text has ``word`` and a ``go`` statement in it.

        The files that can hold a ``go`` statement are read once per workspace and kept.
        """
        if self._with_go is None:
            self._with_go = {}
            for path in self.go_files():
                source = self._read(path)
                if source is not None and GO_KEYWORD.search(source):
                    self._with_go[path] = source
        return [path for path, source in self._with_go.items() if word in source]

    def has_frame(self, frame: Frame) -> bool:
        """Say whether a frame's file is in the workspace (not a dependency's)."""
        return self.resolve(frame.file) is not None

    def site_key(self, site: Site) -> tuple[str, int, str]:
        """Return a key under which the same place in two profiles compares equal.

        The workspace file when the path resolves (builds on different machines name it
        differently), else the profile's path; then the line and the function.
        """
        found = self.resolve(site.file)
        return (str(found) if found is not None else site.file, site.line, site.function)

    def relative(self, path: Path) -> str:
        """Return ``path`` relative to the workspace root, with forward slashes."""
        try:
            return PurePosixPath(path.relative_to(self.root)).as_posix()
        except ValueError:
            return path.as_posix()

    def gofile(self, path: Path) -> GoFile | None:
        """Return the parsed file, re-parsed when its text changed."""
        source = self._read(path)
        if source is None:
            return None
        cached = self._parsed.get(path)
        if cached is not None and cached[0] == source:
            return cached[1]
        first_init, first_glob = self._init_offsets(path)
        parsed = GoFile(source, first_init=first_init, first_glob=first_glob)
        self._parsed[path] = (source, parsed)
        return parsed

    def package_files(self, path: Path) -> list[Path]:
        """Return the ``.go`` files in the same directory (the same package, tests aside)."""
        try:
            names = sorted(p for p in path.parent.iterdir() if p.suffix == ".go")
        except OSError:
            return [path]
        return names

    def _init_offsets(self, path: Path) -> tuple[int, int]:
        """Count ``func init`` and package-level literals in the files sorted before it.

        The compiler sees a package's files in name order, so the second file's first
        ``func init`` is ``init.1`` when the first file has one.
        """
        inits = globs = 0
        for other in self.package_files(path):
            if other == path:
                break
            if other.name.endswith("_test.go") != path.name.endswith("_test.go"):
                continue
            source = self._read(other)
            if source is None:
                continue
            counted = self._counts.get(other)
            if counted is None or counted[0] != source:
                parsed = GoFile(source)
                counted = self._counts[other] = (source, parsed.inits, parsed.globs)
            inits += counted[1]
            globs += counted[2]
        return inits, globs


def with_overrides(overrides: Mapping[Path, bytes]) -> Reader:
    """Return a reader that prefers ``overrides`` (open editor buffers) over the disk."""

    def read(path: Path) -> bytes | None:
        text = overrides.get(path)
        return text if text is not None else _disk(path)

    return read
