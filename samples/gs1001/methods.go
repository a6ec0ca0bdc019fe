package gs1001

import "context"

// pinger and quiet both have a run method; the receiver's type says which one a go
// statement starts.
type pinger struct{ n int }

func (p *pinger) run(out chan int) { out <- p.n }

type quiet struct{}

func (quiet) run(out chan int) { _ = out }

func newPinger() *pinger { return &pinger{n: 1} }

// Ping gives up on cancellation: the pinger's send has no receiver any more.
func Ping(ctx context.Context) int {
	out := make(chan int)
	p := newPinger()
	go p.run(out) // want `GS1001: goroutine blocks forever sending on "out" when Ping returns`
	select {
	case v := <-out:
		return v
	case <-ctx.Done():
		return 0
	}
}

// PingQuiet starts the quiet runner, which never sends: the receive is the one at risk,
// and the select gives it a way out.
func PingQuiet(ctx context.Context) int {
	out := make(chan int)
	var q quiet
	go q.run(out) // ok: quiet.run never sends, so nothing waits on out
	select {
	case v := <-out:
		return v
	case <-ctx.Done():
		return 0
	}
}

// PingBuffered gives the pinger's one value somewhere to go.
func PingBuffered(ctx context.Context) int {
	out := make(chan int, 1)
	p := &pinger{n: 2}
	go p.run(out) // ok: the buffer takes the value
	select {
	case v := <-out:
		return v
	case <-ctx.Done():
		return 0
	}
}

// prober is implemented by pinger alone in this package.
type prober interface{ probe(out chan int) }

func (p *pinger) probe(out chan int) { out <- p.n }

func newProber() prober { return &pinger{n: 3} }

// Probe calls through the interface: its one implementation sends, and Probe can give up.
func Probe(ctx context.Context) int {
	out := make(chan int)
	pr := newProber()
	go pr.probe(out) // want `GS1001: goroutine blocks forever sending on "out" when Probe returns`
	select {
	case v := <-out:
		return v
	case <-ctx.Done():
		return 0
	}
}
