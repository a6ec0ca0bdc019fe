package gs5001

import (
	"fmt"
	"sync"
)

// crawler visits pages in goroutines that the same WaitGroup counts.
type crawler struct {
	wg   sync.WaitGroup
	mu   sync.Mutex
	seen map[string]bool
}

// visit waits for the whole crawl, its own count included: it never gets to its Done.
func (c *crawler) visit(page string, depth int) {
	defer c.wg.Done()
	c.mu.Lock()
	c.seen[page] = true
	c.mu.Unlock()
	if depth > 0 {
		c.wg.Add(1)
		go c.visit(page+"/next", depth-1) // want `GS5001: goroutine blocks forever in "c.wg.Wait": it waits for its own "c.wg.Done"`
	}
	c.wg.Wait()
}

func crawl() {
	c := &crawler{seen: map[string]bool{}}
	c.wg.Add(1)
	go c.visit("/", 2) // want `GS5001: goroutine blocks forever in "c.wg.Wait": it waits for its own "c.wg.Done", which runs only after it returns`
}

// walker visits pages and leaves the waiting to the function that starts the crawl.
type walker struct {
	wg   sync.WaitGroup
	mu   sync.Mutex
	seen map[string]bool
}

func (w *walker) visit(page string, depth int) {
	defer w.wg.Done()
	w.mu.Lock()
	w.seen[page] = true
	w.mu.Unlock()
	if depth > 0 {
		w.wg.Add(1)
		go w.visit(page+"/next", depth-1) // ok: no goroutine waits on the WaitGroup that counts it
	}
}

func walk() int {
	w := &walker{seen: map[string]bool{}}
	w.wg.Add(1)
	go w.visit("/", 2) // ok: the crawl is waited for by walk, which no Done depends on
	w.wg.Wait()
	return len(w.seen)
}

// fetchAll waits, inside a counted worker, for a WaitGroup of its own.
func fetchAll(pages [workers]string) {
	var outer sync.WaitGroup
	outer.Add(1)
	go func() { // ok: the worker waits for inner, which counts only its children
		defer outer.Done()
		var inner sync.WaitGroup
		for _, p := range pages {
			inner.Add(1)
			go func(p string) {
				defer inner.Done()
				fmt.Println(p)
			}(p)
		}
		inner.Wait()
	}()
	outer.Wait()
}
