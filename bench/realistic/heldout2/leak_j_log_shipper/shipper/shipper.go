// Package shipper batches log lines and writes them to a sink.
package shipper

import (
	"errors"
	"sync"
)

// Sink receives batches of log lines, e.g. an object-store uploader.
type Sink interface {
	WriteBatch(lines []string) error
	Close() error
}

// ErrClosed is returned by Ship after Close.
var ErrClosed = errors.New("shipper: closed")

// Shipper collects lines and hands them to the sink in batches of BatchSize.
type Shipper struct {
	sink      Sink
	batchSize int
	lines     chan string
	done      chan struct{}

	mu     sync.Mutex
	closed bool
	errs   []error
}

// New starts a shipper that writes to sink.
func New(sink Sink, batchSize int) *Shipper {
	s := &Shipper{
		sink:      sink,
		batchSize: batchSize,
		lines:     make(chan string, 64),
		done:      make(chan struct{}),
	}
	go s.run()
	return s
}

// Ship queues one line.
func (s *Shipper) Ship(line string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	s.lines <- line
	return nil
}

func (s *Shipper) run() {
	defer close(s.done)
	batch := make([]string, 0, s.batchSize)
	for line := range s.lines {
		batch = append(batch, line)
		if len(batch) == s.batchSize {
			s.flush(batch)
			batch = make([]string, 0, s.batchSize)
		}
	}
	if len(batch) > 0 {
		s.flush(batch)
	}
}

func (s *Shipper) flush(batch []string) {
	if err := s.sink.WriteBatch(batch); err != nil {
		s.mu.Lock()
		s.errs = append(s.errs, err)
		s.mu.Unlock()
	}
}

// Close stops accepting lines and closes the sink.
func (s *Shipper) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.closed = true
	s.mu.Unlock()

	s.mu.Lock()
	errs := append(s.errs, s.sink.Close())
	s.mu.Unlock()
	return errors.Join(errs...)
}
