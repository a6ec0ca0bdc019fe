package gs1001

import "context"

// producer keeps the function its goroutine runs in a field, set once by its constructor.
type producer struct {
	out     chan int
	startFn func()
}

func newProducer() *producer {
	p := &producer{out: make(chan int)}
	p.startFn = p.produce
	return p
}

func (p *producer) produce() { p.out <- 42 }

// Produce gives up on cancellation: the method the field holds still sends.
func Produce(ctx context.Context) int {
	p := newProducer()
	go p.startFn() // want `GS1001: goroutine blocks forever sending on "p.out" when Produce returns`
	select {
	case v := <-p.out:
		return v
	case <-ctx.Done():
		return 0
	}
}

// switcher's field is set to two different methods: which one runs is not known.
type switcher struct {
	out   chan int
	runFn func()
}

func newSwitcher(loud bool) *switcher {
	s := &switcher{out: make(chan int)}
	s.runFn = s.quiet
	return s
}

func (s *switcher) quiet() {}

func (s *switcher) loud() { s.out <- 1 }

// Louder swaps the function: the field has two values in the package.
func (s *switcher) Louder() { s.runFn = s.loud }

// Switch cannot tell which method runs: silence.
func Switch(ctx context.Context) int {
	s := newSwitcher(false)
	go s.runFn() // ok: runFn is quiet or loud, not known which
	select {
	case v := <-s.out:
		return v
	case <-ctx.Done():
		return 0
	}
}

// Local starts a goroutine through a local bound once to a literal.
func Local(ctx context.Context, v int) int {
	out := make(chan int)
	send := func() { out <- v }
	go send() // want `GS1001: goroutine blocks forever sending on "out" when Local returns`
	select {
	case got := <-out:
		return got
	case <-ctx.Done():
		return 0
	}
}

// LocalRebound rebinds its local: which literal the goroutine runs is not known.
func LocalRebound(ctx context.Context, v int) int {
	out := make(chan int)
	send := func() { out <- v }
	if v == 0 {
		send = func() {}
	}
	go send() // ok: send is rebound, so what the goroutine runs is not known
	select {
	case got := <-out:
		return got
	case <-ctx.Done():
		return 0
	}
}
