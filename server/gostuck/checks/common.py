"""Helpers the channel checks share: wording, related locations and fixes."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Set
from dataclasses import dataclass
from typing import Final, TypeVar

from tree_sitter import Node

from gostuck.analysis import lifetime as lifetime_mod
from gostuck.analysis.check import Pass
from gostuck.analysis.flow import funcvals
from gostuck.analysis.flow.facts import LIMIT, MANY, Exit, Goroutine, Op, Strand
from gostuck.analysis.model import Confidence, Fix, Related, Role, Span, TextEdit
from gostuck.analysis.partner.partners import Alternative
from gostuck.syntax import parse
from gostuck.syntax.cfg import CFG, Kind

TIMEOUT_HINTS = ("Done()", "time.After", ".C", "Tick", "timeout", "Timeout", "ctx.", "deadline")

# ``Node.parent`` costs the node's depth (tree-sitter descends from the root to find it), so
# climbing out of a node nested n deep costs n squared, and each goroutine of a deeply nested
# file would climb again. Parents found once are kept here. A key holds its tree alive, so a
# node of a later tree never equals one of an earlier tree; the map is cleared when full.
_PARENTS: dict[Node, Node | None] = {}
_PARENTS_MAX: Final = 1 << 15


_T = TypeVar("_T")


def first_of_each(items: Iterable[_T], key: Callable[[_T], Hashable]) -> Iterator[_T]:
    """Yield each item of ``items`` whose ``key`` no earlier item had, in order."""
    seen: set[Hashable] = set()
    for item in items:
        k = key(item)
        if k in seen:
            continue
        seen.add(k)
        yield item


def _parent(node: Node) -> Node | None:
    """Return ``node.parent``, found once per node."""
    try:
        return _PARENTS[node]
    except KeyError:
        pass
    up = node.parent
    if len(_PARENTS) >= _PARENTS_MAX:
        _PARENTS.clear()
    _PARENTS[node] = up
    return up


def _outward(node: Node) -> Iterator[Node]:
    """Return ``node``, then its ancestors innermost first."""
    n: Node | None = node
    while n is not None:
        yield n
        n = _parent(n)


def function_name(func: Node) -> str:
    """Return a readable name for the function holding a go statement."""
    for n in _outward(func):
        if n.type in ("function_declaration", "method_declaration"):
            name = n.child_by_field_name("name")
            base = parse.text(name) if name is not None else "the function"
            return base if n.id == func.id else f"the func literal in {base}"
    return "the function"


def is_main_or_init(func: Node) -> bool:
    """Tell whether ``func`` is (or is inside) ``main``, ``init`` or ``TestMain``."""
    for n in _outward(func):
        if n.type == "function_declaration":
            name = n.child_by_field_name("name")
            return name is not None and name.text in (b"main", b"init", b"TestMain")
        if n.type == "method_declaration":
            return False
    return False


def outer_declaration_name(func: Node) -> str:
    """Return the name of the top-level declaration around ``func``."""
    for n in _outward(func):
        if n.type in ("function_declaration", "method_declaration"):
            name = n.child_by_field_name("name")
            return parse.text(name) if name is not None else ""
    return ""


def strands_for(p: Pass, need: Op, *, every_path: bool) -> Iterator[Strand]:
    """Return this file's strands of goroutines that ``need``, on every path or not."""
    for s in p.facts.strands:
        if s.need is need and s.every_path is every_path:
            yield s


def confidence(s: Strand) -> Confidence:
    """HIGH when the goroutines' minimum need strands them, else MEDIUM."""
    return Confidence.HIGH if s.certain else Confidence.MEDIUM


def exit_related(p: Pass, s: Strand, e: Exit, verb: str) -> Related:
    """Return where the parent ends on a stranding path, worded by how it got there.

    The parent may be in another file of the package (a caller of a function that
    returned the channel).
    """
    return path_related(p, s.parent_cfg, e, verb, join=is_join(s, e), path=s.parent_path)


def path_related(
    p: Pass, g: CFG, e: Exit, verb: str, *, join: bool = False, path: str = ""
) -> Related:
    """Return where the function of ``g`` (in ``path``, else this file) ends on path ``e``."""
    path = path or p.path
    blk = g.blocks[e.block]
    branch = g.blocks[e.branch] if e.branch is not None else None
    why = ""
    if branch is not None and branch.kind is Kind.CASE and branch.node is not None:
        comm = branch.node.child_by_field_name("communication")
        if comm is not None and any(h in parse.text(comm) for h in TIMEOUT_HINTS):
            why = " on timeout or cancellation"
    if blk.kind is Kind.BLOCK and blk.node is not None:
        return Related(
            Role.PATH,
            parse.span(path, blk.node, first_line_only=True),
            f"blocks here forever without {verb}",
        )
    if join and blk.node is not None:
        return Related(
            Role.PATH,
            parse.span(path, blk.node, first_line_only=True),
            f"waits here for goroutines that cannot finish without {verb}",
        )
    if blk.kind is Kind.RETURN and blk.node is not None:
        return Related(
            Role.PATH,
            parse.span(path, blk.node, first_line_only=True),
            f"returns here{why} without {verb}",
        )
    body = g.func.child_by_field_name("body")
    anchor = body if body is not None else g.func
    end = anchor.end_point
    span = Span(
        path, end[0], max(end[1] - 1, 0), end[0], end[1], anchor.end_byte - 1, anchor.end_byte
    )
    return Related(Role.PATH, span, f"ends here{why} without {verb}")


