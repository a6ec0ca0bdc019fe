package gs5001

import (
	"fmt"
	"sync"
)

// sumWorker adds up its jobs and counts itself down, unless a job is negative.
func sumWorker(wg *sync.WaitGroup, jobs [workers]int, out *int) {
	for _, j := range jobs {
		if j < 0 {
			return // returns before its Done
		}
		*out += j
	}
	wg.Done()
}

func sumBoth(a, b [workers]int, report func(int, int)) {
	var wg sync.WaitGroup
	var x, y int
	wg.Add(1)
	go sumWorker(&wg, a, &x)
	wg.Add(1)
	go sumWorker(&wg, b, &y)
	go func() { // want `GS5001: goroutine blocks forever in "wg.Wait": a goroutine started in sumBoth can return without calling Done`
		wg.Wait()
		report(x, y)
	}()
}

// countWorker defers its Done: every path counts down.
func countWorker(wg *sync.WaitGroup, jobs [workers]int, out *int) {
	defer wg.Done()
	for _, j := range jobs {
		if j < 0 {
			return
		}
		*out += j
	}
}

func countBoth(a, b [workers]int, report func(int, int)) {
	var wg sync.WaitGroup
	var x, y int
	wg.Add(1)
	go countWorker(&wg, a, &x)
	wg.Add(1)
	go countWorker(&wg, b, &y)
	go func() { // ok: countWorker defers its Done
		wg.Wait()
		report(x, y)
	}()
}

// relayWorker hands the WaitGroup on to a helper we do not follow.
func relayWorker(wg *sync.WaitGroup, jobs [workers]int) {
	for _, j := range jobs {
		if j < 0 {
			return
		}
	}
	finish(wg)
}

func finish(wg *sync.WaitGroup) {
	fmt.Println("done")
	wg.Done()
}

func relayBoth(a, b [workers]int, report func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go relayWorker(&wg, a)
	wg.Add(1)
	go relayWorker(&wg, b)
	go func() { // ok: the WaitGroup is handed on from relayWorker: not judged
		wg.Wait()
		report()
	}()
}
