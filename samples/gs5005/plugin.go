// Package gs5005 holds samples for GS5005: Cond.Wait that nothing signals.
package gs5005

import "sync"

// Plugin becomes ready once activated.
type Plugin struct {
	activated *sync.Cond
	ready     bool
}

// Ready is a Plugin whose activation broadcasts.
type Ready struct {
	cond  *sync.Cond
	ready bool
}

func (p *Plugin) waitActive() {
	p.activated.L.Lock()
	for !p.ready {
		p.activated.Wait()
	}
	p.activated.L.Unlock()
}

// Start waits for an activation that nothing announces.
func Start(p *Plugin) {
	go func() { // want `GS5005: goroutine blocks forever in "p.activated.Wait": nothing calls Signal or Broadcast on it`
		p.waitActive()
	}()
}

func (r *Ready) wait() {
	r.cond.L.Lock()
	for !r.ready {
		r.cond.Wait()
	}
	r.cond.L.Unlock()
}

func (r *Ready) activate() {
	r.cond.L.Lock()
	r.ready = true
	r.cond.L.Unlock()
	r.cond.Broadcast()
}

// StartReady waits for an activation that is broadcast.
func StartReady(r *Ready) {
	go r.wait()     // ok: activate broadcasts
	go r.activate() // ok: nothing waits here
}

// Park waits on a local Cond that is never signalled.
func Park() {
	go func() { // want `GS5005: goroutine blocks forever in "cond.Wait"`
		cond := sync.NewCond(&sync.Mutex{})
		cond.L.Lock()
		cond.Wait()
		cond.L.Unlock()
	}()
}

// Handoff hands the Cond to a function that signals it.
func Handoff() {
	go func() { // ok: the Cond is passed on to wake, which signals it
		cond := sync.NewCond(&sync.Mutex{})
		cond.L.Lock()
		go wake(cond)
		cond.Wait()
		cond.L.Unlock()
	}()
}

func wake(c *sync.Cond) {
	c.L.Lock()
	c.Signal()
	c.L.Unlock()
}

// Gate releases a waiting goroutine from the function that started it.
func Gate() {
	var mu sync.Mutex
	open := sync.NewCond(&mu)
	opened := false
	done := make(chan struct{})
	go func() { // ok: Gate broadcasts on the Cond after setting opened
		defer close(done)
		mu.Lock()
		for !opened {
			open.Wait()
		}
		mu.Unlock()
	}()
	mu.Lock()
	opened = true
	mu.Unlock()
	open.Broadcast()
	<-done
}

// GateNeverOpened starts a waiter on a local Cond and only ever locks its mutex.
func GateNeverOpened() {
	var mu sync.Mutex
	open := sync.NewCond(&mu)
	opened := false
	go func() { // want `GS5005: goroutine blocks forever in "open.Wait"`
		mu.Lock()
		for !opened {
			open.Wait()
		}
		mu.Unlock()
	}()
	mu.Lock()
	opened = true
	mu.Unlock()
}
