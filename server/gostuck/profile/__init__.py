"""Reading every goroutine-profile format into one model; merge and diff.

    profile = load("goroutine.pb.gz")          # or a debug=1/2 file, a dump, an http URL
    for site in sites(profile):                # aggregated by the line goroutines wait at
        print(site.file, site.line, site.count, site.wait_reason)

Readers live in ``pprof.py`` (debug=0) and ``text.py`` (debug=1, tracebacks); ``read.py``
recognises the format by content; ``fetch.py`` downloads from a live endpoint.
"""

from __future__ import annotations

from gostuck.profile.model import (
    Creation,
    Entry,
    Format,
    Frame,
    GoStatement,
    Group,
    Profile,
    ProfileError,
    Site,
    StackCount,
    diff,
    merge,
    sites,
)
from gostuck.profile.read import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, load, read_bytes, read_path

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "Creation",
    "Entry",
    "Format",
    "Frame",
    "GoStatement",
    "Group",
    "Profile",
    "ProfileError",
    "Site",
    "StackCount",
    "diff",
    "load",
    "merge",
    "read_bytes",
    "read_path",
    "sites",
]
