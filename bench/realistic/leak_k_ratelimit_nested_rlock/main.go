// Per-client token-bucket limiter with a background refill: Allow takes the read lock and, after a slow policy lookup, takes it again in remaining; the refill writer queued in between blocks both forever.
package main

import (
	"fmt"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

// Policy sets a client's burst size.
type Policy struct {
	Burst int
}

// PolicySource looks policies up in the control plane.
type PolicySource interface {
	Lookup(client string) Policy
}

type slowPolicies struct {
	delay time.Duration
}

func (s slowPolicies) Lookup(client string) Policy {
	time.Sleep(s.delay)
	if client == "batch-importer" {
		return Policy{Burst: 50}
	}
	return Policy{Burst: 10}
}

// Limiter tracks tokens per client.
type Limiter struct {
	mu       sync.RWMutex
	tokens   map[string]int
	policies PolicySource
	stop     chan struct{}
}

// NewLimiter starts refilling every interval.
func NewLimiter(p PolicySource, interval time.Duration) *Limiter {
	l := &Limiter{tokens: make(map[string]int), policies: p, stop: make(chan struct{})}
	go l.refillLoop(interval)
	return l
}

func (l *Limiter) refillLoop(interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
			l.refill()
		}
	}
}

func (l *Limiter) refill() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for c, n := range l.tokens {
		if n < 10 {
			l.tokens[c] = n + 1
		}
	}
}

func (l *Limiter) remaining(client string) int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.tokens[client]
}

// Allow reports whether client may make one more request, and how many it has left.
func (l *Limiter) Allow(client string) (bool, int) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	p := l.policies.Lookup(client)
	left := l.remaining(client)
	return left < p.Burst, left
}

// Stop ends the refill loop.
func (l *Limiter) Stop() {
	close(l.stop)
}

func run() {
	lim := NewLimiter(slowPolicies{delay: 40 * time.Millisecond}, 10*time.Millisecond)
	defer lim.Stop()
	type verdict struct {
		client string
		ok     bool
	}
	verdicts := make(chan verdict, 1)
	go func() {
		ok, _ := lim.Allow("web-frontend")
		verdicts <- verdict{client: "web-frontend", ok: ok}
	}()
	select {
	case v := <-verdicts:
		fmt.Printf("%s allowed=%v\n", v.client, v.ok)
	case <-time.After(250 * time.Millisecond):
		fmt.Println("rate limiter did not answer in time")
	}
}

func main() {
	run()
	leakprobe.Done()
}
