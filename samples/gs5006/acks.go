package gs5006

import "sync"

// journal applies entries and waits for a notifier to acknowledge each one.
type journal struct {
	mu    sync.Mutex
	acks  chan int
	state int
}

// ack records the entry under the journal's lock, then acknowledges it.
func (j *journal) ack(v int) {
	j.mu.Lock()
	j.state = v
	j.mu.Unlock()
	j.acks <- v
}

// apply holds the lock while it waits for the acknowledgement of a notifier that needs it.
func (j *journal) apply(v int, notify func(int)) {
	j.mu.Lock()
	defer j.mu.Unlock()
	go notify(v) // want `GS5006: goroutine blocks forever locking "j.mu"`
	<-j.acks
}

// Append applies one entry in the background, acknowledged through a method value.
func Append() {
	j := &journal{acks: make(chan int)}
	go j.apply(3, j.ack) // want `GS5006: goroutine blocks forever on "j.acks" while it holds "j.mu"`
}

// ledger acknowledges without taking the lock the applier holds.
type ledger struct {
	mu   sync.Mutex
	acks chan int
	last int
}

func (l *ledger) confirm(v int) {
	l.acks <- v
}

func (l *ledger) commit(v int, notify func(int)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.last = v
	go notify(v) // ok: confirm sends without the lock
	<-l.acks
}

// Record applies one entry whose acknowledgement needs no lock.
func Record() {
	l := &ledger{acks: make(chan int)}
	go l.commit(3, l.confirm) // ok: the notifier never locks l.mu
}
