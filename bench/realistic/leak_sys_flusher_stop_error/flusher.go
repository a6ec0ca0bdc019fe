package main

import (
	"context"
	"fmt"
	"log"
	"sync"
	"time"
)

// Point is one measurement destined for the time-series backend.
type Point struct {
	Name  string
	Tags  map[string]string
	Value float64
	At    time.Time
}

// Sink writes a batch of points to the backend.
type Sink interface {
	Write(ctx context.Context, batch []Point) error
}

// Flusher buffers points in memory and writes them to a Sink every interval,
// or earlier once a full batch has accumulated.
type Flusher struct {
	sink      Sink
	interval  time.Duration
	batchSize int
	timeout   time.Duration
	kick      chan struct{}

	mu      sync.Mutex
	buf     []Point
	dropped int

	quit    chan struct{}
	stopped chan struct{}
}

func NewFlusher(sink Sink, interval time.Duration, batchSize int) *Flusher {
	return &Flusher{
		sink:      sink,
		interval:  interval,
		batchSize: batchSize,
		timeout:   20 * time.Millisecond,
		kick:      make(chan struct{}, 1),
		quit:      make(chan struct{}),
		stopped:   make(chan struct{}),
	}
}

func (f *Flusher) Start() { go f.loop() }

// Record queues a point for the next flush.
func (f *Flusher) Record(p Point) {
	f.mu.Lock()
	f.buf = append(f.buf, p)
	full := len(f.buf) >= f.batchSize
	f.mu.Unlock()
	if full {
		select {
		case f.kick <- struct{}{}:
		default:
		}
	}
}

func (f *Flusher) loop() {
	defer close(f.stopped)
	ticker := time.NewTicker(f.interval)
	defer ticker.Stop()
	for {
		select {
		case <-ticker.C:
			if err := f.flush(); err != nil {
				log.Printf("metrics flush: %v", err)
			}
		case <-f.kick:
			if err := f.flush(); err != nil {
				log.Printf("metrics flush: %v", err)
			}
		case <-f.quit:
			return
		}
	}
}

func (f *Flusher) flush() error {
	f.mu.Lock()
	batch := f.buf
	f.buf = nil
	f.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), f.timeout)
	defer cancel()
	if err := f.sink.Write(ctx, batch); err != nil {
		f.mu.Lock()
		f.dropped += len(batch)
		f.mu.Unlock()
		return fmt.Errorf("write %d points: %w", len(batch), err)
	}
	return nil
}

// Stop flushes what is buffered and stops the background loop.
func (f *Flusher) Stop() error {
	if err := f.flush(); err != nil {
		return fmt.Errorf("final flush: %w", err)
	}
	close(f.quit)
	<-f.stopped
	return nil
}

func (f *Flusher) Dropped() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.dropped
}
