"""Find a profile's site in the current source, or say that it cannot be found.

A profile names lines of the program as it was built; the editor holds newer code. A site
is placed only where the current source has it: inside the function the profile names, on
a line holding an operation of the kind the goroutines wait at (the frame above the site's
says which: ``runtime.chansend1`` a send, ``runtime.selectgo`` a select,
``sync.(*WaitGroup).Wait`` a call of ``Wait``).

    func fetch() int {          // pprof: Function.start_line 12, now 14: the function moved
        ch := make(chan int)
        go func() {             // debug=2: "created by main.fetch" at 15, now 17
            ch <- 42            // the one send in fetch.func1
        }()

When the line the profile gives no longer holds such an operation, the site is placed by
what identifies it: the function's start line (pprof's ``Function.start_line``) moved by
some lines, the ``go`` statement that started a literal moved by some lines, or the one
operation of that kind in the function. When these disagree or nothing identifies it, the
site is not placed (``Where(None, "")``): a count on a wrong line is worse than none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from gostuck.overlay.gofile import FuncInfo, GoFile, GoStmt, Op
from gostuck.profile.model import Frame, Site
from gostuck.profile.names import symbol_of

# The runtime frame above the site's frame -> the kind of operation at the site's line.
RUNTIME_WAITS: Final = {
    "runtime.chansend1": "send",
    "runtime.chanrecv1": "receive",
    "runtime.chanrecv2": "receive",
    "runtime.selectgo": "select",
    "runtime.block": "select{}",
}
# Wait reasons of text profiles, whose tracebacks hide the runtime frames.
REASON_WAITS: Final = {
    "chan send": "send",
    "chan send (nil chan)": "send",
    "chan receive": "receive",
    "chan receive (nil chan)": "receive",
    "select": "select",
    "select (no cases)": "select{}",
    "running": "any",
    "runnable": "any",
}
# Operations a goroutine parks at inside the runtime, whose frames debug=1 hides.
PARKING: Final = frozenset({"send", "receive", "select", "select{}"})
GENERIC: Final = "[...]"


@dataclass(frozen=True, slots=True)
class Wait:
    """The kind of operation a site's goroutines wait at: ``call`` names the callee."""

    kind: str  # send, receive, select, select{}, call, any (running), "" (a runtime wait)
    name: str = ""


@dataclass(frozen=True, slots=True)
class Where:
    """Where a site (or a ``go`` statement) is in the current source.

    ``line`` is 1-based, or None when the source changed and nothing identifies the place;
    ``how`` says what placed it: ``line`` (the profile's line holds it), ``start_line``
    (the function moved), ``anchor`` (the ``go`` statement moved), ``only`` (the one
    operation of its kind in the function); with no line, ``running`` says the
    goroutines were running, not waiting, so no operation can check their line.
    """

    line: int | None
    how: str = ""


def _last_name(function: str) -> str:
    """Return the called name in a frame's function: ``sync.(*WaitGroup).Wait`` -> ``Wait``."""
    symbol = symbol_of(function).replace(GENERIC, "")
    return symbol.rsplit(".", 1)[-1].removesuffix("-fm")


def _site_frame(site: Site) -> tuple[Frame | None, Frame | None]:
    """Return the site's own frame in its most common stack, and the frame above it."""
    for stack in site.stacks[:1]:
        for i, frame in enumerate(stack.frames):
            if (frame.file, frame.line, frame.function) == site.key:
                return frame, (stack.frames[i - 1] if i > 0 else None)
    return None, None


def wait_of(site: Site) -> Wait:
    """Return what the site's goroutines wait at, from the frame above the site's."""
    _, above = _site_frame(site)
    if above is None:
        reason = site.wait_reason.removesuffix(" (leaked)")
        return Wait(REASON_WAITS.get(reason, ""))
    kind = RUNTIME_WAITS.get(above.function)
    if kind is not None:
        return Wait(kind)
    return Wait("call", _last_name(above.function))


def _ranges(op: Op, info: FuncInfo, ops: Sequence[Op]) -> list[tuple[int, int]]:
    """Return the 0-based line ranges a profile may name for ``op``."""
    if not op.deferred:
        return [(op.first_line, op.last_line)]
    # A deferred call runs where the function returns: each return and the closing brace.
    lines = [o.first_line for o in ops if o.kind == "return"] + [info.end_line]
    return [(line, line) for line in lines]


def _matches(op: Op, wait: Wait) -> bool:
    if not wait.kind:
        return op.kind in PARKING
    if wait.kind == "any":
        return op.kind != "return"
    if wait.kind == "call":
        return op.kind == "call" and op.name == wait.name
    return op.kind == wait.kind


