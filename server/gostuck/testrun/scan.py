"""Finding the packages to test without running ``go list``, when that can be done exactly.

``go test -overlay`` needs, before it starts, each package's directory and import path,
whether it has test files, the package clause of its files and whether a test file
declares ``TestMain``. ``go list`` answers all of it, but costs a go command run before
``go test`` can start. Most of it can be read from the files directly:

- Patterns that are directories (``.``, ``./x``, ``../x``, ``/abs/x``, each with or
  without ``/...``) in the main module (the ``go.mod`` above the working directory), and
  standard-library import paths (``context``, ``net/http``) under ``$GOROOT/src``.
  ``/...`` walks the directories as the go command does: it skips names that begin with
  ``.`` or ``_``, ``testdata`` and ``vendor`` directories, and nested modules.
- Per directory, the ``.go`` files (not those beginning with ``.`` or ``_``). A file with
  a build constraint (a ``//go:build`` or ``// +build`` line, a ``_GOOS`` or ``_GOARCH``
  name, or cgo, which ``CGO_ENABLED`` decides) may or may not be built; the scan does not
  evaluate constraints (only the go command knows the build's tags), so such a file
  decides nothing alone. The others always are built.
- When every test file is constrained, the file the overlay adds takes the disjunction of
  their constraints (``(linux) || (integration)``): it is built exactly when one of them
  is, and a package whose tests are all left out still has no test files.
- The package clause comes from the non-test files always built, else from the
  constrained ones when they all agree (encoding/json's v1 and v2 files), else from the
  test files.

The scan gives up, and ``go list`` is asked instead, whenever an answer would depend on a
constrained file or on what the go command alone knows: a ``TestMain`` in a constrained
file; a test file constrained by ``// +build`` lines alone; package clauses that disagree;
a workspace (``go.work``), GOPATH mode or ``-modfile``; a directory pattern outside the
main module or inside a nested one; a symbolic link to a directory under ``/...``; an
import path that is not a standard package, a meta-pattern (``std``, ``all``) or ``...``
inside a path; a pattern that matches nothing. When it gives up, nothing of it is used.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from gostuck.testrun.harness import GoPackage, find_testmain

# typing.TYPE_CHECKING, without importing typing (start-up time: see gostuck/__init__.py)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

# The GOOS and GOARCH values a file name can end with (go/build's syslist.go).
_KNOWN_OS: Final = frozenset(
    {"aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js",
     "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos"}
)  # fmt: skip
_KNOWN_ARCH: Final = frozenset(
    {"386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips",
     "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le",
     "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm"}
)  # fmt: skip
_META: Final = frozenset({"all", "std", "cmd", "tool", "work"})
# The package clause, at the start of a line outside the leading comments.
_PACKAGE: Final = re.compile(rb"^package[ \t]+([A-Za-z_][A-Za-z0-9_]*)", re.MULTILINE)
_GO_BUILD: Final = re.compile(rb"^//go:build[ \t]+([^\r\n]+)$", re.MULTILINE)
_MODULE: Final = re.compile(r'^module[ \t]+"?([^"\s]+)"?', re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Listed:
    """A package to test, with its module's directory (``GOROOT/src`` for std)."""

    package: GoPackage
    root: str
    error: str = ""
    files: tuple[str, ...] = ()  # its .go files that are built (all of them, from go list)


class _GiveUp(Exception):
    """The scan cannot answer exactly; ``go list`` must."""


def _name_constraint(name: str) -> str:
    """Return the build constraint a file name sets (go/build's rule), as an expression.

    ``x_linux.go`` is ``linux``, ``x_linux_arm64_test.go`` is ``linux && arm64``;
    ``linux.go`` and ``x_linux_nope.go`` set none.
    """
    stem = name[:-3]
    i = stem.find("_")
    if i < 0:
        return ""
    parts = stem[i:].split("_")
    if parts and parts[-1] == "test":
        parts = parts[:-1]
    if len(parts) >= 2 and parts[-2] in _KNOWN_OS and parts[-1] in _KNOWN_ARCH:
        return f"{parts[-2]} && {parts[-1]}"
    if parts and (parts[-1] in _KNOWN_OS or parts[-1] in _KNOWN_ARCH):
        return parts[-1]
    return ""


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise _GiveUp(str(e)) from e


@dataclass(frozen=True, slots=True)
class _File:
    """What the scan reads of one file."""

    clause: str  # its package clause
    constraint: str | None  # None: built always; else the constraint ("" if unknown)


def _file(data: bytes, name: str, *, test: bool) -> _File:
    """Read a file's package clause and build constraint."""
    m = _PACKAGE.search(data)
    if m is None:
        raise _GiveUp(f"{name}: no package clause")
    head = data[: m.start()]
    exprs = []
    if b"+build" in head or b"//go:build" in head:
        build = _GO_BUILD.search(head)
        # Only a //go:build line is carried over; "// +build" alone is not read.
        exprs.append(build.group(1).decode("ascii", "replace").strip() if build else "")
    by_name = _name_constraint(name)
    if by_name:
        exprs.append(by_name)
    if not test and b'"C"' in data:  # cgo: built only when CGO_ENABLED is on
        exprs.append("")
    clause = m.group(1).decode("ascii")
    if not exprs:
        return _File(clause, None)
    if "" in exprs:
        return _File(clause, "")
    return _File(clause, exprs[0] if len(exprs) == 1 else " && ".join(f"({e})" for e in exprs))


