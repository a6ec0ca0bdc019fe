"""Recognise a goroutine profile by its content and read it with the right reader.

Entry points: :func:`load` (a path or an http/https URL), :func:`read_path`,
:func:`read_bytes` and :func:`read_stream`. Gzip input (debug=0, or gzipped text) is
decompressed with a cap on the decompressed size, so a gzip bomb stops with an error
instead of filling memory. Anything that is not a goroutine profile raises
:class:`ProfileError` with a message that names the formats gostuck expects.
"""

from __future__ import annotations

import gzip
import io
import itertools
import os
import sys
import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO, Final, Protocol

from gostuck.profile.model import Format, Profile, ProfileError
from gostuck.profile.text import detect_text_format, read_debug1, read_traceback

if TYPE_CHECKING:
    from pathlib import Path

DEFAULT_MAX_BYTES: Final = 256 * 1024 * 1024
DEFAULT_TIMEOUT: Final = 30.0
# How far into a text file to look for the line that starts a dump (test output, logs or
# a "=== RUN" line may come first).
HEAD_BYTES: Final = 64 * 1024
GZIP_MAGIC: Final = b"\x1f\x8b"
EXPECTED: Final = (
    "expected a gzipped pprof protobuf (debug=0), text starting "
    "'goroutine profile: total N' (debug=1), goroutine tracebacks starting "
    "'goroutine 1 [running]:' (debug=2), or a panic, deadlock, test-timeout or SIGQUIT dump"
)


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class _CappedReader(io.RawIOBase):
    """Reads at most ``limit`` bytes from ``inner``; reading past the cap sets ``over``."""

    def __init__(self, inner: _Readable, limit: int) -> None:
        self._inner = inner
        self._left = limit
        self.over = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        if self._left <= 0:
            if self._inner.read(1):
                self.over = True
            return 0
        view = memoryview(buffer)[: self._left]
        data = self._inner.read(len(view))
        n = len(data)
        view[:n] = data
        self._left -= n
        return n


def _gzip_error(name: str, e: Exception) -> ProfileError:
    if isinstance(e, EOFError):
        return ProfileError(f"{name} is cut short: the gzip stream ends early ({e})")
    return ProfileError(f"{name} is not a valid gzip file ({e}); {EXPECTED}")


def _lines(stream: BinaryIO, name: str) -> Iterator[bytes]:
    """Yield raw lines, turning gzip errors met on the way into ProfileError."""
    try:
        yield from stream
    except (OSError, EOFError, zlib.error) as e:
        raise _gzip_error(name, e) from e


# debug=1 profiles are read in blocks of this size rather than line by line.
CHUNK_BYTES: Final = 1024 * 1024


def _chunks(stream: BinaryIO, name: str) -> Iterator[bytes]:
    """Yield the rest of ``stream`` in blocks, turning gzip errors into ProfileError."""
    try:
        while chunk := stream.read(CHUNK_BYTES):
            yield chunk
    except (OSError, EOFError, zlib.error) as e:
        raise _gzip_error(name, e) from e


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        # A multi-byte character cut at the end of the head is fine.
        return e.start < len(head) - 4
    return False


def _read_text(
    stream: BinaryIO, name: str, max_bytes: int, capped: _CappedReader, *, gzipped: bool
) -> Profile:
    # Only a gzip stream can fail half-way; plain files are iterated directly (faster).
    lines: Iterator[bytes] = _lines(stream, name) if gzipped else iter(stream)
    head: list[bytes] = []
    size = 0
    fmt: Format | None = None
    for raw in lines:
        if not head and _looks_binary(raw[:4096]):
            break
        head.append(raw)
        size += len(raw)
        text = raw.decode("utf-8", "replace").strip()
        if text:
            fmt = detect_text_format(text)
            if fmt is not None:
                break
        if size >= HEAD_BYTES:
            break
    if fmt is None:
        raise ProfileError(f"{name} is not a goroutine profile: {EXPECTED}")
    if fmt is Format.DEBUG1:
        # Lines are pieces of the file too: the reader takes any split.
        profile = read_debug1(itertools.chain(head[-1:], _chunks(stream, name)), name)
    else:
        profile = read_traceback(itertools.chain(head[-1:], lines), name, fmt)
    if capped.over:
        note = (
            f"{name} is larger than the {max_bytes:,}-byte limit (profile.maxBytes); "
            f"read the first {max_bytes:,} bytes"
        )
        profile = Profile(
            source=profile.source,
            kind=profile.kind,
            formats=profile.formats,
            groups=profile.groups,
            total=profile.total,
            warnings=(*profile.warnings, note),
            truncated=True,
        )
    return profile


