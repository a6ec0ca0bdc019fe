package connpool

import "time"

type conn struct{ id int }

func serve(p *Pool[*conn], use func(*conn)) {
	c, err := p.Acquire()
	if err != nil {
		return
	}
	use(c)
	p.Release(c)
}

// Handle serves reqs requests on one shared connection, then closes the pool.
func Handle(reqs int, use func(*conn)) {
	p := NewPool([]*conn{{1}})
	for i := 0; i < reqs; i++ {
		go serve(p, use) // want `GS5005: goroutine can block forever in "p.cond.Wait": one goroutine per round of a loop wait on it, and after Close, called by Handle, sets "p.closed" it is signalled only once`
	}
	time.Sleep(time.Millisecond)
	p.Close()
}

func serveQuiet(p *QuietPool[*conn], use func(*conn)) {
	c, err := p.Acquire()
	if err != nil {
		return
	}
	use(c)
	p.Release(c)
}

// HandleQuiet is Handle on a pool whose Close wakes nobody.
func HandleQuiet(reqs int, use func(*conn)) {
	p := NewQuietPool([]*conn{{1}})
	for i := 0; i < reqs; i++ {
		go serveQuiet(p, use) // want `GS5005: goroutine can block forever in "p.cond.Wait": Close, called by HandleQuiet, sets "p.closed", which its wait loop tests, with no Signal or Broadcast after it`
	}
	time.Sleep(time.Millisecond)
	p.Close()
}

func serveFair(p *FairPool[*conn], use func(*conn)) {
	c, err := p.Acquire()
	if err != nil {
		return
	}
	use(c)
	p.Release(c)
}

// HandleFair is Handle on a pool whose Close broadcasts.
func HandleFair(reqs int, use func(*conn)) {
	p := NewFairPool([]*conn{{1}})
	for i := 0; i < reqs; i++ {
		go serveFair(p, use) // ok: Close wakes every pending caller
	}
	time.Sleep(time.Millisecond)
	p.Close()
}

func serveOpen(p *OpenPool[*conn], use func(*conn)) {
	c, err := p.Acquire()
	if err != nil {
		return
	}
	use(c)
	p.Release(c)
}

// HandleOpen is Handle on a pool whose failing callers pass the wake on.
func HandleOpen(reqs int, use func(*conn)) {
	p := NewOpenPool([]*conn{{1}})
	for i := 0; i < reqs; i++ {
		go serveOpen(p, use) // ok: each caller that fails wakes the next
	}
	time.Sleep(time.Millisecond)
	p.Close()
}
