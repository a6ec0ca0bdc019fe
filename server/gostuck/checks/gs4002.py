"""GS4002: goroutines spawned without bound over caller-controlled input.

``for _, x := range input { go handle(x) }`` starts one goroutine per element of input the
caller controls, with nothing limiting how many run at once (no semaphore, worker pool or
``errgroup.SetLimit``). Large input means unbounded goroutines, memory and file handles.
The accept loop of a server (``for { c, _ := l.Accept(); go serve(c) }``) is not this.
"""

from __future__ import annotations

from tree_sitter import Node

from gostuck.analysis.check import Check, Doc, Pass
from gostuck.analysis.flow.facts import Goroutine
from gostuck.analysis.model import Confidence, Related, Role, Severity
from gostuck.checks import common
from gostuck.syntax import parse

DOC = Doc(
    title="goroutines spawned without bound over caller-controlled input",
    text=(
        "A loop over input the caller controls (a slice, map or channel parameter, or a field "
        "of one) starts a goroutine per element and nothing bounds how many run at once. For "
        "IO-bound work on large input this exhausts memory, file descriptors or the remote "
        "service.\n\n"
        "Bound the concurrency: a fixed pool of workers reading from a channel, a buffered "
        "channel used as a semaphore, or errgroup with SetLimit."
    ),
    before=(
        "func fetchAll(urls []string) {\n"
        "\tvar wg sync.WaitGroup\n"
        "\tfor _, u := range urls {\n"
        "\t\twg.Add(1)\n"
        "\t\tgo func() { defer wg.Done(); fetch(u) }()\n"
        "\t}\n"
        "\twg.Wait()\n"
        "}"
    ),
    after=(
        "func fetchAll(urls []string) {\n"
        "\tvar g errgroup.Group\n"
        "\tg.SetLimit(8)\n"
        "\tfor _, u := range urls {\n"
        "\t\tg.Go(func() error { return fetch(u) })\n"
        "\t}\n"
        "\t_ = g.Wait()\n"
        "}"
    ),
)

BOUND_CALLS = (b".Acquire(", b".SetLimit(", b".TryAcquire(", b".Wait(")


def _innermost_loop(go: Goroutine) -> Node | None:
    for a in parse.ancestors(go.stmt):
        if a.id == go.parent.id or a.type in parse.FUNCTION_TYPES:
            return None
        if a.type == "for_statement":
            return a
    return None


def _params(func: Node) -> dict[str, str]:
    """Parameter name -> kind of its type (a node type) in ``func``.

    A variadic parameter ``xs ...T`` is a slice of T, whatever T is.
    """
    out: dict[str, str] = {}
    params = func.child_by_field_name("parameters")
    for pd in params.named_children if params is not None else []:
        t = pd.child_by_field_name("type")
        for n in pd.children_by_field_name("name"):
            if t is not None:
                variadic = pd.type == "variadic_parameter_declaration"
                out[parse.text(n)] = "slice_type" if variadic else t.type
    return out


def _root_ident(expr: Node) -> Node | None:
    n: Node | None = expr
    while n is not None and n.type == "selector_expression":
        n = n.child_by_field_name("operand")
    return n if n is not None and n.type == "identifier" else None


def _is_bounded(loop: Node, parent: Node) -> bool:
    """Tell whether something in the loop or the function limits concurrency."""
    body = loop.child_by_field_name("body")
    text = parent.text or b""
    if any(c in text for c in BOUND_CALLS[:3]):
        return True
    if body is None:
        return True
    btext = body.text or b""
    if b".Wait(" in btext:
        return True  # batches: waits inside the loop
    for n in parse.iter_descendants(body):
        if n.type == "send_statement":
            return True  # a semaphore send, or work handed to a pool
        if n.type == "unary_expression" and n.child(0) is not None:
            op = n.child(0)
            if op is not None and op.type == "<-":
                return True
        if n.type == "go_statement":
            break
    return False


def run(p: Pass) -> None:
    """Report go statements in a range loop over a parameter with no limit in sight."""
    for go in p.facts.goroutines:
        loop = _innermost_loop(go)
        if loop is None or common.lifetime(p, go) == "process":
            continue
        clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
        if clause is None:
            continue
        right = clause.child_by_field_name("right")
        root = _root_ident(right) if right is not None else None
        if root is None or right is None:
            continue
        if right.type != "identifier":
            continue  # a field or call: its type is unknown here
        params = _params(go.parent)
        ptype = params.get(parse.text(root))
        if ptype not in ("slice_type", "map_type", "channel_type"):
            continue  # an int (n workers), an array, or a type we cannot see
        if _is_bounded(loop, go.parent):
            continue
        name = common.outer_declaration_name(go.parent)
        if name.startswith(("Test", "Benchmark", "Fuzz", "Example")):
            continue
        is_chan = ptype == "channel_type"
        # Always a hint: how fast values arrive against how fast each goroutine finishes
        # is not known from here (a channel fed by an accept loop is as bounded as the
        # listener's own accept loop, which is not reported).
        conf = Confidence.LOW
        what = "each value received from" if is_chan else "each element of"
        p.report(
            go.stmt,
            f'unbounded goroutines: one is started for {what} "{parse.text(right)}" '
            "with no limit on how many run at once",
            confidence=conf,
            related=[
                Related(
                    Role.OTHER,
                    p.span(loop, first_line_only=True),
                    "loop over caller-controlled input",
                )
            ],
        )


CHECK = Check(
    code="GS4002",
    name="unbounded-spawn",
    doc=DOC,
    run=run,
    severity=Severity.INFO,
)