def is_join(s: Strand, e: Exit) -> bool:
    """Tell whether the stranding exit ``e`` is a ``wg.Wait()`` rather than a return."""
    blk = s.parent_cfg.blocks[e.block]
    return (
        blk.kind is Kind.STMT and blk.node is not None and parse.text(blk.node).endswith(".Wait()")
    )


def waits_first(s: Strand) -> list[tuple[Node, Op, str]]:
    """Return where the one stranded sender may wait before it gets to its send.

    ``go func(in, out chan error) { for e := range in { ... }; out <- err }(src, ch)``: to
    reach the send, the goroutine must get through every wait that comes before it on each
    path (a statement of a block around the send, earlier than it): a ``range`` over a
    channel needs a close, a plain receive needs a send. When that channel is not one the
    starter made (a parameter bound to a channel from elsewhere, a field), its partner is
    out of view: the goroutine may stay there instead, and a buffer on ``ch`` would not
    free it. Each as (the statement, the operation, the channel's name in the goroutine).
    """
    if s.need is not Op.SEND or len(s.goroutines) != 1:
        return []
    go, prof = s.goroutines[0]
    send, body = prof.first_block.get(Op.SEND), go.body
    if send is None or body is None or send.type != "send_statement":
        return []
    if not (body.start_byte <= send.start_byte < body.end_byte):
        return []
    if parse.enclosing_function(send) != body:
        return []
    target = send.child_by_field_name("channel")
    mine = parse.text(target) if target is not None else ""
    owned = owned_names(go.parent) | owned_names(body)
    out: list[tuple[Node, Op, str]] = []
    node = send
    while node.parent is not None and node.parent != body:
        up = node.parent
        if up.type in ("block", "statement_list"):
            for stmt in up.named_children:
                if stmt.end_byte > node.start_byte:
                    break
                wait = _plain_wait(stmt, go)
                if wait is not None and wait[1] != mine and wait[2] not in owned:
                    out.append((stmt, wait[0], wait[1]))
        node = up
    return sorted(out, key=lambda w: w[0].start_byte)


def _plain_wait(stmt: Node, go: Goroutine) -> tuple[Op, str, str] | None:
    """For ``for x := range c`` or ``<-c`` of a known channel ``c``: the op, ``c`` and its source.

    The source is the argument bound to ``c`` when ``c`` is a parameter of the goroutine's
    function (``src`` for ``go func(c chan T) { ... }(src)``), else ``c`` itself.
    """
    op: Op
    if stmt.type == "for_statement":
        clause = next((c for c in stmt.named_children if c.type == "range_clause"), None)
        chan = clause.child_by_field_name("right") if clause is not None else None
        op = Op.RANGE
    else:
        expr = stmt.named_children[0] if stmt.type == "expression_statement" else None
        if stmt.type in ("short_var_declaration", "assignment_statement"):
            right = stmt.child_by_field_name("right")
            kids = right.named_children if right is not None else []
            expr = kids[0] if len(kids) == 1 else None
        is_recv = (
            expr is not None
            and expr.type == "unary_expression"
            and expr.child_by_field_name("operator") is not None
            and parse.text(expr.child_by_field_name("operator") or expr) == "<-"
        )
        chan = expr.child_by_field_name("operand") if is_recv and expr is not None else None
        op = Op.RECV
    if chan is None or chan.type != "identifier":
        return None
    name = parse.text(chan)
    source = name
    if name in go.params and go.body is not None:
        i = go.params.index(name)
        if op is Op.RANGE and not _declared_chan(go.body, name):
            return None  # a range over a slice or map parameter waits for nothing
        arg = go.args[i] if i < len(go.args) else None
        if arg is None or arg.type != "identifier":
            return None  # a call (ctx.Done(), time.After) or an expression: its own meaning
        source = parse.text(arg)
    elif op is Op.RANGE:
        return None  # not known to be a channel
    return op, name, source


def _declared_chan(func: Node, name: str) -> bool:
    """Tell whether parameter ``name`` of ``func`` is declared with a channel type."""
    params = func.child_by_field_name("parameters")
    for pd in params.named_children if params is not None else []:
        t = pd.child_by_field_name("type")
        if any(n.text == name.encode() for n in pd.children_by_field_name("name")):
            return t is not None and t.type == "channel_type"
    return False


