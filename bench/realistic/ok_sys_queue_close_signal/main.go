// In-memory work queue with a blocking Get built on sync.Cond, drained by a pool of thumbnail workers. Correct: Close wakes every waiter with Broadcast, so all idle workers see the queue closed and exit.
package main

import (
	"errors"
	"fmt"
	"log"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

var ErrClosed = errors.New("queue closed")

// Queue is an unbounded FIFO whose Get blocks until an item arrives or the
// queue is closed.
type Queue[T any] struct {
	mu      sync.Mutex
	cond    *sync.Cond
	items   []T
	closed  bool
	waiting int
}

func NewQueue[T any]() *Queue[T] {
	q := &Queue[T]{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *Queue[T]) Put(item T) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return ErrClosed
	}
	q.items = append(q.items, item)
	q.cond.Signal()
	return nil
}

// Get returns the next item, or ErrClosed once the queue is closed and drained.
func (q *Queue[T]) Get() (T, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.waiting++
		q.cond.Wait()
		q.waiting--
	}
	if len(q.items) == 0 {
		var zero T
		return zero, ErrClosed
	}
	item := q.items[0]
	q.items = q.items[1:]
	return item, nil
}

// Idle reports how many consumers are blocked in Get (exported as a gauge).
func (q *Queue[T]) Idle() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.waiting
}

func (q *Queue[T]) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

type thumbJob struct {
	upload string
	sizes  []int
}

type worker struct {
	id    int
	queue *Queue[thumbJob]
	acks  chan<- string
	exits chan<- int
}

func (w *worker) run() {
	defer func() { w.exits <- w.id }()
	for {
		job, err := w.queue.Get()
		if err != nil {
			return
		}
		for range job.sizes {
			time.Sleep(time.Millisecond) // resize + encode
		}
		w.acks <- fmt.Sprintf("worker %d: %s -> %d thumbnails", w.id, job.upload, len(job.sizes))
	}
}

func main() {
	q := NewQueue[thumbJob]()
	acks := make(chan string)
	const poolSize = 3
	exits := make(chan int, poolSize)
	for i := 1; i <= poolSize; i++ {
		w := &worker{id: i, queue: q, acks: acks, exits: exits}
		go w.run()
	}

	uploads := []string{"avatar-991.png", "banner-12.jpg", "product-7731.jpg", "product-7732.jpg", "receipt-5.png"}
	for _, u := range uploads {
		if err := q.Put(thumbJob{upload: u, sizes: []int{64, 256, 1024}}); err != nil {
			log.Fatal(err)
		}
	}
	for range uploads {
		fmt.Println(<-acks)
	}

	// Batch finished; shut down once the whole pool is idle again.
	for q.Idle() < poolSize {
		time.Sleep(time.Millisecond)
	}
	q.Close()

	deadline := time.After(100 * time.Millisecond)
	stopped := 0
wait:
	for stopped < poolSize {
		select {
		case <-exits:
			stopped++
		case <-deadline:
			break wait
		}
	}
	fmt.Printf("workers stopped: %d/%d\n", stopped, poolSize)

	leakprobe.Done()
}
