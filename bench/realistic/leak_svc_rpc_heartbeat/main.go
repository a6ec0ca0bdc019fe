// Ledger RPC client that redials the backend and retries while it is unavailable, each connection running a keepalive heartbeat. Leak: a connection whose call failed is abandoned without Close before the retry, so every failed attempt leaves its heartbeat goroutine running forever.
package main

import (
	"errors"
	"fmt"
	"log"
	"time"

	"realistic/internal/leakprobe"
)

type LedgerClient struct {
	addr     string
	tr       *transport
	attempts int
	backoff  time.Duration
}

func (l *LedgerClient) call(method string, payload []byte) ([]byte, error) {
	var lastErr error
	for attempt := 1; attempt <= l.attempts; attempt++ {
		conn, err := Dial(l.addr, l.tr, 10*time.Millisecond)
		if err != nil {
			lastErr = err
			continue
		}
		resp, err := conn.Call(method, payload)
		if err != nil {
			lastErr = err
			if !errors.Is(err, errUnavailable) {
				break
			}
			log.Printf("%s attempt %d: %v; retrying", method, attempt, err)
			time.Sleep(l.backoff * time.Duration(attempt))
			continue
		}
		conn.Close()
		return resp, nil
	}
	return nil, fmt.Errorf("%s failed after %d attempts: %w", method, l.attempts, lastErr)
}

func (l *LedgerClient) PostEntry(account string, amountCt int64) error {
	_, err := l.call("Ledger.Post", []byte(fmt.Sprintf("%s:%d", account, amountCt)))
	return err
}

func main() {
	client := &LedgerClient{
		addr:     "ledger.internal:7443",
		tr:       &transport{failN: 2},
		attempts: 4,
		backoff:  5 * time.Millisecond,
	}
	for _, e := range []struct {
		acct string
		amt  int64
	}{{"acct-1", 1250}, {"acct-2", -300}} {
		if err := client.PostEntry(e.acct, e.amt); err != nil {
			log.Printf("post %s: %v", e.acct, err)
			continue
		}
		fmt.Printf("posted %d to %s\n", e.amt, e.acct)
	}
	leakprobe.Done()
}
