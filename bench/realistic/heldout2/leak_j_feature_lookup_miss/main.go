// Recommendation scorer that fetches user embeddings from a feature store through per-lookup reply channels; on a cache miss the loader returns without closing the reply channel, so the request goroutine waiting for that user blocks forever.
package main

import (
	"fmt"
	"sort"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

type embedding []float32

// featureStore serves user embeddings computed by the nightly training job.
type featureStore struct {
	mu      sync.RWMutex
	vectors map[string]embedding
	misses  int
}

// Lookup returns a channel that yields the user's embedding and is then closed.
// A closed channel with no value means the user has no features yet.
func (fs *featureStore) Lookup(userID string) <-chan embedding {
	reply := make(chan embedding, 1)
	go fs.load(userID, reply)
	return reply
}

func (fs *featureStore) load(userID string, reply chan<- embedding) {
	fs.mu.RLock()
	vec, ok := fs.vectors[userID]
	fs.mu.RUnlock()
	if !ok {
		fs.mu.Lock()
		fs.misses++
		fs.mu.Unlock()
		return
	}
	reply <- vec
	close(reply)
}

type scored struct {
	userID string
	itemID string
	score  float32
}

type scorer struct {
	store *featureStore
	items map[string]embedding
}

func (s *scorer) recommend(userID string, out chan<- scored) {
	vec, ok := <-s.store.Lookup(userID)
	if !ok {
		out <- scored{userID: userID, itemID: "popular-fallback"}
		return
	}
	best := scored{userID: userID}
	for id, item := range s.items {
		var dot float32
		for i := range vec {
			dot += vec[i] * item[i]
		}
		if best.itemID == "" || dot > best.score || (dot == best.score && id < best.itemID) {
			best = scored{userID: userID, itemID: id, score: dot}
		}
	}
	out <- best
}

func main() {
	store := &featureStore{vectors: map[string]embedding{
		"u-1001": {0.9, 0.1, 0.0},
		"u-1002": {0.1, 0.8, 0.3},
		"u-1004": {0.2, 0.2, 0.9},
	}}
	s := &scorer{store: store, items: map[string]embedding{
		"track-jazz-01":  {1, 0, 0},
		"track-indie-07": {0, 1, 0.2},
		"track-lofi-13":  {0, 0.1, 1},
	}}

	users := []string{"u-1001", "u-1002", "u-1003", "u-1004", "u-1005"}
	out := make(chan scored, len(users))
	for _, u := range users {
		go s.recommend(u, out)
	}

	var got []scored
	deadline := time.After(200 * time.Millisecond)
collect:
	for range users {
		select {
		case r := <-out:
			got = append(got, r)
		case <-deadline:
			fmt.Printf("deadline: %d of %d users scored\n", len(got), len(users))
			break collect
		}
	}
	sort.Slice(got, func(i, j int) bool { return got[i].userID < got[j].userID })
	for _, r := range got {
		fmt.Printf("%s -> %s (%.2f)\n", r.userID, r.itemID, r.score)
	}

	leakprobe.Done()
}
