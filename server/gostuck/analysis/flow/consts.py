"""Constant arguments: what a call site fixes about a callee's parameters, and its effect.

``nCast(nil)`` runs ``for range items { go send() }`` zero times; ``work(list, 0)`` runs
``for i := 0; i < workers; i++`` zero times; ``send(ch, nil)`` skips ``if err != nil``. A
call whose arguments are constants (``nil``, an integer, ``true``/``false``) or plainly
non-nil values (``&T{}``, ``[]T{...}``, ``make(...)``, a func literal) binds them to the
callee's parameters; conditions and loop headers that then have one outcome lose the other
edge in a *specialized* copy of the callee's graph. Parameters the callee assigns to are
never bound. Anything not understood stays undecided, so specializing only removes paths
the call cannot take.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from tree_sitter import Node

from gostuck.analysis.flow.index import FuncRef, PackageIndex, cached_tree, package_name
from gostuck.syntax import parse
from gostuck.syntax.cfg import CFG, Kind

NIL: Final = "nil"
NONNIL: Final = "nonnil"
INT: Final = "int"
BOOL: Final = "bool"


@dataclass(frozen=True, slots=True)
class Value:
    """A parameter's value fixed by the call: nil, non-nil, an integer or a boolean."""

    kind: str
    num: int = 0  # the integer, or 1/0 for true/false
    # For a function value (non-nil): the function it is, when known (a literal, a package
    # function, a method value): calls of the parameter run it.
    func: FuncRef | None = None
    # For a channel handed on converted to a named channel type of the package (an
    # interface value holding it): that type, whose methods calls on the parameter run.
    typ: str = ""


Env = Mapping[str, Value]
EnvKey = tuple[tuple[str, Value], ...]


def key(env: Env) -> EnvKey:
    """Return a hashable, ordered form of ``env`` (for caches)."""
    return tuple(sorted(env.items()))


_NONNIL_TYPES: Final = frozenset({"composite_literal", "func_literal"})


def _int_literal(expr: Node) -> int | None:
    if expr.type != "int_literal":
        return None
    try:
        return int(parse.text(expr).replace("_", ""), 0)
    except ValueError:
        return None


Resolver = Callable[[Node], FuncRef | None]


def value_of(expr: Node, env: Env, resolve: Resolver | None = None) -> Value | None:
    """Return what ``expr`` is known to be at a call site, or None.

    ``resolve`` tells which function a function value is (``funcvals.resolve_value``).
    """
    while expr.type == "parenthesized_expression" and expr.named_children:
        expr = expr.named_children[0]
    t = expr.type
    if (
        resolve is not None
        and t in ("func_literal", "identifier", "selector_expression")
        and (t != "identifier" or parse.text(expr) not in env)
    ):
        ref = resolve(expr)
        if ref is not None:
            return Value(NONNIL, func=ref)
    if t == "nil":
        return Value(NIL)
    if t in ("true", "false"):
        return Value(BOOL, 1 if t == "true" else 0)
    if t == "int_literal":
        n = _int_literal(expr)
        return Value(INT, n) if n is not None else None
    if t in _NONNIL_TYPES:
        return Value(NONNIL)
    if t == "unary_expression":
        op = expr.child(0)
        operand = expr.child_by_field_name("operand")
        is_addr = op is not None and op.type == "&"
        if is_addr and operand is not None and operand.type == "composite_literal":
            return Value(NONNIL)
        return None
    if t == "call_expression":
        fn = expr.child_by_field_name("function")
        if fn is not None and fn.type == "identifier" and fn.text in (b"make", b"new"):
            return Value(NONNIL)
        return None
    if t == "identifier":
        return env.get(parse.text(expr))
    return None


def is_reassigned(func: Node, name: str) -> bool:
    """Tell whether ``func`` assigns to, increments or takes the address of ``name``."""
    from gostuck.analysis.flow.facts import idents_named

    body = func.child_by_field_name("body")
    if body is None:
        return True
    for ident in idents_named(body, name):
        p = ident.parent
        if p is None:
            continue
        if p.type in ("inc_statement", "dec_statement"):
            return True
        if p.type == "unary_expression" and p.child(0) is not None:
            op = p.child(0)
            if op is not None and op.type == "&":
                return True
        if p.type == "expression_list":
            gp = p.parent
            if (
                gp is not None
                and gp.type in ("assignment_statement", "short_var_declaration")
                and gp.child_by_field_name("left") == p
            ):
                return True
        if p.type in ("var_spec", "parameter_declaration", "range_clause", "const_spec"):
            if p.type == "range_clause" and p.child_by_field_name("right") == ident:
                continue
            if p.type != "parameter_declaration" or parse.enclosing_function(p) != func:
                return True  # shadowed somewhere: do not guess which one is meant
    return False