def block_related(p: Pass, s: Strand, message: str) -> list[Related]:
    """Return the blocking operation of the culprit, else of the first goroutine with one.

    Waits the one stranded sender may stay at before its send (:func:`waits_first`) come
    first: the runtime shows the goroutine there when their partner never comes.
    """
    first = [
        Related(
            Role.BLOCK,
            parse.span(funcvals.path_of(stmt, p.facts.index), stmt, first_line_only=True),
            f'may block here first: {_UNSEEN[op]} "{name}" is out of view',
        )
        for stmt, op, name in waits_first(s)
    ]
    return [*first, *_block_related(p, s, message)]


_UNSEEN: Final = {Op.RANGE: "whoever closes", Op.RECV: "whoever sends on"}


def _block_related(p: Pass, s: Strand, message: str) -> list[Related]:
    ordered = sorted(s.goroutines, key=lambda gp: gp[0] is not s.culprit)
    for _go, prof in ordered:
        node = prof.first_block.get(s.need)
        if node is not None:
            # Every operation the goroutine can wait at on a stranding path: after as many
            # of them as its partners and the buffer complete (``ch <- a; ch <- b`` with
            # one receive waits at the second), or each alternative one (an early error
            # send and the result send): the runtime shows the one its path took.
            found: dict[int, Node] = {}
            for done in _completed(s):
                for n in prof.blocking_sites(s.need, done):
                    found.setdefault(n.id, n)
            nodes = sorted(found.values(), key=lambda n: n.start_byte) or [node]
            # The blocking place may sit in a callee in another file of the package.
            return [
                Related(
                    Role.BLOCK,
                    parse.span(funcvals.path_of(n, p.facts.index), n, first_line_only=True),
                    message,
                )
                for n in nodes
            ]
    return []


def _completed(s: Strand) -> list[int | None]:
    """Return how many of its operations the one stranded goroutine completes, per exit.

    None (every operation may be the one) for a range, for several goroutines sharing the
    partners, or for goroutines started in a loop.
    """
    if s.need is Op.RANGE or len(s.goroutines) != 1 or s.goroutines[0][0].in_loop:
        return [None]
    cap = (s.channel.capacity or 0) if s.need is Op.SEND else 0
    done: list[int | None] = [*sorted({min(e.supply + cap, LIMIT) for e in s.stranding()})]
    return done


def returned_related(s: Strand) -> list[Related]:
    """Return where the caller gets a channel a function returned with its goroutines."""
    ret = s.channel.returned
    if ret is None:
        return []
    fname = function_name(s.parent_cfg.func)
    return [
        Related(
            Role.OTHER,
            parse.span(ret.caller_path, ret.call, first_line_only=True),
            f"{fname} gets the channel here",
        )
    ]


def channel_related(p: Pass, s: Strand) -> Related:
    """Return where the channel is made."""
    cap = s.channel.capacity
    what = "unbuffered" if cap == 0 else f"buffer of {cap}"
    if cap is None:
        what = f"buffer of len({s.channel.per_element}): one value per goroutine"
    path = s.channel.make_path or p.path
    span = parse.span(path, s.channel.make, first_line_only=True)
    return Related(Role.CHANNEL, span, f"channel made here ({what})")


def total_demand(s: Strand) -> int:
    """Count how many partner operations the goroutines need at most (MANY when unbounded)."""
    n = 0
    for go, prof in s.goroutines:
        lo, hi = prof.blocking[s.need]
        use = lo if s.certain else hi
        if use == MANY or (go.in_loop and use):
            return MANY
        n += use
    return n


def most_demand(s: Strand) -> int:
    """Count the partner operations the goroutines may need on their longest path.

    MANY when that is unbounded or beyond the counts kept (a loop that sends up to ``n``
    times): a buffer sized for fewer would leave a send stranded on some run.
    """
    n = 0
    for go, prof in s.goroutines:
        _, hi = prof.blocking[s.need]
        if hi >= LIMIT or (go.in_loop and hi):
            return MANY
        n += hi
    return n


def buffer_fix(p: Pass, s: Strand) -> list[Fix]:
    """Give the channel room for the one send that can strand, when that is all it takes.

    The room must cover the most sends any run can make, not only the fewest the finding
    is sure of (issue 13: a fix is offered only where it removes the leak on every path).
    """
    made_here = s.channel.returned is not None and s.channel.make_path == p.path and s.sole
    if s.need is not Op.SEND or (s.channel.make_path is not None and not made_here):
        return []  # the make is in a constructor elsewhere: leave that to the user
    if waits_first(s):
        return []  # the sender may never get to the send that the buffer would free
    if s.then_stuck is not None:
        return []  # past the send, it waits for good on another channel
    if s.channel.capacity is None:
        return []  # one slot per goroutine already: the counts are past the first send
    demand = most_demand(s)
    cap = s.channel.capacity or 0
    if demand >= LIMIT:
        return []
    worst = min((e.supply for e in s.stranding()), default=0)
    if worst == MANY or demand - cap - worst != 1:
        return []
    args = s.channel.make.child_by_field_name("arguments")
    if args is None:
        return []
    named = [c for c in args.named_children if c.type != "comment"]
    if cap == 0 and len(named) == 1:
        close_paren = args.end_byte - 1
        end = args.end_point
        span = Span(p.path, end[0], end[1] - 1, end[0], end[1] - 1, close_paren, close_paren)
        edit = TextEdit(span, ", 1")
        return [Fix(f'Give "{s.channel.label}" a buffer of 1', (edit,))]
    if len(named) == 2 and named[1].type == "int_literal":
        node = named[1]
        edit = TextEdit(p.span(node), str(cap + 1))
        return [Fix(f'Give "{s.channel.label}" a buffer of {cap + 1}', (edit,))]
    return []


