// Leader-elected worker whose lease keeper recovers from a panicking store call: the panic unwinds Renew with the lease mutex held, so the keeper's next renewal and every IsLeader check block forever.
package main

import (
	"fmt"
	"sync"
	"time"

	"realistic/internal/leakprobe"
	"realistic/leak_k_lease_renew_panic/lease"
)

// memStore grants leases from memory; a fenced-off holder is a programming error here.
type memStore struct {
	mu     sync.Mutex
	tokens map[string]uint64
	fenced map[string]bool
	calls  int
}

func (s *memStore) Extend(key, holder string, ttl time.Duration) uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if s.fenced[holder] && s.calls > 1 {
		panic(fmt.Sprintf("holder %s fenced on %s", holder, key))
	}
	s.tokens[key]++
	return s.tokens[key]
}

func run() {
	store := &memStore{tokens: map[string]uint64{}, fenced: map[string]bool{"node-b": true}}
	l := lease.New(store, "/leader/compactor", "node-b", 100*time.Millisecond)
	k := lease.Keep(l, 20*time.Millisecond)
	defer k.Stop()

	status := make(chan string, 1)
	go func() {
		time.Sleep(60 * time.Millisecond)
		leader, token := l.IsLeader(time.Now())
		status <- fmt.Sprintf("leader=%v token=%d", leader, token)
	}()
	select {
	case s := <-status:
		fmt.Println(s)
	case err := <-k.Errors():
		fmt.Println(err)
	}
	select {
	case s := <-status:
		fmt.Println(s)
	case <-time.After(200 * time.Millisecond):
		fmt.Println("status check timed out")
	}
}

func main() {
	run()
	leakprobe.Done()
}