def candidates(gofile: GoFile, info: FuncInfo, wait: Wait) -> list[list[tuple[int, int]]]:
    """Return, per operation of the wait's kind directly in ``info``, its line ranges."""
    ops = gofile.ops.get(info.name, [])
    return [_ranges(op, info, ops) for op in ops if _matches(op, wait)]


def _top(symbol: str) -> str:
    """Return the named function a literal belongs to: ``fanOut.func2.1`` -> ``fanOut``."""
    for marker in (".func", ".gowrap", "-range"):
        at = symbol.find(marker)
        if at > 0:
            symbol = symbol[:at]
    return symbol


def _covering(ranges: Sequence[Sequence[tuple[int, int]]], line0: int) -> bool:
    return any(a <= line0 <= b for op in ranges for a, b in op)


def _anchor_offset(gofile: GoFile, site: Site, symbol: str) -> int | None:
    """Return how far the ``go`` statement that runs the site's literal moved, if known.

    Only for a literal started directly by a ``go`` statement the profile names (debug=2's
    ``created by``): its body moves with that statement.
    """
    offsets = set()
    for g in site.go_statements:
        if g.file != site.file:
            continue
        creating = symbol_of(g.function)
        found = [s for s in gofile.gos if s.enclosing == creating and s.callee == symbol]
        if len(found) == 1:
            offsets.add(found[0].line + 1 - g.line)
    return offsets.pop() if len(offsets) == 1 else None


def locate_site(gofile: GoFile, site: Site) -> Where:
    """Place ``site`` in ``gofile`` (the current text of the site's file), or say it moved."""
    symbol = symbol_of(site.function)
    wait = wait_of(site)
    line0 = site.line - 1
    info = gofile.funcs.get(symbol)
    if info is None:
        # The numbering of literals may differ (literals added since, or a shape the
        # numbering does not model): accept only the profile's own line, in a literal of
        # the same named function, holding the operation.
        here = gofile.function_at(line0)
        if (
            here is not None
            and here.literal
            and _top(here.name) == _top(symbol)
            and _covering(candidates(gofile, here, wait), line0)
        ):
            return Where(site.line, "line")
        return Where(None)
    ops = candidates(gofile, info, wait)
    if not ops:
        return Where(None)
    frame, _ = _site_frame(site)
    evidence: dict[int, str] = {}
    if frame is not None and frame.start_line > 0:
        evidence.setdefault(info.start_line + 1 - frame.start_line, "start_line")
    anchor = _anchor_offset(gofile, site, symbol)
    if anchor is not None:
        evidence.setdefault(anchor, "anchor")
    if not evidence:
        if wait.kind == "any":
            # A running goroutine can be on any line: with nothing saying the source is
            # unchanged, its line is not checked and not shown.
            return Where(None, "running")
        evidence[0] = "line"
    hits = {line0 + off: ("line" if off == 0 else how) for off, how in evidence.items()}
    hits = {line: how for line, how in hits.items() if _covering(ops, line)}
    if len(ops) == 1:
        if len(hits) == 1:
            ((line, how),) = hits.items()
            return Where(line + 1, how)
        if len(ops[0]) == 1:
            return Where(ops[0][0][0] + 1, "only")
        return Where(None)
    if len(hits) == 1:
        ((line, how),) = hits.items()
        return Where(line + 1, how)
    return Where(None)


def _callee_matches(stmt: GoStmt, entries: Sequence[str]) -> bool:
    """Say whether a ``go`` statement runs one of the goroutines' entry functions."""
    for entry in entries:
        symbol = symbol_of(entry)
        if ".gowrap" in symbol:
            if not stmt.calls_literal:
                return True
        elif stmt.calls_literal:
            if stmt.callee == symbol:
                return True
        elif stmt.callee == _last_name(entry):
            return True
    return False


def locate_go(gofile: GoFile, function: str, line: int, entries: Sequence[str]) -> Where:
    """Place the ``go`` statement of ``created by function`` at ``line`` in ``gofile``.

    ``entries`` are the entry functions of the goroutines it started. The statement must
    be in that function and run one of them; when the function has one such statement it
    is that one, wherever it moved.
    """
    creating = symbol_of(function)
    found = [g for g in gofile.gos if g.enclosing == creating and _callee_matches(g, entries)]
    if not found:
        # The creating function may be spelled otherwise (inlined into its caller): only
        # the profile's own line, holding such a statement, will do.
        at = gofile.go_at(line - 1)
        if at is not None and _callee_matches(at, entries):
            return Where(line, "line")
        return Where(None)
    if any(g.line == line - 1 for g in found):
        return Where(line, "line")
    if len(found) == 1:
        return Where(found[0].line + 1, "only")
    return Where(None)
