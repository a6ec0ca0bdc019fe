"""GS2003: select whose every case is blocked.

A goroutine waits in a ``select`` without default whose cases are all on channels its
starter made and kept to itself, and nobody can ever be the partner of any case: nothing
sends on or closes the channels it receives from, nothing receives from the unbuffered
channels it sends on. No case can ever proceed, so the goroutine never exits.

On some path only is enough: the starter returns without giving any case a partner (a
stop channel closed on one branch, two exits neither fired, a context of its own whose
cancel that path skips; :mod:`gostuck.analysis.partner.partners`).

Only channels whose every use is visible count: a channel passed to a call, stored, returned
or sent anywhere may have a partner we cannot see, and any case on a channel the starter did
not make (``ctx.Done()``, ``time.After``, a parameter, a field) is a way out. Either means
silence.
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from gostuck.analysis.check import Check, Doc, Pass
from gostuck.analysis.flow.facts import (
    Channel,
    Goroutine,
    Op,
    classify,
    find_channels,
    innermost_function,
    name_uses,
    on_every_path,
    param_names,
    receiver_name,
)
from gostuck.analysis.model import Confidence, Related, Role, Severity
from gostuck.checks import common
from gostuck.syntax import parse
from gostuck.syntax.cfg import CFG, body_of

DOC = Doc(
    title="select whose every case is blocked",
    text=(
        "A goroutine waits in a select without default, and every case is on a channel "
        "its starter made and never hands to anyone: nothing sends on or closes the "
        "channels it receives from, and nothing receives from the unbuffered channels it "
        "sends on. No case can ever proceed, so the goroutine blocks forever and leaks "
        "with everything it holds. The same holds on one path: the starter returns "
        "early without receiving, closing the stop channel or cancelling its context.\n\n"
        "Give the select a way out: close the channel when the work is done (a deferred "
        "close in the starter is enough), send on it, or add a case on ctx.Done()."
    ),
    before=(
        "func watch() {\n"
        "\tdone, stop := make(chan struct{}), make(chan struct{})\n"
        "\tgo func() {\n"
        "\t\tselect {\n"
        "\t\tcase <-done:\n"
        "\t\tcase <-stop:\n"
        "\t\t}\n"
        "\t}()\n"
        "\trun()\n"
        "}"
    ),
    after=(
        "func watch() {\n"
        "\tdone, stop := make(chan struct{}), make(chan struct{})\n"
        "\tdefer close(done)\n"
        "\tgo func() {\n"
        "\t\tselect {\n"
        "\t\tcase <-done:\n"
        "\t\tcase <-stop:\n"
        "\t\t}\n"
        "\t}()\n"
        "\trun()\n"
        "}"
    ),
)


@dataclass(frozen=True, slots=True)
class _Case:
    """One select case: the channel it names in the goroutine and what it does."""

    name: str  # the name in the goroutine's body
    op: Op  # Op.SEND or Op.RECV


def _case_of(case: Node) -> _Case | None:
    """Return the channel and direction of ``case`` when its channel is a plain name."""
    comm = case.child_by_field_name("communication")
    if comm is None:
        return None
    if comm.type == "send_statement":
        ch = comm.child_by_field_name("channel")
        op = Op.SEND
    elif comm.type == "receive_statement":
        right = comm.child_by_field_name("right")
        if right is None or right.type != "unary_expression":
            return None
        ch = right.child_by_field_name("operand")
        op = Op.RECV
    else:
        return None
    if ch is None or ch.type != "identifier" or classify(ch).op is not op:
        return None
    return _Case(parse.text(ch), op)


def _selects(body: Node) -> list[Node]:
    """Return the selects the goroutine's own body runs (not those of nested literals).

    One walk down that does not enter nested functions: asking each select for its enclosing
    function instead would walk up from every select, the square of the nesting depth.
    """
    found: list[Node] = []
    stack = list(reversed(body.children))
    while stack:
        n = stack.pop()
        if n.type in parse.FUNCTION_TYPES:
            continue
        if n.type == "select_statement":
            found.append(n)
        stack.extend(reversed(n.children))
    return found


def _blocked_cases(select: Node, g: CFG, b: int) -> list[_Case] | None:
    """Return every case of a select without default, or None if one is not a plain name.

    A case the CFG ``g`` never enters from the select's block ``b`` (``<-ctx.Done()`` of a
    context nothing can cancel) can never proceed and is left out.
    """
    out: list[_Case] = []
    for case in select.named_children:
        if case.type == "comment":
            continue
        if case.type != "communication_case":
            return None  # default: the select never blocks
        cb = g.by_node.get(case.id)
        if cb is not None and cb not in g.succs(b):
            continue
        c = _case_of(case)
        if c is None:
            return None
        out.append(c)
    return out or None


def _declares(func: Node, name: str) -> bool:
    """Tell whether ``func`` binds ``name`` as a parameter, receiver or local."""
    if name in param_names(func) or receiver_name(func) == name:
        return True
    body = body_of(func)
    if body is None:
        return False
    return any(
        u.op is Op.DEF and innermost_function(u.ident, func).id == func.id
        for u in name_uses(body, name)
    )


def _partnerless(
    ch: Channel, parent: Node, op: Op, go: Goroutine, arg: int | None, body: Node
) -> bool:
    """Tell whether nothing can ever be the partner of ``op`` on the parent's channel ``ch``.

    Every use of the name in the parent (closures included) must be the channel's one
    declaration, a use that needs a partner itself (receives for a receive case, sends for
    a send case), or harmless (len, cap, comparison). ``arg``: the channel is handed to
    the goroutine as this argument (and nowhere else); the goroutine's parameter must then
    be used the same way in ``body``.
    """
    if ch.capacity is None or (op is Op.SEND and ch.capacity != 0):
        return False  # a buffer with room takes the send
    if ch.name in param_names(parent) or receiver_name(parent) == ch.name:
        return False
    same = (Op.RECV, Op.RANGE) if op is Op.RECV else (Op.SEND,)
    body_parent = body_of(parent)
    if body_parent is None:
        return False
    defs = 0
    for u in name_uses(body_parent, ch.name):
        if u.op is Op.DEF:
            defs += 1
            if u.node.id != ch.decl.id:
                return False  # assigned again, or shadowed somewhere
        elif u.op is Op.CALL:
            if arg is None or u.node.id != go.call.id or u.arg_index != arg:
                return False  # handed to code that may be its partner
        elif u.op not in (*same, Op.NONE):
            return False
    if defs != 1:
        return False
    if arg is None:
        return True
    pname = go.param_for(arg)
    if not pname or pname == "_":
        return False
    inner = body_of(body)
    if inner is None:
        return False
    return (
        all(
            u.op in (*same, Op.NONE) or (u.op is Op.DEF and u.node.type == "parameter_declaration")
            for u in name_uses(inner, pname)
        )
        and param_names(body).count(pname) == 1
    )


def _resolve(go: Goroutine, name: str, owned: dict[str, Channel]) -> tuple[Channel, int | None]:
    """Return the parent's channel that ``name`` in the goroutine's body stands for.

    A free name of a func literal is the parent's variable; a parameter is bound to the
    argument of the go call, which must itself be a name of the parent's channel.
    """
    assert go.body is not None
    if name in go.params:
        idx = go.params.index(name)
        if idx >= len(go.args) or go.args[idx].type != "identifier":
            raise LookupError(name)
        ch = owned.get(parse.text(go.args[idx]))
        if ch is None or not _args_unique(go, ch.name):
            raise LookupError(name)
        return ch, idx
    if not go.is_literal or _declares(go.body, name):
        raise LookupError(name)
    ch = owned.get(name)
    if ch is None:
        raise LookupError(name)
    return ch, None


def _args_unique(go: Goroutine, name: str) -> bool:
    """Tell whether the channel is passed to the goroutine once."""
    return sum(1 for a in go.args if a.type == "identifier" and parse.text(a) == name) == 1


def _quoted(names: list[str]) -> str:
    return " or ".join(f'"{n}"' for n in names)


def _message(recv: list[str], send: list[str]) -> str:
    parts: list[str] = []
    if recv:
        pronoun = "it" if len(recv) == 1 else "them"
        parts.append(f"no one sends on {_quoted(recv)} or closes {pronoun}")
    if send:
        parts.append(f"no one receives from {_quoted(send)}")
    return "goroutine blocks forever in a select: " + ", and ".join(parts)


def run(p: Pass) -> None:
    """Report goroutines that reach a select no case of which can ever have a partner."""
    done = _partnerless_selects(p)
    common.report_gates(p, select=True, skip=done)


def _partnerless_selects(p: Pass) -> set[int]:
    """Report selects whose every case is on a channel nothing partners at all.

    Return the go statements reported: the path question (a select left on some path of
    the starter, :func:`common.report_gates`) finds them too, in less precise words.
    """
    done: set[int] = set()
    for go in p.facts.goroutines:
        if go.body is None:
            continue
        if not go.is_literal and go.path != p.path:
            continue  # the select and the channels would be in different files
        selects = _selects(go.body)
        if not selects or common.lifetime(p, go) == "process":
            continue
        if not selects:
            continue
        owned = {c.name: c for c in find_channels(go.parent) if "." not in c.name}
        if not owned:
            continue
        g = p.facts.analyzer.graphs.get(go.body)
        if g is None:
            continue
        reach = g.reachable()
        for sel in selects:
            b = g.block_of(sel)
            if b is None or b not in reach:
                continue
            cases = _blocked_cases(sel, g, b)
            if cases is None:
                continue
            chans: list[tuple[Channel, Op]] = []
            try:
                for c in cases:
                    ch, arg = _resolve(go, c.name, owned)
                    if not _partnerless(ch, go.parent, c.op, go, arg, go.body):
                        raise LookupError(c.name)
                    chans.append((ch, c.op))
            except LookupError:
                continue
            recv = list(dict.fromkeys(ch.name for ch, op in chans if op is Op.RECV))
            send = list(dict.fromkeys(ch.name for ch, op in chans if op is Op.SEND))
            if set(recv) & set(send):
                continue  # the goroutine may be its own partner on another pass
            certain = on_every_path(g, b) and common.lifetime(p, go) == "call"
            made = {ch.name: ch for ch, _ in chans}
            done.add(go.stmt.id)
            p.report(
                go.stmt,
                _message(recv, send),
                confidence=Confidence.HIGH if certain else Confidence.MEDIUM,
                related=[
                    Related(
                        Role.BLOCK,
                        parse.span(go.path, sel, first_line_only=True),
                        "no case of this select can ever proceed",
                    ),
                    *(
                        Related(
                            Role.CHANNEL,
                            p.span(ch.make, first_line_only=True),
                            f'"{name}" made here',
                        )
                        for name, ch in made.items()
                    ),
                ],
            )
            break
    return done


CHECK = Check(
    code="GS2003",
    name="select-all-cases-blocked",
    doc=DOC,
    run=run,
    severity=Severity.WARNING,
)
