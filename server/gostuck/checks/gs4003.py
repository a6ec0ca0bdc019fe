"""GS4003: a worker its owner never stops.

A constructor starts a goroutine that holds the object it returns and can end only when a
method of that object closes (or sends on) one of its channel fields: ``Close``, ``Stop``.
A caller that makes such an object and returns without calling one of those methods, once
per call, per request or per round of a loop, leaves one goroutine behind each time
(:mod:`gostuck.analysis.summary.obligations`).
"""

from __future__ import annotations

from tree_sitter import Node

from gostuck.analysis.check import Check, Doc, Pass
from gostuck.analysis.model import Confidence, Related, Role, Severity
from gostuck.analysis.summary import obligations
from gostuck.checks import common
from gostuck.syntax import parse

DOC = Doc(
    title="worker its owner never stops",
    text=(
        "A constructor starts a goroutine that runs until a method of the object it returns "
        "closes one of the object's channels (Close, Stop). A caller makes such an object and "
        "returns without calling that method, on every path or on some (an early return, an "
        "error, a retry that drops the old object). Each call leaves the goroutine running, "
        "with everything it holds; per request or per loop round they pile up.\n\n"
        "The same holds for a goroutine that waits on a context the object holds, until "
        "a method calls the object's cancel, and for one that waits on a context whose "
        "cancel function the constructor returns (`conn, release := pool.Lease(ctx)`), "
        "and for a goroutine its caller starts itself and gives the object to "
        "(`sub := bus.Subscribe(t); go forward(sub)`): a path that neither releases the "
        "object nor hands it on leaves nobody who can.\n\n"
        "Release the object on every path: `defer c.Close()` (or `defer release()`) right "
        "after it is made, or pass it to code that closes it."
    ),
    before=(
        "func handle(w http.ResponseWriter, r *http.Request) {\n"
        "\tcache := store.New()\n"
        "\tserve(w, r, cache)\n"
        "}"
    ),
    after=(
        "func handle(w http.ResponseWriter, r *http.Request) {\n"
        "\tcache := store.New()\n"
        "\tdefer cache.Close()\n"
        "\tserve(w, r, cache)\n"
        "}"
    ),
)


def _releaser_phrase(names: frozenset[str]) -> str:
    ordered = sorted(names)
    if len(ordered) == 1:
        return ordered[0]
    return ", ".join(ordered[:-1]) + " or " + ordered[-1]


def run(p: Pass) -> None:
    """Report goroutines whose object some caller drops without releasing it."""
    index = p.facts.index
    done: set[int] = set()
    for go in p.facts.goroutines:
        func = go.parent
        if go.via is not None or func.id in done:
            continue
        done.add(func.id)
        for h in obligations.held(index, func, p.path):
            drops = obligations.drops(h, index)
            if not drops:
                continue
            many = [d for d in drops if d.many]
            d = (many or drops)[0]
            if many and any(x.every_path for x in many):
                d = next(x for x in many if x.every_path)
                conf = Confidence.HIGH
            elif many:
                conf = Confidence.MEDIUM
            else:
                conf = Confidence.LOW
            ctor = common.function_name(h.func)
            owner = common.function_name(d.caller)
            how = "never calls" if d.every_path else "can return without calling"
            per = "on every call" if d.many else "when it runs"
            if h.is_cancel:
                release = "the cancel function"
                what = f"the cancel function that {ctor} returns is called"
                made = f"{owner} gets the cancel function here"
            else:
                release = _releaser_phrase(h.releasers)
                what = f"{release} is called on the {h.type_name} that {ctor} returns"
                made = f"{owner} makes the {h.type_name} here"
            message = (
                f"goroutine runs until {what}; {owner} {how} it, so one goroutine is left "
                f"behind {per}"
            )
            waits = f"waits here until {release} is called"
            if d.holder:
                release = _releaser_phrase(d.holder_releasers)
                message = (
                    f"goroutine runs until {what}; the {d.holder} keeps it in {d.container} "
                    f"and {release} releases them, but {owner} {how} {release}, so the "
                    f"goroutines it keeps are left behind {per}"
                )
                made = f"{owner} makes the {d.holder} here"
            related = [
                Related(
                    Role.BLOCK,
                    parse.span(h.park_path, h.park, first_line_only=True),
                    waits,
                ),
                Related(Role.PATH, parse.span(d.path, d.call, first_line_only=True), made),
            ]
            if d.at.id != d.caller.id and d.at.id != d.call.id:
                related.append(
                    Related(
                        Role.PATH,
                        parse.span(d.path, d.at, first_line_only=True),
                        "returns here without calling it"
                        if h.is_cancel
                        else f"drops it here without {release}",
                    )
                )
            others = len(drops) - 1
            if others:
                message += f" ({others} more caller{'s' if others > 1 else ''} drop it too)"
            p.report(h.go, message, confidence=conf, related=related)
    for go in p.facts.goroutines:
        if go.via is None:
            _report_removals(p, go.stmt)
            _report_failed_release(p, go.stmt)
            _report_owner_drop(p, go.stmt)


