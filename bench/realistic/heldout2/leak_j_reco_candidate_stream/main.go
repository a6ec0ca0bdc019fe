// Home-feed recommender that streams candidates from each retrieval source and keeps reading only until the page is full; the sources still holding candidates block forever on their next send.
package main

import (
	"fmt"

	"realistic/internal/leakprobe"
)

type candidate struct {
	itemID string
	source string
	score  float64
}

// source is one retrieval strategy: collaborative filtering, trending, follows...
type source interface {
	Name() string
	Candidates(userID string) []candidate
}

type trending struct{ items []string }

func (t trending) Name() string { return "trending" }

func (t trending) Candidates(string) []candidate {
	out := make([]candidate, 0, len(t.items))
	for i, id := range t.items {
		out = append(out, candidate{itemID: id, source: "trending", score: 1 / float64(i+1)})
	}
	return out
}

type follows struct{ graph map[string][]string }

func (f follows) Name() string { return "follows" }

func (f follows) Candidates(userID string) []candidate {
	var out []candidate
	for _, creator := range f.graph[userID] {
		for n := 1; n <= 3; n++ {
			out = append(out, candidate{itemID: fmt.Sprintf("%s/post-%d", creator, n), source: "follows", score: 0.8})
		}
	}
	return out
}

// streamCandidates merges every source into one stream.
func streamCandidates(userID string, sources []source) <-chan candidate {
	out := make(chan candidate)
	for _, src := range sources {
		go func(src source) {
			for _, c := range src.Candidates(userID) {
				out <- c
			}
		}(src)
	}
	return out
}

// buildPage returns the first pageSize distinct candidates.
func buildPage(userID string, sources []source, pageSize int) []candidate {
	seen := make(map[string]bool)
	page := make([]candidate, 0, pageSize)
	for c := range streamCandidates(userID, sources) {
		if seen[c.itemID] {
			continue
		}
		seen[c.itemID] = true
		page = append(page, c)
		if len(page) == pageSize {
			break
		}
	}
	return page
}

func main() {
	sources := []source{
		trending{items: []string{"clip-881", "clip-112", "clip-530", "clip-077", "clip-904", "clip-415"}},
		follows{graph: map[string][]string{"u-42": {"chef_mai", "bikepacker"}}},
	}

	page := buildPage("u-42", sources, 5)
	bySource := make(map[string]int)
	for _, c := range page {
		bySource[c.source]++
	}
	fmt.Printf("page for u-42: %d items from %d sources\n", len(page), len(bySource))

	leakprobe.Done()
}
