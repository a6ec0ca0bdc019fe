package condworkers

import (
	"errors"
	"sync"
)

var errPoolClosed = errors.New("pool closed")

// slotPool hands out at most max slots; callers wait on a Cond for a free one.
type slotPool struct {
	mu      sync.Mutex
	cond    *sync.Cond
	free    []int
	used    int
	max     int
	waiting int
	closed  bool
}

func newSlotPool(max int) *slotPool {
	p := &slotPool{max: max}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// acquire leaves its wait loop by the if statements that return.
func (p *slotPool) acquire() (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		if p.closed {
			return 0, errPoolClosed
		}
		if n := len(p.free); n > 0 {
			s := p.free[n-1]
			p.free = p.free[:n-1]
			return s, nil
		}
		if p.used < p.max {
			p.used++
			return p.used, nil
		}
		p.waiting++
		p.cond.Wait()
		p.waiting--
	}
}

func (p *slotPool) release(s int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		p.used--
		return
	}
	p.free = append(p.free, s)
	p.cond.Signal()
}

func (p *slotPool) idle() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.waiting
}

// close wakes one waiting caller: the others stay parked.
func (p *slotPool) close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.cond.Signal()
}

func useSlot(p *slotPool, out chan<- error) {
	s, err := p.acquire()
	if err != nil {
		out <- err
		return
	}
	defer p.release(s)
	out <- nil
}

func runSlots(n int) int {
	p := newSlotPool(1)
	held, err := p.acquire()
	if err != nil {
		return 0
	}
	out := make(chan error, n)
	for i := 0; i < n; i++ {
		go useSlot(p, out) // want `GS5005: goroutine can block forever in "p.cond.Wait": .* after close, called by runSlots, sets "p.closed" it is signalled only once`
	}
	for p.idle() < n {
	}
	p.close()
	p.release(held)
	return len(out)
}

// gatePool is slotPool with a close that wakes every waiting caller.
type gatePool struct {
	mu     sync.Mutex
	cond   *sync.Cond
	used   int
	max    int
	closed bool
}

func (p *gatePool) acquire() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		if p.closed {
			return errPoolClosed
		}
		if p.used < p.max {
			p.used++
			return nil
		}
		p.cond.Wait()
	}
}

func (p *gatePool) release() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.used--
	if !p.closed {
		p.cond.Signal()
	}
}

func (p *gatePool) close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.cond.Broadcast()
}

func useGate(p *gatePool, out chan<- error) {
	if err := p.acquire(); err != nil {
		out <- err
		return
	}
	defer p.release()
	out <- nil
}

func runGates(n int) int {
	p := &gatePool{max: 1}
	p.cond = sync.NewCond(&p.mu)
	out := make(chan error, n)
	for i := 0; i < n; i++ {
		go useGate(p, out) // ok: close broadcasts to every waiting caller
	}
	p.close()
	return len(out)
}