def bind(
    func: Node,
    params: Sequence[str],
    args: Sequence[Node],
    env: Env,
    resolve: Resolver | None = None,
) -> dict[str, Value]:
    """Return the parameters of ``func`` fixed by ``args`` (never one it reassigns).

    With ``resolve``, a function value argument also says which function it is.
    """
    out: dict[str, Value] = {}
    func_params = _func_params(func) if resolve is not None else frozenset()
    for name, arg in zip(params, args, strict=False):
        if not name or name == "_":
            continue
        # Resolving a value costs a look at its bindings: only for parameters of func type
        # (a literal passed for a parameter of a named type is one too).
        lit = arg.type == "func_literal"
        v = value_of(arg, env, resolve if name in func_params or lit else None)
        if v is not None and not is_reassigned(func, name):
            out[name] = v
    return out


def _func_params(func: Node) -> frozenset[str]:
    """Return the names of ``func``'s parameters declared with a func type."""
    params = func.child_by_field_name("parameters")
    out: set[str] = set()
    for pd in params.named_children if params is not None else []:
        t = pd.child_by_field_name("type")
        if t is not None and t.type == "function_type":
            out.update(parse.text(n) for n in pd.children_by_field_name("name"))
    return frozenset(out)


def _length(expr: Node, env: Env) -> int | None:
    """``len(x)`` with ``x`` nil is 0."""
    if expr.type != "call_expression":
        return None
    fn = expr.child_by_field_name("function")
    args = expr.child_by_field_name("arguments")
    if fn is None or fn.text != b"len" or args is None or len(args.named_children) != 1:
        return None
    v = value_of(args.named_children[0], env)
    return 0 if v is not None and v.kind == NIL else None


def _int(expr: Node, env: Env) -> int | None:
    v = value_of(expr, env)
    if v is not None and v.kind == INT:
        return v.num
    return _length(expr, env)


_COMPARE: Final = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


def decide(cond: Node, env: Env) -> bool | None:
    """Return the value of the condition ``cond`` under ``env``, or None when unknown."""
    while cond.type == "parenthesized_expression" and cond.named_children:
        cond = cond.named_children[0]
    if cond.type == "unary_expression":
        bang = cond.child(0)
        operand = cond.child_by_field_name("operand")
        if bang is not None and bang.type == "!" and operand is not None:
            inner = decide(operand, env)
            return None if inner is None else not inner
        return None
    if cond.type in ("identifier", "true", "false"):
        v = value_of(cond, env)
        return bool(v.num) if v is not None and v.kind == BOOL else None
    if cond.type != "binary_expression":
        return None
    left = cond.child_by_field_name("left")
    right = cond.child_by_field_name("right")
    oper = cond.child_by_field_name("operator")
    if left is None or right is None or oper is None:
        return None
    op: str = oper.type
    if op in ("&&", "||"):
        a, b = decide(left, env), decide(right, env)
        if op == "&&":
            if a is False or b is False:
                return False
            return True if a and b else None
        if a is True or b is True:
            return True
        return False if a is False and b is False else None
    if op in ("==", "!=") and (left.type == "nil" or right.type == "nil"):
        v = value_of(right if left.type == "nil" else left, env)
        if v is None or v.kind not in (NIL, NONNIL):
            return None
        return (v.kind == NIL) == (op == "==")
    if op in _COMPARE:
        a_n, b_n = _int(left, env), _int(right, env)
        if a_n is not None and b_n is not None:
            return bool(_COMPARE[op](a_n, b_n))
    return None


def _runs_never(loop: Node, env: Env) -> bool:
    """Tell whether the ``for`` statement ``loop`` runs its body zero times under ``env``."""
    clause = next(
        (c for c in loop.named_children if c.type in ("for_clause", "range_clause")), None
    )
    if clause is None:
        return False
    if clause.type == "range_clause":
        right = clause.child_by_field_name("right")
        if right is None:
            return False
        v = value_of(right, env)
        return v is not None and (v.kind == NIL or (v.kind == INT and v.num <= 0))
    # for i := a; i < n; i++ : the first test, with i = a.
    init = clause.child_by_field_name("initializer")
    cond = clause.child_by_field_name("condition")
    if init is None or cond is None or init.type != "short_var_declaration":
        return False
    pair = parse.single_pair(init)
    start = _int_literal(pair[1]) if pair is not None else None
    if pair is None or start is None:
        return False
    first = dict(env)
    first[parse.text(pair[0])] = Value(INT, start)
    return decide(cond, first) is False


def specialize(g: CFG, env: Env) -> CFG:
    """Return ``g`` without the edges that ``env`` rules out (``g`` itself when none)."""
    if not env:
        return g
    cut: dict[int, set[int]] = {}
    for blk in g.blocks:
        if blk.node is None:
            continue
        if blk.kind is Kind.LOOP and blk.node.type == "for_statement":
            bounded = blk.loop_exit is not None and blk.loop_body is not None
            if bounded and blk.loop_body is not None and _runs_never(blk.node, env):
                cut.setdefault(blk.id, set()).add(blk.loop_body)
        elif blk.kind is Kind.COND and (blk.then_first is not None or blk.else_first is not None):
            verdict = decide(blk.node, env)
            if verdict is True and blk.else_first is not None:
                cut.setdefault(blk.id, set()).add(blk.else_first)
            elif verdict is True and blk.then_first is not None:
                cut.setdefault(blk.id, set()).update(s for s in blk.succs if s != blk.then_first)
            elif verdict is False and blk.then_first is not None:
                cut.setdefault(blk.id, set()).add(blk.then_first)
    return g.without_edges(cut)


