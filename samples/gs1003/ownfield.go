package gs1003

import "sync"

// conn runs a read loop that closes stopped on its way out; Close waits for it.
type conn struct {
	handler *handlerSet
	msgs    chan string
	quit    chan struct{}
	stopped chan struct{}
	once    sync.Once
}

// handlerSet calls back into its conn when it sees a "bye".
type handlerSet struct {
	onBye func()
}

func (l *handlerSet) handle(msg string) {
	if msg == "bye" && l.onBye != nil {
		l.onBye()
	}
}

func (s *conn) Start() {
	go s.loop() // want `GS1003: goroutine blocks forever receiving from "s.stopped": only its own deferred close ends the wait`
}

func (s *conn) loop() {
	defer close(s.stopped)
	for {
		select {
		case msg := <-s.msgs:
			s.handler.handle(msg)
		case <-s.quit:
			return
		}
	}
}

// Close stops the loop and waits for it: called from the loop itself, it waits on itself.
func (s *conn) Close() {
	s.once.Do(func() {
		close(s.quit)
		<-s.stopped
	})
}

// Connect wires the handlerSet's callback to the conn's own Close.
func Connect() *conn {
	l := &handlerSet{}
	s := &conn{
		handler: l,
		msgs:    make(chan string),
		quit:    make(chan struct{}),
		stopped: make(chan struct{}),
	}
	l.onBye = s.Close
	s.Start()
	return s
}

// pipe's loop closes done on its way out and never waits on it itself.
type pipe struct {
	in   chan int
	done chan struct{}
	peer *pipe
}

func (r *pipe) Start() {
	go r.run() // ok: the loop waits on its peer's done, which the peer's loop closes
}

func (r *pipe) run() {
	defer close(r.done)
	for v := range r.in {
		if v < 0 && r.peer != nil {
			<-r.peer.done
		}
	}
}

// pacer's loop waits on its own channel, but Stop closes it too.
type pacer struct {
	stop    chan struct{}
	stopped chan struct{}
}

func (t *pacer) Start() {
	go t.run() // ok: Stop may close stopped before the loop waits on it
}

func (t *pacer) run() {
	defer close(t.stopped)
	<-t.stop
	<-t.stopped
}

// Stop closes both channels.
func (t *pacer) Stop() {
	close(t.stop)
	close(t.stopped)
}
