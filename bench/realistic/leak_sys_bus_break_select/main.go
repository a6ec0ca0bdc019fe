// Audit event dispatcher with pause/resume and graceful shutdown. Leak: the shutdown branch uses break inside the select, which only leaves the select, so the dispatch loop keeps waiting on its channels after Shutdown returns.
package main

import (
	"fmt"
	"strings"
	"sync"

	"realistic/internal/leakprobe"
)

type Event struct {
	Kind  string
	Actor string
	Data  string
}

type Handler func(Event)

type opcode int

const (
	opPause opcode = iota
	opResume
	opShutdown
)

type command struct {
	op  opcode
	ack chan struct{}
}

// Dispatcher serialises delivery of audit events to handlers. While paused
// (e.g. during a storage failover) events are buffered and replayed on resume.
type Dispatcher struct {
	events   chan Event
	control  chan command
	handlers map[string][]Handler

	paused  bool
	pending []Event
}

func NewDispatcher() *Dispatcher {
	d := &Dispatcher{
		events:   make(chan Event, 64),
		control:  make(chan command),
		handlers: make(map[string][]Handler),
	}
	return d
}

// On registers h for events of kind; call before Start.
func (d *Dispatcher) On(kind string, h Handler) {
	d.handlers[kind] = append(d.handlers[kind], h)
}

func (d *Dispatcher) Start() { go d.run() }

func (d *Dispatcher) Emit(ev Event) { d.events <- ev }

func (d *Dispatcher) Pause()    { d.send(opPause) }
func (d *Dispatcher) Resume()   { d.send(opResume) }
func (d *Dispatcher) Shutdown() { d.send(opShutdown) }

func (d *Dispatcher) send(op opcode) {
	cmd := command{op: op, ack: make(chan struct{})}
	d.control <- cmd
	<-cmd.ack
}

func (d *Dispatcher) run() {
	for {
		select {
		case ev := <-d.events:
			if d.paused {
				d.pending = append(d.pending, ev)
				continue
			}
			d.deliver(ev)
		case cmd := <-d.control:
			if cmd.op == opShutdown {
				d.drain()
				close(cmd.ack)
				break
			}
			if cmd.op == opPause {
				d.paused = true
			} else {
				d.paused = false
				d.flushPending()
			}
			close(cmd.ack)
		}
	}
}

// drain delivers everything buffered or queued so no audit record is lost.
func (d *Dispatcher) drain() {
	d.paused = false
	d.flushPending()
	for {
		select {
		case ev := <-d.events:
			d.deliver(ev)
		default:
			return
		}
	}
}

func (d *Dispatcher) flushPending() {
	for _, ev := range d.pending {
		d.deliver(ev)
	}
	d.pending = nil
}

func (d *Dispatcher) deliver(ev Event) {
	for _, h := range d.handlers[ev.Kind] {
		h(ev)
	}
}

type auditLog struct {
	mu    sync.Mutex
	lines []string
}

func (a *auditLog) record(ev Event) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.lines = append(a.lines, fmt.Sprintf("%s by %s (%s)", ev.Kind, ev.Actor, ev.Data))
}

func main() {
	audit := &auditLog{}
	d := NewDispatcher()
	d.On("login", audit.record)
	d.On("role.grant", audit.record)
	d.On("role.revoke", audit.record)
	d.Start()

	d.Emit(Event{Kind: "login", Actor: "alice", Data: "sso"})
	d.Pause() // audit store failover
	d.Emit(Event{Kind: "role.grant", Actor: "alice", Data: "bob:admin"})
	d.Emit(Event{Kind: "login", Actor: "bob", Data: "password"})
	d.Resume()
	d.Emit(Event{Kind: "role.revoke", Actor: "alice", Data: "bob:admin"})
	d.Shutdown()

	audit.mu.Lock()
	fmt.Println(strings.Join(audit.lines, "\n"))
	audit.mu.Unlock()

	leakprobe.Done()
}
