"""Recall and false positives on ``bench/realistic/``: Go programs nobody shaped around gostuck.

``python -m bench realistic`` (or ``python -m bench.unseen``) builds every program of the
corpus (``leak_*`` and ``ok_*`` directories, see ``bench/realistic/README.md``), runs each
twice, and reads the goroutineleak profile (debug=2) each prints at its end. Every goroutine
the program started that is still alive there is a leak: its ``go`` statement is the
``created by`` location and its blocking line the innermost frame inside the program. The
truth is what the runtime shows, whatever the directory's name says; a ``leak_`` program that
leaves nothing behind, or an ``ok_`` program that leaves something, is listed as a corpus
error and not scored.

Then ``gostuck check`` runs once over the corpus and each leak is judged as in
``bench.recall``: found when a finding at default confidence starts on its ``go`` statement
with a ``block`` related location on its blocking line. Recall is shown per kind
(channel/lifecycle and sync, as the wait reason says) and per wait reason; every default
finding in a correct program, and every default finding at no leak's ``go`` statement, is
listed as a false positive candidate.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Final

from bench.common import CACHE, ROOT, go_binary, go_env, go_version, percent, run_check, table
from bench.corpus import (
    SYNC_PRIMITIVES,
    ExpectedLeak,
    Instance,
    Truth,
    instance_from_json,
    parse_dump,
)
from bench.recall import DEFAULT_CONFIDENCE, FOUND, VIA_CALL, _key, go_line, judge

CORPUS: Final = ROOT / "bench" / "realistic"
PROBE: Final = CORPUS / "internal" / "leakprobe"
# Programs written later, blind, to measure on code no change was made for. They share the
# module (and its probe) but are their own corpora: ``python -m bench heldout`` (and
# ``heldout2``, a second batch by another author in another domain).
HELDOUT: Final = "heldout"
HELDOUT_DIRS: Final = (HELDOUT, "heldout2")
BEGIN: Final = "=== leakprobe begin ==="
END: Final = "=== leakprobe end ==="
RUNS: Final = 2

CHANNEL_KIND: Final = "channel/lifecycle"
SYNC_KIND: Final = "sync"

# Bump when the way leaks are observed changes, so cached ground truth is recomputed.
_METHOD: Final = 1


@dataclass(slots=True)
class Program:
    """One program of the corpus and the leaks its runs showed."""

    name: str
    intended: str  # "leak" or "ok", from the directory name
    leaks: list[Truth] = field(default_factory=list)
    error: str = ""


@dataclass(frozen=True, slots=True)
class Corpus:
    """One set of programs of the module: the directory holding its ``leak_*``/``ok_*``."""

    name: str
    root: Path

    @property
    def sub(self) -> str:
        """Return the programs' directory relative to the module (``""`` for the module)."""
        rel = self.root.relative_to(CORPUS)
        return "" if str(rel) == "." else str(rel)


REALISTIC: Final = Corpus("realistic", CORPUS)
HELDOUT_CORPUS: Final = Corpus("heldout", CORPUS / HELDOUT)
HELDOUT2_CORPUS: Final = Corpus("heldout2", CORPUS / "heldout2")


def programs(c: Corpus = REALISTIC) -> list[str]:
    """Return the corpus' program directories, ``leak_*`` and ``ok_*``, sorted."""
    if not c.root.is_dir():
        return []
    return sorted(
        p.name
        for p in c.root.iterdir()
        if p.is_dir() and p.name.startswith(("leak_", "ok_")) and any(p.glob("*.go"))
    )


def kind_of(reason: str) -> str:
    """Return the kind of a leak from its wait reason: sync primitives, or the rest."""
    bare = reason.removesuffix(" (leaked)").split(",")[0]
    return SYNC_KIND if bare in SYNC_PRIMITIVES else CHANNEL_KIND


