package main

import (
	"sync"
	"time"
)

// Loader fetches the authoritative value for a key.
type Loader func(key string) (string, error)

type entry struct {
	value   string
	fetched time.Time
}

// RefreshCache serves values from memory and reloads stale keys in the background.
type RefreshCache struct {
	mu      sync.Mutex
	items   map[string]entry
	load    Loader
	maxAge  time.Duration
	pending chan string
	quit    chan struct{}
}

// NewRefreshCache starts the background refresher.
func NewRefreshCache(load Loader, maxAge time.Duration) *RefreshCache {
	c := &RefreshCache{
		items:   make(map[string]entry),
		load:    load,
		maxAge:  maxAge,
		pending: make(chan string, 16),
		quit:    make(chan struct{}),
	}
	go c.refreshLoop()
	return c
}

func (c *RefreshCache) refreshLoop() {
	for {
		select {
		case key := <-c.pending:
			v, err := c.load(key)
			if err != nil {
				continue
			}
			c.mu.Lock()
			c.items[key] = entry{value: v, fetched: time.Now()}
			c.mu.Unlock()
		case <-c.quit:
			return
		}
	}
}

// Get returns the cached value, loading it on a miss and scheduling a refresh when stale.
func (c *RefreshCache) Get(key string) (string, error) {
	c.mu.Lock()
	e, ok := c.items[key]
	c.mu.Unlock()
	if !ok {
		v, err := c.load(key)
		if err != nil {
			return "", err
		}
		c.mu.Lock()
		c.items[key] = entry{value: v, fetched: time.Now()}
		c.mu.Unlock()
		return v, nil
	}
	if time.Since(e.fetched) > c.maxAge {
		select {
		case c.pending <- key:
		default:
		}
	}
	return e.value, nil
}

// Close stops the refresher.
func (c *RefreshCache) Close() {
	close(c.quit)
}
