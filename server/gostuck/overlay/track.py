r"""Keep profile lines attached to the code while the file is edited.

A profile names lines of the file as it was when the program was built. Once the user edits
text above a site, the site's line moves; once they delete or rewrite the line itself, the
site no longer has a place. :class:`LineTracker` maps the lines of the original text to
the current ones, from incremental edits (LSP ``contentChanges`` with a range) or from a
whole new text. Lines are 0-based here.

    tracker = LineTracker(line_count=40)
    tracker.edit(start=(3, 0), end=(3, 0), text="// note\n")   # a line inserted above
    tracker.current(10)                                          # -> 11
"""

from __future__ import annotations

import difflib
from collections.abc import Hashable, Sequence


class LineTracker:
    """Maps lines of the original text to lines of the current text (or None: gone)."""

    def __init__(self, line_count: int) -> None:
        """Start tracking a text of ``line_count`` lines, unchanged."""
        self._map: list[int | None] = list(range(line_count))

    @classmethod
    def for_text(cls, text: str) -> LineTracker:
        """Start tracking ``text``."""
        return cls(text.count("\n") + 1)

    def current(self, line: int) -> int | None:
        """Return where original ``line`` is now, or None when it was deleted or rewritten."""
        if 0 <= line < len(self._map):
            return self._map[line]
        return None

    def edit(self, start: tuple[int, int], end: tuple[int, int], text: str) -> None:
        """Apply one edit: replace ``start``..``end`` (line, character) of the current text.

        A line is kept when the edit only touches it partly (typing inside it, or joining
        the tail of the edit onto it); it is lost when the edit covers it entirely.
        """
        (sl, sc), (el, ec) = start, end
        added = text.count("\n")
        delta = added - (el - sl)
        # A pure insertion at the very start of a line pushes that line down with the rest.
        insert_at_line_start = sl == el and sc == 0 and ec == 0 and text.endswith("\n")
        for i, cur in enumerate(self._map):
            if cur is None or cur < sl:
                continue
            if cur > el or (insert_at_line_start and cur == sl):
                self._map[i] = cur + delta
            elif cur == sl:
                # The edit starts on this line: its head survives unless all of it goes.
                if sc == 0 and (el > sl) and ec == 0 and not text:
                    self._map[i] = None
                # else the line stays put
            elif cur == el:
                # The edit ends inside this line: its tail now follows the inserted text.
                self._map[i] = cur + delta if ec == 0 else sl + added
            else:
                self._map[i] = None

    def replace_all(self, old_lines: Sequence[Hashable], new_lines: Sequence[Hashable]) -> None:
        """Follow a full-text change by diffing the old and new lines."""
        matcher = difflib.SequenceMatcher(a=list(old_lines), b=list(new_lines), autojunk=False)
        moved: dict[int, int] = {}
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                moved[block.a + k] = block.b + k
        self._map = [None if cur is None else moved.get(cur) for cur in self._map]