def first_goroutine(s: Strand) -> Goroutine:
    """Return the goroutine a strand is reported at: the culprit, else the earliest one."""
    if s.culprit is not None:
        return s.culprit
    return min((go for go, _ in s.goroutines), key=lambda go: go.stmt.start_byte)


def is_once_or_global(func: Node) -> bool:
    """Tell whether ``func`` runs once per process: inside ``once.Do`` or a package var."""
    for n in _outward(func):
        up = _parent(n)
        if n.type == "func_literal":
            call = _parent(up) if up is not None else None
            if call is not None and call.type == "call_expression":
                fn = call.child_by_field_name("function")
                if fn is not None and fn.type == "selector_expression":
                    fld = fn.child_by_field_name("field")
                    if fld is not None and fld.text == b"Do":
                        return True
        if n.type in ("function_declaration", "method_declaration"):
            return False
        if (
            n.type in ("var_declaration", "const_declaration")
            and up is not None
            and up.type == "source_file"
        ):
            return True
    return False


def lifetime(p: Pass, go: Goroutine) -> str:
    """Say how often the goroutine is started: ``"process"``, ``"starter"`` or ``"call"``.

    Decided on the package's call graph (``analysis/lifetime.py``), never by names:
    ``process`` when the function starting it runs once per process (main, init, once.Do, a
    package-level initializer, or only called from such code); ``call`` when it runs more
    than once (the go statement or a call of the function in a loop, two calls in a row, a
    caller that runs many times, an HTTP handler, a test). When its callers are not in
    view, the goroutine's lifetime is that of what it holds: ``starter`` when it holds a
    value that outlives the call (the receiver, a parameter, a value the function returns
    or stores), so it lives as long as that object by design; ``call`` when it holds only
    what the call made.
    """
    if go.in_loop:
        return "call"
    index = p.facts.index
    key = ("common.lifetime", go.key, go.parent.id)
    got = index.memo.get(key)
    if isinstance(got, str):
        return got
    answer = _lifetime(p, go)
    index.memo[key] = answer
    return answer


def _lifetime(p: Pass, go: Goroutine) -> str:
    index = p.facts.index
    runs = lifetime_mod.runs(go.parent, funcvals.path_of(go.parent, index), index)
    if runs is lifetime_mod.Runs.ONCE or is_main_or_init(go.parent) or is_once_or_global(go.parent):
        return "process"
    if runs is lifetime_mod.Runs.MANY:
        return "call"
    starts = [go.via, go.body] if go.via is not None and go.body is not None else [go.stmt]
    return "starter" if lifetime_mod.holds_outliving(starts, go.parent) else "call"


def runs_many(p: Pass, go: Goroutine) -> bool:
    """Tell whether the callers run the goroutine's start more than once per process.

    Only what the call graph says of the function's callers counts, and only for a go
    statement its function reaches on every call: one inside a loop of its own function or
    under a condition may be a pool topped up to a bound, or a start guarded by a state
    check (started once, whatever the callers do).
    """
    if go.in_loop or not lifetime_mod.unconditional(go.stmt, go.parent):
        return False
    index = p.facts.index
    path = funcvals.path_of(go.parent, index)
    return lifetime_mod.runs(go.parent, path, index) is lifetime_mod.Runs.MANY


def has_param_of_type(func: Node, *type_texts: str) -> bool:
    """Tell whether the declaration around ``func`` has a parameter of one of these types."""
    for n in _outward(func):
        if n.type in ("function_declaration", "method_declaration", "func_literal"):
            params = n.child_by_field_name("parameters")
            if params is not None:
                for pd in params.named_children:
                    t = pd.child_by_field_name("type")
                    if t is not None and parse.text(t) in type_texts:
                        return True
            if n.type != "func_literal":
                return False
    return False


def owned_names(func: Node) -> set[str]:
    """Names of the channels made in ``func`` itself."""
    from gostuck.analysis.flow.facts import find_channels

    return {c.name for c in find_channels(func)}


