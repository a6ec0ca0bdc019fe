// Hedged read client that sends every lookup to all replicas and keeps the fastest answer. Correct: the result channel has room for every replica, so the slower replicas finish their send and exit.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"realistic/internal/leakprobe"
)

var errNotFound = errors.New("not found")

// replica is an in-process stand-in for one read replica of the profile store.
type replica struct {
	name    string
	latency time.Duration
	rows    map[string]string
}

func (r *replica) Get(ctx context.Context, key string) (string, error) {
	select {
	case <-time.After(r.latency):
	case <-ctx.Done():
		return "", ctx.Err()
	}
	v, ok := r.rows[key]
	if !ok {
		return "", fmt.Errorf("%s: %q: %w", r.name, key, errNotFound)
	}
	return v, nil
}

type result struct {
	replica string
	value   string
	err     error
}

// HedgedClient fans a read out to every replica and returns the first success.
type HedgedClient struct {
	replicas []*replica
	timeout  time.Duration
}

func (c *HedgedClient) Get(ctx context.Context, key string) (string, string, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()

	ch := make(chan result, len(c.replicas))
	for _, r := range c.replicas {
		go c.query(ctx, r, key, ch)
	}

	var lastErr error
	for range c.replicas {
		res := <-ch
		if res.err == nil {
			return res.value, res.replica, nil
		}
		lastErr = res.err
	}
	return "", "", lastErr
}

func (c *HedgedClient) query(ctx context.Context, r *replica, key string, out chan<- result) {
	v, err := r.Get(ctx, key)
	out <- result{replica: r.name, value: v, err: err}
}

func main() {
	rows := map[string]string{
		"user:17": `{"name":"Ada","plan":"pro"}`,
		"user:42": `{"name":"Linus","plan":"free"}`,
	}
	client := &HedgedClient{
		replicas: []*replica{
			{name: "eu-west-1a", latency: 5 * time.Millisecond, rows: rows},
			{name: "eu-west-1b", latency: 30 * time.Millisecond, rows: rows},
			{name: "eu-west-1c", latency: 60 * time.Millisecond, rows: rows},
		},
		timeout: 150 * time.Millisecond,
	}

	for _, key := range []string{"user:17", "user:42"} {
		v, from, err := client.Get(context.Background(), key)
		if err != nil {
			log.Printf("get %s: %v", key, err)
			continue
		}
		fmt.Printf("%s from %s: %s\n", key, from, v)
	}
	leakprobe.Done()
}
