// Package lease keeps a leadership lease alive against a lock store.
package lease

import (
	"fmt"
	"sync"
	"time"
)

// Store is the coordination backend that grants leases.
type Store interface {
	// Extend renews holder's lease on key and returns the new fencing token.
	Extend(key, holder string, ttl time.Duration) uint64
}

// Lease is one node's claim on a leadership key.
type Lease struct {
	Key    string
	Holder string
	TTL    time.Duration

	mu      sync.Mutex
	token   uint64
	expires time.Time
	store   Store
}

// New returns a lease that is not yet held.
func New(store Store, key, holder string, ttl time.Duration) *Lease {
	return &Lease{Key: key, Holder: holder, TTL: ttl, store: store}
}

// Renew extends the lease and records the new fencing token.
func (l *Lease) Renew(now time.Time) {
	l.mu.Lock()
	token := l.store.Extend(l.Key, l.Holder, l.TTL)
	l.token = token
	l.expires = now.Add(l.TTL)
	l.mu.Unlock()
}

// IsLeader reports whether the lease is held at now, and its fencing token.
func (l *Lease) IsLeader(now time.Time) (bool, uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return now.Before(l.expires), l.token
}

// String describes the lease.
func (l *Lease) String() string {
	return fmt.Sprintf("lease %s held by %s", l.Key, l.Holder)
}
