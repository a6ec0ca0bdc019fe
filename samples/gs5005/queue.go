package gs5005

import "sync"

// jobQueue hands values to consumers that call get until it reports the queue closed.
type jobQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []int
	closed bool
}

func newJobQueue() *jobQueue {
	q := &jobQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *jobQueue) put(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
	q.cond.Signal()
}

func (q *jobQueue) get() (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return 0, false
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v, true
}

// close wakes one consumer: the others stay parked.
func (q *jobQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Signal()
}

func consumeJobs(q *jobQueue, sum func(int)) {
	for {
		v, ok := q.get()
		if !ok {
			return
		}
		sum(v)
	}
}

func runQueue(sum func(int)) {
	q := newJobQueue()
	for i := 0; i < 3; i++ {
		go consumeJobs(q, sum) // want `GS5005: goroutine can block forever in "q.cond.Wait": 3 goroutines wait on it, and after close, called by runQueue, sets "q.closed" it is signalled only once`
	}
	for v := 0; v < 5; v++ {
		q.put(v)
	}
	q.close()
}

// doneQueue wakes every consumer when it closes.
type doneQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []int
	closed bool
}

func (q *doneQueue) put(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
	q.cond.Signal()
}

func (q *doneQueue) get() (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return 0, false
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v, true
}

func (q *doneQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

func drainJobs(q *doneQueue, sum func(int)) {
	for {
		v, ok := q.get()
		if !ok {
			return
		}
		sum(v)
	}
}

func runDoneQueue(sum func(int)) {
	q := &doneQueue{}
	q.cond = sync.NewCond(&q.mu)
	for i := 0; i < 3; i++ {
		go drainJobs(q, sum) // ok: close broadcasts to every consumer
	}
	for v := 0; v < 5; v++ {
		q.put(v)
	}
	q.close()
}
