// Client-side load balancer with a circuit breaker per endpoint that probes tripped endpoints in the background. Leak: when service discovery removes an endpoint, UpdateEndpoints deletes it without stopping its breaker, so the probe loop for the dead host ticks forever.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sort"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

var ErrOpen = errors.New("circuit open")

type breakerState int

const (
	stateClosed breakerState = iota
	stateOpen
)

// Breaker trips after threshold consecutive failures and then probes the
// endpoint every probeEvery until it answers again.
type Breaker struct {
	name       string
	threshold  int
	probeEvery time.Duration
	probe      func(ctx context.Context) error

	mu       sync.Mutex
	state    breakerState
	failures int

	stop     chan struct{}
	stopOnce sync.Once
}

func NewBreaker(name string, threshold int, probeEvery time.Duration, probe func(context.Context) error) *Breaker {
	return &Breaker{
		name:       name,
		threshold:  threshold,
		probeEvery: probeEvery,
		probe:      probe,
		stop:       make(chan struct{}),
	}
}

func (b *Breaker) Allow() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.state == stateClosed
}

// Report records the outcome of a call made through the breaker.
func (b *Breaker) Report(err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err == nil {
		b.failures = 0
		return
	}
	b.failures++
	if b.state == stateClosed && b.failures >= b.threshold {
		b.state = stateOpen
		log.Printf("breaker %s: open after %d failures", b.name, b.failures)
		go b.probeUntilHealthy()
	}
}

func (b *Breaker) probeUntilHealthy() {
	t := time.NewTicker(b.probeEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), b.probeEvery/2)
			err := b.probe(ctx)
			cancel()
			if err != nil {
				continue
			}
			b.mu.Lock()
			b.state, b.failures = stateClosed, 0
			b.mu.Unlock()
			log.Printf("breaker %s: closed", b.name)
			return
		case <-b.stop:
			return
		}
	}
}

func (b *Breaker) Stop() { b.stopOnce.Do(func() { close(b.stop) }) }

// fakeNetwork decides which hosts answer.
type fakeNetwork struct {
	mu   sync.Mutex
	down map[string]bool
}

func (n *fakeNetwork) call(ctx context.Context, addr, path string) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.down[addr] {
		return fmt.Errorf("dial %s: connection refused", addr)
	}
	return nil
}

type Balancer struct {
	net *fakeNetwork

	mu        sync.Mutex
	endpoints map[string]*Breaker
	order     []string
	next      int
}

func NewBalancer(net *fakeNetwork, addrs []string) *Balancer {
	b := &Balancer{net: net, endpoints: make(map[string]*Breaker)}
	b.UpdateEndpoints(addrs)
	return b
}

// UpdateEndpoints applies a service-discovery snapshot.
func (b *Balancer) UpdateEndpoints(addrs []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	want := make(map[string]bool, len(addrs))
	for _, a := range addrs {
		want[a] = true
		if _, ok := b.endpoints[a]; !ok {
			b.endpoints[a] = NewBreaker(a, 3, time.Second, func(ctx context.Context) error {
				return b.net.call(ctx, a, "/healthz")
			})
		}
	}
	for a := range b.endpoints {
		if !want[a] {
			delete(b.endpoints, a)
		}
	}
	b.order = b.order[:0]
	for a := range b.endpoints {
		b.order = append(b.order, a)
	}
	sort.Strings(b.order)
}

func (b *Balancer) pick() (string, *Breaker, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for range b.order {
		addr := b.order[b.next%len(b.order)]
		b.next++
		if br := b.endpoints[addr]; br.Allow() {
			return addr, br, nil
		}
	}
	return "", nil, ErrOpen
}

func (b *Balancer) Do(ctx context.Context, path string) error {
	addr, br, err := b.pick()
	if err != nil {
		return err
	}
	err = b.net.call(ctx, addr, path)
	br.Report(err)
	return err
}

func (b *Balancer) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, br := range b.endpoints {
		br.Stop()
	}
}

func main() {
	network := &fakeNetwork{down: map[string]bool{"10.1.0.13:9000": true}}
	lb := NewBalancer(network, []string{"10.1.0.11:9000", "10.1.0.12:9000", "10.1.0.13:9000"})
	ctx := context.Background()

	failed := 0
	for i := 0; i < 12; i++ {
		if err := lb.Do(ctx, fmt.Sprintf("/v1/quotes/%d", i)); err != nil {
			failed++
		}
	}
	fmt.Printf("round 1: %d/12 failed\n", failed)

	// The autoscaler terminated .13 and started .14; discovery catches up.
	lb.UpdateEndpoints([]string{"10.1.0.11:9000", "10.1.0.12:9000", "10.1.0.14:9000"})

	failed = 0
	for i := 0; i < 12; i++ {
		if err := lb.Do(ctx, fmt.Sprintf("/v1/quotes/%d", 100+i)); err != nil {
			failed++
		}
	}
	fmt.Printf("round 2: %d/12 failed\n", failed)

	lb.Close()

	leakprobe.Done()
}
