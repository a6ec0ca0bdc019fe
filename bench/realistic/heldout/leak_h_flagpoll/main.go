// Deploy tool that consults a feature-flag client before each rollout step. Leak: Close returns early when the last background refresh failed and never closes the stop channel, so the refresh loop keeps ticking forever.
package main

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"realistic/heldout/leak_h_flagpoll/flags"
	"realistic/internal/leakprobe"
)

// flagService simulates the remote flag API; it goes down after the first call.
type flagService struct {
	mu    sync.Mutex
	calls int
}

func (s *flagService) Fetch() (map[string]bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if s.calls > 1 {
		return nil, errors.New("GET /v1/flags: 503 Service Unavailable")
	}
	return map[string]bool{"canary-rollout": true, "db-migrations": false}, nil
}

func rollout(c *flags.Client, service string) {
	if c.Enabled("canary-rollout") {
		fmt.Printf("%s: deploying canary (5%%)\n", service)
	}
	if c.Enabled("db-migrations") {
		fmt.Printf("%s: running migrations\n", service)
	} else {
		fmt.Printf("%s: migrations skipped by flag\n", service)
	}
	time.Sleep(15 * time.Millisecond)
	fmt.Printf("%s: promoted\n", service)
}

func main() {
	client, err := flags.New(&flagService{}, 10*time.Millisecond)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, svc := range []string{"checkout", "search", "profile"} {
		rollout(client, svc)
	}
	if err := client.Close(); err != nil {
		fmt.Println("warning:", err)
	}

	leakprobe.Done()
}
