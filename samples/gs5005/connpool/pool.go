// Package connpool has bounded pools whose Acquire waits on a Cond for a free item.
package connpool

import (
	"errors"
	"sync"
)

// ErrClosed is returned by Acquire once a pool is closed.
var ErrClosed = errors.New("pool closed")

// Pool lends items; Close signals once, and Release after Close drops the item unsignalled.
type Pool[T any] struct {
	mu     sync.Mutex
	cond   *sync.Cond
	free   []T
	closed bool
}

// NewPool makes a pool lending items.
func NewPool[T any](items []T) *Pool[T] {
	p := &Pool[T]{free: items}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// Acquire waits for a free item; it fails once the pool is closed.
func (p *Pool[T]) Acquire() (T, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.free) == 0 && !p.closed {
		p.cond.Wait()
	}
	var zero T
	if p.closed {
		return zero, ErrClosed
	}
	v := p.free[len(p.free)-1]
	p.free = p.free[:len(p.free)-1]
	return v, nil
}

// Release gives an item back and wakes the next caller, unless the pool is closed.
func (p *Pool[T]) Release(v T) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.free = append(p.free, v)
	p.mu.Unlock()
	p.cond.Signal()
}

// Close fails pending callers, but wakes only one of them.
func (p *Pool[T]) Close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.cond.Signal()
}

// QuietPool is Pool whose Close wakes nobody.
type QuietPool[T any] struct {
	mu     sync.Mutex
	cond   *sync.Cond
	free   []T
	closed bool
}

// NewQuietPool makes a pool lending items.
func NewQuietPool[T any](items []T) *QuietPool[T] {
	p := &QuietPool[T]{free: items}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// Acquire waits for a free item; it fails once the pool is closed.
func (p *QuietPool[T]) Acquire() (T, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.free) == 0 && !p.closed {
		p.cond.Wait()
	}
	var zero T
	if p.closed {
		return zero, ErrClosed
	}
	v := p.free[len(p.free)-1]
	p.free = p.free[:len(p.free)-1]
	return v, nil
}

// Release gives an item back and wakes the next caller, unless the pool is closed.
func (p *QuietPool[T]) Release(v T) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.free = append(p.free, v)
	p.mu.Unlock()
	p.cond.Signal()
}

// Close fails later callers and wakes nobody.
func (p *QuietPool[T]) Close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
}

// FairPool is Pool whose Close wakes every pending caller.
type FairPool[T any] struct {
	mu     sync.Mutex
	cond   *sync.Cond
	free   []T
	closed bool
}

// NewFairPool makes a pool lending items.
func NewFairPool[T any](items []T) *FairPool[T] {
	p := &FairPool[T]{free: items}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// Acquire waits for a free item; it fails once the pool is closed.
func (p *FairPool[T]) Acquire() (T, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.free) == 0 && !p.closed {
		p.cond.Wait()
	}
	var zero T
	if p.closed {
		return zero, ErrClosed
	}
	v := p.free[len(p.free)-1]
	p.free = p.free[:len(p.free)-1]
	return v, nil
}

// Release gives an item back and wakes the next caller, unless the pool is closed.
func (p *FairPool[T]) Release(v T) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.free = append(p.free, v)
	p.mu.Unlock()
	p.cond.Signal()
}

// Close fails pending callers and wakes every one of them.
func (p *FairPool[T]) Close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.cond.Broadcast()
}

// OpenPool is Pool whose Release always passes the wake on, closed or not.
type OpenPool[T any] struct {
	mu     sync.Mutex
	cond   *sync.Cond
	free   []T
	closed bool
}

// NewOpenPool makes a pool lending items.
func NewOpenPool[T any](items []T) *OpenPool[T] {
	p := &OpenPool[T]{free: items}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// Acquire waits for a free item; it fails once the pool is closed.
func (p *OpenPool[T]) Acquire() (T, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.free) == 0 && !p.closed {
		p.cond.Wait()
	}
	var zero T
	if p.closed {
		p.cond.Signal() // the next pending caller fails too
		return zero, ErrClosed
	}
	v := p.free[len(p.free)-1]
	p.free = p.free[:len(p.free)-1]
	return v, nil
}

// Release gives an item back and wakes the next caller.
func (p *OpenPool[T]) Release(v T) {
	p.mu.Lock()
	p.free = append(p.free, v)
	p.mu.Unlock()
	p.cond.Signal()
}

// Close fails pending callers; each one that fails wakes the next.
func (p *OpenPool[T]) Close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.cond.Signal()
}
