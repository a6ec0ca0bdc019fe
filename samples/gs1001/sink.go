package gs1001

import (
	"time"
)

// Sink takes results one at a time.
type Sink interface {
	Put(r Result)
}

// resultSink is a channel that is a Sink: Put sends on it.
type resultSink chan<- Result

// Put sends r on the channel.
func (s resultSink) Put(r Result) { s <- r }

// logSink is another Sink: it only counts.
type logSink struct{ n *int }

// Put counts r.
func (l logSink) Put(Result) { *l.n++ }

// SinkOf hands a channel out as a Sink.
func SinkOf(ch chan<- Result) Sink { return resultSink(ch) }

func lookupTo(key string, s Sink) { s.Put(slowLookup(key)) }

// LookupSink hands the channel to the lookup as a Sink, then gives up after a second: the
// lookup's Put then blocks forever.
func LookupSink(key string) (Result, bool) {
	ch := make(chan Result)
	go lookupTo(key, SinkOf(ch)) // want `GS1001: goroutine blocks forever sending on "ch" when LookupSink returns without receiving`
	select {
	case r := <-ch:
		return r, true
	case <-time.After(time.Second):
		return Result{}, false
	}
}

// LookupSinkBuffered has room for the one result.
func LookupSinkBuffered(key string) (Result, bool) {
	ch := make(chan Result, 1)
	go lookupTo(key, SinkOf(ch)) // ok: a buffer of 1 takes the only Put
	select {
	case r := <-ch:
		return r, true
	case <-time.After(time.Second):
		return Result{}, false
	}
}

// LookupEither may swap the channel's Sink for one that only counts: which Put runs is
// not known.
func LookupEither(key string, quiet bool, n *int) (Result, bool) {
	ch := make(chan Result)
	s := SinkOf(ch)
	if quiet {
		s = logSink{n: n}
	}
	go lookupTo(key, s) // ok: s may hold a logSink, whose Put never blocks
	select {
	case r := <-ch:
		return r, true
	case <-time.After(time.Second):
		return Result{}, false
	}
}
