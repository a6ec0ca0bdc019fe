// Caching DNS proxy that rebuilds its resolver whenever the zone config is reloaded. Leak: a reload swaps in a new resolver without closing the old one's answer cache, so each replaced cache's janitor goroutine keeps ticking forever.
package main

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"realistic/heldout/leak_h_dnsjanitor/cache"
	"realistic/internal/leakprobe"
)

type Config struct {
	Version  int
	Static   map[string][]string
	TTL      time.Duration
	Upstream string
}

type Resolver struct {
	cfg   Config
	cache *cache.Cache
}

func NewResolver(cfg Config) *Resolver {
	return &Resolver{cfg: cfg, cache: cache.New(10 * time.Millisecond)}
}

func (r *Resolver) Lookup(name string) []string {
	if addrs, ok := r.cache.Get(name); ok {
		return addrs
	}
	addrs, ok := r.cfg.Static[name]
	if !ok {
		addrs = []string{"203.0.113." + fmt.Sprint(len(name))} // forwarded to upstream
	}
	r.cache.Set(name, addrs, r.cfg.TTL)
	return addrs
}

func (r *Resolver) Close() { r.cache.Close() }

// Server answers queries with whatever resolver is current.
type Server struct {
	mu  sync.RWMutex
	res *Resolver
}

func (s *Server) Reload(cfg Config) {
	next := NewResolver(cfg)
	s.mu.Lock()
	s.res = next
	s.mu.Unlock()
	fmt.Printf("config v%d loaded (%d static records)\n", cfg.Version, len(cfg.Static))
}

func (s *Server) Query(name string) string {
	s.mu.RLock()
	res := s.res
	s.mu.RUnlock()
	return name + " -> " + strings.Join(res.Lookup(name), ",")
}

func (s *Server) Shutdown() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.res != nil {
		s.res.Close()
		s.res = nil
	}
}

func main() {
	srv := &Server{}
	for v := 1; v <= 3; v++ {
		srv.Reload(Config{
			Version:  v,
			Static:   map[string][]string{"git.corp.": {fmt.Sprintf("10.20.0.%d", v)}},
			TTL:      50 * time.Millisecond,
			Upstream: "9.9.9.9:53",
		})
		fmt.Println(srv.Query("git.corp."))
		fmt.Println(srv.Query("example.org."))
	}
	srv.Shutdown()

	leakprobe.Done()
}
