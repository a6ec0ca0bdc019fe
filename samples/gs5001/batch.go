// Package gs5001 holds samples for GS5001: WaitGroup.Wait calls that can never return.
package gs5001

import (
	"errors"
	"fmt"
	"sync"
)

// Job is one unit of work.
type Job struct{ ID int }

func process(j Job) error {
	if j.ID < 0 {
		return errors.New("negative id")
	}
	fmt.Println("processed", j.ID)
	return nil
}

// workers is how many goroutines share a batch.
const workers = 3

// RunAll skips Done when a job fails: Wait never returns.
func RunAll(jobs [workers]Job) {
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		j := jobs[i]
		wg.Add(1)
		go func(j Job) { // want `GS5001: goroutine can return without calling "wg.Done", so "wg.Wait" blocks forever`
			if err := process(j); err != nil {
				fmt.Println(err)
				return
			}
			wg.Done()
		}(j)
	}
	wg.Wait()
}

// RunAllDeferred calls Done with defer: every path counts down.
func RunAllDeferred(jobs [workers]Job) {
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		j := jobs[i]
		wg.Add(1)
		go func(j Job) { // ok: Done is deferred, it runs on the early return too
			defer wg.Done()
			if err := process(j); err != nil {
				fmt.Println(err)
				return
			}
		}(j)
	}
	wg.Wait()
}

// RunAllBothPaths calls Done on each path by hand.
func RunAllBothPaths(jobs [workers]Job) {
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		j := jobs[i]
		wg.Add(1)
		go func(j Job) { // ok: both the error path and the normal path call Done
			if err := process(j); err != nil {
				wg.Done()
				return
			}
			wg.Done()
		}(j)
	}
	wg.Wait()
}

// Settle waits on a WaitGroup nobody counts down.
func Settle(n int) {
	go func() { // want `GS5001: goroutine blocks forever in "pending.Wait": nothing calls Done on it`
		var pending sync.WaitGroup
		pending.Add(n)
		pending.Wait()
		fmt.Println("settled")
	}()
}

// SettleHanded passes the WaitGroup to code that counts it down.
func SettleHanded(n int) {
	go func() { // ok: the WaitGroup is handed to countDown, which calls Done
		var pending sync.WaitGroup
		pending.Add(n)
		countDown(&pending, n)
		pending.Wait()
	}()
}

func countDown(wg *sync.WaitGroup, n int) {
	for i := 0; i < n; i++ {
		wg.Done()
	}
}

// Plugin is started by a Manager.
type Plugin struct{ name string }

// Manager starts plugins.
type Manager struct{ plugins [workers]*Plugin }

func (m *Manager) start() {
	var group sync.WaitGroup
	group.Add(workers)
	for i := 0; i < workers; i++ {
		go func(p *Plugin) {
			defer group.Done()
			fmt.Println("started", p.name)
		}(m.plugins[i])
		group.Wait()
	}
}

func (m *Manager) startAll() {
	var group sync.WaitGroup
	group.Add(workers)
	for i := 0; i < workers; i++ {
		go func(p *Plugin) {
			defer group.Done()
			fmt.Println("started", p.name)
		}(m.plugins[i])
	}
	group.Wait()
}

// Boot starts the plugin manager in the background, waiting inside the spawn loop.
func Boot(m *Manager) {
	go m.start()    // want `GS5001: goroutine blocks forever in "group.Wait": it waits inside the loop`
	go m.startAll() // ok: Wait comes after the loop that starts every plugin
}

// StartCollect waits before it receives: the worker's Done sits behind its send.
func StartCollect() {
	go func() { // want `GS5001: goroutine blocks forever in "wg.Wait": Done comes after a send on "ch" that is only received after the Wait`
		ch := make(chan int)
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { // want "GS1002"
			ch <- 42
			wg.Done()
		}()
		wg.Wait()
		fmt.Println(<-ch)
	}()
}

// StartCollectSafe receives before it waits.
func StartCollectSafe() {
	go func() { // ok: the receive comes first, so the worker reaches Done
		ch := make(chan int)
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			ch <- 42
			wg.Done()
		}()
		fmt.Println(<-ch)
		wg.Wait()
	}()
}

// Counter is guarded by a mutex.
type Counter struct {
	mu sync.Mutex
	n  int
}

func (c *Counter) incr() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
}

// bump locks and then calls incr, which locks again: it never gets to Done.
func (c *Counter) bump(wg *sync.WaitGroup) {
	defer wg.Done()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.incr()
}

// BumpAll waits for goroutines that deadlock before they count down.
func BumpAll(c *Counter) {
	go func() { // want `GS5001: goroutine blocks forever in "wg.Wait": the goroutines that call Done can deadlock before they do`
		var wg sync.WaitGroup
		wg.Add(1)
		go c.bump(&wg) // want `GS5002: goroutine deadlocks on itself`
		wg.Wait()
	}()
}
