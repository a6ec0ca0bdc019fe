package gs2001

// hub forwards events until it halts; nothing in the package ever closes halt.
type hub struct {
	events chan int
	halt   chan struct{}
}

func (h *hub) halted() <-chan struct{} { return h.halt }

// Publish hands the hub an event.
func (h *hub) Publish(e int) { h.events <- e }

// Forward copies events to out until the hub halts, which never happens.
func Forward(h *hub, out chan<- int) {
	go func() { // want `GS2001: goroutine never exits: no case of its select loop returns or breaks out`
		for {
			select {
			case e := <-h.events:
				out <- e
			case <-h.halted():
				return
			}
		}
	}()
}

// pipe is a hub whose halt channel Close closes.
type pipe struct {
	events chan int
	halt   chan struct{}
}

func (p *pipe) halted() <-chan struct{} { return p.halt }

// Publish hands the pipe an event.
func (p *pipe) Publish(e int) { p.events <- e }

// Close halts the pipe.
func (p *pipe) Close() { close(p.halt) }

// ForwardPipe copies events until Close.
func ForwardPipe(p *pipe, out chan<- int) {
	go func() { // ok: Close closes halt, so the second case returns
		for {
			select {
			case e := <-p.events:
				out <- e
			case <-p.halted():
				return
			}
		}
	}()
}

// Stream has an exported stop channel: other packages may close it.
type Stream struct {
	Items chan int
	Stop  chan struct{}
}

// ForwardStream copies items until Stop is closed.
func ForwardStream(s *Stream, out chan<- int) {
	go func() { // ok: Stop is exported, and code elsewhere may close it
		for {
			select {
			case e := <-s.Items:
				out <- e
			case <-s.Stop:
				return
			}
		}
	}()
}

// forward is Forward's loop as a method.
func (h *hub) forward(out chan<- int) {
	for {
		select {
		case e := <-h.events:
			out <- e
		case <-h.halted():
			return
		}
	}
}

func newHubAndPipe() (*hub, *pipe) {
	return &hub{events: make(chan int), halt: make(chan struct{})},
		&pipe{events: make(chan int), halt: make(chan struct{})}
}

// ForwardNew starts the hub's loop on a hub from a two-result constructor.
func ForwardNew(out chan<- int) {
	h, p := newHubAndPipe()
	defer p.Close()
	go h.forward(out) // want `GS2001: goroutine never exits`
}
