// Bulk object-copy tool whose workers report each copied object to a progress tracker that fires a callback at every 25% milestone. Leak: Step calls the milestone callback while holding the tracker mutex and the callback calls Snapshot, which locks it again, so the worker deadlocks on itself and every other worker blocks in Step, as does the goroutine waiting for the pool.
package main

import (
	"fmt"
	"log"
	"os"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

// tracker counts finished units of work and reports milestones.
type tracker struct {
	mu          sync.Mutex
	total       int
	done        int
	bytes       int64
	lastPct     int
	onMilestone func(pct int)
}

func newTracker(total int, onMilestone func(pct int)) *tracker {
	return &tracker{total: total, onMilestone: onMilestone}
}

// Step records one finished object of n bytes.
func (t *tracker) Step(n int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.done++
	t.bytes += n
	pct := t.done * 100 / t.total
	if pct/25 > t.lastPct/25 {
		t.lastPct = pct
		if t.onMilestone != nil {
			t.onMilestone(pct)
		}
	}
}

// Snapshot returns the progress so far.
func (t *tracker) Snapshot() (done, total int, bytes int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.done, t.total, t.bytes
}

type object struct {
	key  string
	size int64
}

func copyObject(o object) error {
	time.Sleep(500 * time.Microsecond)
	return nil
}

// copyAll copies objs with the given number of workers and waits at most
// timeout for them to finish.
func copyAll(objs []object, workers int, tr *tracker, timeout time.Duration) error {
	queue := make(chan object, len(objs))
	for _, o := range objs {
		queue <- o
	}
	close(queue)

	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for o := range queue {
				if err := copyObject(o); err != nil {
					continue
				}
				tr.Step(o.size)
			}
		}()
	}

	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-time.After(timeout):
		return fmt.Errorf("copy did not finish within %v", timeout)
	}
}

func main() {
	logger := log.New(os.Stderr, "bucket-copy: ", 0)

	var objs []object
	for i := 0; i < 20; i++ {
		objs = append(objs, object{key: fmt.Sprintf("backups/2024-06-01/chunk-%03d", i), size: int64(1<<20 + i*4096)})
	}

	var tr *tracker
	tr = newTracker(len(objs), func(pct int) {
		done, total, bytes := tr.Snapshot()
		logger.Printf("%d%%: %d/%d objects, %.1f MiB", pct, done, total, float64(bytes)/(1<<20))
	})

	if err := copyAll(objs, 4, tr, 80*time.Millisecond); err != nil {
		logger.Print(err)
	} else {
		logger.Print("copy complete")
	}

	leakprobe.Done()
}
