"""One model for every goroutine-profile format, and the site view built from it.

A :class:`Profile` is a list of :class:`Group` values: goroutines that share a stack and a
creating ``go`` statement, with their count, wait reasons, minutes, leak marks and labels.
Readers (``pprof.py``, ``text.py``) fill a :class:`GroupBuilder`; :func:`sites` aggregates
the groups by the source line where the goroutines wait (the first frame outside the
runtime and standard library); :func:`merge` sums profiles and :func:`diff` gives the growth
per site between an earlier and a later one. Nothing here knows the workspace: paths are
the build machine's, lines are 1-based as profiles print them.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Final

from gostuck.profile.names import UserPredicate, is_user_function

# Distinct label pairs kept per group or site; the rest are only counted (profiles with a
# unique label per goroutine would otherwise hold one entry per goroutine).
MAX_LABELS: Final = 16
# Stacks kept per site, most frequent first.
MAX_STACKS: Final = 3


class ProfileError(Exception):
    """A profile that cannot be read; ``str(error)`` is a message for the user."""


class Format(enum.Enum):
    """What a profile was captured as."""

    PPROF = "debug=0"
    DEBUG1 = "debug=1"
    DEBUG2 = "debug=2"
    PANIC = "panic"
    DEADLOCK = "deadlock"
    TIMEOUT = "test timeout"
    SIGQUIT = "SIGQUIT"
    FATAL = "fatal error"


@dataclass(frozen=True, slots=True)
class Frame:
    """One call in a stack: a normalised function name and its file and 1-based line."""

    function: str
    file: str
    line: int
    inlined: bool = False
    start_line: int = 0  # the function's first line (pprof Function.start_line), 0 if unknown


@dataclass(frozen=True, slots=True)
class Creation:
    """The ``go`` statement that started goroutines, from ``created by F in goroutine N``."""

    function: str  # the function that ran the `go` statement
    file: str
    line: int


@dataclass(frozen=True, slots=True)
class Group:
    """Goroutines with the same stack and creating ``go`` statement."""

    frames: tuple[Frame, ...]  # innermost first; the last is the entry function
    count: int
    wait_reasons: tuple[tuple[str, int], ...] = ()  # ("chan send", n), most first
    max_minutes: int = 0
    leaked: int = 0
    created_by: Creation | None = None
    labels: tuple[tuple[str, str, int], ...] = ()  # (key, value, goroutines), most first
    labels_dropped: int = 0  # goroutines whose labels were beyond MAX_LABELS


@dataclass(frozen=True, slots=True)
class Profile:
    """Goroutines read from one or more profiles (merged profiles sum their groups)."""

    source: str
    kind: str  # "goroutine", "goroutineleak" or "traceback" (mixed when merged: "+")
    formats: tuple[str, ...]
    groups: tuple[Group, ...]
    total: int
    warnings: tuple[str, ...] = ()
    truncated: bool = False

    @property
    def leaked(self) -> int:
        """Goroutines the runtime marked as leaked."""
        return sum(g.leaked for g in self.groups)


@dataclass(frozen=True, slots=True)
class GoStatement:
    """A ``go`` statement that started some of a site's goroutines (from the profile)."""

    function: str
    file: str
    line: int
    count: int


@dataclass(frozen=True, slots=True)
class Entry:
    """The entry function of some of a site's goroutines (its outermost frame)."""

    frame: Frame
    count: int


@dataclass(frozen=True, slots=True)
class StackCount:
    """A whole stack and how many goroutines of a site have it."""

    frames: tuple[Frame, ...]
    count: int


@dataclass(frozen=True, slots=True)
class Site:
    """Goroutines waiting at one source line: the first frame outside runtime and stdlib."""

    file: str
    line: int
    function: str
    count: int
    leaked: int = 0
    wait_reasons: tuple[tuple[str, int], ...] = ()
    max_minutes: int = 0
    go_statements: tuple[GoStatement, ...] = ()
    entries: tuple[Entry, ...] = ()
    stacks: tuple[StackCount, ...] = ()
    labels: tuple[tuple[str, str, int], ...] = ()
    growth: int | None = None  # set by diff(): count minus the earlier profile's count

    @property
    def key(self) -> tuple[str, int, str]:
        """The aggregation key: file, line and function."""
        return (self.file, self.line, self.function)

    @property
    def wait_reason(self) -> str:
        """The most common wait reason, or ``""`` when the format has none."""
        return self.wait_reasons[0][0] if self.wait_reasons else ""


