package gs1001

import (
	"strings"
	"time"
)

// fleet reads a fixed set of sources.
type fleet struct {
	sources []string
	names   []string
}

type line struct {
	source string
	text   string
	last   bool
}

// eachLine calls emit on every non-empty line of body, on the spot.
func eachLine(body string, emit func(string)) {
	for _, l := range strings.Split(body, "\n") {
		if l != "" {
			emit(l)
		}
	}
}

// firstLine calls emit once, for the first line only.
func firstLine(body string, emit func(string)) {
	l, _, _ := strings.Cut(body, "\n")
	emit(l)
}

// keep stores emit for later: who calls it, and when, is unknown.
var kept []func(string)

func keepEmitter(emit func(string)) { kept = append(kept, emit) }

func readSource(name string, out chan<- line) {
	eachLine(name+"\n"+name, func(l string) {
		out <- line{source: name, text: l}
	})
	out <- line{source: name, last: true}
}

// collect gives each reader one buffer slot, but a reader sends once per line and then
// once more: after the deadline, the readers with more lines than that block forever.
func (c *fleet) collect(wait time.Duration) []line {
	out := make(chan line, len(c.sources))
	for _, s := range c.sources {
		go readSource(s, out) // want `GS1001: goroutine blocks forever sending on "out" when collect returns`
	}
	var got []line
	done := 0
	deadline := time.After(wait)
	for done < len(c.sources) {
		select {
		case l := <-out:
			if l.last {
				done++
				continue
			}
			got = append(got, l)
		case <-deadline:
			return got
		}
	}
	return got
}

func headOf(name string, out chan<- line) {
	firstLine(name, func(l string) {
		out <- line{source: name, text: l}
	})
}

// heads gives each reader one slot, and each sends exactly one line: the buffer holds
// every send, whether or not heads is still receiving.
func (c *fleet) heads(wait time.Duration) []line {
	out := make(chan line, len(c.sources))
	for _, s := range c.sources {
		go headOf(s, out) // ok: one send per goroutine, one slot per goroutine
	}
	var got []line
	deadline := time.After(wait)
	for range c.sources {
		select {
		case l := <-out:
			got = append(got, l)
		case <-deadline:
			return got
		}
	}
	return got
}

func keepSource(name string, out chan<- line) {
	keepEmitter(func(l string) { out <- line{source: name, text: l} })
	out <- line{source: name, last: true}
}

// kept hands the callback to a function that stores it: its sends are out of view.
func (c *fleet) keptSources(wait time.Duration) int {
	out := make(chan line, len(c.sources))
	for _, s := range c.sources {
		go keepSource(s, out) // ok: the stored callback may be called by anyone, any time
	}
	select {
	case <-out:
		return 1
	case <-time.After(wait):
		return 0
	}
}

// mixed sizes the buffer by another slice than the one the goroutines are started over.
func (c *fleet) mixed(wait time.Duration) []line {
	out := make(chan line, len(c.names))
	for _, s := range c.sources {
		go readSource(s, out) // ok: len(names) says nothing of how many readers there are
	}
	select {
	case l := <-out:
		return []line{l}
	case <-time.After(wait):
		return nil
	}
}
