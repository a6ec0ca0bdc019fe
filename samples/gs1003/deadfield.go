package gs1003

// node holds channels that other parts of the package may or may not ever serve.
type node struct {
	halt chan struct{}
	jobs chan int
	out  chan int
}

func newNode() *node {
	return &node{halt: make(chan struct{}), jobs: make(chan int), out: make(chan int)}
}

// quitting returns halt, or nil for a nil node: either way only a receive can use it.
func (n *node) quitting() <-chan struct{} {
	if n == nil {
		return nil
	}
	return n.halt
}

// holder reaches its node through a getter.
type holder struct{ n *node }

func (h *holder) node() *node { return h.n }

// Park waits for halt, which nothing in the package ever sends on or closes.
func Park(h *holder) {
	go func() { // want `GS1003: goroutine blocks forever receiving from "halt": nothing in the package ever sends on it or closes it`
		<-h.node().quitting()
	}()
}

// shutdown closes jobs: a receive on it can end.
func (n *node) shutdown() { close(n.jobs) }

// Next waits for a job or for shutdown.
func Next(n *node) {
	go func() { // ok: shutdown closes jobs
		<-n.jobs
	}()
}

// wire hands out to a function value, which may send on it.
func (n *node) wire(f func(chan int)) { f(n.out) }

// Result waits on out, which wire gives away.
func Result(n *node) {
	go func() { // ok: out is handed to code we cannot see through wire
		<-n.out
	}()
}

// Use keeps the helpers referenced.
func Use() {
	n := newNode()
	n.shutdown()
	n.wire(func(c chan int) { c <- 1 })
}
