// Matchmaking profile sync that applies profile updates from the account service on a few workers; Upsert returns on a validation error with the store mutex still held, so every later writer blocks forever on Lock.
package main

import (
	"fmt"
	"sync"
	"time"

	"realistic/heldout2/leak_j_profile_store_lock/store"
	"realistic/internal/leakprobe"
)

func applyUpdates(s *store.Store, updates <-chan store.Profile, failed chan<- error, wg *sync.WaitGroup) {
	defer wg.Done()
	for p := range updates {
		if err := s.Upsert(p); err != nil {
			failed <- err
		}
	}
}

func main() {
	s := store.New()
	if err := s.Upsert(store.Profile{PlayerID: "p-1", Nickname: "nova", Rating: 1520, Region: "eu"}); err != nil {
		fmt.Println(err)
	}
	// A stale client sent a nickname that is too short.
	if err := s.Upsert(store.Profile{PlayerID: "p-2", Nickname: "x", Rating: 1300}); err != nil {
		fmt.Println("initial import:", err)
	}

	batch := []store.Profile{
		{PlayerID: "p-1", Nickname: "nova", Rating: 1544},
		{PlayerID: "p-3", Nickname: "quasar", Rating: 1610, Region: "na"},
		{PlayerID: "p-4", Nickname: "ember", Rating: 980, Region: "sa"},
	}
	updates := make(chan store.Profile, len(batch))
	failed := make(chan error, len(batch))
	for _, p := range batch {
		updates <- p
	}
	close(updates)

	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go applyUpdates(s, updates, failed, &wg)
	}

	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		fmt.Printf("sync finished: %d profiles, %d failed updates\n", s.Len(), len(failed))
	case <-time.After(200 * time.Millisecond):
		fmt.Println("sync still running after 200ms; giving up on this round")
	}

	leakprobe.Done()
}
