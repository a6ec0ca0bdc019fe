"""Profile lines follow the text as it is edited."""

from __future__ import annotations

from gostuck.overlay import LineTracker


def test_insert_above_moves_lines_down() -> None:
    t = LineTracker(10)
    t.edit((2, 0), (2, 0), "// a\n// b\n")
    assert [t.current(i) for i in range(4)] == [0, 1, 4, 5]


def test_typing_inside_a_line_keeps_it() -> None:
    t = LineTracker(5)
    t.edit((3, 4), (3, 9), "renamed")
    assert t.current(3) == 3
    assert t.current(4) == 4


def test_newline_at_end_of_line_moves_only_lines_below() -> None:
    t = LineTracker(5)
    t.edit((1, 12), (1, 12), "\n\tx := 1")
    assert [t.current(i) for i in range(5)] == [0, 1, 3, 4, 5]


def test_deleting_a_line_detaches_it() -> None:
    t = LineTracker(6)
    t.edit((2, 0), (3, 0), "")
    assert [t.current(i) for i in range(6)] == [0, 1, None, 2, 3, 4]


def test_deleting_a_block_detaches_its_inside() -> None:
    t = LineTracker(8)
    t.edit((1, 3), (4, 2), "")
    assert [t.current(i) for i in range(8)] == [0, 1, None, None, 1, 2, 3, 4]


def test_edits_compose() -> None:
    t = LineTracker(6)
    t.edit((0, 0), (0, 0), "x\n")  # original 0..5 -> 1..6
    t.edit((3, 0), (4, 0), "")  # deletes current 3 (original 2)
    assert [t.current(i) for i in range(6)] == [1, 2, None, 3, 4, 5]
    assert t.current(99) is None


def test_replace_all_follows_unchanged_lines() -> None:
    old = ["package main", "", "func f() {", "\tch <- 1", "}"]
    new = ["package main", "", 'import "fmt"', "", "func f() {", "\tch <- 1", "}"]
    t = LineTracker(len(old))
    t.replace_all(old, new)
    # The old blank line may pair with either new blank line; the code lines are exact.
    assert [t.current(i) for i in (0, 2, 3, 4)] == [0, 4, 5, 6]
    assert t.current(1) in (1, 3)
    t2 = LineTracker.for_text("a\nb\nc")
    t2.replace_all(["a", "b", "c"], ["a", "c"])
    assert [t2.current(i) for i in range(3)] == [0, None, 1]
