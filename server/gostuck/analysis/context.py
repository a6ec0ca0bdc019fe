"""Per-file facts shared by every check, computed lazily and at most once.

A file with no ``go`` statement costs one compiled query: nothing here walks a file in
Python unless it starts goroutines.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Final

from tree_sitter import Node, Tree

from gostuck.analysis.flow import deadchan, deadfield, dyntypes, facts, funcvals, ownfield
from gostuck.analysis.flow.facts import Analyzer, Goroutine, Op, SelfBlock, Strand, StrandFinder
from gostuck.analysis.flow.index import PackageIndex, cached_tree, package_name
from gostuck.analysis.model import Finding
from gostuck.analysis.partner import afterstop, alone, overfill, partners, race, timers
from gostuck.analysis.summary import chain, summaries
from gostuck.syntax import parse

# A name followed by ``(``: what a function's text may call.
_CALLED_RE: Final = re.compile(rb"(\w+)\s*\(")


def _in_file(s: Strand, path: str, root: Node) -> Strand:
    """``s`` of a parent in the file ``path``: its places, and its channel's make if there."""
    channel = s.channel
    if not channel.make_path and _root_of(channel.make).id == root.id:
        channel = dataclasses.replace(channel, make_path=path)
    return dataclasses.replace(s, parent_path=path, channel=channel)


def _root_of(node: Node) -> Node:
    for a in parse.ancestors(node):
        node = a
    return node


def _may_own(func: Node, starters: set[bytes]) -> bool:
    """Tell whether ``func`` can own a channel a goroutine of another file holds.

    It makes a channel itself (``make(chan``), or binds the result of a package function
    that starts goroutines (``j := openJournal()``): else no channel of it is there to
    strand, and walking it costs for nothing.
    """
    raw = func.text or b""
    if b"make(chan" in raw:
        return True
    return any(re.search(rb"=\s*" + re.escape(n) + rb"\(", raw) for n in starters)


