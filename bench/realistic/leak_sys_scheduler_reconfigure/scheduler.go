package main

import (
	"context"
	"log"
	"sync"
	"sync/atomic"
	"time"
)

// TaskSpec is one entry of the [[periodic]] section of the config file.
type TaskSpec struct {
	Name     string
	Every    time.Duration
	Timeout  time.Duration
	Function string
}

type task struct {
	spec TaskSpec
	fn   func(ctx context.Context) error
	runs atomic.Int64
	stop chan struct{}
}

// Scheduler runs periodic maintenance tasks, one goroutine per task.
type Scheduler struct {
	registry map[string]func(ctx context.Context) error

	mu    sync.Mutex
	tasks map[string]*task
	wg    sync.WaitGroup
}

func NewScheduler(registry map[string]func(ctx context.Context) error) *Scheduler {
	return &Scheduler{registry: registry, tasks: make(map[string]*task)}
}

// Apply reconciles the running tasks with specs: new tasks start, tasks that
// disappeared stop, and tasks whose schedule changed pick up the new one.
func (s *Scheduler) Apply(specs []TaskSpec) {
	s.mu.Lock()
	defer s.mu.Unlock()

	seen := make(map[string]bool, len(specs))
	for _, spec := range specs {
		seen[spec.Name] = true
		fn, ok := s.registry[spec.Function]
		if !ok {
			log.Printf("scheduler: task %s: unknown function %q", spec.Name, spec.Function)
			continue
		}
		cur, running := s.tasks[spec.Name]
		if running && cur.spec == spec {
			continue
		}
		s.tasks[spec.Name] = s.start(spec, fn)
	}
	for name, t := range s.tasks {
		if !seen[name] {
			close(t.stop)
			delete(s.tasks, name)
		}
	}
}

func (s *Scheduler) start(spec TaskSpec, fn func(ctx context.Context) error) *task {
	t := &task{spec: spec, fn: fn, stop: make(chan struct{})}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		t.loop()
	}()
	return t
}

func (t *task) loop() {
	ticker := time.NewTicker(t.spec.Every)
	defer ticker.Stop()
	for {
		select {
		case <-ticker.C:
			ctx, cancel := context.WithTimeout(context.Background(), t.spec.Timeout)
			if err := t.fn(ctx); err != nil {
				log.Printf("task %s: %v", t.spec.Name, err)
			}
			cancel()
			t.runs.Add(1)
		case <-t.stop:
			return
		}
	}
}

// Running lists the tasks currently scheduled and how often each ran.
func (s *Scheduler) Running() map[string]int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int64, len(s.tasks))
	for name, t := range s.tasks {
		out[name] = t.runs.Load()
	}
	return out
}

// Shutdown stops every task and waits for in-flight runs, up to ctx.
func (s *Scheduler) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	for name, t := range s.tasks {
		close(t.stop)
		delete(s.tasks, name)
	}
	s.mu.Unlock()

	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
