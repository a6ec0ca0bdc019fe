// Package ledger keeps account balances and moves money between them.
package ledger

import (
	"errors"
	"fmt"
	"sync"
)

// ErrInsufficientFunds is returned when a transfer would overdraw the source.
var ErrInsufficientFunds = errors.New("ledger: insufficient funds")

// Account is one balance with its own lock.
type Account struct {
	ID string

	mu      sync.Mutex
	balance int64
}

// NewAccount opens an account with an opening balance in cents.
func NewAccount(id string, cents int64) *Account {
	return &Account{ID: id, balance: cents}
}

// Balance reports the current balance.
func (a *Account) Balance() int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.balance
}

// Ledger applies transfers and journals them.
type Ledger struct {
	journal *Journal
}

// New returns a ledger writing to j.
func New(j *Journal) *Ledger {
	return &Ledger{journal: j}
}

// Transfer moves cents from one account to another.
func (l *Ledger) Transfer(from, to *Account, cents int64) error {
	from.mu.Lock()
	defer from.mu.Unlock()
	if from.balance < cents {
		return fmt.Errorf("transfer %s->%s: %w", from.ID, to.ID, ErrInsufficientFunds)
	}
	if err := l.journal.Append(from.ID, to.ID, cents); err != nil {
		return err
	}
	to.mu.Lock()
	defer to.mu.Unlock()
	from.balance -= cents
	to.balance += cents
	return nil
}
