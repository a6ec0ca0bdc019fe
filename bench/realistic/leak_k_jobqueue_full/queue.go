package main

import (
	"errors"
	"sync"
	"time"
)

// ErrQueueFull is returned when the backlog is at its limit.
var ErrQueueFull = errors.New("jobqueue: queue full")

// Job is one thumbnail render request.
type Job struct {
	ID    int
	Image string
}

// Queue is a bounded backlog served by a fixed set of workers.
type Queue struct {
	mu      sync.Mutex
	items   []Job
	limit   int
	handled int

	handle func(Job)
	idle   time.Duration
	quit   chan struct{}
	wg     sync.WaitGroup
}

// NewQueue starts workers that run handle for each job.
func NewQueue(workers, limit int, handle func(Job)) *Queue {
	q := &Queue{limit: limit, handle: handle, idle: 5 * time.Millisecond, quit: make(chan struct{})}
	for i := 0; i < workers; i++ {
		q.wg.Add(1)
		go q.work()
	}
	return q
}

func (q *Queue) next() (Job, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		return Job{}, false
	}
	j := q.items[0]
	q.items = q.items[1:]
	q.handled++
	return j, true
}

func (q *Queue) work() {
	defer q.wg.Done()
	for {
		j, ok := q.next()
		if ok {
			q.handle(j)
			continue
		}
		select {
		case <-q.quit:
			return
		case <-time.After(q.idle):
		}
	}
}

// Submit adds a job to the backlog.
func (q *Queue) Submit(j Job) error {
	q.mu.Lock()
	if len(q.items) >= q.limit {
		return ErrQueueFull
	}
	q.items = append(q.items, j)
	q.mu.Unlock()
	return nil
}

// Shutdown stops the workers once the backlog is drained, waiting at most timeout.
func (q *Queue) Shutdown(timeout time.Duration) error {
	close(q.quit)
	done := make(chan struct{})
	go func() {
		q.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-time.After(timeout):
		return errors.New("jobqueue: workers still busy at shutdown")
	}
}
