// Package flags is a small feature-flag client that keeps a local copy of
// the flag set and refreshes it in the background.
package flags

import (
	"fmt"
	"sync"
	"time"
)

// Source fetches the current flag set, e.g. from the flag service's HTTP API.
type Source interface {
	Fetch() (map[string]bool, error)
}

// Client serves flag lookups from memory.
type Client struct {
	src     Source
	mu      sync.RWMutex
	flags   map[string]bool
	lastErr error
	stop    chan struct{}
}

// New loads the flag set once and starts refreshing it every interval.
func New(src Source, interval time.Duration) (*Client, error) {
	initial, err := src.Fetch()
	if err != nil {
		return nil, fmt.Errorf("flags: initial fetch: %w", err)
	}
	c := &Client{src: src, flags: initial, stop: make(chan struct{})}
	go c.refreshLoop(interval)
	return c, nil
}

// Enabled reports whether the flag is on; unknown flags are off.
func (c *Client) Enabled(name string) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.flags[name]
}

// Close stops background refreshes. It reports the last refresh error, if
// any, so callers can log that they were serving stale flags.
func (c *Client) Close() error {
	c.mu.RLock()
	err := c.lastErr
	c.mu.RUnlock()
	if err != nil {
		return fmt.Errorf("flags: serving stale flags: %w", err)
	}
	close(c.stop)
	return nil
}

func (c *Client) refreshLoop(interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			c.refresh()
		case <-c.stop:
			return
		}
	}
}

func (c *Client) refresh() {
	next, err := c.src.Fetch()
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		c.lastErr = err
		return
	}
	c.flags = next
	c.lastErr = nil
}
