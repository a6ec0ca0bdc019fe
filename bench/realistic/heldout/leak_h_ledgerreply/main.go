// Payment service that settles a batch of transfers through a single-writer ledger. Leak: the ledger drops transfers naming an unknown account without answering their reply channel, so the payment goroutine waits on it forever.
package main

import (
	"fmt"
	"log"
	"os"
	"time"

	"realistic/heldout/leak_h_ledgerreply/ledger"
	"realistic/internal/leakprobe"
)

type payment struct {
	ID    string
	From  string
	To    string
	Cents int64
}

type outcome struct {
	ID  string
	Err error
}

func settle(l *ledger.Ledger, batch []payment, window time.Duration) {
	results := make(chan outcome, len(batch))
	for _, p := range batch {
		go func(p payment) {
			results <- outcome{ID: p.ID, Err: l.Transfer(p.From, p.To, p.Cents)}
		}(p)
	}

	timeout := time.After(window)
	for range batch {
		select {
		case r := <-results:
			if r.Err != nil {
				fmt.Printf("payment %s declined: %v\n", r.ID, r.Err)
			} else {
				fmt.Printf("payment %s settled\n", r.ID)
			}
		case <-timeout:
			fmt.Println("settlement window closed with payments outstanding")
			return
		}
	}
}

func main() {
	logger := log.New(os.Stdout, "ledger: ", 0)
	l := ledger.New(map[string]int64{
		"acct-merchant-7": 0,
		"acct-cust-1001":  12_500,
		"acct-cust-1002":  900,
	}, logger)

	settle(l, []payment{
		{ID: "pay_01", From: "acct-cust-1001", To: "acct-merchant-7", Cents: 4_999},
		{ID: "pay_02", From: "acct-cust-1002", To: "acct-merchant-7", Cents: 1_500},
		{ID: "pay_03", From: "acct-cust-1003", To: "acct-merchant-7", Cents: 2_000},
	}, 100*time.Millisecond)
	l.Close()

	leakprobe.Done()
}
