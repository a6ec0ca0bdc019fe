// Parallel lookup of a request ID across archived log shards that returns the first shard reporting a hit. Leak: findRequest returns on the first hit and nobody receives the other shards' answers on the unbuffered channel, so those searchers block forever.
package main

import (
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

func (s *shard) search(needle string) hit {
	time.Sleep(s.scanCost)
	for i, l := range s.lines {
		if strings.Contains(l, needle) {
			return hit{shard: s.name, line: i + 1, text: l, found: true}
		}
	}
	return hit{shard: s.name}
}

// findRequest fans the lookup out to every shard and returns the first hit.
func findRequest(shards []*shard, reqID string) (hit, error) {
	hits := make(chan hit)
	for _, s := range shards {
		go func() {
			hits <- s.search("req=" + reqID)
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

	h, err := findRequest(archive, "c7f3")
	if err != nil {
		fmt.Println("lookup failed:", err)
	} else {
		fmt.Printf("found in %s line %d: %s\n", h.shard, h.line, h.text)
	}

	leakprobe.Done()
}
