"""Timer drains that wait for a value already taken, and the Go version that decides Stop."""

from __future__ import annotations

from pathlib import Path

import pytest
from gostuck.analysis import api
from gostuck.analysis.model import Confidence, Options

# A loop that stops its timer on pause and drains it on resume; another that drains after
# a receive. Since Go 1.23 both block; before, only the one after the receive certainly does.
SOURCE = b"""package p

import (
	"log"
	"time"
)

func pausable(every time.Duration, pause, resume, quit <-chan struct{}) {
	go func() {
		t := time.NewTimer(every)
		for {
			select {
			case <-t.C:
				log.Print("tick")
				t.Reset(every)
			case <-pause:
				t.Stop()
			case <-resume:
				if !t.Stop() {
					<-t.C
				}
				t.Reset(every)
			case <-quit:
				return
			}
		}
	}()
}

func idle(every time.Duration, seen, quit <-chan struct{}) {
	go func() {
		t := time.NewTimer(every)
		for {
			select {
			case <-t.C:
				log.Print("idle")
			case <-seen:
				if !t.Stop() {
					<-t.C
				}
				t.Reset(every)
			case <-quit:
				return
			}
		}
	}()
}
"""


def findings(tmp_path: Path, gomod: str | None, source: bytes = SOURCE) -> list[tuple[int, str]]:
    """Analyse ``source`` as p.go under ``tmp_path`` with that go.mod: (line, message)."""
    if gomod is not None:
        (tmp_path / "go.mod").write_text(gomod, encoding="utf-8")
    path = tmp_path / "p.go"
    path.write_bytes(source)
    res = api.analyze_source(str(path), source, options=Options(select=frozenset({"GS1006"})))
    return [(f.span.start_line + 1, f.message) for f in res.findings]


@pytest.mark.parametrize("version", ["1.23", "1.27", "1.30.1"])
def test_stop_before_drain_blocks_with_synchronous_timer_channels(
    tmp_path: Path, version: str
) -> None:
    got = findings(tmp_path, f"module example.com/p\n\ngo {version}\n")
    assert [line for line, _ in got] == [9, 31]
    assert "stopped" in got[0][1]
    assert "already received" in got[1][1]


@pytest.mark.parametrize(
    "gomod",
    [
        "module example.com/p\n\ngo 1.22\n",
        "module example.com/p\n\ngo 1.27\n\ngodebug asynctimerchan=1\n",
        None,  # no go.mod: the version is unknown
    ],
)
def test_stop_before_drain_needs_synchronous_timer_channels(
    tmp_path: Path, gomod: str | None
) -> None:
    # A receive empties the timer with buffered channels too: that drain is still reported.
    got = findings(tmp_path, gomod)
    assert [line for line, _ in got] == [31]


def test_go_debug_directive_keeps_stop_reason_silent(tmp_path: Path) -> None:
    src = b"//go:debug asynctimerchan=1\n" + SOURCE
    got = findings(tmp_path, "module example.com/p\n\ngo 1.27\n", src)
    assert [line for line, _ in got] == [32]


# The restart is skipped only where an `if` in the same round says so: the batch's first
# value starts the timer, or the drain runs only while the timer is armed.
GUARDED = b"""package p

import "time"

func batch(in <-chan int, flush func([]int), max int, d time.Duration) {
	go func() {
		t := time.NewTimer(d)
		var b []int
		for {
			select {
			case <-t.C:
				flush(b)
				b = nil
			case v := <-in:
				b = append(b, v)
				if len(b) == 1 {
					t.Reset(d)
				}
				if len(b) >= max {
					if !t.Stop() {
						<-t.C
					}
					flush(b)
					b = nil
				}
			}
		}
	}()
}

func idle(in <-chan int, onIdle func(), d time.Duration) {
	go func() {
		t := time.NewTimer(d)
		armed := true
		for {
			select {
			case <-t.C:
				armed = false
				onIdle()
			case <-in:
				if armed {
					if !t.Stop() {
						<-t.C
					}
				}
				t.Reset(d)
				armed = true
			}
		}
	}()
}
"""


def test_restart_skipped_only_by_a_condition_is_a_low_hint(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module example.com/p\n\ngo 1.23\n", encoding="utf-8")
    path = tmp_path / "p.go"
    path.write_bytes(GUARDED)
    res = api.analyze_source(str(path), GUARDED, options=Options(select=frozenset({"GS1006"})))
    assert [(f.span.start_line + 1, f.confidence) for f in res.findings] == [
        (6, Confidence.LOW),
        (32, Confidence.LOW),
    ]
    # The select alone picks the path in SOURCE: those stay high.
    got = api.analyze_source(str(path), SOURCE, options=Options(select=frozenset({"GS1006"})))
    assert {f.confidence for f in got.findings} == {Confidence.HIGH}
