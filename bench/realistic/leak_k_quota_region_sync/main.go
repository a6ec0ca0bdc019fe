// Multi-region quota tracker where each region's syncer merges the peer's usage into its own: mergeUsage locks dst then src, the two syncers call it with the arguments swapped, and both deadlock.
package main

import (
	"fmt"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

// RegionQuota holds per-tenant usage seen by one region.
type RegionQuota struct {
	Region string

	mu     sync.RWMutex
	local  map[string]int
	remote map[string]int
}

func newRegionQuota(region string, usage map[string]int) *RegionQuota {
	return &RegionQuota{Region: region, local: usage, remote: make(map[string]int)}
}

// Used reports the total usage of tenant as known by this region.
func (q *RegionQuota) Used(tenant string) int {
	q.mu.RLock()
	defer q.mu.RUnlock()
	return q.local[tenant] + q.remote[tenant]
}

// mergeUsage copies src's local usage into dst's view of remote usage.
func mergeUsage(dst, src *RegionQuota, link time.Duration) {
	dst.mu.Lock()
	defer dst.mu.Unlock()
	time.Sleep(link) // round trip to the peer region
	src.mu.RLock()
	defer src.mu.RUnlock()
	for tenant, n := range src.local {
		dst.remote[tenant] = n
	}
}

// startSync merges peer into self once and reports on done.
func startSync(self, peer *RegionQuota, link time.Duration, done chan<- string) {
	go func() {
		mergeUsage(self, peer, link)
		done <- self.Region
	}()
}

func run() {
	east := newRegionQuota("us-east", map[string]int{"acme": 120, "initech": 40})
	west := newRegionQuota("eu-west", map[string]int{"acme": 35, "umbrella": 7})
	done := make(chan string, 2)
	startSync(east, west, 25*time.Millisecond, done)
	startSync(west, east, 25*time.Millisecond, done)
	for i := 0; i < 2; i++ {
		select {
		case r := <-done:
			fmt.Println("synced", r)
		case <-time.After(250 * time.Millisecond):
			fmt.Println("quota sync timed out")
			return
		}
	}
	fmt.Println("acme total:", east.Used("acme"))
}

func main() {
	run()
	leakprobe.Done()
}