@dataclass(frozen=True, slots=True)
class EndlessLoop:
    """A goroutine's loop with no way out."""

    loop: Node  # the for statement
    selects: tuple[Node, ...]  # select statements directly in it


def _selects_in(loop: Node) -> list[Node]:
    out: list[Node] = []
    for n in parse.iter_descendants(loop):
        if n.type == "select_statement":
            inner = next(
                (a for a in parse.ancestors(n) if a.type in parse.FUNCTION_TYPES or a == loop),
                None,
            )
            if inner is not None and inner == loop:
                out.append(n)
    return out


def has_default(select: Node) -> bool:
    """Tell whether a select has a ``default`` case: it never blocks, the loop spins instead.

    Whether a case is a way out is the CFG's answer (a path from it leaves the loop), never
    the words in its channel's name: ``case <-quit: break`` leaves the select, not the loop.
    """
    return any(case.type == "default_case" for case in select.named_children)


def endless_loop(p: Pass, go: Goroutine) -> EndlessLoop | None:
    """Return the loop that keeps the goroutine from ever returning, when that is certain."""
    if go.body is None:
        return None
    g = p.facts.analyzer.graphs.get(go.body)
    if g is None:
        return None
    # A range over a ticker's channel never ends: nothing closes it.
    ticking = {b.id for b in g.blocks if b.kind is Kind.LOOP and _ranges_over_ticker(b.node, go)}
    if ticking:
        g = g.without_edges({b: {e} for b in ticking if (e := g.blocks[b].loop_exit) is not None})
    reach = g.reachable()
    dead = p.facts.dead_channels
    if (
        g.exit in reach
        and b"select" in (go.body.text or b"")
        and any(b.kind is Kind.LOOP and b.loop_exit is None for b in g.blocks)
    ):
        # A case receiving from a field nothing sends on or closes is no way out.
        g = dead.without_dead_cases(g)
        reach = g.reachable()
    if g.exit in reach:
        return None
    if any(g.blocks[b].kind in (Kind.ABORT, Kind.BLOCK) for b in reach):
        return None
    loops = [
        b
        for b in g.blocks
        if b.kind is Kind.LOOP
        and (b.loop_exit is None or b.id in ticking)
        and b.id in reach
        and b.node is not None
    ]
    if not loops:
        return None
    first = min(loops, key=lambda b: b.node.start_byte if b.node else 0)
    assert first.node is not None
    selects = _selects_in(first.node)
    if any(has_default(s) for s in selects):
        return None
    return EndlessLoop(first.node, tuple(selects))


def _ranges_over_ticker(loop: Node | None, go: Goroutine) -> bool:
    if loop is None or loop.type != "for_statement" or go.body is None:
        return False
    clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
    right = clause.child_by_field_name("right") if clause is not None else None
    return right is not None and lifetime_mod.ticker_channel(right, go.body)


def ctx_param(go: Goroutine) -> Node | None:
    """Return the name of a ``context.Context`` parameter visible in the goroutine, as declared."""
    if not go.is_literal or go.body is None:
        return None
    for n in _outward(go.body):
        if n.type in ("function_declaration", "method_declaration", "func_literal"):
            params = n.child_by_field_name("parameters")
            for pd in params.named_children if params is not None else []:
                t = pd.child_by_field_name("type")
                if t is not None and parse.text(t) == "context.Context":
                    names = list(pd.children_by_field_name("name"))
                    if names and names[0].text != b"_":
                        return names[0]
            if n.type != "func_literal":
                return None
    return None


def cancellable_ctx(p: Pass, go: Goroutine) -> str | None:
    """Return the name of a context parameter in scope that someone may cancel.

    A context that every caller in the package binds to one nothing can cancel
    (``helper(context.TODO())``) is no request's: it never ends, so it neither marks the
    function as running per request nor can a case on its ``Done()`` end a loop.
    """
    param = ctx_param(go)
    if param is None:
        return None
    if p.facts.dead_channels.code_oracle().context_never_done(param):
        return None
    return parse.text(param)


def done_case_fix(p: Pass, go: Goroutine, select: Node) -> list[Fix]:
    """Add ``case <-ctx.Done(): return`` to ``select`` when a cancellable context is in scope."""
    ctx = cancellable_ctx(p, go)
    if ctx is None or go.path != p.path:
        return []
    brace = next((c for c in select.children if c.type == "{"), None)
    cases = [c for c in select.named_children if c.type == "communication_case"]
    if brace is None or not cases:
        return []
    first = cases[0]
    line_start = p.source.rfind(b"\n", 0, first.start_byte) + 1
    indent = p.source[line_start : first.start_byte].decode("utf-8", "replace")
    if indent.strip():
        return []
    at = brace.end_byte
    row, col = brace.end_point
    text = f"\n{indent}case <-{ctx}.Done():\n{indent}\treturn"
    edit = TextEdit(Span(p.path, row, col, row, col, at, at), text)
    return [Fix(f"Add a case for {ctx}.Done()", (edit,))]


