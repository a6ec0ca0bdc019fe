package gs1006

import (
	"context"
	"log"
	"time"
)

// Notifier coalesces change events: dispatch kicks the debounce loop once per event. The
// debounce loop can block for good in its timer drain; it is the only one receiving kick,
// so dispatch then fills kick's buffer and blocks on its next send.
type Notifier struct {
	quiet  time.Duration
	timer  *time.Timer
	kick   chan struct{}
	events chan string
}

// NewNotifier returns a notifier with a one-slot kick buffer.
func NewNotifier(quiet time.Duration) *Notifier {
	return &Notifier{quiet: quiet, kick: make(chan struct{}, 1), events: make(chan string)}
}

// Start runs the debounce loop and the dispatcher.
func (n *Notifier) Start(ctx context.Context) {
	n.timer = time.NewTimer(n.quiet)
	go n.debounce(ctx) // want `GS1006: goroutine can block forever draining timer "n.timer"`
	go func() {        // want `GS1006: goroutine can block forever sending on "kick": its only receiver can block forever draining timer "n.timer"`
		for {
			select {
			case <-ctx.Done():
				return
			case e := <-n.events:
				n.changed(e)
			}
		}
	}()
}

// Replay sends a fixed number of events: no endless stream of kicks.
func (n *Notifier) Replay(events []string) {
	go func() { // ok: a bounded number of sends, not one per round of an endless loop
		for i := 0; i < len(events) && i < 2; i++ {
			n.changed(events[i])
		}
	}()
}

func (n *Notifier) changed(e string) {
	log.Print("changed: ", e)
	n.kick <- struct{}{}
}

func (n *Notifier) debounce(ctx context.Context) {
	for {
		select {
		case <-n.timer.C:
			log.Print("quiet again")
		case <-n.kick:
			if !n.timer.Stop() {
				<-n.timer.C
			}
			n.timer.Reset(n.quiet)
		case <-ctx.Done():
			return
		}
	}
}

// Coalescer kicks its debounce loop without waiting: a full buffer drops the kick.
type Coalescer struct {
	quiet  time.Duration
	timer  *time.Timer
	kick   chan struct{}
	events chan string
}

// Start runs the debounce loop and the dispatcher.
func (c *Coalescer) Start(ctx context.Context) {
	c.timer = time.NewTimer(c.quiet)
	go c.debounce(ctx) // want `GS1006: goroutine can block forever draining timer "c.timer"`
	go func() {        // ok: the kick is a non-blocking send
		for {
			select {
			case <-ctx.Done():
				return
			case <-c.events:
				select {
				case c.kick <- struct{}{}:
				default:
				}
			}
		}
	}()
}

func (c *Coalescer) debounce(ctx context.Context) {
	for {
		select {
		case <-c.timer.C:
			log.Print("quiet again")
		case <-c.kick:
			if !c.timer.Stop() {
				<-c.timer.C
			}
			c.timer.Reset(c.quiet)
		case <-ctx.Done():
			return
		}
	}
}

// Relay's kicks are also taken by Flush: the debounce loop is not their only receiver.
type Relay struct {
	quiet  time.Duration
	timer  *time.Timer
	kick   chan struct{}
	events chan string
}

// Start runs the debounce loop and the dispatcher.
func (r *Relay) Start(ctx context.Context) {
	r.timer = time.NewTimer(r.quiet)
	go r.debounce(ctx) // want `GS1006: goroutine can block forever draining timer "r.timer"`
	go func() {        // ok: Flush receives kicks too
		for {
			select {
			case <-ctx.Done():
				return
			case <-r.events:
				r.kick <- struct{}{}
			}
		}
	}()
}

// Flush takes a pending kick.
func (r *Relay) Flush() {
	<-r.kick
}

func (r *Relay) debounce(ctx context.Context) {
	for {
		select {
		case <-r.timer.C:
			log.Print("quiet again")
		case <-r.kick:
			if !r.timer.Stop() {
				<-r.timer.C
			}
			r.timer.Reset(r.quiet)
		case <-ctx.Done():
			return
		}
	}
}

// Pinger's debounce loop also acknowledges each kick: a stuck loop leaves the sender waiting
// for the acknowledgement, not at its send, so the send is not where it blocks.
type Pinger struct {
	quiet time.Duration
	timer *time.Timer
	kick  chan struct{}
	ack   chan struct{}
	ticks chan struct{}
}

// Start runs the debounce loop and the dispatcher.
func (p *Pinger) Start(ctx context.Context) {
	p.timer = time.NewTimer(p.quiet)
	go p.debounce(ctx) // want `GS1006: goroutine can block forever draining timer "p.timer"`
	go func() {        // ok: the loop it feeds gives acknowledgements, so it may wait elsewhere
		for range p.ticks {
			p.kick <- struct{}{}
			<-p.ack
		}
	}()
}

func (p *Pinger) debounce(ctx context.Context) {
	for {
		select {
		case <-p.timer.C:
			log.Print("quiet again")
		case <-p.kick:
			if !p.timer.Stop() {
				<-p.timer.C
			}
			p.timer.Reset(p.quiet)
			p.ack <- struct{}{}
		case <-ctx.Done():
			return
		}
	}
}
