// Package condworkers runs workers that reach a Cond-based queue through a field of their own
// struct, and callers that wait in a pool whose wait loop leaves by its if statements.
package condworkers

import "sync"

// taskQueue is a FIFO whose get blocks until an item arrives or the queue is closed.
type taskQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []int
	closed bool
}

func newTaskQueue() *taskQueue {
	q := &taskQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *taskQueue) put(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, v)
	q.cond.Signal()
}

func (q *taskQueue) get() (int, bool) {
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

// close wakes one worker: the others stay parked.
func (q *taskQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Signal()
}

type taskWorker struct {
	id    int
	queue *taskQueue
	done  chan<- int
	exits chan<- int
}

func (w *taskWorker) run() {
	defer func() { w.exits <- w.id }()
	for {
		v, ok := w.queue.get()
		if !ok {
			return
		}
		w.done <- v * w.id
	}
}

// runTasks waits for one result per task (the workers go back to get after each), then
// closes the queue while the workers are parked.
func runTasks(tasks []int) int {
	q := newTaskQueue()
	done := make(chan int)
	exits := make(chan int, 3)
	for i := 0; i < 3; i++ {
		w := &taskWorker{id: i, queue: q, done: done, exits: exits}
		go w.run() // want `GS5005: goroutine can block forever in "q.cond.Wait": .* wait on it, and after close, called by runTasks, sets "q.closed" it is signalled only once`
	}
	sum := 0
	for _, t := range tasks {
		q.put(t)
	}
	for range tasks {
		sum += <-done
	}
	q.close()
	for i := 0; i < 3; i++ {
		<-exits
	}
	return sum
}

// stopQueue is taskQueue with a close that wakes every worker.
type stopQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []int
	closed bool
}

func newStopQueue() *stopQueue {
	q := &stopQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *stopQueue) put(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, v)
	q.cond.Signal()
}

func (q *stopQueue) get() (int, bool) {
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

func (q *stopQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

type stopWorker struct {
	id    int
	queue *stopQueue
	done  chan<- int
}

func (w *stopWorker) run() {
	for {
		v, ok := w.queue.get()
		if !ok {
			return
		}
		w.done <- v * w.id
	}
}

func runStops(tasks []int) int {
	q := newStopQueue()
	done := make(chan int)
	for i := 0; i < 3; i++ {
		w := &stopWorker{id: i, queue: q, done: done}
		go w.run() // ok: close broadcasts to every worker
	}
	sum := 0
	for _, t := range tasks {
		q.put(t)
	}
	for range tasks {
		sum += <-done
	}
	q.close()
	return sum
}

// lastQueue is taskQueue whose workers leave on a zero item: the owner waits for them to
// leave before it closes, so nobody is parked when its one Signal comes.
type lastQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []int
	closed bool
}

func newLastQueue() *lastQueue {
	q := &lastQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *lastQueue) put(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, v)
	q.cond.Signal()
}

func (q *lastQueue) get() (int, bool) {
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

func (q *lastQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Signal()
}

type lastWorker struct {
	queue *lastQueue
	out   chan<- int
}

func (w *lastWorker) run() {
	defer func() { w.out <- -1 }()
	for {
		v, ok := w.queue.get()
		if !ok || v == 0 {
			return
		}
		w.out <- v
	}
}

func runLast(tasks []int) int {
	q := newLastQueue()
	out := make(chan int)
	for i := 0; i < 2; i++ {
		w := &lastWorker{queue: q, out: out}
		go w.run() // ok: the owner receives their exits (a deferred send) before close
	}
	for _, t := range tasks {
		q.put(t)
	}
	q.put(0)
	q.put(0)
	sum, left := 0, 2
	for left > 0 {
		v := <-out
		if v < 0 {
			left--
			continue
		}
		sum += v
	}
	q.close()
	return sum
}
