package main

import "sync"

type task struct {
	tenant  string
	id      int
	payload string
}

// spool queues tasks for a single consumer and tracks how many are pending
// per tenant, for fairness decisions and the admin page.
type spool struct {
	mu      sync.Mutex
	pending map[string]int
	out     chan task
}

func newSpool(depth int) *spool {
	return &spool{pending: make(map[string]int), out: make(chan task, depth)}
}

// EnqueueBatch queues all tasks of one tenant's batch atomically, so tasks
// from different tenants do not interleave inside a batch.
func (s *spool) EnqueueBatch(tenant string, tasks []task) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range tasks {
		s.pending[tenant]++
		s.out <- t
	}
}

func (s *spool) ack(t task) {
	s.mu.Lock()
	s.pending[t.tenant]--
	if s.pending[t.tenant] == 0 {
		delete(s.pending, t.tenant)
	}
	s.mu.Unlock()
}

// Pending reports queued-but-unacked tasks per tenant.
func (s *spool) Pending() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	cp := make(map[string]int, len(s.pending))
	for k, v := range s.pending {
		cp[k] = v
	}
	return cp
}

// Close ends the queue; the consumer returns once it has drained it.
func (s *spool) Close() { close(s.out) }

// consume hands every task to handle, acking it afterwards.
func (s *spool) consume(handle func(task)) {
	for t := range s.out {
		handle(t)
		s.ack(t)
	}
}
