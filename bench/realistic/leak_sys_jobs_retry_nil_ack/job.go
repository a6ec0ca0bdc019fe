package main

import (
	"context"
	"errors"
	"time"
)

// ErrTransient marks failures worth retrying (timeouts, 503s, lock contention).
var ErrTransient = errors.New("transient failure")

// Job is one unit of background work.
type Job struct {
	ID        string
	Attempt   int
	Submitted time.Time
	Run       func(ctx context.Context) error

	done chan error
}

// nextAttempt returns the job to re-enqueue after a transient failure.
func (j *Job) nextAttempt() *Job {
	return &Job{
		ID:        j.ID,
		Attempt:   j.Attempt + 1,
		Submitted: j.Submitted,
		Run:       j.Run,
	}
}

// Handle lets a submitter wait for the job's final outcome.
type Handle struct {
	ID   string
	done <-chan error
}

// Wait blocks until the job finishes or ctx is done.
func (h Handle) Wait(ctx context.Context) error {
	select {
	case err := <-h.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
