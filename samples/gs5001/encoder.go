package gs5001

import (
	"fmt"
	"strings"
	"sync"
)

// encoder counts the frames it encodes in the background.
type encoder struct {
	wg    sync.WaitGroup
	mu    sync.Mutex
	bytes int
}

// submit counts a frame before it knows whether it will encode it.
func (e *encoder) submit(frame string) {
	e.wg.Add(1)
	if frame == "" {
		return // counted, but no goroutine will call Done
	}
	go func() {
		defer e.wg.Done()
		e.mu.Lock()
		e.bytes += len(strings.ToUpper(frame))
		e.mu.Unlock()
	}()
}

func encodeClip(frames []string, finished func()) {
	e := &encoder{}
	for _, f := range frames {
		e.submit(f)
	}
	go func() { // want `GS5001: goroutine blocks forever in "e.wg.Wait": "e.wg.Add\(1\)" in submit is not matched by a goroutine that calls Done`
		e.wg.Wait()
		finished()
	}()
}

// checked rejects empty frames before counting them.
type checked struct {
	wg    sync.WaitGroup
	mu    sync.Mutex
	bytes int
}

func (c *checked) submit(frame string) {
	if frame == "" {
		return
	}
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		c.mu.Lock()
		c.bytes += len(frame)
		c.mu.Unlock()
	}()
}

func encodeChecked(frames []string, finished func()) {
	c := &checked{}
	for _, f := range frames {
		c.submit(f)
	}
	go func() { // ok: every Add is followed by a goroutine that calls Done
		c.wg.Wait()
		finished()
	}()
}

// undone undoes the count on the rejected path.
type undone struct {
	wg    sync.WaitGroup
	bytes int
}

func (u *undone) submit(frame string) {
	u.wg.Add(1)
	if frame == "" {
		u.wg.Done()
		return
	}
	go func() {
		defer u.wg.Done()
		fmt.Println(len(frame))
	}()
}

func encodeUndone(frames []string, finished func()) {
	u := &undone{}
	for _, f := range frames {
		u.submit(f)
	}
	go func() { // ok: the rejected path calls Done itself
		u.wg.Wait()
		finished()
	}()
}

// fanOut skips the goroutine of an empty name, but has counted it.
func fanOut(names [workers]string) <-chan int {
	out := make(chan int, len(names))
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		if n == "" {
			continue
		}
		go func(n string) {
			defer wg.Done()
			out <- len(n)
		}(n)
	}
	go func() { // want `GS5001: goroutine blocks forever in "wg.Wait": "wg.Add\(1\)" in fanOut is not matched`
		wg.Wait()
		close(out)
	}()
	return out
}

// fanOutSkipped reports nothing for a name it skips: Done on the error path is missing.
func fanOutSkipped(names [workers]string) <-chan int {
	out := make(chan int, len(names))
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func(n string) {
			if n == "" {
				return // skips Done
			}
			out <- len(n)
			wg.Done()
		}(n)
	}
	go func() { // want `GS5001: goroutine blocks forever in "wg.Wait": a goroutine started in fanOutSkipped can return without calling Done`
		wg.Wait()
		close(out)
	}()
	return out
}

// fanOutAll starts a goroutine for every name it counts.
func fanOutAll(names [workers]string) <-chan int {
	out := make(chan int, len(names))
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func(n string) {
			defer wg.Done()
			if n == "" {
				return
			}
			out <- len(n)
		}(n)
	}
	go func() { // ok: Done is deferred in every goroutine counted
		wg.Wait()
		close(out)
	}()
	return out
}