class FileFacts:
    """Return what the checks of one file share: go statements, goroutines, strands."""

    def __init__(
        self, path: str, source: bytes, tree: Tree, package: Mapping[str, bytes] | None
    ) -> None:
        """Facts of ``path`` with its ``package`` siblings (path -> text)."""
        self.path = path
        self.source = source
        self.tree = tree
        self.index = PackageIndex(path, tree.root_node, source, package)
        self.dead_channels = deadchan.DeadChannels(self.index)
        self.dead_fields = deadfield.DeadFields(self.index, self.dead_channels.code_oracle)
        # Every CFG loses the select cases on contexts nothing can cancel: they are no way
        # out, for the goroutines' own selects and for their starters' paths alike.
        self.analyzer = Analyzer(path, self.index, prune=self.dead_channels.prune)
        # A field only a goroutine that can block forever closes (its deferred close) can
        # stay open forever: the goroutines the channel checks find stuck on some path.
        self.dead_channels.may_block = self._may_block
        # A field is dead too when its only writers sit where their goroutine never gets.
        never = chain.NeverRuns(
            self.analyzer, self.dead_channels, dyntypes.SentTypes(self.dead_channels)
        )
        self.dead_channels.never_runs = never.writer
        self._go: list[Node] | None = None
        self._goroutines: list[Goroutine] | None = None
        self._strands: list[Strand] | None = None
        self._gate_strands: list[partners.GateStrand] | None = None
        self._self_blocks: list[SelfBlock] | None = None
        self._dead: list[deadchan.DeadReceive] | None = None
        self._races: list[race.Race] | None = None
        self._late: list[afterstop.LateReceive] | None = None
        self._overfills: list[overfill.Overfill] | None = None
        self._timer_drains: list[timers.TimerDrain] | None = None
        self._timer_sends: list[timers.StrandedSend] | None = None
        # Each check's own findings on this file (or what its run raised), by code: the
        # checks run once, and what follows from all of them reads them here.
        self.check_runs: dict[str, list[Finding] | Exception] = {}

    @property
    def go_statements(self) -> list[Node]:
        """Return every go statement of the file (one compiled query)."""
        if self._go is None:
            self._go = facts.find_go_statements(self.tree.root_node)
        return self._go

    @property
    def goroutines(self) -> list[Goroutine]:
        """Return the facts of every go statement in a function without syntax errors."""
        if self._goroutines is None:
            out: list[Goroutine] = []
            for stmt in self.go_statements:
                g = facts.goroutine_of(stmt, self.path, self.index)
                if g is None or g.parent.has_error:
                    continue
                out.append(g)
            # A go statement that runs a function value (``go func() { f() }()`` with ``f`` a
            # parameter): once more per call site that binds it, running the value.
            out.extend(v for g in list(out) for v in facts.value_goroutines(self.analyzer, g))
            self._goroutines = out
        return self._goroutines

    @property
    def strands(self) -> list[Strand]:
        """Return the goroutines stranded on channels their parent owns."""
        if self._strands is None:
            by_parent: dict[int, list[Goroutine]] = {}
            parents: dict[int, Node] = {}
            for g in self.goroutines:
                by_parent.setdefault(g.parent.id, []).append(g)
                parents[g.parent.id] = g.parent
            finder = StrandFinder(self.analyzer, dyntypes.quit_send)
            out: list[Strand] = []
            for pid, gs in by_parent.items():
                out.extend(finder.find(parents[pid], gs))
            # Functions that start no goroutine themselves but call one of this file's
            # functions that does (``w.Start()``): the goroutines it starts hold channels
            # the caller made.
            for func in facts.spawner_callers(self.tree.root_node, list(parents.values())):
                if func.id not in parents:
                    out.extend(finder.find(func, []))
            # And those of the package's other files: a constructor here whose goroutine
            # holds the channel a function in main.go makes and drops.
            out.extend(self._sibling_callers(finder, list(parents.values())))
            # Functions that return a channel their goroutines hold (generators, pipeline
            # stages): applied at each call in the package, the caller is the other holder.
            out.extend(summaries.find_returned_strands(self.analyzer, finder, self.goroutines))
            self._strands = self._reached(out)
        return self._strands

    def _sibling_callers(self, finder: StrandFinder, parents: list[Node]) -> list[Strand]:
        """Return the strands of functions in the package's other files that call ``parents``."""
        out: list[Strand] = []
        if not parents:
            return out
        tests = self.path.endswith("_test.go")
        names = {
            n.text
            for p in parents
            if p.type == "function_declaration"
            and (n := p.child_by_field_name("name")) is not None
            and n.text
        }
        called = [
            n.text + b"("
            for p in parents
            if p.type in ("function_declaration", "method_declaration")
            and (n := p.child_by_field_name("name")) is not None
            and n.text
        ]
        pkg = package_name(self.index.source)
        for path, src in self.index.package.items():
            if path == self.path or (path.endswith("_test.go") and not tests):
                continue
            # Parse only a file that names one of them (most of a big package does not).
            if not any(c in src for c in called) or package_name(src) != pkg:
                continue
            root = cached_tree(src).root_node
            for func in facts.spawner_callers(root, parents):
                if not _may_own(func, names):
                    continue
                out.extend(_in_file(s, path, root) for s in finder.find(func, []))
        return out

    def _reached(self, strands: list[Strand]) -> list[Strand]:
        """Drop the strands whose goroutines stop for good before their operation.

        ``go func() { <-start; out <- 1 }()`` with nothing ever sent on ``start`` parks at
        the receive, never at the send: the strand on ``out`` names an operation the
        goroutine cannot reach (the runtime shows it at ``<-start``, and a buffer on ``out``
        frees nothing). What stops it first: an operation of another strand of that one
        goroutine that gets no partner on any path (no receive for an unbuffered send, no
        send for a receive), a receive from a dead field or a context nothing cancels, or a
        lock, WaitGroup or Cond wait the sync analysis finds it stuck in. The goroutine is
        reported there, by that strand's check, GS1003 or the sync one.
        """
        first: dict[int, list[Node]] = {}
        for t in strands:
            if len(t.goroutines) != 1 or not t.every_path or not t.certain:
                continue
            if any(e.supply for e in t.exits) or t.need is Op.RANGE:
                continue  # partners on some path, or a range whose body runs per value
            if t.need is Op.SEND and t.channel.capacity != 0:
                continue
            go, prof = t.goroutines[0]
            first.setdefault(go.key, []).extend(n for _, n, _ in prof.sites.get(t.need, ()))
        out: list[Strand] = []
        behind: list[tuple[Strand, list[Node]]] = []  # dropped strands, where they stop
        for s in strands:
            stops = [self._stops_first(s, go, prof, first) for go, prof in s.goroutines]
            if s.goroutines and all(x is not None for x in stops):
                behind.append((s, [x for x in stops if x is not None]))
            else:
                out.append(s)
        # ``ch <- 1; <-done`` with neither partnered: a buffer on ``ch`` moves the goroutine
        # on to ``<-done``, where it stays. The strand on ``ch`` says so (no buffer fix).
        for d, sites in behind:
            ids = {x.id for x in sites}
            keys = {go.key for go, _ in d.goroutines}
            for s in out:
                ops = {n.id for go, prof in s.goroutines for _, n, _ in prof.sites.get(s.need, ())}
                if s.then_stuck is None and ids & ops and keys & {go.key for go, _ in s.goroutines}:
                    s.then_stuck = next(
                        (n for _, prof in d.goroutines for _, n, _ in prof.sites.get(d.need, ())),
                        None,
                    )
        return out

    def _stops_first(
        self, s: Strand, go: Goroutine, prof: facts.Profile, first: Mapping[int, list[Node]]
    ) -> Node | None:
        """Return where ``go`` stops for good before each of its operations in strand ``s``."""
        ops = [n for _, n, _ in prof.sites.get(s.need, ())]
        if not ops or facts.starts_with_one_of(go, ops):
            return None  # ``go func() { ch <- v }()``: nothing comes first
        own = {n.id for n in ops}
        sites = [n for n in first.get(go.key, ()) if n.id not in own]
        if go.path == self.path and go.via is None:
            sites.extend(self.stuck_sites(go.stmt))
        found = facts.stops_before(self.analyzer, go, ops, sites) if sites else None
        if found is None and go.path == self.path and go.via is None:
            # The dead-receive search walks the goroutine and its callees: asked last.
            dead = deadchan.dead_receive_site(self.analyzer, go, self.dead_channels)
            if dead is not None and dead.id not in own:
                found = facts.stops_before(self.analyzer, go, ops, [dead])
        return found

    @property
    def gate_strands(self) -> list[partners.GateStrand]:
        """Return the goroutines left at a select or ``<-ctx.Done()`` with no partner.

        Goroutines another channel question already judges (a strand, a receive from a
        dead field or a context nothing cancels, a race against a shutdown) are left to it.
        """
        if self._gate_strands is None:
            by_parent: dict[int, list[Goroutine]] = {}
            for g in self.goroutines:
                by_parent.setdefault(g.parent.id, []).append(g)
            out: list[partners.GateStrand] = []
            for gs in by_parent.values():
                out.extend(partners.find_gate_strands(self.analyzer, gs[0].parent, gs))
            if out:
                judged = {go.key for s in self.strands for go, _ in s.goroutines}
                judged |= {d.goroutine.key for d in self.dead_receives}
                judged |= {r.goroutine.key for r in self.races}
                out = [s for s in out if s.goroutine.key not in judged]
            self._gate_strands = out
        return self._gate_strands

    def _may_block(self) -> list[tuple[Node, Node, str]]:
        """Return the goroutines that can block forever: (function, where, its file).

        A goroutine that can lose a race against its server's exit, or one a strand leaves
        needing a partner on some path of its parent.
        """
        out: list[tuple[Node, Node, str]] = []
        for r in self.races:
            if r.goroutine.body is not None:
                out.append((r.goroutine.body, r.node, funcvals.path_of(r.node, self.index)))
        for s in self.strands:
            for go, prof in s.goroutines:
                node = prof.first_block.get(s.need)
                if go.body is not None and node is not None:
                    out.append((go.body, node, funcvals.path_of(node, self.index)))
        return out

    @property
    def self_blocks(self) -> list[SelfBlock]:
        """Return the goroutines blocked on a channel they made that nothing can partner."""
        if self._self_blocks is None:
            out: list[SelfBlock] = []
            for g in self.goroutines:
                out.extend(facts.find_self_blocks(self.analyzer, g, self.stuck_sites))
                out.extend(ownfield.find_own_field_waits(self.analyzer, g, self.dead_channels))
            self._self_blocks = out
        return self._self_blocks

    def stuck_sites(self, go: Node) -> list[Node]:
        """Return where the goroutine ``go`` starts blocks forever on a lock, WaitGroup or Cond.

        Asked only when a channel's one partner is such a goroutine; the sync facts are
        computed on first use and shared with the GS5xxx checks.
        """
        # Imported here: the sync analysis builds on these facts.
        from gostuck.analysis.partner import syncfacts

        return syncfacts.stuck_sites(self, go)

    @property
    def dead_receives(self) -> list[deadchan.DeadReceive]:
        """Return the goroutines blocked on a channel field nothing ever sends on or closes."""
        if self._dead is None:
            dead = self.dead_channels
            out: list[deadchan.DeadReceive] = []
            for g in self.goroutines:
                out.extend(deadchan.find_dead_receives(self.analyzer, g, dead))
            # A goroutine that can block forever on a stalled field never runs what comes
            # after: fields only it writes there (its next round's close) may stay open.
            stalls = [
                (d.goroutine.body, d.anchor, d.node, d.path)
                for d in out
                if d.stalled is not None and d.anchor is not None and d.goroutine.body is not None
            ]
            if stalls:
                dead.behind = deadchan.behind_writers(self.analyzer, dead, stalls)
                done = {d.goroutine.key for d in out}
                for g in self.goroutines:
                    if g.key not in done:
                        out.extend(deadchan.find_behind_receives(self.analyzer, g, dead))
            self._dead = out
        return self._dead

    @property
    def races(self) -> list[race.Race]:
        """Return the channel operations that can lose a race against their server's exit."""
        if self._races is None:
            by_parent: dict[int, list[Goroutine]] = {}
            for g in self.goroutines:
                by_parent.setdefault(g.parent.id, []).append(g)
            # A race needs two goroutines: two go statements, or one and a call of another
            # function of this file that starts one (``s.Restart()``).
            starters: set[bytes] = set()
            for gs in by_parent.values():
                name = gs[0].parent.child_by_field_name("name")
                if gs[0].parent.type != "func_literal" and name is not None and name.text:
                    starters.add(name.text)
            # And a call of a function that hands the channel on to a starter (``Transfer``
            # calling ``t.Watch(out)``, which runs ``go``): one level more.
            if starters:
                parents = [gs[0].parent for gs in by_parent.values()]
                for func in facts.spawner_callers(self.tree.root_node, parents):
                    name = func.child_by_field_name("name")
                    if func.type != "func_literal" and name is not None and name.text:
                        starters.add(name.text)
            out: list[race.Race] = []
            for gs in by_parent.values():
                parent = gs[0].parent
                own = parent.child_by_field_name("name")
                called = set(_CALLED_RE.findall(parent.text or b"")) & starters
                if own is not None and parent.type != "func_literal" and own.text:
                    called.discard(own.text)
                if len(gs) >= 2 or called:
                    out.extend(race.find_races(self.analyzer, parent, gs))
            self._races = out
        return self._races

    @property
    def late_receives(self) -> list[afterstop.LateReceive]:
        """Return the receives a server does after its stop fired, with every sender done."""
        if self._late is None:
            out: list[afterstop.LateReceive] = []
            for g in self.goroutines:
                out.extend(afterstop.find_late_receives(self.analyzer, g))
            self._late = out
        return self._late

    @property
    def overfills(self) -> list[overfill.Overfill]:
        """Return the goroutines blocked on their own channel before anyone else holds it."""
        if self._overfills is None:
            out: list[overfill.Overfill] = []
            seen: set[tuple[int, int]] = set()
            for g in self.goroutines:
                found = list(overfill.find_overfills(self.analyzer, g, self.dead_fields))
                if not found:  # a goroutine alone with what it made: run it
                    found = list(alone.find_alone_blocks(self.analyzer, g))
                for of in found:
                    if (of.goroutine.stmt.id, of.node.id) not in seen:
                        seen.add((of.goroutine.stmt.id, of.node.id))
                        out.append(of)
            self._overfills = out
        return self._overfills

    @property
    def timer_drains(self) -> list[timers.TimerDrain]:
        """Return the goroutines whose ``if !t.Stop() { <-t.C }`` can wait for a value taken."""
        if self._timer_drains is None:
            out: list[timers.TimerDrain] = []
            for g in self.goroutines:
                out.extend(timers.find_timer_drains(self.analyzer, g))
            self._timer_drains = out
        return self._timer_drains

    @property
    def timer_stranded_sends(self) -> list[timers.StrandedSend]:
        """Return the endless senders whose channel only a goroutine stuck in a drain takes."""
        if self._timer_sends is None:
            out: list[timers.StrandedSend] = []
            drains = self.timer_drains
            if drains:
                for g in self.goroutines:
                    out.extend(timers.find_stranded_sends(self.analyzer, g, drains))
            self._timer_sends = out
        return self._timer_sends
