// Parallel lookup of a request ID across archived log shards that returns the first shard reporting a hit. Correct: findRequest cancels a context on return and every searcher selects on ctx.Done() when delivering its answer.
package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"realistic/internal/leakprobe"
)

// shard is one archived segment of the request log.
type shard struct {
	name  string
	lines []string
	// scanCost simulates decompressing and scanning the segment.
	scanCost time.Duration
}

type hit struct {
	shard string
	line  int
	text  string
	found bool
}

var errNotFound = errors.New("request id not found in any shard")

func (s *shard) search(ctx context.Context, needle string) hit {
	select {
	case <-time.After(s.scanCost):
	case <-ctx.Done():
		return hit{shard: s.name}
	}
	for i, l := range s.lines {
		if strings.Contains(l, needle) {
			return hit{shard: s.name, line: i + 1, text: l, found: true}
		}
	}
	return hit{shard: s.name}
}

// findRequest fans the lookup out to every shard and returns the first hit.
func findRequest(ctx context.Context, shards []*shard, reqID string) (hit, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	hits := make(chan hit)
	for _, s := range shards {
		go func() {
			h := s.search(ctx, "req="+reqID)
			select {
			case hits <- h:
			case <-ctx.Done():
			}
		}()
	}

	for range shards {
		h := <-hits
		if h.found {
			return h, nil
		}
	}
	return hit{}, errNotFound
}

func buildArchive() []*shard {
	mk := func(name string, cost time.Duration, ids ...string) *shard {
		s := &shard{name: name, scanCost: cost}
		for i, id := range ids {
			s.lines = append(s.lines, fmt.Sprintf("2024-05-03 12:00:%02d INFO handler=/checkout req=%s status=200", i, id))
		}
		return s
	}
	return []*shard{
		mk("logs-0001.gz", 30*time.Millisecond, "a11", "a12", "a13"),
		mk("logs-0002.gz", 5*time.Millisecond, "b21", "c7f3", "b23"),
		mk("logs-0003.gz", 40*time.Millisecond, "c31", "c32"),
		mk("logs-0004.gz", 35*time.Millisecond, "d41", "c7f3", "d43"),
	}
}

func main() {
	archive := buildArchive()

	h, err := findRequest(context.Background(), archive, "c7f3")
	if err != nil {
		fmt.Println("lookup failed:", err)
	} else {
		fmt.Printf("found in %s line %d: %s\n", h.shard, h.line, h.text)
	}

	leakprobe.Done()
}
