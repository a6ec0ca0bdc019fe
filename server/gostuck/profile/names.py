"""Go function names as profiles print them: normalising, packages, blocking operations.

Profiles name functions by their linker symbol: ``main.fetch.func1``,
``gostuck.dev/x/pkg.(*T).M.func2.1``, ``main.Recv[go.shape.string]``. This module turns
those into one spelling (generic shapes become ``[...]``, as debug=1 prints them), tells the
standard library from user code, and names the operation a goroutine blocks on from the
runtime frames on top of its stack (the only way in debug=0, which has no wait reason).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Final

# Innermost runtime or library frames that say what a goroutine waits for. Scanned from the
# innermost frame outwards; the first match wins (``runtime.gopark`` itself says nothing).
BLOCKING_FRAMES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "runtime.chansend1": "chan send",
        "runtime.chanrecv1": "chan receive",
        "runtime.chanrecv2": "chan receive",
        "runtime.selectgo": "select",
        "runtime.block": "select (no cases)",
        "sync.runtime_SemacquireWaitGroup": "sync.WaitGroup.Wait",
        "sync.(*WaitGroup).Wait": "sync.WaitGroup.Wait",
        "internal/sync.runtime_SemacquireMutex": "sync.Mutex.Lock",
        "sync.runtime_SemacquireMutex": "sync.Mutex.Lock",
        "sync.runtime_SemacquireRWMutexR": "sync.RWMutex.RLock",
        "sync.runtime_SemacquireRWMutex": "sync.RWMutex.Lock",
        "sync.runtime_notifyListWait": "sync.Cond.Wait",
        "time.Sleep": "sleep",
        "internal/poll.runtime_pollWait": "IO wait",
    }
)


def normalize_function(name: str) -> str:
    """Return ``name`` with every generic type-argument list written ``[...]``.

    ``main.Recv[go.shape.string]`` and ``main.(*Box[go.shape.int]).Publish.func1`` become
    ``main.Recv[...]`` and ``main.(*Box[...]).Publish.func1``; names without brackets are
    returned unchanged.
    """
    if "[" not in name:
        return name
    out: list[str] = []
    depth = 0
    for ch in name:
        if ch == "[":
            if depth == 0:
                out.append("[...]")
            depth += 1
        elif ch == "]":
            depth = max(depth - 1, 0)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def package_of(function: str) -> str:
    """Return the import path of a normalised function name: ``a.b/c.F.func1`` -> ``a.b/c``."""
    slash = function.rfind("/")
    dot = function.find(".", slash + 1)
    return function[:dot] if dot >= 0 else function


def symbol_of(function: str) -> str:
    """Return the name inside its package: ``a.b/c/d.(*T).M.func1`` -> ``(*T).M.func1``."""
    package = package_of(function)
    return function[len(package) + 1 :]


def is_std_package(package: str) -> bool:
    """Say whether an import path is the Go runtime or standard library.

    Standard-library paths have no dot in their first element (``net/http``,
    ``internal/sync``); ``main`` is the program itself.
    """
    if package == "main" or not package:
        return False
    return "." not in package.split("/", 1)[0]


def is_user_function(function: str) -> bool:
    """Say whether a frame belongs to the program rather than the runtime or standard library."""
    return not is_std_package(package_of(function))


UserPredicate = Callable[[str], bool]


def blocking_operation(functions: list[str] | tuple[str, ...]) -> str:
    """Name the operation a stack is blocked on from its innermost frames, or ``""``."""
    for name in functions:
        reason = BLOCKING_FRAMES.get(name)
        if reason is not None:
            return reason
        if is_user_function(name):
            break
    return ""