# --------------------------------------------------------------------------- named constants

_INT_TYPES: Final = frozenset(
    {
        "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32",
        "uint64", "uintptr", "byte", "rune",
    }
)  # fmt: skip
_CONST_DEPTH: Final = 8
_UNKNOWN_CONST: Final = object()


def package_const(name: str, index: PackageIndex, depth: int = 0) -> int | None:
    """Return the value of the package's integer constant ``name``, or None.

    ``const n = 16``, ``const ( A T = iota; B; C )`` (a spec without values repeats the one
    before with its own ``iota``), and expressions of those with ``+ - * / % << >> | & ^``
    and conversions. Declared once in the package's top-level declarations, or None.
    """
    key = ("const", name)
    got = index.memo.get(key, _UNKNOWN_CONST)
    if got is not _UNKNOWN_CONST:
        return got if isinstance(got, int) else None
    index.memo[key] = None  # recursion guard: a constant defined by itself is unknown
    value = _package_const(name, index, depth) if depth <= _CONST_DEPTH else None
    index.memo[key] = value
    return value


def _package_const(name: str, index: PackageIndex, depth: int) -> int | None:
    raw = name.encode()
    found: list[tuple[Node | None, int]] = []
    roots = [(index.source, index.root)]
    for p, src in index.package.items():
        same = p != index.path and package_name(src) == package_name(index.source)
        if same and next(parse.find_word(raw, src), None) is not None:
            roots.append((src, cached_tree(src).root_node))
    for src, root in roots:
        if next(parse.find_word(raw, src), None) is None:
            continue
        for decl in root.named_children:
            if decl.type != "const_declaration":
                continue
            values: list[Node] = []
            specs = [c for c in decl.named_children if c.type == "const_spec"]
            for iota, spec in enumerate(specs):
                value = spec.child_by_field_name("value")
                if value is not None:
                    values = list(value.named_children)
                names = [n for n in spec.children_by_field_name("name") if n.is_named]
                for i, n in enumerate(names):
                    if n.text == raw:
                        found.append((values[i] if i < len(values) else None, iota))
    if len(found) != 1 or found[0][0] is None:
        return None
    expr, iota = found[0]
    assert expr is not None
    return const_expr(expr, iota, index, depth + 1)


_BINARY: Final[dict[str, Callable[[int, int], int | None]]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a // b if b and a >= 0 and b > 0 else None,
    "%": lambda a, b: a % b if b and a >= 0 and b > 0 else None,
    "<<": lambda a, b: a << b if 0 <= b < 64 else None,
    ">>": lambda a, b: a >> b if 0 <= b < 64 else None,
    "|": lambda a, b: a | b,
    "&": lambda a, b: a & b,
    "^": lambda a, b: a ^ b,
}


def const_expr(expr: Node, iota: int | None, index: PackageIndex, depth: int = 0) -> int | None:
    """Return the integer value of the constant expression ``expr`` (``iota`` as given)."""
    if depth > _CONST_DEPTH:
        return None
    while expr.type == "parenthesized_expression" and expr.named_children:
        expr = expr.named_children[0]
    t = expr.type
    if t == "int_literal":
        return _int_literal(expr)
    if t == "iota":
        return iota
    if t == "identifier":
        return package_const(parse.text(expr), index, depth + 1)
    if t == "unary_expression":
        op = expr.child(0)
        operand = expr.child_by_field_name("operand")
        v = const_expr(operand, iota, index, depth + 1) if operand is not None else None
        if v is None or op is None:
            return None
        return -v if op.type == "-" else v if op.type == "+" else None
    if t == "binary_expression":
        left = expr.child_by_field_name("left")
        right = expr.child_by_field_name("right")
        oper = expr.child_by_field_name("operator")
        if left is None or right is None or oper is None or oper.type not in _BINARY:
            return None
        a = const_expr(left, iota, index, depth + 1)
        b = const_expr(right, iota, index, depth + 1)
        return None if a is None or b is None else _BINARY[oper.type](a, b)
    if t == "call_expression":
        inner = conversion_operand(expr, index)
        return const_expr(inner, iota, index, depth + 1) if inner is not None else None
    return None


def conversion_operand(call: Node, index: PackageIndex) -> Node | None:
    """For ``T(x)`` with ``T`` an integer type (``int``, or the package's ``type T uint32``): ``x``.

    Only basic integer types and package types declared over one; a conversion to anything
    else, or a call, gives None.
    """
    fn = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    if fn is None or args is None or fn.type != "identifier":
        return None
    named = [c for c in args.named_children if c.type != "comment"]
    if len(named) != 1 or not is_int_type(parse.text(fn), index):
        return None
    return named[0]


def is_int_type(name: str, index: PackageIndex) -> bool:
    """Tell whether ``name`` is a basic integer type or a package type declared over one."""
    for _ in range(4):
        if name in _INT_TYPES:
            return True
        spec = index.type_spec(name)
        if spec is None or spec.type != "type_identifier":
            return False
        name = parse.text(spec)
    return False
