// Game session store with a janitor goroutine per session: sessions dropped by idle eviction are never closed, so their janitors wait forever.
package main

import (
	"fmt"
	"time"

	"realistic/internal/leakprobe"
)

func main() {
	start := time.Date(2026, 12, 8, 12, 0, 0, 0, time.UTC)
	store := NewStore(5 * time.Minute)
	for _, id := range []string{"p-ada", "p-bob", "p-cyd", "p-dan"} {
		store.Login(id, start)
	}
	store.sessions["p-ada"].Touch(start.Add(4 * time.Minute))
	time.Sleep(10 * time.Millisecond)

	store.Logout("p-bob")
	n := store.EvictIdle(start.Add(6 * time.Minute))
	fmt.Printf("evicted %d idle sessions, %d live\n", n, store.Len())
	store.Logout("p-ada")
	fmt.Printf("%d live after logout\n", store.Len())
	leakprobe.Done()
}
