package gs5001

import "sync"

// Add with a negative count is a Done by another spelling.

// countdown's workers count themselves down with Add(-1).
type countdown struct {
	wg   sync.WaitGroup
	done chan struct{}
}

func (c *countdown) finish() { c.wg.Add(-1) }

func (c *countdown) start(n int) {
	c.wg.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			defer c.finish()
		}()
	}
	go func() { // ok: finish counts the group down with Add(-1)
		c.wg.Wait()
		close(c.done)
	}()
}

// AddMinusOne counts a local group down inside the goroutine.
func AddMinusOne() {
	var wg sync.WaitGroup
	wg.Add(1)
	leave := func() { wg.Add(-1) }
	go func() {
		leave()
	}()
	go func() { // ok: the other goroutine counts the group down with Add(-1)
		wg.Wait()
	}()
}

// AddOneMore counts the group up again where it means to count it down.
func AddOneMore() {
	var wg sync.WaitGroup
	wg.Add(1)
	leave := func() { wg.Add(1) }
	go func() {
		leave()
	}()
	go func() { // want `GS5001: goroutine blocks forever in "wg.Wait": nothing calls Done on it`
		wg.Wait()
	}()
}
