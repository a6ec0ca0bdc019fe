package main

import (
	"encoding/json"
	"fmt"
	"log"
	"time"
)

// Config is the hot-reloadable part of the service configuration.
type Config struct {
	Version     int           `json:"version"`
	RateLimit   int           `json:"rate_limit"`
	Upstreams   []string      `json:"upstreams"`
	ReadTimeout time.Duration `json:"read_timeout"`
}

func (c *Config) validate() error {
	if c.RateLimit <= 0 {
		return fmt.Errorf("rate_limit must be positive, got %d", c.RateLimit)
	}
	if len(c.Upstreams) == 0 {
		return fmt.Errorf("at least one upstream is required")
	}
	return nil
}

type reloadRequest struct {
	raw   []byte
	reply chan error
}

type getRequest struct {
	reply chan Config
}

// Reloader owns the live configuration. All access goes through its loop,
// so readers never observe a half-applied config.
type Reloader struct {
	reloads chan reloadRequest
	gets    chan getRequest
	quit    chan struct{}
	done    chan struct{}
}

func NewReloader(initial Config) *Reloader {
	r := &Reloader{
		reloads: make(chan reloadRequest),
		gets:    make(chan getRequest),
		quit:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	go r.loop(initial)
	return r
}

func (r *Reloader) loop(cur Config) {
	defer close(r.done)
	for {
		select {
		case req := <-r.reloads:
			var next Config
			if err := json.Unmarshal(req.raw, &next); err != nil {
				req.reply <- fmt.Errorf("decode config: %w", err)
				continue
			}
			if err := next.validate(); err != nil {
				log.Printf("reloader: rejecting config v%d: %v", next.Version, err)
				req.reply <- fmt.Errorf("invalid config v%d: %w", next.Version, err)
				continue
			}
			if next.Version <= cur.Version {
				req.reply <- fmt.Errorf("stale config v%d, running v%d", next.Version, cur.Version)
				continue
			}
			cur = next
			req.reply <- nil
		case req := <-r.gets:
			req.reply <- cur
		case <-r.quit:
			return
		}
	}
}

// Apply submits a new raw config and waits for the reloader's verdict.
func (r *Reloader) Apply(raw []byte) error {
	req := reloadRequest{raw: raw, reply: make(chan error)}
	r.reloads <- req
	return <-req.reply
}

// Current returns a copy of the live config.
func (r *Reloader) Current() Config {
	req := getRequest{reply: make(chan Config)}
	r.gets <- req
	return <-req.reply
}

func (r *Reloader) Stop() {
	close(r.quit)
	<-r.done
}
