// Word-count map-reduce runner where each job owns a cancellable context watched by a status goroutine. Correct: both j.finish and j.fail cancel the job context, so trackStatus returns whether the job succeeds or fails.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"sort"

	"realistic/internal/leakprobe"
)

func runJob(ctx context.Context, name string, docs []string) (map[string]int, error) {
	j := startJob(ctx, name)

	parts, err := j.mapPhase(docs)
	if err != nil {
		j.fail(err)
		return nil, fmt.Errorf("job %s: %w", name, err)
	}
	total := j.reducePhase(parts)
	j.finish()
	return total, nil
}

func top(counts map[string]int, n int) []string {
	words := make([]string, 0, len(counts))
	for w := range counts {
		words = append(words, w)
	}
	sort.Slice(words, func(a, b int) bool {
		if counts[words[a]] != counts[words[b]] {
			return counts[words[a]] > counts[words[b]]
		}
		return words[a] < words[b]
	})
	if len(words) > n {
		words = words[:n]
	}
	return words
}

func main() {
	logger := log.New(os.Stderr, "mr: ", 0)
	corpora := map[string][]string{
		"release-notes": {"Fixed crash on startup. Fixed memory leak.", "Added dark mode; fixed typo."},
		"support-inbox": {"Login fails again", "login page \xff\xfe broken", "cannot login"},
		"reviews":       {"great app, great support", "app crashes, support slow"},
		"forum-dump":    {"\xc3\x28 invalid", "thread about sync"},
	}

	for _, name := range []string{"release-notes", "support-inbox", "reviews", "forum-dump"} {
		counts, err := runJob(context.Background(), name, corpora[name])
		if err != nil {
			logger.Print(err)
			continue
		}
		fmt.Printf("%-14s top words: %v\n", name, top(counts, 3))
	}

	leakprobe.Done()
}
