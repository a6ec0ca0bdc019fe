package main

import (
	"fmt"
	"sync"
	"time"
)

// Profile is a user profile as served to the front end.
type Profile struct {
	UserID  string
	Display string
	Loaded  time.Time
}

// ProfileCache is a read-mostly cache in front of the profile database.
type ProfileCache struct {
	mu      sync.RWMutex
	byID    map[string]*Profile
	fetch   func(id string) (*Profile, error)
	hits    int
	misses  int
	maxSize int
}

// NewProfileCache returns an empty cache of at most maxSize profiles.
func NewProfileCache(fetch func(id string) (*Profile, error), maxSize int) *ProfileCache {
	return &ProfileCache{byID: make(map[string]*Profile), fetch: fetch, maxSize: maxSize}
}

// Get returns the profile for id, filling the cache on a miss.
func (c *ProfileCache) Get(id string) (*Profile, error) {
	c.mu.RLock()
	p, ok := c.byID[id]
	c.mu.RUnlock()
	if ok {
		return p, nil
	}
	return c.fill(id)
}

func (c *ProfileCache) fill(id string) (*Profile, error) {
	p, err := c.fetch(id)
	if err != nil {
		return nil, fmt.Errorf("profile %s: %w", id, err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.byID) >= c.maxSize {
		for k := range c.byID {
			delete(c.byID, k)
			break
		}
	}
	c.byID[id] = p
	return p, nil
}