def scan_dir(directory: str, import_path: str) -> tuple[GoPackage, tuple[str, ...]] | None:
    """Describe the package in ``directory``; None when it has no ``.go`` files.

    Raises :class:`_GiveUp` when a constrained file would decide the answer.
    """
    try:
        names = sorted(
            e.name
            for e in os.scandir(directory)
            if e.name.endswith(".go") and not e.name.startswith((".", "_")) and e.is_file()
        )
    except OSError as e:
        raise _GiveUp(str(e)) from e
    if not names:
        return None
    tests: list[tuple[str, str]] = []  # test files that are always built, and their clauses
    maybe: list[tuple[str, str, str]] = []  # the others: name, clause, constraint
    for name in names:
        if not name.endswith("_test.go"):
            continue
        data = _read(os.path.join(directory, name))
        f = _file(data, name, test=True)
        if f.constraint is None:
            tests.append((name, f.clause))
            continue
        if find_testmain(data) is not None:
            raise _GiveUp(f"{name}: TestMain in a file with a build constraint")
        maybe.append((name, f.clause, f.constraint))
    # The added file must be built exactly when a test file is: with none that always is,
    # it takes the disjunction of their constraints.
    constraint = ""
    if not tests:
        if not maybe:
            return GoPackage(import_path, "", directory), ()
        if any(not c for _, _, c in maybe):
            raise _GiveUp(f"{directory}: a test file's build constraint is not read")
        constraint = " || ".join(dict.fromkeys(f"({c})" for _, _, c in maybe))
    clauses: set[str] = set()  # of the non-test files that are always built
    others: set[str] = set()  # of the other non-test files
    built: list[str] = [name for name, _ in tests]
    for name in names:
        if name.endswith("_test.go"):
            continue
        f = _file(_read(os.path.join(directory, name)), name, test=False)
        if f.clause == "documentation":  # go/build skips those
            continue
        if f.constraint is None:
            clauses.add(f.clause)
            built.append(name)
        else:
            others.add(f.clause)
    # Else, the constrained files when they all agree (one set or another of them is
    # built: encoding/json's v1 and v2 files), else the test files in the package itself.
    # A directory of external test files only is package X for "package X_test".
    clauses = (
        clauses
        or others
        or {c for _, c in tests if not c.endswith("_test")}
        or {c.removesuffix("_test") for _, c in tests}
    )
    if len(clauses) != 1:
        raise _GiveUp(f"{directory}: package clauses {sorted(clauses)}")
    (pkg_name,) = clauses
    test_files, xtest_files = [], []
    for name, clause in [*tests, *((n, c) for n, c, _ in maybe)]:
        if clause == pkg_name:
            test_files.append(name)
        elif clause == pkg_name + "_test":
            xtest_files.append(name)
        else:
            raise _GiveUp(f"{name}: package {clause} in package {pkg_name}")
    pkg = GoPackage(
        import_path, pkg_name, directory, tuple(test_files), tuple(xtest_files), constraint
    )
    return pkg, tuple(sorted(built))


def _find_up(start: str, name: str, stop: str | None = None) -> str | None:
    """Return the nearest directory at or above ``start`` that holds ``name``."""
    d = start
    while True:
        if os.path.isfile(os.path.join(d, name)):
            return d
        if d == stop:
            return None
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def _env_file_settings(env: Mapping[str, str]) -> dict[str, str]:
    """Return what ``go env -w`` wrote in the go command's user config file."""
    path = env.get("GOENV")
    if path == "off":
        return {}
    if not path:
        # os.UserConfigDir, as the go command finds it
        home = env.get("HOME", "")
        if sys.platform == "win32":
            base = env.get("AppData", env.get("APPDATA", ""))
        elif sys.platform == "darwin":
            base = os.path.join(home, "Library", "Application Support")
        else:
            base = env.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
        path = os.path.join(base, "go", "env")
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError:
        return {}
    out = {}
    for line in lines:
        key, eq, value = line.partition("=")
        if eq:
            out[key.strip()] = value.strip()
    return out


@dataclass(slots=True)
class _Module:
    """The main module: its directory and path."""

    root: str
    path: str


def _main_module(cwd: str, env: Mapping[str, str]) -> _Module:
    settings = {**_env_file_settings(env), **{k: v for k, v in env.items() if k.startswith("GO")}}
    if settings.get("GO111MODULE", "") == "off":
        raise _GiveUp("GOPATH mode")
    if "modfile" in settings.get("GOFLAGS", ""):
        raise _GiveUp("GOFLAGS sets -modfile")
    work = settings.get("GOWORK", "")
    if work != "off" and (work or _find_up(cwd, "go.work")):
        raise _GiveUp("workspace mode")
    root = _find_up(cwd, "go.mod")
    if root is None:
        raise _GiveUp("no go.mod")
    with open(os.path.join(root, "go.mod"), encoding="utf-8", errors="replace") as f:
        m = _MODULE.search(f.read())
    if m is None:
        raise _GiveUp("go.mod has no module line")
    return _Module(root, m.group(1))


