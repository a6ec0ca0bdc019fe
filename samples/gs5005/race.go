package gs5005

import (
	"fmt"
	"sync"
)

// startLine releases runners once the race starts.
type startLine struct {
	mu    sync.Mutex
	cond  *sync.Cond
	fired bool
}

func (s *startLine) await(lane int) {
	s.mu.Lock()
	for !s.fired {
		s.cond.Wait()
	}
	s.mu.Unlock()
	fmt.Println("lane", lane, "off")
}

// race starts four runners and wakes only one of them.
func race() {
	s := &startLine{}
	s.cond = sync.NewCond(&s.mu)
	for i := 0; i < 4; i++ {
		go s.await(i) // want `GS5005: goroutine can block forever in "s.cond.Wait": 4 goroutines wait on it, and race signals it only once`
	}
	s.mu.Lock()
	s.fired = true
	s.mu.Unlock()
	s.cond.Signal()
}

// gate is a startLine whose start is broadcast.
type gate struct {
	mu    sync.Mutex
	cond  *sync.Cond
	fired bool
}

func (g *gate) await(lane int) {
	g.mu.Lock()
	for !g.fired {
		g.cond.Wait()
	}
	g.mu.Unlock()
	fmt.Println("lane", lane, "off")
}

// open starts four runners and wakes them all.
func open() {
	g := &gate{}
	g.cond = sync.NewCond(&g.mu)
	for i := 0; i < 4; i++ {
		go g.await(i) // ok: Broadcast wakes every waiter
	}
	g.mu.Lock()
	g.fired = true
	g.mu.Unlock()
	g.cond.Broadcast()
}

// duel has two runners and signals twice.
type duel struct {
	mu    sync.Mutex
	cond  *sync.Cond
	fired bool
}

func (d *duel) await() {
	d.mu.Lock()
	for !d.fired {
		d.cond.Wait()
	}
	d.mu.Unlock()
}

func fight() {
	d := &duel{}
	d.cond = sync.NewCond(&d.mu)
	go d.await() // ok: two Signals for two waiters
	go d.await() // ok: two Signals for two waiters
	d.mu.Lock()
	d.fired = true
	d.mu.Unlock()
	d.cond.Signal()
	d.cond.Signal()
}

// lateLine is a startLine whose runners may come after the start.
type lateLine struct {
	mu    sync.Mutex
	cond  *sync.Cond
	fired bool
}

func (l *lateLine) await() {
	l.mu.Lock()
	for !l.fired {
		l.cond.Wait()
	}
	l.mu.Unlock()
}

// late fires before it starts the runners: none of them waits.
func late() {
	l := &lateLine{}
	l.cond = sync.NewCond(&l.mu)
	l.fired = true
	for i := 0; i < 4; i++ {
		go l.await() // ok: the flag is set before any runner starts, so none waits
	}
	l.cond.Signal()
}
