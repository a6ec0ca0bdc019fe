// Package ledger serialises balance changes through a single goroutine that
// owns the account table.
package ledger

import (
	"errors"
	"fmt"
	"log"
)

var ErrInsufficientFunds = errors.New("insufficient funds")

type transfer struct {
	from, to string
	cents    int64
	reply    chan error
}

// Ledger owns a set of accounts. All mutations go through its loop.
type Ledger struct {
	requests chan transfer
	balances map[string]int64
	logger   *log.Logger
}

// New starts a ledger with the given opening balances.
func New(opening map[string]int64, logger *log.Logger) *Ledger {
	l := &Ledger{
		requests: make(chan transfer),
		balances: make(map[string]int64, len(opening)),
		logger:   logger,
	}
	for acct, c := range opening {
		l.balances[acct] = c
	}
	go l.loop()
	return l
}

// Transfer moves cents from one account to another and waits for the ledger
// to commit or reject it.
func (l *Ledger) Transfer(from, to string, cents int64) error {
	req := transfer{from: from, to: to, cents: cents, reply: make(chan error)}
	l.requests <- req
	return <-req.reply
}

// Close stops the ledger loop. No transfers may be submitted afterwards.
func (l *Ledger) Close() { close(l.requests) }

func (l *Ledger) loop() {
	for req := range l.requests {
		src, ok := l.balances[req.from]
		if !ok {
			l.logger.Printf("transfer rejected: unknown account %q", req.from)
			continue
		}
		if _, ok := l.balances[req.to]; !ok {
			l.logger.Printf("transfer rejected: unknown account %q", req.to)
			continue
		}
		if src < req.cents {
			req.reply <- fmt.Errorf("%s: %w", req.from, ErrInsufficientFunds)
			continue
		}
		l.balances[req.from] -= req.cents
		l.balances[req.to] += req.cents
		req.reply <- nil
	}
}