def _walk(base: str, recursive: bool) -> list[str]:
    """Return ``base`` and, for ``/...``, the directories under it the go command matches."""
    out = [base]
    if not recursive:
        return out
    i = 0
    while i < len(out):
        d = out[i]
        i += 1
        try:
            entries = sorted(os.scandir(d), key=lambda entry: entry.name)
        except OSError as e:
            raise _GiveUp(str(e)) from e
        for entry in entries:
            if not entry.is_dir():  # follows links: a link to a directory is one here
                continue
            if entry.name.startswith((".", "_")) or entry.name in ("testdata", "vendor"):
                continue
            if entry.is_symlink():
                raise _GiveUp(f"{entry.path}: symbolic link to a directory")
            if os.path.isfile(os.path.join(entry.path, "go.mod")):
                continue  # another module
            out.append(entry.path)
    return out


def _directory_targets(
    pattern: str, cwd: str, module: _Module
) -> list[tuple[str, str]]:  # (directory, import path)
    recursive = pattern.endswith("/...")
    base = pattern[: -len("/...")] if recursive else pattern
    if "..." in base or not base:
        raise _GiveUp(f"{pattern}: wildcard")
    directory = os.path.normpath(os.path.join(cwd, base))
    if not os.path.isdir(directory):
        raise _GiveUp(f"{pattern}: no such directory")
    rel = os.path.relpath(directory, module.root)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        raise _GiveUp(f"{pattern}: outside the main module")
    parts = [] if rel == "." else rel.split(os.sep)
    if "vendor" in parts:
        raise _GiveUp(f"{pattern}: in a vendor directory")
    if _find_up(directory, "go.mod", stop=module.root) != module.root:
        raise _GiveUp(f"{pattern}: in another module")
    out = []
    for d in _walk(directory, recursive):
        sub = os.path.relpath(d, module.root).replace(os.sep, "/")
        if module.path == "std":  # GOROOT/src: its import paths have no module prefix
            if sub == ".":
                continue
            path = sub
        else:
            path = module.path if sub == "." else f"{module.path}/{sub}"
        out.append((d, path))
    return out


def _is_std(pattern: str) -> bool:
    first = pattern.split("/", 1)[0]
    return (
        bool(first)
        and "." not in first
        and ":" not in first
        and "..." not in pattern
        and first not in _META
        and first != "vendor"
        and not pattern.startswith(("-", "/"))
    )


def scan_packages(
    patterns: Sequence[str], cwd: str, env: Mapping[str, str], goroot: Callable[[], str]
) -> list[Listed] | None:
    """Return the packages the patterns match, as ``go list -find`` would; None to ask it.

    ``goroot()`` gives ``$GOROOT``; it is called only when a pattern names a standard
    package.
    """
    try:
        return _scan(patterns, _go_cwd(cwd, env), env, goroot)
    except _GiveUp as e:
        if env.get("GOSTUCK_DEBUG_SCAN"):
            print(f"gostuck: go list is asked: {e}", file=sys.stderr)
        return None


def _go_cwd(cwd: str, env: Mapping[str, str]) -> str:
    """Return the working directory as the go command sees it (os.Getwd: $PWD if it is it)."""
    real = os.path.realpath(cwd)
    pwd = env.get("PWD", "")
    try:
        if os.path.isabs(pwd) and os.path.samefile(pwd, real):
            return os.path.normpath(pwd)
    except OSError:
        pass
    return real


def _scan(
    patterns: Sequence[str], cwd: str, env: Mapping[str, str], goroot: Callable[[], str]
) -> list[Listed]:
    module: _Module | None = None
    out: list[Listed] = []
    seen: set[str] = set()
    for pattern in patterns:
        if pattern in (".", "..") or pattern.startswith(("./", "../", "/")):
            if module is None:
                module = _main_module(cwd, env)
            targets = _directory_targets(pattern, cwd, module)
            root = module.root
            if module.path == "cmd":  # GOROOT/src/cmd: its root is GOROOT/src, as for std
                root = os.path.dirname(root)
            explicit = not pattern.endswith("/...")
        elif _is_std(pattern):
            src = os.path.join(goroot(), "src")
            targets = [(os.path.join(src, *pattern.split("/")), pattern)]
            root = src
            explicit = True
        else:
            raise _GiveUp(f"{pattern}: not a directory or a standard package")
        matched = 0
        for directory, import_path in targets:
            found = scan_dir(directory, import_path)
            if found is None:
                continue
            matched += 1
            if import_path in seen:
                continue
            seen.add(import_path)
            pkg, files = found
            out.append(Listed(pkg, root, "", files))
        if matched == 0 or (explicit and matched != 1):
            raise _GiveUp(f"{pattern}: matched no packages")
    return out
