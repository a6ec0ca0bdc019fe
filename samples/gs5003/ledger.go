// Package gs5003 holds samples for GS5003: goroutines that take two locks in opposite
// orders.
package gs5003

import "sync"

// Account holds a balance.
type Account struct {
	mu      sync.Mutex
	balance int
}

// Journal records transfers.
type Journal struct {
	mu      sync.Mutex
	entries []int
}

// Post locks the account, then the journal.
func (a *Account) Post(j *Journal, amount int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.balance += amount
	j.record(amount)
}

func (j *Journal) record(amount int) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.entries = append(j.entries, amount)
}

// Replay locks the journal, then the account.
func (j *Journal) Replay(a *Account) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, e := range j.entries {
		a.apply(e)
	}
}

func (a *Account) apply(amount int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.balance += amount
}

// Reconcile posts and replays at once: each goroutine can hold the lock the other needs.
func Reconcile(a *Account, j *Journal) {
	go a.Post(j, 1) // want `GS5003: goroutine can deadlock: it locks "j.mu" while holding "a.mu"`
	go j.Replay(a)  // want `GS5003: goroutine can deadlock: it locks "a.mu" while holding "j.mu"`
}

// ReplaySafe copies the entries under the journal lock and applies them after.
func (j *Journal) ReplaySafe(a *Account) {
	j.mu.Lock()
	entries := append([]int(nil), j.entries...)
	j.mu.Unlock()
	for _, e := range entries {
		a.apply(e)
	}
}

// ReconcileSafe takes the locks in one order only.
func ReconcileSafe(a *Account, j *Journal) {
	go a.Post(j, 1)    // ok: account then journal, and ReplaySafe never holds both
	go j.ReplaySafe(a) // ok: the journal lock is released before the account is locked
}

// Audit replays in one goroutine only: nobody takes the locks in the other order meanwhile.
func Audit(a *Account, j *Journal) {
	go j.Replay(a) // ok: no other goroutine of Audit locks the account first
}
