package main

import (
	"context"
	"fmt"
	"net/url"
	"sync"
	"time"
)

// politeFetcher rate-limits requests per host.
type politeFetcher struct {
	every time.Duration
	get   func(u string) (string, error)

	mu       sync.Mutex
	limiters map[string]*limiter
}

func newPoliteFetcher(every time.Duration, get func(string) (string, error)) *politeFetcher {
	return &politeFetcher{every: every, get: get, limiters: make(map[string]*limiter)}
}

func (p *politeFetcher) limiterFor(host string) *limiter {
	p.mu.Lock()
	defer p.mu.Unlock()
	l, ok := p.limiters[host]
	if !ok {
		l = newLimiter(p.every, 1)
		p.limiters[host] = l
	}
	return l
}

func (p *politeFetcher) Fetch(ctx context.Context, rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", fmt.Errorf("parse %q: %w", rawURL, err)
	}
	if err := p.limiterFor(u.Host).Wait(ctx); err != nil {
		return "", fmt.Errorf("%s: rate limiter: %w", rawURL, err)
	}
	return p.get(rawURL)
}

// Close stops every per-host limiter.
func (p *politeFetcher) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for h, l := range p.limiters {
		l.Stop()
		delete(p.limiters, h)
	}
}
