"""Mapping profile sites onto workspace files and onto `go` statements.

    workspace = Workspace("/path/to/repo")
    for placed in overlay(workspace, profile):     # PlacedSite: site, path, go_statements
        ...

``workspace.py`` maps build-machine paths to files, ``gofile.py`` names functions and
literals as the Go compiler does, ``place.py`` finds the `go` statements, and
``track.py`` keeps lines attached while a file is edited. Nothing here reads protobuf or
profile text, and nothing knows LSP.
"""

from __future__ import annotations

from gostuck.overlay.gofile import FuncInfo, GoFile, GoStmt
from gostuck.overlay.place import GoRef, PlacedSite, find_go_statements, overlay, place
from gostuck.overlay.track import LineTracker
from gostuck.overlay.workspace import Workspace, with_overrides

__all__ = [
    "FuncInfo",
    "GoFile",
    "GoRef",
    "GoStmt",
    "LineTracker",
    "PlacedSite",
    "Workspace",
    "find_go_statements",
    "overlay",
    "place",
    "with_overrides",
]
