package main

import (
	"errors"
	"sync"
)

// ErrExhausted is returned when every buffer is checked out and the pool is at capacity.
var ErrExhausted = errors.New("bufpool: exhausted")

// Buffer is a reusable scratch buffer for encoding responses.
type Buffer struct {
	ID   int
	Data []byte
}

// BufferPool hands out at most Max buffers at a time.
type BufferPool struct {
	Max int

	mu      sync.Mutex
	free    []*Buffer
	out     int
	created int
}

// Acquire returns a free buffer, allocating one while under capacity.
func (p *BufferPool) Acquire() (*Buffer, error) {
	p.mu.Lock()
	if n := len(p.free); n > 0 {
		b := p.free[n-1]
		p.free = p.free[:n-1]
		p.out++
		p.mu.Unlock()
		return b, nil
	}
	if p.out >= p.Max {
		return nil, ErrExhausted
	}
	p.created++
	p.out++
	b := &Buffer{ID: p.created, Data: make([]byte, 0, 4096)}
	p.mu.Unlock()
	return b, nil
}

// Release puts a buffer back.
func (p *BufferPool) Release(b *Buffer) {
	p.mu.Lock()
	defer p.mu.Unlock()
	b.Data = b.Data[:0]
	p.free = append(p.free, b)
	p.out--
}