def read_stream(stream: BinaryIO, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Profile:
    """Read a profile from a binary stream; ``name`` is used in messages."""
    buffered = io.BufferedReader(_CappedReader(stream, max_bytes))
    capped_raw = buffered.raw
    assert isinstance(capped_raw, _CappedReader)
    try:
        magic = buffered.peek(2)[:2]
    except OSError as e:
        raise ProfileError(f"cannot read {name}: {e}") from e
    if not magic:
        raise ProfileError(f"{name} is empty: {EXPECTED}")
    if magic != GZIP_MAGIC:
        return _read_text(buffered, name, max_bytes, capped_raw, gzipped=False)
    gz = gzip.GzipFile(fileobj=buffered, mode="rb")
    inner = _CappedReader(gz, max_bytes)
    unzipped = io.BufferedReader(inner)
    try:
        first = unzipped.peek(16)[:16]
    except (OSError, EOFError, zlib.error) as e:
        raise _gzip_error(name, e) from e
    if not first:
        raise ProfileError(f"{name} is an empty gzip file: {EXPECTED}")
    if detect_text_format(first.decode("utf-8", "replace").lstrip()[:16]) is not None or (
        first.startswith(b"goroutine")
    ):
        return _read_text(unzipped, name, max_bytes, inner, gzipped=True)
    try:
        data = unzipped.read()
    except (OSError, EOFError, zlib.error) as e:
        raise _gzip_error(name, e) from e
    if inner.over:
        raise ProfileError(
            f"{name} decompresses to more than {max_bytes:,} bytes (profile.maxBytes): "
            "refusing to read it (a gzip bomb, or raise the limit)"
        )
    if capped_raw.over:
        raise ProfileError(f"{name} is larger than the {max_bytes:,}-byte limit")
    # The protobuf runtime is loaded only for protobuf input.
    from gostuck.profile.pprof import read_pprof

    return read_pprof(data, name)


def read_bytes(data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Profile:
    """Read a profile held in memory."""
    return read_stream(io.BytesIO(data), name, max_bytes=max_bytes)


def read_path(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Profile:
    """Read a profile file."""
    name = str(path)
    # os.path rather than pathlib: pathlib's import is a measurable part of start-up.
    if os.path.isdir(path):
        raise ProfileError(f"{name} is a directory, not a profile file")
    try:
        f = open(path, "rb")  # noqa: SIM115 (closed below; the readers stream from it)
    except OSError as e:
        raise ProfileError(f"cannot open {name}: {e.strerror or e}") from e
    with f:
        return read_stream(f, name, max_bytes=max_bytes)


def is_url(source: str) -> bool:
    """Say whether ``source`` looks like a URL rather than a path."""
    head = source.split(":", 1)[0].lower()
    return "://" in source and head.isalpha() and len(head) > 1


def load(
    source: str, *, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = DEFAULT_TIMEOUT
) -> Profile:
    """Read a profile from a path, an http/https URL, or ``-`` (standard input)."""
    if source == "-":
        return read_stream(sys.stdin.buffer, "<stdin>", max_bytes=max_bytes)
    if is_url(source):
        from gostuck.profile.fetch import fetch

        data, name = fetch(source, max_bytes=max_bytes, timeout=timeout)
        return read_bytes(data, name, max_bytes=max_bytes)
    return read_path(source, max_bytes=max_bytes)
