package gs1007

import "fmt"

// feed hands events to a loop that drains one last event when it is told to stop.
type feed struct {
	events chan int
	seen   []int
}

func (x *feed) run(stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			if e, ok := <-x.events; ok {
				x.seen = append(x.seen, e)
			}
			return
		case e := <-x.events:
			x.seen = append(x.seen, e)
		}
	}
}

func (x *feed) publish(e int) {
	x.events <- e
}

// journal is a feed stopped on the way out.
type journal struct {
	entries chan int
	seen    []int
}

func (x *journal) run(stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			if e, ok := <-x.entries; ok {
				x.seen = append(x.seen, e)
			}
			return
		case e := <-x.entries:
			x.seen = append(x.seen, e)
		}
	}
}

func (x *journal) publish(e int) {
	x.entries <- e
}

// ticker gets one more value after its stop.
type ticker struct {
	ticks chan int
	seen  []int
}

func (x *ticker) run(stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			if e, ok := <-x.ticks; ok {
				x.seen = append(x.seen, e)
			}
			return
		case e := <-x.ticks:
			x.seen = append(x.seen, e)
		}
	}
}

func (x *ticker) publish(e int) {
	x.ticks <- e
}

// mailbag is filled from another goroutine.
type mailbag struct {
	letters chan int
	seen    []int
}

func (x *mailbag) run(stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			if e, ok := <-x.letters; ok {
				x.seen = append(x.seen, e)
			}
			return
		case e := <-x.letters:
			x.seen = append(x.seen, e)
		}
	}
}

func (x *mailbag) publish(e int) {
	x.letters <- e
}

// board is shared by its callers.
type board struct {
	notes chan int
	seen  []int
}

func (x *board) run(stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			if e, ok := <-x.notes; ok {
				x.seen = append(x.seen, e)
			}
			return
		case e := <-x.notes:
			x.seen = append(x.seen, e)
		}
	}
}

func (x *board) publish(e int) {
	x.notes <- e
}

// tape is stopped by a goroutine of its own.
type tape struct {
	frames chan int
	seen   []int
}

func (x *tape) run(stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			if e, ok := <-x.frames; ok {
				x.seen = append(x.seen, e)
			}
			return
		case e := <-x.frames:
			x.seen = append(x.seen, e)
		}
	}
}

func (x *tape) publish(e int) {
	x.frames <- e
}

func newFeed() *feed {
	return &feed{events: make(chan int)}
}

// Replay publishes every value, then stops the loop: the loop's last receive has no sender.
func Replay(values []int) {
	f := newFeed()
	stop := make(chan struct{})
	go f.run(stop) // want `GS1007: goroutine blocks forever receiving from "x.events" once "stop" fires: every send on it is done before that`
	for _, v := range values {
		f.publish(v)
	}
	close(stop)
}

// Record stops the loop on the way out, after the same sends.
func Record(values []int) {
	j := &journal{entries: make(chan int)}
	stop := make(chan struct{})
	defer close(stop)
	go j.run(stop) // want `GS1007: goroutine blocks forever receiving from "x.entries"`
	for _, v := range values {
		j.publish(v)
	}
}

// Tick publishes once more after the stop: that send may be the one drained.
func Tick(values []int) {
	t := &ticker{ticks: make(chan int)}
	stop := make(chan struct{})
	go t.run(stop) // ok: a send comes after the stop, so the drain may get it
	for _, v := range values {
		t.publish(v)
	}
	close(stop)
	t.publish(0)
}

// Post publishes from another goroutine, which nothing orders before the stop.
func Post(values []int) {
	m := &mailbag{letters: make(chan int)}
	stop := make(chan struct{})
	go m.run(stop) // ok: the publishing goroutine may still be sending when stop closes
	go func() {
		for _, v := range values {
			m.publish(v)
		}
	}()
	close(stop)
}

// Pin publishes on a board it was given: another caller may still send on it.
func Pin(b *board, values []int) {
	stop := make(chan struct{})
	go b.run(stop) // ok: b is shared, another caller may publish after this stop
	for _, v := range values {
		b.publish(v)
	}
	close(stop)
}

// Play stops from a goroutine of its own.
func Play(values []int) {
	t := &tape{frames: make(chan int)}
	stop := make(chan struct{})
	go t.run(stop) // ok: the stop is fired by another goroutine, unordered with the sends
	go func() {
		fmt.Println("stopping")
		close(stop)
	}()
	for _, v := range values {
		t.publish(v)
	}
}
