package gs5005

import "sync"

// barrier lets waiters through once it is released.
type barrier struct {
	mu   sync.Mutex
	cond *sync.Cond
	open bool
}

func newBarrier() *barrier {
	b := &barrier{}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *barrier) await() {
	b.mu.Lock()
	for !b.open {
		b.cond.Wait()
	}
	b.mu.Unlock()
}

// release opens the barrier but wakes only one waiter.
func (b *barrier) release() {
	b.mu.Lock()
	b.open = true
	b.mu.Unlock()
	b.cond.Signal()
}

func startWaiters(b *barrier, n int) {
	for i := 0; i < n; i++ {
		go b.await() // want `GS5005: goroutine can block forever in "b.cond.Wait": one goroutine per round of a loop wait on it, and after release, called by gather, sets "b.open" it is signalled only once`
	}
}

func gather(n int) {
	b := newBarrier()
	startWaiters(b, n)
	b.release()
}

// gate opens for every waiter.
type gate2 struct {
	mu   sync.Mutex
	cond *sync.Cond
	open bool
}

func (g *gate2) await() {
	g.mu.Lock()
	for !g.open {
		g.cond.Wait()
	}
	g.mu.Unlock()
}

func (g *gate2) release() {
	g.mu.Lock()
	g.open = true
	g.mu.Unlock()
	g.cond.Signal()
}

// gatherThree starts three waiters and releases the gate three times.
func gatherThree() {
	g := &gate2{}
	g.cond = sync.NewCond(&g.mu)
	for i := 0; i < 3; i++ {
		go g.await() // ok: three Signals for three waiters, each after open is set
	}
	g.release()
	g.release()
	g.release()
}
