// Config hot-reloader that parses every file and then hands the parsed set to an applier goroutine: when a file fails to parse, reload returns without sending or closing, and the applier waits forever.
package main

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"realistic/internal/leakprobe"
)

// Settings is the live service configuration.
type Settings struct {
	mu     sync.RWMutex
	values map[string]int
	gen    int
}

func (s *Settings) replace(values map[string]int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.values = values
	s.gen++
}

// Generation reports how many reloads have been applied.
func (s *Settings) Generation() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.gen
}

func parseFile(name, body string) (map[string]int, error) {
	out := make(map[string]int)
	for i, line := range strings.Split(strings.TrimSpace(body), "\n") {
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("%s:%d: missing '='", name, i+1)
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, i+1, err)
		}
		out[strings.TrimSpace(k)] = n
	}
	return out, nil
}

func startApplier(live *Settings, ready <-chan map[string]int, applied chan<- int) {
	go func() {
		values := <-ready
		live.replace(values)
		applied <- live.Generation()
	}()
}

// reload parses files and swaps them into live in one step.
func reload(live *Settings, files map[string]string, order []string) error {
	ready := make(chan map[string]int)
	applied := make(chan int, 1)
	startApplier(live, ready, applied)

	merged := make(map[string]int)
	for _, name := range order {
		values, err := parseFile(name, files[name])
		if err != nil {
			return fmt.Errorf("reload: %w", err)
		}
		for k, v := range values {
			merged[k] = v
		}
	}
	ready <- merged
	fmt.Printf("applied generation %d (%d keys)\n", <-applied, len(merged))
	return nil
}

func main() {
	live := &Settings{values: map[string]int{}}
	good := map[string]string{
		"limits.conf": "max_conns = 200\nmax_body_kb = 512",
		"pool.conf":   "idle = 16\nlifetime_s = 300",
	}
	bad := map[string]string{
		"limits.conf": "max_conns = 250\nmax_body_kb = 1k",
		"pool.conf":   "idle = 16",
	}
	for _, files := range []map[string]string{good, bad} {
		if err := reload(live, files, []string{"limits.conf", "pool.conf"}); err != nil {
			fmt.Println(err)
		}
	}
	leakprobe.Done()
}
