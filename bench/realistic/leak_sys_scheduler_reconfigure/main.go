// Maintenance-task scheduler reconfigured on config reload. Leak: Apply replaces a task whose interval changed by starting a new goroutine and overwriting the map entry, without closing the old task's stop channel, so the old ticker loop (and Shutdown's wait goroutine) never end.
package main

import (
	"context"
	"fmt"
	"log"
	"sort"
	"time"

	"realistic/internal/leakprobe"
)

func main() {
	registry := map[string]func(ctx context.Context) error{
		"vacuum_sessions": func(ctx context.Context) error { return nil },
		"rotate_keys":     func(ctx context.Context) error { return nil },
		"refresh_rates":   func(ctx context.Context) error { return nil },
	}
	s := NewScheduler(registry)

	s.Apply([]TaskSpec{
		{Name: "vacuum", Every: 10 * time.Millisecond, Timeout: 5 * time.Millisecond, Function: "vacuum_sessions"},
		{Name: "keys", Every: 25 * time.Millisecond, Timeout: 5 * time.Millisecond, Function: "rotate_keys"},
		{Name: "fx", Every: 15 * time.Millisecond, Timeout: 5 * time.Millisecond, Function: "refresh_rates"},
	})
	time.Sleep(40 * time.Millisecond)

	// SIGHUP: operators slowed vacuum down, sped up FX refresh and dropped key rotation.
	s.Apply([]TaskSpec{
		{Name: "vacuum", Every: 30 * time.Millisecond, Timeout: 5 * time.Millisecond, Function: "vacuum_sessions"},
		{Name: "fx", Every: 8 * time.Millisecond, Timeout: 5 * time.Millisecond, Function: "refresh_rates"},
	})
	time.Sleep(40 * time.Millisecond)

	running := s.Running()
	names := make([]string, 0, len(running))
	for name := range running {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Printf("task %-7s runs since last reload: %d\n", name, running[name])
	}

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := s.Shutdown(ctx); err != nil {
		log.Printf("scheduler shutdown: %v", err)
	}

	leakprobe.Done()
}
