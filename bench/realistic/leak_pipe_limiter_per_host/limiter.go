package main

import (
	"context"
	"time"
)

// limiter is a token bucket refilled by a background goroutine.
type limiter struct {
	tokens chan struct{}
	quit   chan struct{}
}

func newLimiter(every time.Duration, burst int) *limiter {
	l := &limiter{
		tokens: make(chan struct{}, burst),
		quit:   make(chan struct{}),
	}
	for i := 0; i < burst; i++ {
		l.tokens <- struct{}{}
	}
	go l.refill(every)
	return l
}

func (l *limiter) refill(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			select {
			case l.tokens <- struct{}{}:
			default: // bucket full
			}
		case <-l.quit:
			return
		}
	}
}

// Wait blocks until a token is available or ctx is done.
func (l *limiter) Wait(ctx context.Context) error {
	select {
	case <-l.tokens:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (l *limiter) Stop() { close(l.quit) }