def _report_owner_drop(p: Pass, go: Node) -> None:
    """Report a goroutine whose starter drops the object it waits on without releasing it."""
    d = obligations.owner_drops(p.facts.index, go, p.path)
    if d is None:
        return
    owner = common.function_name(parse.enclosing_function(go) or go)
    release = _releaser_phrase(d.releasers)
    how = (
        "can return without calling it or handing it on"
        if d.stopped
        else "never calls it nor hands it on"
    )
    per = "on every call" if d.many else "when it runs"
    related = [
        Related(
            Role.BLOCK,
            parse.span(d.park_path, d.park, first_line_only=True),
            f"waits here until {release} is called",
        ),
    ]
    if d.at.type == "return_statement":
        related.append(
            Related(
                Role.PATH,
                parse.span(p.path, d.at, first_line_only=True),
                f"drops {d.local} here without {release}",
            )
        )
    p.report(
        go,
        f"goroutine runs until {release} is called on the {d.type_name} {d.local}; "
        f"{owner} {how}, so one goroutine is left behind {per}",
        confidence=Confidence.MEDIUM if d.many else Confidence.LOW,
        related=related,
    )


def _report_failed_release(p: Pass, go: Node) -> None:
    """Report a goroutine whose every releaser can return an error before releasing it."""
    r = obligations.failed_releases(p.facts.index, go, p.path)
    if r is None:
        return
    method = common.function_name(r.releaser)
    fields = " or ".join(sorted(r.fields))
    p.report(
        go,
        f"goroutine runs until {fields} of its {r.type_name} is closed; {method} closes it, "
        "but can return an error first, and after that nothing ever does",
        confidence=Confidence.MEDIUM,
        related=[
            Related(
                Role.BLOCK,
                parse.span(r.park_path, r.park, first_line_only=True),
                f"waits here for {fields}",
            ),
            Related(
                Role.PATH,
                parse.span(r.releaser_path, r.at, first_line_only=True),
                f"returns the error here without closing {fields}",
            ),
        ],
    )


def _report_removals(p: Pass, go: Node) -> None:
    """Report a goroutine whose object its holder removes from a container, unreleased."""
    found = obligations.removals(p.facts.index, go, p.path)
    if not found:
        return
    r = found[0]
    method = common.function_name(r.method)
    if r.releasers:
        release = f"calling {_releaser_phrase(r.releasers)}"
    else:
        release = "closing " + " or ".join(sorted(r.fields))
    how = "overwrites one" if r.overwrite else "deletes one"
    until = "is released"
    left = "is left behind"
    if r.polls:
        until = "is released, or a check it retries on every tick passes"
        left = "is left polling until that check passes, if it ever does"
    message = (
        f"goroutine runs until its {r.type_name} {until}; the {r.holder} keeps them in "
        f"{r.container} and releases those it holds, but {method} {how} without releasing "
        f"it, so its goroutine {left}"
    )
    related = [
        Related(
            Role.BLOCK,
            parse.span(r.park_path, r.park, first_line_only=True),
            "waits here for a release that never comes",
        ),
        Related(
            Role.PATH,
            parse.span(r.path, r.at, first_line_only=True),
            f"removes it from {r.container} here without {release}",
        ),
    ]
    others = len(found) - 1
    if others:
        message += f" ({others} more place{'s' if others > 1 else ''} remove one too)"
    p.report(go, message, confidence=Confidence.MEDIUM, related=related)


CHECK = Check(
    code="GS4003",
    name="worker-never-stopped",
    doc=DOC,
    run=run,
    severity=Severity.WARNING,
)
