// Package objpool is a bounded pool of expensive objects (browser sessions,
// encoder contexts, ...). Acquire blocks while every object is checked out.
package objpool

import (
	"errors"
	"sync"
)

var ErrClosed = errors.New("objpool: closed")

type Pool[T any] struct {
	newFn   func() (T, error)
	destroy func(T)
	max     int

	mu      sync.Mutex
	cond    *sync.Cond
	idle    []T
	out     int
	waiting int
	closed  bool
	created int
}

func New[T any](max int, newFn func() (T, error), destroy func(T)) *Pool[T] {
	p := &Pool[T]{newFn: newFn, destroy: destroy, max: max}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// Acquire returns an idle object, creates one if under the limit, or waits
// for another caller to release one.
func (p *Pool[T]) Acquire() (T, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		if p.closed {
			var zero T
			return zero, ErrClosed
		}
		if n := len(p.idle); n > 0 {
			v := p.idle[n-1]
			p.idle = p.idle[:n-1]
			p.out++
			return v, nil
		}
		if p.out < p.max {
			v, err := p.newFn()
			if err != nil {
				return v, err
			}
			p.out++
			p.created++
			return v, nil
		}
		p.waiting++
		p.cond.Wait()
		p.waiting--
	}
}

// Release gives v back to the pool; after Close it is destroyed instead.
func (p *Pool[T]) Release(v T) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.out--
	if p.closed {
		p.destroy(v)
		return
	}
	p.idle = append(p.idle, v)
	p.cond.Signal()
}

// Close destroys idle objects; objects still checked out are destroyed as
// they are released.
func (p *Pool[T]) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.closed = true
	for _, v := range p.idle {
		p.destroy(v)
	}
	p.idle = nil
}

// Stats is a point-in-time view of the pool for metrics.
type Stats struct {
	Created  int
	InUse    int
	Idle     int
	Waiting  int
	IsClosed bool
}

func (p *Pool[T]) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return Stats{Created: p.created, InUse: p.out, Idle: len(p.idle), Waiting: p.waiting, IsClosed: p.closed}
}
