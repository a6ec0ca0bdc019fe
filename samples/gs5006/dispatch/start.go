package dispatch

// Start runs a dispatcher and submits n ids from one goroutine each.
func Start(n int, work func(int)) {
	d := NewDispatcher()
	go d.Run(work) // want `GS5006: goroutine blocks forever locking "d.mu": another goroutine holds it while it waits on "d.out"`
	for i := 0; i < n; i++ {
		go d.Submit(i) // want `GS5006: goroutine blocks forever on "d.out" while it holds "d.mu"`
	}
}

// StartPair submits two ids: one in the runner's hands and one in the buffer never block.
func StartPair(work func(int)) {
	d := NewDispatcher()
	go d.Run(work) // ok: two sends fit
	go d.Submit(1) // ok: two sends fit
	go d.Submit(2) // ok: two sends fit
}

// StartRelay is Start on a relay whose other case never fires.
func StartRelay(n int, work func(int)) {
	r := NewRelay()
	go r.Run(work) // want `GS5006: goroutine blocks forever locking "r.mu": another goroutine holds it while it waits on "r.out"`
	for i := 0; i < n; i++ {
		go r.Submit(i) // want `GS5006: goroutine blocks forever on "r.out" while it holds "r.mu"`
	}
}

// StartRouter is Start on a router that can be stopped.
func StartRouter(n int, work func(int)) *Router {
	r := NewRouter()
	go r.Run(work) // ok: Stop releases a blocked Submit
	for i := 0; i < n; i++ {
		go r.Submit(i) // ok: Stop releases a blocked Submit
	}
	return r
}

// StartPump submits n ids to a pump whose runner its constructor started (in another
// file: the runner, started in NewPump, waits for the lock in ack).
func StartPump(n int, work func(int)) {
	p := NewPump(work)
	for i := 0; i < n; i++ {
		go p.Submit(i) // want `GS5006: goroutine blocks forever on "p.out" while it holds "p.mu"`
	}
}

// StartMailbox submits n ids to a mailbox whose runner never locks.
func StartMailbox(n int, work func(int)) {
	m := NewMailbox(work)
	for i := 0; i < n; i++ {
		go m.Submit(i) // ok: the runner never waits for the lock
	}
}
