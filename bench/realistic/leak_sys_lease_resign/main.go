// Leader election on a TTL lease with a background renewal loop. Leak: Resign only stops the renewal loop when the node still believes it is leader, so a node that lost its lease (and keeps retrying to renew) is resigned without its loop ever being stopped.
package main

import (
	"errors"
	"fmt"
	"log"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

var (
	ErrNotLeader = errors.New("election: not the leader")
	ErrLeaseHeld = errors.New("election: lease held by another node")
)

// leaseStore is an in-memory stand-in for a coordination service.
type leaseStore struct {
	mu      sync.Mutex
	holder  string
	expires time.Time
}

func (s *leaseStore) TryAcquire(node string, ttl time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	if s.holder != "" && s.holder != node && now.Before(s.expires) {
		return fmt.Errorf("%w (%s)", ErrLeaseHeld, s.holder)
	}
	s.holder, s.expires = node, now.Add(ttl)
	return nil
}

func (s *leaseStore) Renew(node string, ttl time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.holder != node {
		return fmt.Errorf("%w (%s)", ErrLeaseHeld, s.holder)
	}
	s.expires = time.Now().Add(ttl)
	return nil
}

func (s *leaseStore) Release(node string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.holder == node {
		s.holder = ""
	}
}

// forceExpire simulates the lease timing out while the holder was partitioned.
func (s *leaseStore) forceExpire() {
	s.mu.Lock()
	s.expires = time.Now().Add(-time.Second)
	s.mu.Unlock()
}

type Elector struct {
	node  string
	store *leaseStore
	ttl   time.Duration

	mu     sync.Mutex
	leader bool
	stop   chan struct{}
}

func NewElector(node string, store *leaseStore, ttl time.Duration) *Elector {
	return &Elector{node: node, store: store, ttl: ttl}
}

// Campaign tries once to become leader and, on success, keeps the lease renewed.
func (e *Elector) Campaign() error {
	if err := e.store.TryAcquire(e.node, e.ttl); err != nil {
		return err
	}
	e.mu.Lock()
	e.leader = true
	e.stop = make(chan struct{})
	stop := e.stop
	e.mu.Unlock()
	go e.renewLoop(stop)
	return nil
}

func (e *Elector) renewLoop(stop <-chan struct{}) {
	t := time.NewTicker(e.ttl / 3)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			err := e.store.Renew(e.node, e.ttl)
			e.mu.Lock()
			wasLeader := e.leader
			e.leader = err == nil
			e.mu.Unlock()
			if err != nil && wasLeader {
				log.Printf("%s: lost leadership: %v", e.node, err)
			}
		case <-stop:
			return
		}
	}
}

func (e *Elector) IsLeader() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.leader
}

// Resign gives up leadership, e.g. during a rolling deploy.
func (e *Elector) Resign() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.leader {
		return ErrNotLeader
	}
	close(e.stop)
	e.leader = false
	e.store.Release(e.node)
	return nil
}

func main() {
	store := &leaseStore{}
	a := NewElector("scheduler-a", store, 60*time.Millisecond)
	b := NewElector("scheduler-b", store, 60*time.Millisecond)

	if err := a.Campaign(); err != nil {
		log.Fatal(err)
	}
	if err := b.Campaign(); err != nil {
		fmt.Println("scheduler-b:", err)
	}

	// scheduler-a stalls on a long GC pause; its lease runs out and b takes over.
	store.forceExpire()
	if err := b.Campaign(); err != nil {
		log.Fatal(err)
	}
	for waited := time.Duration(0); a.IsLeader() && waited < 150*time.Millisecond; waited += 5 * time.Millisecond {
		time.Sleep(5 * time.Millisecond)
	}
	fmt.Printf("leader a=%v b=%v\n", a.IsLeader(), b.IsLeader())

	// Rolling deploy: both instances resign before exiting.
	for _, e := range []*Elector{a, b} {
		if err := e.Resign(); err != nil {
			fmt.Printf("%s resign: %v\n", e.node, err)
		}
	}

	leakprobe.Done()
}
