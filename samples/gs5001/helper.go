package gs5001

import (
	"errors"
	"sync"
)

// tally doubles values in goroutines; record counts each one down.
type tally struct {
	wg      sync.WaitGroup
	mu      sync.Mutex
	results []int
}

// record returns early on a negative value, before its Done.
func (t *tally) record(v int) error {
	if v < 0 {
		return errors.New("negative")
	}
	t.mu.Lock()
	t.results = append(t.results, v*2)
	t.mu.Unlock()
	t.wg.Done()
	return nil
}

func tallyAll(vs [workers]int, report func(int)) {
	t := &tally{}
	for _, v := range vs {
		t.wg.Add(1)
		go func(v int) {
			_ = t.record(v)
		}(v)
	}
	go func() { // want `GS5001: goroutine blocks forever in "t.wg.Wait": a goroutine started in tallyAll can return without calling Done`
		t.wg.Wait()
		report(len(t.results))
	}()
}

// count defers its Done: every path counts down.
type count struct {
	wg      sync.WaitGroup
	mu      sync.Mutex
	results []int
}

func (c *count) record(v int) error {
	defer c.wg.Done()
	if v < 0 {
		return errors.New("negative")
	}
	c.mu.Lock()
	c.results = append(c.results, v*2)
	c.mu.Unlock()
	return nil
}

func countAll(vs [workers]int, report func(int)) {
	c := &count{}
	for _, v := range vs {
		c.wg.Add(1)
		go func(v int) {
			_ = c.record(v)
		}(v)
	}
	go func() { // ok: record defers its Done
		c.wg.Wait()
		report(len(c.results))
	}()
}

// mend counts down itself when the helper fails before its Done.
type mend struct {
	wg      sync.WaitGroup
	mu      sync.Mutex
	results []int
}

func (m *mend) record(v int) error {
	if v < 0 {
		return errors.New("negative")
	}
	m.mu.Lock()
	m.results = append(m.results, v*2)
	m.mu.Unlock()
	m.wg.Done()
	return nil
}

func mendAll(vs [workers]int, report func(int)) {
	m := &mend{}
	for _, v := range vs {
		m.wg.Add(1)
		go func(v int) {
			if err := m.record(v); err != nil {
				m.wg.Done()
			}
		}(v)
	}
	go func() { // ok: the goroutine calls Done itself when record fails
		m.wg.Wait()
		report(len(m.results))
	}()
}
