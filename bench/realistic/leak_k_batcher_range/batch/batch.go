// Package batch groups metric points into fixed-size writes.
package batch

import "sync"

// Point is one metric sample.
type Point struct {
	Series string
	Value  float64
	flush  bool
}

// Sink receives complete batches.
type Sink interface {
	Write(points []Point) error
}

// Batcher buffers points and hands them to the sink in batches of Size.
type Batcher struct {
	Size int

	in   chan Point
	sink Sink

	mu      sync.Mutex
	written int
	errs    []error
}

// New starts a batcher that writes to sink.
func New(sink Sink, size int) *Batcher {
	b := &Batcher{Size: size, in: make(chan Point, size), sink: sink}
	go b.run()
	return b
}

func (b *Batcher) run() {
	buf := make([]Point, 0, b.Size)
	for p := range b.in {
		if !p.flush {
			buf = append(buf, p)
		}
		if len(buf) == b.Size || (p.flush && len(buf) > 0) {
			err := b.sink.Write(buf)
			b.mu.Lock()
			b.written += len(buf)
			if err != nil {
				b.errs = append(b.errs, err)
			}
			b.mu.Unlock()
			buf = make([]Point, 0, b.Size)
		}
	}
}

// Add queues one point.
func (b *Batcher) Add(series string, v float64) {
	b.in <- Point{Series: series, Value: v}
}

// Flush asks the batcher to write whatever it holds now.
func (b *Batcher) Flush() {
	b.in <- Point{flush: true}
}

// Written reports how many points reached the sink.
func (b *Batcher) Written() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.written
}
