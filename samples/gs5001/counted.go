package gs5001

import "sync"

// resize counts every path up front, then skips the goroutine of an empty one.
func resize(paths [workers]string, done func()) {
	var wg sync.WaitGroup
	wg.Add(len(paths))
	for _, p := range paths {
		if p == "" {
			continue
		}
		go func(p string) {
			defer wg.Done()
			_ = len(p)
		}(p)
	}
	go func() { // want `GS5001: goroutine blocks forever in "wg.Wait": "wg.Add\(len\(paths\)\)" in resize counts every round of the loop`
		wg.Wait()
		done()
	}()
}

// resizeAll starts a goroutine for every path it counts.
func resizeAll(paths [workers]string, done func()) {
	var wg sync.WaitGroup
	wg.Add(len(paths))
	for _, p := range paths {
		go func(p string) {
			defer wg.Done()
			if p == "" {
				return
			}
			_ = len(p)
		}(p)
	}
	go func() { // ok: one goroutine per counted round, each calls Done
		wg.Wait()
		done()
	}()
}

// resizeN counts n rounds and starts a goroutine in each.
func resizeN(n int, done func()) {
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func(i int) {
			defer wg.Done()
			_ = i * 2
		}(i)
	}
	go func() { // ok: the loop runs n rounds and each starts a goroutine
		wg.Wait()
		done()
	}()
}

// resizeStop counts n rounds and may leave the loop early.
func resizeStop(n int, stop func(int) bool, done func()) {
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		if stop(i) {
			break
		}
		go func(i int) {
			defer wg.Done()
			_ = i * 2
		}(i)
	}
	go func() { // want `GS5001: goroutine blocks forever in "wg.Wait": "wg.Add\(n\)" in resizeStop counts every round of the loop`
		wg.Wait()
		done()
	}()
}
