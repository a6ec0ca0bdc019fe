// Settlement run that applies a batch of transfers concurrently; accounts are always locked in ID order, so opposite transfers cannot deadlock.
package main

import (
	"fmt"
	"sync"
	"time"

	"realistic/internal/leakprobe"
	"realistic/ok_k_ledger_lock_order/ledger"
)

type transfer struct {
	from, to *ledger.Account
	cents    int64
}

// settle applies all transfers and waits up to timeout for them.
func settle(l *ledger.Ledger, batch []transfer, timeout time.Duration) error {
	var wg sync.WaitGroup
	for _, t := range batch {
		wg.Add(1)
		go func(t transfer) {
			defer wg.Done()
			if err := l.Transfer(t.from, t.to, t.cents); err != nil {
				fmt.Println(err)
			}
		}(t)
	}
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-time.After(timeout):
		return fmt.Errorf("settlement: %d transfers still running after %v", len(batch), timeout)
	}
}

func run() {
	alice := ledger.NewAccount("acct-alice", 50_00)
	bob := ledger.NewAccount("acct-bob", 80_00)
	l := ledger.New(ledger.NewJournal(20 * time.Millisecond))
	batch := []transfer{
		{from: alice, to: bob, cents: 12_00},
		{from: bob, to: alice, cents: 30_00},
	}
	if err := settle(l, batch, 200*time.Millisecond); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("alice:", alice.Balance(), "bob:", bob.Balance())
}

func main() {
	run()
	leakprobe.Done()
}
