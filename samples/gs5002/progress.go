package gs5002

import (
	"fmt"
	"sync"
)

// meter counts finished units and calls its hook, set by its constructor, at milestones.
type meter struct {
	mu     sync.Mutex
	done   int
	onMark func(n int)
}

func newMeter(onMark func(n int)) *meter {
	return &meter{onMark: onMark}
}

// step calls the hook while it holds the lock.
func (m *meter) step() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.done++
	if m.done%10 == 0 && m.onMark != nil {
		m.onMark(m.done)
	}
}

func (m *meter) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.done
}

// CopyAll's hook reads the meter it is the hook of: the step that calls it holds its lock.
func CopyAll(n int) {
	var m *meter
	m = newMeter(func(int) { fmt.Println("copied", m.count()) })
	copyWith(m, n)
}

func copyWith(m *meter, n int) {
	for i := 0; i < 4; i++ {
		go func() { // want `GS5002: goroutine deadlocks on itself: "m.mu" is locked again while it already holds the lock`
			for j := 0; j < n; j++ {
				m.step()
			}
		}()
	}
}

// gauge calls its hook after it unlocks.
type gauge struct {
	mu     sync.Mutex
	done   int
	onMark func(n int)
}

func newGauge(onMark func(n int)) *gauge {
	return &gauge{onMark: onMark}
}

func (g *gauge) step() {
	g.mu.Lock()
	g.done++
	d := g.done
	g.mu.Unlock()
	if d%10 == 0 && g.onMark != nil {
		g.onMark(d)
	}
}

func (g *gauge) count() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.done
}

func CopyGauged(n int) {
	var g *gauge
	g = newGauge(func(int) { fmt.Println("copied", g.count()) })
	copyGauged(g, n)
}

func copyGauged(g *gauge, n int) {
	for i := 0; i < 4; i++ {
		go func() { // ok: the hook runs after step unlocks
			for j := 0; j < n; j++ {
				g.step()
			}
		}()
	}
}

// dial is a meter whose variable is assigned again after its constructor.
type dial struct {
	mu     sync.Mutex
	done   int
	onMark func(n int)
}

func newDial(onMark func(n int)) *dial {
	return &dial{onMark: onMark}
}

func (d *dial) step() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.done++
	if d.done%10 == 0 && d.onMark != nil {
		d.onMark(d.done)
	}
}

func (d *dial) count() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.done
}

// CopyDialed's hook reads whatever d names when it runs: d is assigned again, so the dial
// whose step calls the hook is not the one the hook locks.
func CopyDialed(n int) {
	var d *dial
	d = newDial(func(int) { fmt.Println("copied", d.count()) })
	first := d
	d = &dial{}
	copyDialed(first, n)
}

func copyDialed(d *dial, n int) {
	for i := 0; i < 4; i++ {
		go func() { // ok: the hook locks the dial CopyDialed assigned last, not this one
			for j := 0; j < n; j++ {
				d.step()
			}
		}()
	}
}
