package main

import (
	"context"
	"fmt"
	"hash/fnv"
	"time"
)

// Upstream is a recursive resolver the forwarder can ask.
type Upstream struct {
	Addr    string
	Latency time.Duration
}

// Answer is a single A record returned by an upstream.
type Answer struct {
	Name     string
	Addr     string
	Upstream string
}

// Exchange performs one query against the upstream. The simulated
// round trip takes the upstream's latency.
func (u Upstream) Exchange(name string) (Answer, error) {
	time.Sleep(u.Latency)
	h := fnv.New32a()
	h.Write([]byte(name))
	sum := h.Sum32()
	return Answer{
		Name:     name,
		Addr:     fmt.Sprintf("10.%d.%d.%d", sum>>16&0xff, sum>>8&0xff, sum&0xff),
		Upstream: u.Addr,
	}, nil
}

// Forwarder sends each query to all upstreams and returns the fastest answer.
type Forwarder struct {
	Upstreams []Upstream
	Timeout   time.Duration
}

func (f *Forwarder) Resolve(ctx context.Context, name string) (Answer, error) {
	ctx, cancel := context.WithTimeout(ctx, f.Timeout)
	defer cancel()

	answers := make(chan Answer, len(f.Upstreams))
	for _, u := range f.Upstreams {
		go f.ask(u, name, answers)
	}

	select {
	case a := <-answers:
		return a, nil
	case <-ctx.Done():
		return Answer{}, fmt.Errorf("resolve %s: %w", name, ctx.Err())
	}
}

func (f *Forwarder) ask(u Upstream, name string, out chan<- Answer) {
	a, err := u.Exchange(name)
	if err != nil {
		return
	}
	out <- a
}
