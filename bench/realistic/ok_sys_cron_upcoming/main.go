// Job scheduler admin API previewing the next runs of each schedule. Correct: Upcoming takes a context and its generator selects on ctx.Done next to each send, and preview cancels that context once it has read n runs.
package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"realistic/internal/leakprobe"
)

// Schedule fires every Interval starting at Anchor, optionally until Until.
type Schedule struct {
	Anchor   time.Time
	Interval time.Duration
	Until    time.Time // zero means open-ended
}

func (s Schedule) next(after time.Time) time.Time {
	if after.Before(s.Anchor) {
		return s.Anchor
	}
	n := after.Sub(s.Anchor)/s.Interval + 1
	return s.Anchor.Add(n * s.Interval)
}

// Upcoming streams the fire times after from, in order, until ctx is done.
func (s Schedule) Upcoming(ctx context.Context, from time.Time) <-chan time.Time {
	out := make(chan time.Time)
	go func() {
		defer close(out)
		for t := s.next(from); s.Until.IsZero() || !t.After(s.Until); t = s.next(t) {
			select {
			case out <- t:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

type jobSpec struct {
	Name     string
	Schedule Schedule
	Command  string
}

type registry struct {
	jobs map[string]jobSpec
}

// take reads at most n values from ch.
func take[T any](ch <-chan T, n int) []T {
	out := make([]T, 0, n)
	for v := range ch {
		out = append(out, v)
		if len(out) == n {
			break
		}
	}
	return out
}

// preview backs GET /jobs/{name}/preview?n=...
func (r *registry) preview(name string, now time.Time, n int) (string, error) {
	spec, ok := r.jobs[name]
	if !ok {
		return "", fmt.Errorf("no job %q", name)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	runs := take(spec.Schedule.Upcoming(ctx, now), n)
	parts := make([]string, len(runs))
	for i, t := range runs {
		parts[i] = t.Format("Jan 2 15:04")
	}
	return fmt.Sprintf("%s: %s", name, strings.Join(parts, ", ")), nil
}

func main() {
	now := time.Date(2024, 3, 14, 9, 40, 0, 0, time.UTC)
	midnight := time.Date(2024, 3, 14, 0, 0, 0, 0, time.UTC)

	reg := &registry{jobs: map[string]jobSpec{
		"nightly-backup": {
			Name:     "nightly-backup",
			Schedule: Schedule{Anchor: midnight.Add(2 * time.Hour), Interval: 24 * time.Hour},
			Command:  "pg_dump --format=custom",
		},
		"spring-promo": {
			Name: "spring-promo",
			Schedule: Schedule{
				Anchor:   midnight.Add(8 * time.Hour),
				Interval: time.Hour,
				Until:    midnight.Add(12 * time.Hour),
			},
			Command: "send-campaign spring24",
		},
		"cache-warm": {
			Name:     "cache-warm",
			Schedule: Schedule{Anchor: midnight, Interval: 15 * time.Minute},
			Command:  "warm --tier=hot",
		},
	}}

	names := make([]string, 0, len(reg.jobs))
	for name := range reg.jobs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		line, err := reg.preview(name, now, 5)
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Println(line)
	}

	leakprobe.Done()
}
