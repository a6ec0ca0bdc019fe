package gs5002

import (
	"errors"
	"fmt"
	"sync"
)

// priceList is a price table guarded by a mutex.
type priceList struct {
	mu     sync.Mutex
	prices map[string]int
}

// quote returns early with an error while it still holds p.mu.
func (p *priceList) quote(sku string) (int, error) {
	p.mu.Lock() // want `GS5002: "p.mu" stays locked when quote returns here, and checkout, which calls it, never unlocks it`
	v, ok := p.prices[sku]
	if !ok {
		return 0, fmt.Errorf("unknown sku %q", sku)
	}
	p.mu.Unlock()
	return v, nil
}

func (p *priceList) reprice(pct int) {
	p.mu.Lock()
	p.prices["tea"] += pct
	p.mu.Unlock()
}

// checkout quotes, then reprices in the background: after a failed quote the lock is kept.
func checkout(p *priceList, sku string) {
	if _, err := p.quote(sku); err != nil {
		fmt.Println(err)
	}
	go p.reprice(5) // want `GS5002: goroutine blocks forever locking "p.mu": it is left locked`
}

// shelf is like priceList, but its lookup unlocks with defer.
type shelf struct {
	mu    sync.Mutex
	items map[string]int
}

func (s *shelf) count(sku string) (int, error) {
	s.mu.Lock() // ok: the deferred Unlock runs on the early return too
	defer s.mu.Unlock()
	n, ok := s.items[sku]
	if !ok {
		return 0, errors.New("unknown sku")
	}
	return n, nil
}

func (s *shelf) restock(n int) {
	s.mu.Lock()
	s.items["tea"] += n
	s.mu.Unlock()
}

func stocktake(s *shelf) {
	if _, err := s.count("mug"); err != nil {
		fmt.Println(err)
	}
	go s.restock(1) // ok: count never keeps the lock
}

// vault hands its lock to the caller when the entry exists: the caller unlocks.
type vault struct {
	mu      sync.Mutex
	entries map[string]int
}

func (v *vault) open(k string) (int, bool) {
	v.mu.Lock() // ok: the caller takes the lock over and unlocks it
	n, ok := v.entries[k]
	if !ok {
		v.mu.Unlock()
		return 0, false
	}
	return n, true
}

func (v *vault) put(k string, n int) {
	v.mu.Lock()
	v.entries[k] = n
	v.mu.Unlock()
}

func peek(v *vault) {
	if n, ok := v.open("gold"); ok {
		fmt.Println(n)
		v.mu.Unlock()
	}
	go v.put("gold", 1) // ok: the lock open keeps is released by its caller
}
