// Database connection pool that pre-dials its slots concurrently at startup. Leak: Warm calls wg.Add(1) before checking whether the slot is already connected and skips the go statement for such slots, so the goroutine waiting on wg.Wait never finishes.
package main

import (
	"errors"
	"fmt"
	"log"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

type dbConn struct {
	slot    int
	backend string
	opened  time.Time
}

type ConnPool struct {
	dsn  string
	dial func(dsn string, slot int) (*dbConn, error)

	mu    sync.Mutex
	slots []*dbConn
}

func NewConnPool(dsn string, size int, dial func(string, int) (*dbConn, error)) *ConnPool {
	return &ConnPool{dsn: dsn, dial: dial, slots: make([]*dbConn, size)}
}

// Acquire returns the connection in the first filled slot, dialing lazily if none.
func (p *ConnPool) Acquire() (*dbConn, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.slots {
		if c != nil {
			return c, nil
		}
	}
	c, err := p.dial(p.dsn, 0)
	if err != nil {
		return nil, err
	}
	p.slots[0] = c
	return c, nil
}

// Warm dials every empty slot in parallel. The returned channel yields the
// joined dial errors once all dials have finished.
func (p *ConnPool) Warm() <-chan error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	p.mu.Lock()
	snapshot := append([]*dbConn(nil), p.slots...)
	p.mu.Unlock()

	for i := range snapshot {
		wg.Add(1)
		if snapshot[i] != nil {
			continue // already connected (lazy Acquire got there first)
		}
		go func() {
			defer wg.Done()
			c, err := p.dial(p.dsn, i)
			if err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("slot %d: %w", i, err))
				mu.Unlock()
				return
			}
			p.mu.Lock()
			if p.slots[i] == nil {
				p.slots[i] = c
			}
			p.mu.Unlock()
		}()
	}

	done := make(chan error, 1)
	go func() {
		wg.Wait()
		done <- errors.Join(errs...)
	}()
	return done
}

func (p *ConnPool) Filled() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, c := range p.slots {
		if c != nil {
			n++
		}
	}
	return n
}

func dialPostgres(dsn string, slot int) (*dbConn, error) {
	time.Sleep(3 * time.Millisecond) // TCP + TLS + auth handshake
	return &dbConn{slot: slot, backend: dsn, opened: time.Now()}, nil
}

func main() {
	pool := NewConnPool("postgres://orders@db-primary:5432/orders", 4, dialPostgres)

	// The migration check runs before warm-up and opens the first connection lazily.
	if _, err := pool.Acquire(); err != nil {
		log.Fatalf("migration check: %v", err)
	}

	select {
	case err := <-pool.Warm():
		if err != nil {
			log.Printf("pool warm-up: %v", err)
		}
		fmt.Println("pool warm")
	case <-time.After(100 * time.Millisecond):
		fmt.Println("pool warm-up still running; serving with what we have")
	}
	fmt.Printf("connections ready: %d/4\n", pool.Filled())

	leakprobe.Done()
}