def _ranked(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _ranked_labels(counts: Counter[tuple[str, str]]) -> tuple[tuple[str, str, int], ...]:
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple((k, v, n) for (k, v), n in items)


@dataclass(slots=True)
class _GroupAcc:
    frames: tuple[Frame, ...]
    created_by: Creation | None
    count: int = 0
    wait_reasons: Counter[str] = field(default_factory=Counter)
    max_minutes: int = 0
    leaked: int = 0
    labels: Counter[tuple[str, str]] = field(default_factory=Counter)
    labels_dropped: int = 0

    def add_labels(self, pairs: Iterable[tuple[str, str]], count: int) -> None:
        labels = self.labels
        for pair in pairs:
            if pair in labels or len(labels) < MAX_LABELS:
                labels[pair] += count
            else:
                self.labels_dropped += count

    def freeze(self) -> Group:
        return Group(
            frames=self.frames,
            count=self.count,
            wait_reasons=_ranked(self.wait_reasons),
            max_minutes=self.max_minutes,
            leaked=self.leaked,
            created_by=self.created_by,
            labels=_ranked_labels(self.labels),
            labels_dropped=self.labels_dropped,
        )


class GroupBuilder:
    """Collects goroutines into groups keyed by stack and creating ``go`` statement."""

    def __init__(self) -> None:
        """Start with no goroutines."""
        self._groups: dict[tuple[tuple[Frame, ...], Creation | None], _GroupAcc] = {}

    def add(
        self,
        frames: tuple[Frame, ...],
        count: int = 1,
        *,
        wait_reason: str = "",
        minutes: int = 0,
        leaked: int = 0,
        created_by: Creation | None = None,
        labels: Sequence[tuple[str, str]] = (),
        labels_dropped: int = 0,
        label_counts: Sequence[tuple[str, str, int]] = (),
    ) -> None:
        """Add ``count`` goroutines with the same stack and state.

        ``labels`` are the label pairs all of them carry; ``label_counts`` gives pairs with
        their own goroutine counts (a reader that has already summed its samples).
        """
        key = (frames, created_by)
        acc = self._groups.get(key)
        if acc is None:
            acc = self._groups[key] = _GroupAcc(frames, created_by)
        acc.count += count
        if wait_reason:
            acc.wait_reasons[wait_reason] += count
        if minutes > acc.max_minutes:
            acc.max_minutes = minutes
        acc.leaked += leaked
        if labels:
            acc.add_labels(labels, count)
        for key_, value, n in label_counts:
            acc.add_labels(((key_, value),), n)
        acc.labels_dropped += labels_dropped

    def add_group(self, group: Group) -> None:
        """Add a whole group (used when merging profiles)."""
        key = (group.frames, group.created_by)
        acc = self._groups.get(key)
        if acc is None:
            acc = self._groups[key] = _GroupAcc(group.frames, group.created_by)
        acc.count += group.count
        acc.wait_reasons.update(dict(group.wait_reasons))
        acc.max_minutes = max(acc.max_minutes, group.max_minutes)
        acc.leaked += group.leaked
        for key_, value, n in group.labels:
            acc.add_labels(((key_, value),), n)
        acc.labels_dropped += group.labels_dropped

    def __len__(self) -> int:
        """Return the number of groups so far."""
        return len(self._groups)

    def build(self) -> tuple[Group, ...]:
        """Return the frozen groups, largest first."""
        groups = [acc.freeze() for acc in self._groups.values()]
        groups.sort(key=lambda g: -g.count)
        return tuple(groups)


FramePredicate = Callable[[Frame], bool]


def attribution_index(
    frames: Sequence[Frame],
    is_user: UserPredicate = is_user_function,
    prefer: FramePredicate | None = None,
) -> int:
    """Return the index of the frame a group is shown at.

    That is the innermost frame outside the runtime and standard library: for a goroutine
    blocked in ``runtime.chansend1`` called from ``main.fetch.func1``, the frame of
    ``main.fetch.func1``. With ``prefer`` (the overlay's "this frame is in the workspace"),
    the innermost such user frame wins over a third-party library's frames above it. A
    stack with only runtime frames is shown at its innermost one.
    """
    if prefer is not None:
        for i, frame in enumerate(frames):
            if is_user(frame.function) and prefer(frame):
                return i
    for i, frame in enumerate(frames):
        if is_user(frame.function):
            return i
    return 0


@dataclass(slots=True)
class _SiteAcc:
    file: str
    line: int
    function: str
    count: int = 0
    leaked: int = 0
    wait_reasons: Counter[str] = field(default_factory=Counter)
    max_minutes: int = 0
    go_statements: Counter[tuple[str, str, int]] = field(default_factory=Counter)
    entries: Counter[Frame] = field(default_factory=Counter)
    stacks: Counter[tuple[Frame, ...]] = field(default_factory=Counter)
    labels: Counter[tuple[str, str]] = field(default_factory=Counter)

    def freeze(self) -> Site:
        stacks = sorted(self.stacks.items(), key=lambda kv: -kv[1])[:MAX_STACKS]
        labels = _ranked_labels(self.labels)[:MAX_LABELS]
        gos = sorted(self.go_statements.items(), key=lambda kv: (-kv[1], kv[0]))
        entries = sorted(self.entries.items(), key=lambda kv: -kv[1])
        return Site(
            file=self.file,
            line=self.line,
            function=self.function,
            count=self.count,
            leaked=self.leaked,
            wait_reasons=_ranked(self.wait_reasons),
            max_minutes=self.max_minutes,
            go_statements=tuple(GoStatement(f, p, ln, n) for (f, p, ln), n in gos),
            entries=tuple(Entry(frame, n) for frame, n in entries),
            stacks=tuple(StackCount(s, n) for s, n in stacks),
            labels=labels,
        )


def sites(
    profile: Profile,
    is_user: UserPredicate = is_user_function,
    prefer: FramePredicate | None = None,
) -> tuple[Site, ...]:
    """Aggregate a profile's groups by the line they wait at, most goroutines first.

    ``is_user`` says which functions are the program's own; the default treats every
    package whose path has no dot in its first element (and is not ``main``) as the
    standard library. The overlay passes one that also knows the workspace's module path,
    and ``prefer`` (see :func:`attribution_index`).
    """
    accs: dict[tuple[str, int, str], _SiteAcc] = {}
    for group in profile.groups:
        if not group.frames:
            continue
        frame = group.frames[attribution_index(group.frames, is_user, prefer)]
        key = (frame.file, frame.line, frame.function)
        acc = accs.get(key)
        if acc is None:
            acc = accs[key] = _SiteAcc(frame.file, frame.line, frame.function)
        acc.count += group.count
        acc.leaked += group.leaked
        acc.wait_reasons.update(dict(group.wait_reasons))
        acc.max_minutes = max(acc.max_minutes, group.max_minutes)
        created = group.created_by
        if created is not None:
            acc.go_statements[(created.function, created.file, created.line)] += group.count
        acc.entries[group.frames[-1]] += group.count
        acc.stacks[group.frames] += group.count
        for key_, value, n in group.labels:
            acc.labels[(key_, value)] += n
    result = [acc.freeze() for acc in accs.values()]
    result.sort(key=lambda s: (-s.count, s.file, s.line, s.function))
    return tuple(result)


def merge(profiles: Sequence[Profile]) -> Profile:
    """Sum several profiles into one (counts add up; minutes take the maximum)."""
    if not profiles:
        raise ValueError("merge needs at least one profile")
    if len(profiles) == 1:
        return profiles[0]
    builder = GroupBuilder()
    for p in profiles:
        for group in p.groups:
            builder.add_group(group)
    kinds = sorted({p.kind for p in profiles})
    formats: list[str] = []
    for p in profiles:
        formats.extend(f for f in p.formats if f not in formats)
    return Profile(
        source=", ".join(p.source for p in profiles),
        kind="+".join(kinds),
        formats=tuple(formats),
        groups=builder.build(),
        total=sum(p.total for p in profiles),
        warnings=tuple(w for p in profiles for w in p.warnings),
        truncated=any(p.truncated for p in profiles),
    )


def diff(
    base: Sequence[Site],
    current: Sequence[Site],
    key: Callable[[Site], Hashable] | None = None,
) -> tuple[Site, ...]:
    """Return the current sites with ``growth`` set, ranked by growth.

    ``key`` says which sites are the same place; by default file, line and function. Two
    profiles built on different machines name files differently, so the overlay passes a
    key that maps them onto the workspace first. A site only in the earlier profile
    appears with count 0 and a negative growth, so a shrinking site is visible too (its
    wait reasons stay, to say what the goroutines waited at).
    """
    key_of = key or (lambda s: s.key)
    earlier: dict[Hashable, tuple[Site, int]] = {}
    for site in base:
        k = key_of(site)
        first, count = earlier.get(k, (site, 0))
        earlier[k] = (first, count + site.count)
    out: list[Site] = []
    for site in current:
        before = earlier.pop(key_of(site), None)
        out.append(replace(site, growth=site.count - (before[1] if before else 0)))
    for site, count in earlier.values():
        out.append(
            replace(
                site,
                count=0,
                leaked=0,
                go_statements=(),
                entries=(),
                growth=-count,
            )
        )
    out.sort(key=lambda s: (-(s.growth or 0), -s.count, s.file, s.line))
    return tuple(out)