def fresh_ops(go: Goroutine) -> list[Node]:
    """Return the goroutine's sends and receives on a channel made on the spot."""
    if go.body is None:
        return []
    caps = parse.captures("facts.scm", go.body)
    out: list[Node] = []
    for n in [*caps.get("fresh.send", []), *caps.get("fresh.recv", [])]:
        if parse.enclosing_function(n) == go.body:
            out.append(n)
    return sorted(out, key=lambda n: n.start_byte)


def in_select_case(op: Node) -> Node | None:
    """Return the select statement when ``op`` is the communication of one of its cases."""
    n: Node | None = op.parent
    while n is not None and n.type in ("expression_list", "receive_statement"):
        n = n.parent
    if op.type == "send_statement":
        n = op.parent
    if n is not None and n.type == "communication_case":
        return n.parent
    return None


def loop_channels(loop: Node) -> list[str]:
    """Return the channel expressions the loop sends to, receives from or ranges over."""
    out: list[str] = []
    for n in parse.iter_descendants(loop):
        if n.type in parse.FUNCTION_TYPES:
            continue
        ch: Node | None = None
        if n.type == "send_statement":
            ch = n.child_by_field_name("channel")
        elif n.type == "unary_expression":
            op = n.child(0)
            if op is not None and op.type == "<-":
                ch = n.child_by_field_name("operand")
        elif n.type == "range_clause":
            ch = n.child_by_field_name("right")
        if ch is not None and enclosing_is(ch, loop):
            out.append(parse.text(ch))
    return out


def enclosing_is(node: Node, loop: Node) -> bool:
    """Tell whether ``node`` belongs to ``loop``'s own function (not a nested literal)."""
    for a in parse.ancestors(node):
        if a.id == loop.id:
            return True
        if a.type in parse.FUNCTION_TYPES:
            return False
    return False


def is_test_function(func: Node) -> bool:
    """Tell whether ``func`` is (inside) a test, benchmark or fuzz target."""
    return has_param_of_type(func, "*testing.T", "*testing.B", "*testing.F", "testing.TB")


def per_request(p: Pass, go: Goroutine) -> bool:
    """Tell whether the parent clearly runs per request: a cancellable ctx or an HTTP handler."""
    return cancellable_ctx(p, go) is not None or has_param_of_type(go.parent, "http.ResponseWriter")


def endless_confidence(
    p: Pass, go: Goroutine, loop: EndlessLoop, *, many: bool = False
) -> Confidence:
    """Rate how sure an endless goroutine loop is a leak rather than a daemon by design.

    HIGH: a literal started per request (a ctx someone may cancel, or an HTTP handler, in
    scope) whose loop touches only channels the parent or the goroutine made. MEDIUM: per
    request with other channels, or started in a loop, or a loop using only such owned
    channels. LOW: everything else
    (named worker functions are usually daemons by design). ``many``: the call graph shows
    the goroutine started more than once per process: HIGH, each start leaves one behind.
    """
    if many:
        return Confidence.HIGH
    if not go.is_literal or go.body is None or is_test_function(go.parent):
        return Confidence.LOW
    owned = owned_names(go.parent) | owned_names(go.body)
    chans = loop_channels(loop.loop)
    all_owned = all(c in owned for c in chans)
    if per_request(p, go):
        return Confidence.HIGH if all_owned else Confidence.MEDIUM
    if all_owned and (go.in_loop or chans):
        return Confidence.MEDIUM
    return Confidence.LOW


def report_self_blocks(p: Pass, op: Op, message: str) -> None:
    """Report goroutines blocked doing ``op`` on their own channel with no possible partner.

    ``message`` is formatted with ``name`` (the channel) and ``fname`` (the goroutine's
    function).
    """
    for sb in p.facts.self_blocks:
        if sb.op is not op:
            continue
        go = sb.goroutine
        name = sb.channel.name
        body = go.body
        fname = "the goroutine" if body is None or go.is_literal else function_name(body)
        path = sb.path or go.path
        related = [
            Related(
                Role.BLOCK,
                parse.span(path, sb.node, first_line_only=True),
                "blocks here forever",
            ),
            Related(
                Role.CHANNEL,
                parse.span(path, sb.channel.make, first_line_only=True),
                "channel made here; no other holder can partner it",
            ),
        ]
        text = message.format(name=name, fname=fname)
        confidence = Confidence.HIGH if sb.certain else Confidence.MEDIUM
        if sb.stuck_go is not None and sb.stuck_at is not None:
            # Chained from the sync analysis: the partner exists but never gets there.
            verb, partner = _STUCK_WORDS[op]
            text = (
                f'goroutine blocks forever {verb} "{name}": the goroutine that would {partner} '
                "it blocks forever first"
            )
            confidence = Confidence.MEDIUM
            related[1:1] = [
                Related(
                    Role.OTHER,
                    parse.span(path, sb.stuck_go, first_line_only=True),
                    f'this goroutine would {partner} "{name}"',
                ),
                Related(
                    Role.OTHER,
                    parse.span(path, sb.stuck_at, first_line_only=True),
                    "but it blocks forever here first",
                ),
            ]
        if sb.own_close is not None and sb.stuck_go is None:
            # The only close is the goroutine's own, deferred: it runs after this wait.
            what = _STUCK_WORDS[op][0]
            text = (
                f'goroutine blocks forever {what} "{name}": only its own deferred close '
                "ends the wait, and that runs after it"
            )
            if sb.channel.make.id == sb.own_close.id:
                related.pop()  # a struct field: not made here
            related.insert(
                1,
                Related(
                    Role.OTHER,
                    parse.span(path, sb.own_close, first_line_only=True),
                    "closed here only when the goroutine returns",
                ),
            )
        p.report(
            go.stmt,
            text,
            confidence=confidence,
            related=related,
            data=(("channel", name),),
        )


