package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Job is one unit of scheduled maintenance work.
type Job struct {
	Name     string
	Cron     string
	Duration time.Duration
}

func (j Job) validate() error {
	if j.Cron == "" {
		return fmt.Errorf("job %s: empty schedule", j.Name)
	}
	return nil
}

// Scheduler runs a batch of jobs and records their outcome.
type Scheduler struct {
	mu       sync.Mutex
	done     []string
	failures map[string]error
}

// NewScheduler returns an idle scheduler.
func NewScheduler() *Scheduler {
	return &Scheduler{failures: make(map[string]error)}
}

func (s *Scheduler) recordFailure(name string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures[name] = err
}

func (s *Scheduler) execute(j Job, wg *sync.WaitGroup) {
	defer wg.Done()
	if err := j.validate(); err != nil {
		s.recordFailure(j.Name, err)
		return
	}
	time.Sleep(j.Duration)
	s.mu.Lock()
	s.done = append(s.done, j.Name)
	s.mu.Unlock()
}

// RunAll starts every job and waits until all finish or ctx ends.
func (s *Scheduler) RunAll(ctx context.Context, jobs []Job) error {
	var wg sync.WaitGroup
	wg.Add(len(jobs))
	for _, j := range jobs {
		go s.execute(j, &wg)
	}
	finished := make(chan struct{})
	go func() {
		wg.Wait()
		close(finished)
	}()
	select {
	case <-finished:
		return nil
	case <-ctx.Done():
		return errors.Join(errors.New("scheduler: batch did not finish"), ctx.Err())
	}
}

// Report summarizes the last run.
func (s *Scheduler) Report() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fmt.Sprintf("%d done, %d failed", len(s.done), len(s.failures))
}