def _fingerprint(c: Corpus = REALISTIC) -> str:
    """Hash the corpus' programs with the module's shared files (go.mod, the probe)."""
    digest = hashlib.sha256(f"{_METHOD}:{go_version()}".encode())
    for path in sorted(CORPUS.rglob("*")):
        if path.suffix not in (".go", ".mod") or not path.is_file():
            continue
        rel = path.relative_to(CORPUS)
        shared = rel.parts[0] in ("go.mod", "internal")
        mine = rel.parts[0] == c.sub if c.sub else rel.parts[0] not in HELDOUT_DIRS
        if shared or mine:
            digest.update(str(rel).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _build(c: Corpus, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    prefix = f"./{c.sub}/" if c.sub else "./"
    proc = subprocess.run(
        [go_binary(), "build", "-o", str(dest) + os.sep, *(prefix + n for n in programs(c))],
        cwd=CORPUS,
        env=go_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"bench: the {c.name} corpus does not build:\n{proc.stderr}")


def _observe_one(c: Corpus, name: str, exe: Path) -> Program:
    prog = Program(name, "leak" if name.startswith("leak_") else "ok")
    base = str(c.root) + os.sep
    probe = str(PROBE) + os.sep
    seen: dict[tuple[str, int, str, int], Truth] = {}
    for _ in range(RUNS):
        try:
            proc = subprocess.run(
                [str(exe)],
                env=go_env(),
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
                cwd=c.root / name,
            )
        except subprocess.TimeoutExpired:
            prog.error = "timed out"
            return prog
        out = proc.stdout
        if BEGIN not in out or END not in out:
            prog.error = f"no leakprobe output (exit {proc.returncode}): {proc.stderr[-300:]}"
            return prog
        dump = out.split(BEGIN, 1)[1].split(END, 1)[0]
        for g in parse_dump(dump):
            if g.created_by is None or not g.created_by.file.startswith(base):
                continue
            if g.created_by.file.startswith(probe):
                continue
            inside = tuple(
                (f.file, f.line)
                for f in g.frames
                if f.file.startswith(base) and not f.file.startswith(probe)
            )
            if not inside:
                continue
            key = (g.created_by.file, g.created_by.line, inside[0][0], inside[0][1])
            if key in seen:
                continue
            reason = g.reason.split(",")[0].removesuffix(" (leaked)")
            leak = ExpectedLeak(case=name, program=c.name, pattern=reason, flaky=False)
            inst = Instance(key[0], key[1], key[2], key[3], inside)
            seen[key] = Truth(leak, [inst])
    prog.leaks = list(seen.values())
    if prog.intended == "leak" and not prog.leaks:
        prog.error = "named leak_ but leaves no goroutine behind"
    if prog.intended == "ok" and prog.leaks:
        prog.error = f"named ok_ but leaves {len(prog.leaks)} goroutine(s) behind"
    return prog


def ground_truth(
    c: Corpus = REALISTIC, *, refresh: bool = False, log: bool = True
) -> list[Program]:
    """Build and run every program; return what each leaves behind (cached by content)."""
    fp = _fingerprint(c)
    cache = CACHE / f"{c.name}-{fp}.json"
    if cache.exists() and not refresh:
        return [_program_from_json(c, item) for item in json.loads(cache.read_text())]
    bin_dir = CACHE / f"{c.name}-bin-{fp}"
    if not programs(c):
        return []
    if log:
        print(f"  building {c.root.relative_to(ROOT)}", flush=True)
    _build(c, bin_dir)
    out: list[Program] = []
    for name in programs(c):
        if log:
            print(f"  running {name}", flush=True)
        out.append(_observe_one(c, name, bin_dir / name))
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps([asdict(p) for p in out], indent=1))
    return out


def _relocate(path: str) -> str:
    """Map a cached path into this checkout's corpus (a cache copied from another one)."""
    marker = "/bench/realistic/"
    at = path.rfind(marker)
    return path if at < 0 else str(CORPUS) + os.sep + path[at + len(marker) :]


def _program_from_json(c: Corpus, item: dict[str, Any]) -> Program:
    leaks = [
        Truth(
            ExpectedLeak(**t["leak"]),
            [instance_from_json(i, _relocate) for i in t["instances"]],
        )
        for t in item["leaks"]
    ]
    return Program(item["name"], item["intended"], leaks, item["error"])


def _rel(path: str, c: Corpus = REALISTIC) -> str:
    return _key(path).removeprefix(str(c.root) + os.sep)


@dataclass(frozen=True, slots=True)
class Scores:
    """The headline numbers of one measurement."""

    channel_found: int
    channel_total: int
    sync_found: int
    sync_total: int
    ok_findings: int
    extra_findings: int


def _line(f: dict[str, Any], corpus: Corpus) -> str:
    return f"  {_rel(f['file'], corpus)}:{f['line']}: {f['code']} {f['message']}"


def report(
    progs: Sequence[Program], findings: Sequence[dict[str, Any]], corpus: Corpus = REALISTIC
) -> tuple[str, Scores]:
    """Return the tables as text and the headline numbers."""
    findings = [f for f in findings if _key(f["file"]).startswith(str(corpus.root) + os.sep)]
    if not corpus.sub:
        held = tuple(str(CORPUS / d) + os.sep for d in HELDOUT_DIRS)
        findings = [f for f in findings if not _key(f["file"]).startswith(held)]
    default = [f for f in findings if f["confidence"] in DEFAULT_CONFIDENCE]
    out: list[str] = []
    errors = [p for p in progs if p.error]
    scored = [p for p in progs if not p.error]
    rows: list[list[object]] = []
    by_kind: dict[str, Counter[str]] = {CHANNEL_KIND: Counter(), SYNC_KIND: Counter()}
    by_reason: dict[str, Counter[str]] = {}
    missed: list[list[object]] = []
    for p in scored:
        for t in p.leaks:
            v = judge(t, default)
            va = judge(t, findings)
            kind = kind_of(t.leak.pattern)
            for c in (by_kind[kind], by_reason.setdefault(t.leak.pattern, Counter())):
                c["leaks"] += 1
                c["found"] += v.outcome == FOUND
                c["any"] += va.outcome == FOUND
                c["via"] += v.outcome == VIA_CALL
            if v.outcome != FOUND:
                inst = t.instances[0]
                missed.append(
                    [
                        p.name,
                        t.leak.pattern,
                        v.outcome,
                        f"{_rel(inst.go_file, corpus)}:{inst.go_line} -> "
                        f"{Path(inst.block_file).name}:{inst.block_line}",
                        ",".join(v.codes) or "-",
                    ]
                )
    for kind, c in by_kind.items():
        rows.append(
            [kind, c["leaks"], c["found"], c["any"], c["via"], percent(c["found"], c["leaks"])]
        )
    out.append("Leaks per kind (found = right go statement and blocking line, default confidence)")
    out.append(table(["kind", "leaks", "found", "found@low", "via call", "recall"], rows))
    out.append("")
    out.append("Leaks per wait reason")
    out.append(
        table(
            ["wait reason", "leaks", "found", "found@low", "recall"],
            [
                [r, c["leaks"], c["found"], c["any"], percent(c["found"], c["leaks"])]
                for r, c in sorted(by_reason.items())
            ],
        )
    )
    if missed:
        out.append("")
        out.append("Leaks not found at default confidence")
        out.append(table(["program", "wait reason", "outcome", "where", "codes at go"], missed))

    ok_dirs = {p.name for p in scored if p.intended == "ok"}
    known = {
        (_key(i.go_file), go_line(i.go_file, i.go_line))
        for p in scored
        for t in p.leaks
        for i in t.instances
    }
    on_ok = [f for f in default if _rel(f["file"], corpus).split(os.sep)[0] in ok_dirs]
    extra = [
        f
        for f in default
        if (_key(f["file"]), f["line"]) not in known
        and f not in on_ok
        and _rel(f["file"], corpus).split(os.sep)[0] not in {p.name for p in errors}
    ]
    out.append("")
    out.append(f"Default findings in correct programs (false positives): {len(on_ok)}")
    out.extend(_line(f, corpus) for f in on_ok)
    out.append(f"Default findings at no leak's go statement in leaking programs: {len(extra)}")
    out.extend(_line(f, corpus) for f in extra)
    if errors:
        out.append("")
        out.append(f"Programs not scored (the runtime disagrees with the name): {len(errors)}")
        out.extend(f"  {p.name}: {p.error}" for p in errors)
    n_leak = sum(p.intended == "leak" for p in scored)
    n_ok = len(ok_dirs)
    out.append("")
    ch, sy = by_kind[CHANNEL_KIND], by_kind[SYNC_KIND]
    out.append(
        f"{n_leak} leaking and {n_ok} correct programs scored. "
        f"Recall, channel/lifecycle: {ch['found']}/{ch['leaks']} = "
        f"{percent(ch['found'], ch['leaks'])}; sync: {sy['found']}/{sy['leaks']} = "
        f"{percent(sy['found'], sy['leaks'])}; false positives in correct programs: {len(on_ok)}"
    )
    scores = Scores(ch["found"], ch["leaks"], sy["found"], sy["leaks"], len(on_ok), len(extra))
    return "\n".join(out), scores


def main(*, refresh: bool = False, corpus: Corpus = REALISTIC) -> Scores:
    """Print the tables; return the headline numbers."""
    where = corpus.root.relative_to(ROOT)
    print(f"== Recall on {where} (programs nobody shaped around gostuck) ==")
    progs = ground_truth(corpus, refresh=refresh)
    # The whole module is checked: a program's packages may be imported across it.
    run = run_check([str(CORPUS)], "--min-confidence", "low")
    if run.errors:
        print(f"({len(run.errors)} errors from gostuck check; first: {run.errors[0]['message']})")
    text, scores = report(progs, run.findings, corpus)
    print(text)
    return scores


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.unseen", description=__doc__)
    parser.add_argument("--refresh", action="store_true", help="run the programs again")
    main(refresh=parser.parse_args().refresh)
    sys.exit(0)