def report_overfills(p: Pass, op: Op) -> None:
    """Report goroutines blocked doing ``op`` on their own channel before anyone else holds it.

    A send past the buffer, or a receive from the empty buffer, while the goroutine that made
    the channel has not handed it to anyone yet; or a send on a full channel that nothing
    that runs ever receives from, once it is shared.
    """
    selfblocked = {sb.goroutine.stmt.id for sb in p.facts.self_blocks}
    for of in p.facts.overfills:
        go = of.goroutine
        if of.op is not op or go.stmt.id in selfblocked:
            continue
        name = of.channel.name
        cap = of.channel.capacity or 0
        what = "unbuffered" if cap == 0 else f"buffer of {cap}"
        why = "blocks here forever: the goroutine is still the channel's only holder"
        if op is Op.SEND and of.shared:
            text = (
                f'goroutine blocks forever sending on "{name}": its buffer of {cap} is full '
                "and nothing that runs ever receives from it"
            )
            why = "blocks here forever: the buffer stays full"
        elif op is Op.SEND:
            state = "unbuffered" if cap == 0 else f"its buffer of {cap} is full"
            text = (
                f'goroutine blocks forever sending on "{name}": {state} and the goroutine '
                "has not handed the channel to anyone who could receive"
            )
        else:
            text = (
                f'goroutine blocks forever receiving from "{name}": the channel is empty and '
                "the goroutine has not handed it to anyone who could send"
            )
        p.report(
            go.stmt,
            text,
            confidence=Confidence.HIGH if of.certain else Confidence.MEDIUM,
            related=[
                Related(
                    Role.BLOCK,
                    parse.span(of.path, of.node, first_line_only=True),
                    why,
                ),
                Related(
                    Role.CHANNEL,
                    parse.span(
                        of.channel.make_path or go.path, of.channel.make, first_line_only=True
                    ),
                    f"channel made here ({what})",
                ),
            ],
            data=(("channel", name),),
        )


# How a chained self block reads: what the goroutine does, what its stuck partner would do.
_STUCK_WORDS: Final = {
    Op.RECV: ("receiving from", "send on or close"),
    Op.RANGE: ("ranging over", "close"),
    Op.SEND: ("sending on", "receive from"),
}


def _comm_text(case: Node) -> str:
    comm = case.child_by_field_name("communication")
    return "" if comm is None else parse.text(comm).replace(" ", "")


def leaves_only_when_done(g: CFG, go: Node, ctx: str, chan: str | None) -> bool:
    """Tell whether every way out of ``g``'s function after ``go`` has ``ctx`` done.

    Every ``return`` after the ``go`` statement must sit in a ``case <-ctx.Done():``, under
    ``if ctx.Err() != nil``, or (given ``chan``: the goroutine sends once) in a select case
    that received from ``chan``; and the end of the body must not be reachable. The
    analysis keeps one witness path per count, so its exits cannot answer this: a parent
    that stops at the first error or on its own timer leaves ``ctx`` alive, and a send that
    also waits on ``ctx.Done()`` would wait as long.
    """
    if any(g.exit in b.succs and b.kind not in (Kind.RETURN, Kind.ABORT) for b in g.blocks):
        return False  # falls off the end of the body
    done = f"<-{ctx}.Done()"
    received = re.compile(rf"(^|=)<-{re.escape(chan)}$") if chan is not None else None
    for ret in parse.iter_descendants(g.func):
        if ret.type != "return_statement" or ret.start_byte < go.end_byte:
            continue
        if parse.enclosing_function(ret) != g.func:
            continue
        ok, child = False, ret
        for n in parse.ancestors(ret):
            if n == g.func:
                break
            if n.type == "communication_case":
                comm = _comm_text(n)
                ok = comm == done or (received is not None and received.search(comm) is not None)
            elif n.type == "if_statement" and n.child_by_field_name("consequence") == child:
                cond = n.child_by_field_name("condition")
                ok = cond is not None and parse.text(cond).replace(" ", "") == f"{ctx}.Err()!=nil"
            if ok:
                break
            child = n
        if not ok:
            return False
    return True


