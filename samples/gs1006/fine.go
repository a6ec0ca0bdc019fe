package gs1006

import (
	"context"
	"log"
	"time"
)

// Resetting resets the timer where its value is received: the drain finds it running.
func Resetting(ctx context.Context, every time.Duration, seen <-chan string) {
	go func() { // ok: the receive case resets the timer before any drain
		t := time.NewTimer(every)
		for {
			select {
			case <-t.C:
				log.Printf("no peer seen for %v", every)
				t.Reset(every)
			case who := <-seen:
				log.Printf("seen %s", who)
				if !t.Stop() {
					<-t.C
				}
				t.Reset(every)
			case <-ctx.Done():
				return
			}
		}
	}()
}

// Watch drains a timer it never received from: Stop returns false only when the value is
// still to be taken.
func Watch(d time.Duration, done <-chan struct{}, report func(bool)) {
	go func() { // ok: the drain runs only on the path that did not receive from t.C
		t := time.NewTimer(d)
		select {
		case <-done:
			if !t.Stop() {
				<-t.C
			}
			report(true)
		case <-t.C:
			report(false)
		}
	}()
}

// Renewing makes a new timer after each expiry: the drain is on a fresh timer.
func Renewing(ctx context.Context, every time.Duration, seen <-chan string) {
	go func() { // ok: a new timer replaces the spent one
		t := time.NewTimer(every)
		for {
			select {
			case <-t.C:
				log.Print("idle")
				t = time.NewTimer(every)
			case <-seen:
				if !t.Stop() {
					<-t.C
				}
				t.Reset(every)
			case <-ctx.Done():
				return
			}
		}
	}()
}

// NonBlockingDrain empties the timer with a select that has a default: it never waits.
func NonBlockingDrain(ctx context.Context, every time.Duration, seen <-chan string) {
	go func() { // ok: the drain cannot block
		t := time.NewTimer(every)
		for {
			select {
			case <-t.C:
				log.Print("idle")
			case <-seen:
				t.Stop()
				select {
				case <-t.C:
				default:
				}
				t.Reset(every)
			case <-ctx.Done():
				return
			}
		}
	}()
}

// Tracked remembers whether it received the value and drains only when it did not.
func Tracked(ctx context.Context, every time.Duration, seen <-chan string) {
	go func() { // ok: the drain is guarded by what the loop knows
		t := time.NewTimer(every)
		fired := false
		for {
			select {
			case <-t.C:
				fired = true
			case <-seen:
				if !fired && !t.Stop() {
					<-t.C
				}
				fired = false
				t.Reset(every)
			case <-ctx.Done():
				return
			}
		}
	}()
}

// Pacer's timer is also reset by Nudge, from other goroutines: the drain may be served.
type Pacer struct {
	pace  time.Duration
	timer *time.Timer
	kick  chan struct{}
	quit  chan struct{}
}

// Run arms the pacer and starts its loop.
func (p *Pacer) Run() {
	p.timer = time.NewTimer(p.pace)
	go p.loop() // ok: Nudge restarts the timer from outside the loop
}

// Nudge restarts the timer.
func (p *Pacer) Nudge() { p.timer.Reset(p.pace) }

func (p *Pacer) loop() {
	for {
		select {
		case <-p.timer.C:
			log.Print("pace")
		case <-p.kick:
			if !p.timer.Stop() {
				<-p.timer.C
			}
			p.timer.Reset(p.pace)
		case <-p.quit:
			return
		}
	}
}

// Handoff passes its timer to code that may restart it.
func Handoff(ctx context.Context, every time.Duration, seen <-chan string, arm func(*time.Timer)) {
	go func() { // ok: arm may reset the timer
		t := time.NewTimer(every)
		arm(t)
		for {
			select {
			case <-t.C:
				log.Print("idle")
			case <-seen:
				if !t.Stop() {
					<-t.C
				}
				t.Reset(every)
			case <-ctx.Done():
				return
			}
		}
	}()
}

// Rearmed's timer field is replaced by Rearm after the loop started: which timer the loop
// drains is not known.
type Rearmed struct {
	every time.Duration
	timer *time.Timer
	kick  chan struct{}
	quit  chan struct{}
}

// Run arms the timer and starts the loop.
func (r *Rearmed) Run() {
	r.timer = time.NewTimer(r.every)
	go r.loop() // ok: Rearm writes the field while the loop runs
}

// Rearm replaces the timer.
func (r *Rearmed) Rearm() { r.timer = time.NewTimer(r.every) }

func (r *Rearmed) loop() {
	for {
		select {
		case <-r.timer.C:
			log.Print("tick")
		case <-r.kick:
			if !r.timer.Stop() {
				<-r.timer.C
			}
			r.timer.Reset(r.every)
		case <-r.quit:
			return
		}
	}
}
