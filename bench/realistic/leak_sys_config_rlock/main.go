// Feature-flag store read under an RWMutex and swapped by a SIGHUP reloader goroutine. Leak: Enabled returns early for an unknown flag while still holding the read lock, so the reloader blocks forever in Lock on the next reload.
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

type flagRule struct {
	Default bool            `json:"default"`
	Tenants map[string]bool `json:"tenants"`
}

type FlagStore struct {
	mu       sync.RWMutex
	flags    map[string]flagRule
	revision int
}

func (s *FlagStore) Enabled(flag, tenant string) (bool, error) {
	s.mu.RLock()
	rule, ok := s.flags[flag]
	if !ok {
		return false, fmt.Errorf("flag %q not defined (rev %d)", flag, s.revision)
	}
	on, override := rule.Tenants[tenant]
	s.mu.RUnlock()
	if override {
		return on, nil
	}
	return rule.Default, nil
}

func (s *FlagStore) replace(flags map[string]flagRule) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flags = flags
	s.revision++
	return s.revision
}

// reloader re-reads the flag document whenever a SIGHUP arrives.
type reloader struct {
	store   *FlagStore
	source  func() ([]byte, error)
	hup     chan struct{}
	applied chan int
}

func (r *reloader) run() {
	for range r.hup {
		raw, err := r.source()
		if err != nil {
			log.Printf("flags: reload: %v", err)
			continue
		}
		var flags map[string]flagRule
		if err := json.Unmarshal(raw, &flags); err != nil {
			log.Printf("flags: reload: %v", err)
			continue
		}
		r.applied <- r.store.replace(flags)
	}
}

func main() {
	doc := `{
		"new-checkout": {"default": false, "tenants": {"acme": true}},
		"dark-mode":    {"default": true}
	}`
	store := &FlagStore{}
	var initial map[string]flagRule
	if err := json.Unmarshal([]byte(doc), &initial); err != nil {
		log.Fatal(err)
	}
	store.replace(initial)

	r := &reloader{
		store:   store,
		source:  func() ([]byte, error) { return []byte(doc), nil },
		hup:     make(chan struct{}, 1),
		applied: make(chan int, 1),
	}
	go r.run()

	checks := []struct{ flag, tenant string }{
		{"new-checkout", "acme"},
		{"new-checkout", "globex"},
		{"dark-mode", "acme"},
		{"instant-refunds", "acme"}, // flag still being rolled out to this region
		{"dark-mode", "globex"},
	}
	for _, c := range checks {
		on, err := store.Enabled(c.flag, c.tenant)
		if err != nil {
			log.Printf("flag check: %v; treating as off", err)
			continue
		}
		fmt.Printf("%s for %s: %v\n", c.flag, c.tenant, on)
	}

	// The deploy tool sends SIGHUP after pushing the new flag file.
	r.hup <- struct{}{}
	select {
	case rev := <-r.applied:
		fmt.Printf("flags reloaded (rev %d)\n", rev)
	case <-time.After(100 * time.Millisecond):
		log.Print("flags: reload did not complete within 100ms")
	}

	leakprobe.Done()
}
