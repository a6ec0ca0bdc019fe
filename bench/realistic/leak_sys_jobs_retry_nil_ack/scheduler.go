package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync/atomic"
)

var ErrQueueFull = errors.New("scheduler: queue full")

// Scheduler runs submitted jobs on a fixed set of workers and retries
// transient failures.
type Scheduler struct {
	queue       chan *Job
	maxAttempts int
	workers     []*worker

	retried   atomic.Int64
	completed atomic.Int64
}

type worker struct {
	id     int
	s      *Scheduler
	exited chan struct{}
}

func NewScheduler(workers, queueSize, maxAttempts int) *Scheduler {
	s := &Scheduler{queue: make(chan *Job, queueSize), maxAttempts: maxAttempts}
	for i := 0; i < workers; i++ {
		w := &worker{id: i, s: s, exited: make(chan struct{})}
		s.workers = append(s.workers, w)
		go w.loop()
	}
	return s
}

// Submit enqueues fn under id.
func (s *Scheduler) Submit(id string, fn func(ctx context.Context) error) (Handle, error) {
	j := &Job{ID: id, Run: fn, done: make(chan error, 1)}
	select {
	case s.queue <- j:
		return Handle{ID: id, done: j.done}, nil
	default:
		return Handle{}, fmt.Errorf("%w: %s", ErrQueueFull, id)
	}
}

func (w *worker) loop() {
	defer close(w.exited)
	for j := range w.s.queue {
		err := j.Run(context.Background())
		if errors.Is(err, ErrTransient) && j.Attempt+1 < w.s.maxAttempts {
			if w.s.requeue(j.nextAttempt()) {
				log.Printf("worker %d: %s attempt %d failed, retrying: %v", w.id, j.ID, j.Attempt+1, err)
				continue
			}
		}
		w.s.completed.Add(1)
		j.done <- err
	}
}

func (s *Scheduler) requeue(j *Job) bool {
	select {
	case s.queue <- j:
		s.retried.Add(1)
		return true
	default:
		return false
	}
}

// Shutdown stops accepting work and waits for the workers to drain the queue.
func (s *Scheduler) Shutdown(ctx context.Context) error {
	close(s.queue)
	for _, w := range s.workers {
		select {
		case <-w.exited:
		case <-ctx.Done():
			return fmt.Errorf("scheduler shutdown: %w", ctx.Err())
		}
	}
	return nil
}
