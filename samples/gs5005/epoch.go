package gs5005

import "sync"

// epochGate wakes its waiters on every new epoch, but never sets what they wait for.
type epochGate struct {
	mu    sync.Mutex
	cond  *sync.Cond
	ready bool
	epoch int
}

func (g *epochGate) wait() {
	g.mu.Lock()
	for !g.ready {
		g.cond.Wait()
	}
	g.mu.Unlock()
}

func (g *epochGate) bump() {
	g.mu.Lock()
	g.epoch++
	g.mu.Unlock()
	g.cond.Broadcast()
}

func runEpochs() {
	g := &epochGate{}
	g.cond = sync.NewCond(&g.mu)
	go g.wait() // want `GS5005: goroutine blocks forever in "g.cond.Wait": nothing in the package ever sets "g.ready", which its wait loop tests`
	g.bump()
}

// readyGate sets ready before it broadcasts.
type readyGate struct {
	mu    sync.Mutex
	cond  *sync.Cond
	ready bool
	epoch int
}

func (g *readyGate) wait() {
	g.mu.Lock()
	for !g.ready {
		g.cond.Wait()
	}
	g.mu.Unlock()
}

func (g *readyGate) open() {
	g.mu.Lock()
	g.epoch++
	g.ready = true
	g.mu.Unlock()
	g.cond.Broadcast()
}

func runReady() {
	g := &readyGate{}
	g.cond = sync.NewCond(&g.mu)
	go g.wait() // ok: open sets ready, then broadcasts
	g.open()
}
