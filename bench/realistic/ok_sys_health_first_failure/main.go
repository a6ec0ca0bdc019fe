// Readiness endpoint that fans dependency checks out concurrently. Correct: Ready cancels its context when it returns and each check goroutine selects on ctx.Done next to its send, so none is left blocked.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"realistic/internal/leakprobe"
	"realistic/ok_sys_health_first_failure/health"
)

func latencyCheck(name string, latency time.Duration, fail error) health.Check {
	return health.CheckFunc{
		CheckName: name,
		Fn: func(ctx context.Context) error {
			select {
			case <-time.After(latency):
				return fail
			case <-ctx.Done():
				return ctx.Err()
			}
		},
	}
}

type readinessHandler struct {
	probe *health.Readiness
}

func (h *readinessHandler) ServeReady(ctx context.Context) (int, string) {
	if err := h.probe.Ready(ctx); err != nil {
		var ce *health.CheckError
		if errors.As(err, &ce) {
			return 503, "not ready: " + ce.Check
		}
		return 503, "not ready"
	}
	return 200, "ok"
}

func main() {
	errEvicted := errors.New("connection reset by peer")
	h := &readinessHandler{
		probe: health.NewReadiness(150*time.Millisecond,
			latencyCheck("postgres", 60*time.Millisecond, nil),
			latencyCheck("redis", time.Millisecond, errEvicted),
			latencyCheck("kafka", 90*time.Millisecond, nil),
			latencyCheck("blobstore", 70*time.Millisecond, nil),
		),
	}

	code, body := h.ServeReady(context.Background())
	fmt.Printf("GET /readyz -> %d %s\n", code, body)
	if code != 200 {
		log.Print("instance removed from load balancer rotation")
	}

	leakprobe.Done()
}
