// Package shipper sends batches of log records to the central collector and
// commits the tail offsets once everything in flight has been delivered.
package shipper

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"
)

var ErrShutdownTimeout = errors.New("shipper: shutdown grace period exceeded")

// Record is one parsed log line.
type Record struct {
	Source string         `json:"source"`
	Offset int64          `json:"offset"`
	Fields map[string]any `json:"fields"`
}

// Collector receives encoded batches.
type Collector interface {
	Send(payload []byte) error
}

type Shipper struct {
	out     Collector
	wg      sync.WaitGroup
	mu      sync.Mutex
	offsets map[string]int64
	closing chan struct{}
	closed  chan struct{}
	errs    []error
}

func New(out Collector) *Shipper {
	s := &Shipper{
		out:     out,
		offsets: make(map[string]int64),
		closing: make(chan struct{}),
		closed:  make(chan struct{}),
	}
	go s.checkpointer()
	return s
}

// Ship delivers a batch in the background.
func (s *Shipper) Ship(batch []Record) {
	s.wg.Add(1)
	go s.deliver(batch)
}

func (s *Shipper) deliver(batch []Record) {
	payload, err := json.Marshal(batch)
	if err != nil {
		s.fail(fmt.Errorf("encode batch: %w", err))
		return
	}
	if err := s.out.Send(payload); err != nil {
		s.fail(fmt.Errorf("send batch: %w", err))
		return
	}
	s.mu.Lock()
	for _, r := range batch {
		if r.Offset > s.offsets[r.Source] {
			s.offsets[r.Source] = r.Offset
		}
	}
	s.mu.Unlock()
	s.wg.Done()
}

func (s *Shipper) fail(err error) {
	s.mu.Lock()
	s.errs = append(s.errs, err)
	s.mu.Unlock()
}

// checkpointer commits offsets once shutdown starts and deliveries drain.
func (s *Shipper) checkpointer() {
	<-s.closing
	s.wg.Wait()
	s.mu.Lock()
	for src, off := range s.offsets {
		fmt.Printf("checkpoint %s @ %d\n", src, off)
	}
	s.mu.Unlock()
	close(s.closed)
}

// Close waits up to grace for in-flight batches and the final checkpoint.
func (s *Shipper) Close(grace time.Duration) error {
	close(s.closing)
	select {
	case <-s.closed:
		return nil
	case <-time.After(grace):
		return ErrShutdownTimeout
	}
}

// Failures returns the delivery errors seen so far.
func (s *Shipper) Failures() []error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]error(nil), s.errs...)
}
