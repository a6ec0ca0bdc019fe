package gs1001

import "sync"

// feed is started by its constructor: it replays the initial events on results, then
// drains input until it is closed.
type feed struct {
	sync.Mutex
	input   chan int
	results chan int
	stopped bool
}

func newFeed(size int, initial []int) *feed {
	f := &feed{input: make(chan int, size), results: make(chan int, size)}
	go f.run(initial) // want `GS1002: more sends on "f.results" than receives: the goroutine keeps sending but Replay never receives`
	return f
}

func (f *feed) run(initial []int) {
	for _, e := range initial {
		f.emit(e)
	}
	defer close(f.results)
	for range f.input {
	}
}

func (f *feed) emit(e int) { f.results <- e }

// Stop ends the drain loop once.
func (f *feed) Stop() {
	f.Lock()
	defer f.Unlock()
	if !f.stopped {
		f.stopped = true
		close(f.input)
	}
}

// Replay makes an unbuffered feed and stops it without reading a single result: run
// blocks on its first event.
func Replay(initial []int) {
	f := newFeed(0, initial)
	f.Stop()
}

// ReplayRead reads one result per initial event before stopping the feed.
func ReplayRead(initial []int) int {
	f := newFeed(0, initial)
	defer f.Stop()
	n := 0
	for range initial {
		n += <-f.results
	}
	return n
}