def cancellable_send_fix(p: Pass, s: Strand) -> list[Fix]:
    """Turn the goroutine's blocking ``ch <- v`` into a select that also gives up on ctx.

    Only for a literal goroutine in this file, whose blocking send is a statement of its
    own line, with a ``context.Context`` in scope that someone may cancel.
    """
    if s.need is not Op.SEND or len(s.goroutines) != 1 or s.channel.returned is not None:
        return []  # a returned channel's goroutine: whether its caller cancels is not known
    if waits_first(s) or s.then_stuck is not None:
        return []  # it may wait before the send, or for good after it: giving up frees nothing
    go, prof = s.goroutines[0]
    node = prof.first_block.get(Op.SEND)
    ctx = cancellable_ctx(p, go)
    if ctx is None or node is None or go.path != p.path or not go.is_literal:
        return []
    if node.type != "send_statement" or node.parent is None:
        return []
    if node.parent.type not in ("statement_list", "block"):
        return []
    line_start = p.source.rfind(b"\n", 0, node.start_byte) + 1
    indent = p.source[line_start : node.start_byte].decode("utf-8", "replace")
    line_end = p.source.find(b"\n", node.end_byte)
    rest = p.source[node.end_byte : line_end if line_end >= 0 else len(p.source)]
    if indent.strip() or rest.strip():
        return []
    chan = s.channel.label
    if go.body is None:
        return []
    sends = [
        n
        for n in parse.iter_descendants(go.body)
        if n.type == "send_statement"
        and (c := n.child_by_field_name("channel")) is not None
        and parse.text(c) == chan
    ]
    if sends != [node]:
        return []  # only this one send is made to give up; another would still block
    once = prof.blocking[Op.SEND][1] <= 1
    if not leaves_only_when_done(s.parent_cfg, go.stmt, ctx, chan if once else None):
        return []  # the parent may stop receiving while ctx lives on: the send would wait
    send = parse.text(node)
    text = f"select {{\n{indent}case {send}:\n{indent}case <-{ctx}.Done():\n{indent}}}"
    edit = TextEdit(p.span(node), text)
    return [Fix(f"Give up the send when {ctx} is done", (edit,))]


def _alternative_phrase(alt: Alternative) -> str:
    """Say what would free one alternative of a gate: ``sending on or closing "c"``."""
    name = alt.obj.name
    if alt.obj.is_context:
        return f'cancelling "{name}"'
    if alt.op is Op.SEND:
        return f'receiving from "{name}"'
    return f'closing "{name}"' if alt.close_only else f'sending on or closing "{name}"'


def report_gates(p: Pass, *, select: bool, skip: Set[int] = frozenset()) -> None:
    """Report goroutines left at a gate: a select (``select``) or a plain ``<-ctx.Done()``.

    The finding sits on the go statement; the gate is where the goroutine blocks (each
    case of a select a place it waits too), with the path of the starter that leaves
    every alternative without a partner and where each object is made.
    """
    for s in p.facts.gate_strands:
        go = s.goroutine
        if s.is_select is not select or lifetime(p, go) == "process" or go.stmt.id in skip:
            continue
        fname = function_name(s.parent_cfg.func)
        partners = " or ".join(_alternative_phrase(a) for a in s.alternatives)
        gate_path = funcvals.path_of(s.gate, p.facts.index)
        if select:
            msg = f"goroutine blocks forever in a select when {fname} returns without {partners}"
            related = [
                Related(
                    Role.BLOCK,
                    parse.span(gate_path, s.gate, first_line_only=True),
                    "blocks here: no case can proceed",
                ),
                *(
                    Related(
                        Role.BLOCK,
                        parse.span(gate_path, a.node, first_line_only=True),
                        f"waits here for {_alternative_phrase(a)}",
                    )
                    for a in s.alternatives
                ),
            ]
        else:
            ctx = s.alternatives[0].obj.name
            msg = (
                f'goroutine blocks forever receiving from "{parse.text(s.gate.named_children[-1])}"'
                f" when {fname} returns without {partners}"
            )
            related = [
                Related(
                    Role.BLOCK,
                    parse.span(gate_path, s.gate, first_line_only=True),
                    f'blocks here: nothing else can cancel "{ctx}"',
                )
            ]
        related.append(path_related(p, s.parent_cfg, s.stranding()[0], partners))
        for a in first_of_each(s.alternatives, lambda a: a.obj.name):
            what = "context made here" if a.obj.is_context else f'"{a.obj.name}" made here'
            related.append(Related(Role.CHANNEL, p.span(a.obj.decl, first_line_only=True), what))
        p.report(
            go.stmt,
            msg,
            confidence=Confidence.HIGH,
            related=related,
            data=tuple(("channel", a.obj.name) for a in s.alternatives[:1]),
        )
