"""Reader for debug=0 profiles: gzipped pprof protobuf (``goroutine``, ``goroutineleak``).

Decoded with the ``protobuf`` package through ``profile_pb2`` (generated from
``profile.proto``). A profile of a million goroutines may hold a million samples but only a
handful of distinct stacks, so each distinct stack (its tuple of location ids) is turned
into frames, and its blocking operation named, once; per sample only the count and labels
are read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from google.protobuf.message import DecodeError

from gostuck.profile import profile_pb2
from gostuck.profile.model import (
    MAX_LABELS,
    Format,
    Frame,
    GroupBuilder,
    Profile,
    ProfileError,
)
from gostuck.profile.names import blocking_operation, normalize_function

GOROUTINE_KINDS = ("goroutine", "goroutineleak")


@dataclass(slots=True)
class _StackAcc:
    """Samples of one stack: goroutines, and label counts by string-table indexes."""

    count: int = 0
    labels: dict[tuple[int, int, int, int], int] = field(default_factory=dict)
    dropped: int = 0


def read_pprof(data: bytes, name: str) -> Profile:
    """Read an uncompressed pprof ``Profile`` message holding a goroutine profile."""
    message = profile_pb2.Profile()
    try:
        message.ParseFromString(data)
    except DecodeError as e:
        raise ProfileError(
            f"{name} is gzip-compressed but not a pprof profile: the protobuf data is invalid ({e})"
        ) from e
    strings = message.string_table
    nstrings = len(strings)

    def s(index: int) -> str:
        return strings[index] if 0 <= index < nstrings else ""

    kinds = [(s(t.type), s(t.unit)) for t in message.sample_type]
    if not kinds or kinds[0][0] not in GOROUTINE_KINDS:
        what = f"a {kinds[0][0]} profile" if kinds and kinds[0][0] else "not a goroutine profile"
        raise ProfileError(
            f"{name} is a pprof profile but {what}: gostuck reads goroutine and "
            "goroutineleak profiles (/debug/pprof/goroutine, /debug/pprof/goroutineleak)"
        )
    kind = kinds[0][0]
    functions = {
        f.id: (normalize_function(s(f.name) or s(f.system_name)), s(f.filename), f.start_line)
        for f in message.function
    }
    locations: dict[int, tuple[Frame, ...]] = {}
    for loc in message.location:
        lines = list(loc.line)
        frames = []
        for i, ln in enumerate(lines):
            fn, file, start = functions.get(ln.function_id, ("?", "", 0))
            # Lines are innermost first; all but the last were inlined into it.
            inlined = i < len(lines) - 1
            frames.append(Frame(fn, file, int(ln.line), inlined, max(int(start), 0)))
        if not frames:
            frames.append(Frame(f"0x{loc.address:x}", "", 0))
        locations[loc.id] = tuple(frames)

    # Sum the samples per distinct stack (a tuple of location ids hashes cheaply), with
    # their labels as raw string-table indexes; frames and names are resolved afterwards,
    # once per stack and once per kept label.
    per_stack: dict[tuple[int, ...], _StackAcc] = {}
    total = 0
    negative = False
    for sample in message.sample:
        values = sample.value
        count = values[0] if values else 0
        if count == 0:
            continue
        if count < 0:
            negative = True
        total += count
        ids = tuple(sample.location_id)
        acc = per_stack.get(ids)
        if acc is None:
            acc = per_stack[ids] = _StackAcc()
        acc.count += count
        if sample.label:
            labels = acc.labels
            for label in sample.label:
                raw = (label.key, label.str, label.num, label.num_unit)
                if raw in labels or len(labels) < MAX_LABELS:
                    labels[raw] = labels.get(raw, 0) + count
                else:
                    acc.dropped += count

    builder = GroupBuilder()
    leak = kind == "goroutineleak"
    for ids, acc in per_stack.items():
        frames_list: list[Frame] = []
        for loc_id in ids:
            frames_list.extend(locations.get(loc_id, ()))
        stack = tuple(frames_list)
        label_counts = []
        for (key, str_, num, unit), n in acc.labels.items():
            value = s(str_) if str_ else f"{num}{' ' + s(unit) if unit else ''}"
            label_counts.append((s(key), value, n))
        builder.add(
            stack,
            acc.count,
            wait_reason=blocking_operation([f.function for f in stack]),
            leaked=acc.count if leak else 0,
            label_counts=label_counts,
            labels_dropped=acc.dropped,
        )
    warnings: list[str] = []
    if message.duration_nanos > 0 or negative:
        warnings.append(
            f"{name} is a delta profile (captured with ?seconds=N): counts are changes "
            "over the interval, not goroutines alive"
        )
    return Profile(
        source=name,
        kind=kind,
        formats=(f"{kind} {Format.PPROF.value}",),
        groups=builder.build(),
        total=total,
        warnings=tuple(warnings),
    )
