// Distributed lock manager over a KV store, handing out leases with fencing tokens. Correct: when reading the fencing token fails, Acquire releases the half-built lease, which cancels its context and lets the release watcher free the key and exit.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strconv"
	"sync"

	"realistic/internal/leakprobe"
)

var ErrLocked = errors.New("lock held")

// kv is a tiny in-memory stand-in for etcd/consul.
type kv struct {
	mu   sync.Mutex
	data map[string]string
}

func (s *kv) CompareAndSwap(key, old, new string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.data[key] != old {
		return false
	}
	s.data[key] = new
	return true
}

func (s *kv) CompareAndDelete(key, old string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.data[key] != old {
		return false
	}
	delete(s.data, key)
	return true
}

func (s *kv) Get(key string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data[key]
}

func (s *kv) Incr(key string) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := int64(0)
	if raw, ok := s.data[key]; ok {
		v, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("incr %s: %w", key, err)
		}
		n = v
	}
	n++
	s.data[key] = strconv.FormatInt(n, 10)
	return n, nil
}

// Lease is a held lock. Token must accompany every write made under it.
type Lease struct {
	Key   string
	Owner string
	Token int64

	cancel   context.CancelFunc
	released chan struct{}
}

// Release gives the lock back and waits until the key is free again.
func (l *Lease) Release() {
	l.cancel()
	<-l.released
}

type LockManager struct {
	store *kv
}

func (m *LockManager) Acquire(key, owner string) (*Lease, error) {
	// The lease outlives the request that took it, so it is not derived from a request context.
	ctx, cancel := context.WithCancel(context.Background())
	l := &Lease{Key: key, Owner: owner, cancel: cancel, released: make(chan struct{})}

	if !m.store.CompareAndSwap("locks/"+key, "", owner) {
		cancel()
		return nil, fmt.Errorf("%w: %s by %s", ErrLocked, key, m.store.Get("locks/"+key))
	}
	go m.releaseWhenDone(ctx, l)

	token, err := m.store.Incr("fence/" + key)
	if err != nil {
		l.Release()
		return nil, fmt.Errorf("acquire %s: fencing token: %w", key, err)
	}
	l.Token = token
	return l, nil
}

func (m *LockManager) releaseWhenDone(ctx context.Context, l *Lease) {
	defer close(l.released)
	<-ctx.Done()
	if !m.store.CompareAndDelete("locks/"+l.Key, l.Owner) {
		log.Printf("lock %s: lost before release", l.Key)
	}
}

func runExclusive(m *LockManager, job, worker string) {
	lease, err := m.Acquire(job, worker)
	if err != nil {
		log.Printf("%s: skip %s: %v", worker, job, err)
		return
	}
	defer lease.Release()
	fmt.Printf("%s: running %s with fencing token %d\n", worker, job, lease.Token)
}

func main() {
	store := &kv{data: map[string]string{
		"fence/invoice-run": "7",
		// written by the previous scheduler version, which stored a timestamp here
		"fence/ledger-close": "2024-03-01T00:00:00Z",
	}}
	m := &LockManager{store: store}

	runExclusive(m, "invoice-run", "worker-a")
	runExclusive(m, "invoice-run", "worker-b")
	runExclusive(m, "ledger-close", "worker-a")
	runExclusive(m, "ledger-close", "worker-b")

	leakprobe.Done()
}
