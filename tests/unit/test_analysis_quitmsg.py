"""Quit messages: a value that certainly makes a channel's receiver leave its loop."""

from __future__ import annotations

import pytest
from gostuck.analysis.flow import facts
from gostuck.analysis.flow.dyntypes import QuitMessage, quit_send
from gostuck.analysis.flow.index import PackageIndex
from gostuck.syntax import parse

SRC = b"""package p
type hi struct{}
type bye struct{}
const stop = -1
func typeSwitch() {
	ch := make(chan any)
	go func() { ch <- &hi{}; ch <- &bye{} }()
	for {
		m := <-ch
		switch m.(type) {
		case *bye:
			return
		}
	}
}
func okAssert() {
	ch := make(chan any)
	go func() {
		for m := range ch {
			if _, ok := m.(*bye); ok {
				return
			}
		}
	}()
	ch <- hi{}
	ch <- new(bye)
}
func constBreak() {
	ch := make(chan int)
	go func() {
	loop:
		for {
			v := <-ch
			switch v {
			case stop:
				break loop
			}
		}
	}()
	ch <- 7
	ch <- stop
}
func notEqual() {
	ch := make(chan int)
	go func() {
		for v := range ch {
			if v != stop {
				continue
			} else {
				return
			}
		}
	}()
	ch <- 3
	ch <- stop
}
func neverSent() {
	ch := make(chan any)
	go func() { ch <- &hi{}; ch <- &hi{} }()
	for {
		m := <-ch
		if _, ok := m.(*bye); ok {
			return
		}
	}
}
func twice() {
	ch := make(chan any)
	go func() { ch <- &bye{}; ch <- &bye{} }()
	for {
		m := <-ch
		if _, ok := m.(*bye); ok {
			return
		}
	}
}
func sendAfter() {
	ch := make(chan any)
	go func() { ch <- &bye{}; ch <- &hi{} }()
	for {
		m := <-ch
		if _, ok := m.(*bye); ok {
			return
		}
	}
}
func somePath(b bool) {
	ch := make(chan any)
	go func() {
		for m := range ch {
			if _, ok := m.(*bye); ok {
				return
			}
		}
	}()
	ch <- &hi{}
	if b {
		ch <- &bye{}
	}
}
func computed(f func() error) error {
	ch := make(chan error)
	go func() { ch <- f(); ch <- f() }()
	for {
		if err := <-ch; err != nil {
			return err
		}
	}
}
func breaksSwitchOnly() {
	ch := make(chan any)
	go func() { ch <- &hi{}; ch <- &bye{} }()
	for {
		m := <-ch
		switch m.(type) {
		case *bye:
			break
		}
	}
}
func nested() {
	ch := make(chan int)
	go func() { ch <- 1; ch <- stop }()
	for {
		for {
			v := <-ch
			if v == stop {
				return
			}
		}
	}
}
func jumpsFirst(skip func() bool) {
	ch := make(chan any)
	go func() { ch <- &hi{}; ch <- &bye{} }()
	for {
		m := <-ch
		if skip() {
			continue
		}
		if _, ok := m.(*bye); ok {
			return
		}
	}
}
func mixed(first any) {
	ch := make(chan any)
	go func() { ch <- first; ch <- &bye{} }()
	for {
		m := <-ch
		if _, ok := m.(*bye); ok {
			return
		}
	}
}
func shadowed() {
	stop := 2
	ch := make(chan int)
	go func() { ch <- 1; ch <- stop }()
	for {
		if v := <-ch; v == stop {
			return
		}
	}
}
"""


def _quit(name: str) -> QuitMessage | None:
    tree = parse.parse(SRC)
    index = PackageIndex("p.go", tree.root_node, SRC, {})
    an = facts.Analyzer("p.go", index)
    func = next(
        f
        for f in tree.root_node.named_children
        if f.type == "function_declaration"
        and (n := f.child_by_field_name("name")) is not None
        and n.text == name.encode()
    )
    body = func.child_by_field_name("body")
    assert body is not None
    return quit_send(an, func, facts.name_uses(body, "ch", index))


@pytest.mark.parametrize("name", ["typeSwitch", "okAssert", "constBreak", "notEqual"])
def test_quit_message_found(name: str) -> None:
    q = _quit(name)
    assert q is not None
    assert parse.text(q.send).startswith("ch <- ")
    assert q.exclusive  # the other values sent never take the way out


def test_quit_message_with_a_value_not_understood() -> None:
    # ``first`` may be a *bye too: the loop may leave before the quit message.
    q = _quit("mixed")
    assert q is not None
    assert not q.exclusive


@pytest.mark.parametrize(
    "name",
    [
        "neverSent",
        "twice",
        "sendAfter",
        "somePath",
        "computed",
        "breaksSwitchOnly",
        "nested",
        "jumpsFirst",
        "shadowed",
    ],
)
def test_no_quit_message(name: str) -> None:
    assert _quit(name) is None
