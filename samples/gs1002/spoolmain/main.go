// Command spoolmain buffers records in a spool whose only drain is never called.
package main

import (
	"flag"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

type state uint32

const (
	open state = iota
	draining
	shut
)

// gate says whether a spool still takes records.
type gate struct {
	st state
}

func (g *gate) shut() {
	atomic.StoreUint32((*uint32)(&g.st), uint32(shut))
}

// spool holds records until a reader discards them.
type spool struct {
	gate
	recs chan string
}

// Discard drops one record; nothing in the program calls it.
func (s *spool) Discard() {
	s.shut()
	select {
	case <-s.recs:
	default:
	}
}

// Put adds a record while the gate is open.
func (s *spool) Put(r string) state {
	st := state(atomic.LoadUint32((*uint32)(&s.st)))
	switch st {
	case open:
		s.recs <- r
	case draining, shut:
	}
	return st
}

// writer embeds its spool: Put is promoted.
type writer struct {
	spool
}

func (w *writer) init() { w.spool.setup() }

// fillThenShare fills the spool, then starts a helper that adds one more record.
func fillThenShare() {
	go func() { // want `GS1002: goroutine blocks forever sending on "w.spool.recs": its buffer of 4 is full and nothing that runs ever receives from it`
		w := &writer{}
		w.init()
		for i := 0; i < spoolSize; i++ {
			w.Put("rec")
		}
		var late sync.WaitGroup
		late.Add(1)
		go func() { // want `GS1002: goroutine blocks forever sending on "w.spool.recs": its buffer of 4 is full and nothing that runs ever receives from it`
			w.Put("late")
			late.Done()
		}()
		w.spool.Put("last")
	}()
}

// waitForHelper waits for a helper that never gets past its own send: it blocks first in
// helper.Wait (the helper's deferred Done never runs), not on a send.
func waitForHelper() {
	go func() { // want `GS5001: goroutine blocks forever in "helper.Wait": a goroutine it waits for can block forever before it calls Done`
		w := &writer{}
		w.init()
		for i := 0; i < spoolSize; i++ {
			w.Put("rec")
		}
		var helper sync.WaitGroup
		helper.Add(1)
		go func() { // want `GS1002: goroutine blocks forever sending on "w.spool.recs": its buffer of 4 is full and nothing that runs ever receives from it`
			defer helper.Done()
			w.Put("late")
		}()
		helper.Wait()
		w.Put("last")
	}()
}

// pause waits a little; the walk does not look inside.
func pause() { time.Sleep(time.Millisecond) }

// fillThenPause starts its helper after a call that could, for all the walk knows, wait
// forever: the helper may never start.
func fillThenPause() {
	go func() { // ok: it only fills the spool
		w := &writer{}
		w.init()
		for i := 0; i < spoolSize; i++ {
			w.Put("rec")
		}
		pause()
		go func() { // ok: pause comes first, and the walk cannot tell that it returns
			w.Put("late")
		}()
	}()
}

// fillExactly puts as many records as the spool holds.
func fillExactly() {
	go func() { // ok: four records, four slots
		w := &writer{}
		w.init()
		for i := 0; i < spoolSize-1; i++ {
			w.Put("rec")
		}
		w.Put("last")
	}()
}

// shareEarly starts the helper while a slot is still free: one of the two sends blocks,
// and which one depends on timing.
func shareEarly() {
	go func() { // ok: the helper may take the last slot first
		w := &writer{}
		w.init()
		for i := 0; i < spoolSize-1; i++ {
			w.Put("rec")
		}
		go func() { // ok: it may also be the one that gets the slot
			w.Put("late")
		}()
		w.Put("last")
	}()
}

// sizedByArgs sizes the spool at run time.
func sizedByArgs() {
	go func() { // ok: the capacity is not a constant
		s := &spool{}
		s.sized(len(os.Args))
		for i := 0; i < spoolSize; i++ {
			s.Put("rec")
		}
		s.Put("last")
	}()
}

// queue is a spool look-alike that a live reader drains.
type queue struct {
	jobs chan int
}

func (q *queue) setup()    { q.jobs = make(chan int, spoolSize) }
func (q *queue) add(j int) { q.jobs <- j }
func (q *queue) take() int { return <-q.jobs }
func (q *queue) drainOne() { _ = q.take() }

func fillQueue(q *queue) {
	go func() { // ok: take drains jobs, and the program calls it
		q := &queue{}
		q.setup()
		for i := 0; i < spoolSize; i++ {
			q.add(i)
		}
		go func() { // ok: a live reader may make room
			q.add(-1)
		}()
		q.add(spoolSize)
	}()
	q.drainOne()
}

// latch is a gate the program does close.
type latch struct {
	mode state
}

func (l *latch) close() { atomic.StoreUint32((*uint32)(&l.mode), uint32(shut)) }

// inbox sends only while its latch is open.
type inbox struct {
	latch
	msgs chan string
}

func (b *inbox) setup() { b.msgs = make(chan string, spoolSize) }

func (b *inbox) post(m string) {
	switch state(atomic.LoadUint32((*uint32)(&b.mode))) {
	case open:
		b.msgs <- m
	default:
	}
}

// fillInbox shuts its inbox before the last post, which then sends nothing.
func fillInbox() {
	go func() { // ok: the latch is closed first (the walk cannot know mode's value)
		b := &inbox{}
		b.setup()
		for i := 0; i < spoolSize; i++ {
			b.post("m")
		}
		b.close()
		b.post("last")
	}()
}

// tally counts flag settings: the flag package calls its Set through flag.Value.
type tally struct {
	hits chan int
}

func (t *tally) String() string   { return "tally" }
func (t *tally) Set(string) error { t.take(); return nil }
func (t *tally) take()            { <-t.hits }
func (t *tally) setup()           { t.hits = make(chan int, spoolSize) }
func (t *tally) add()             { t.hits <- 1 }

func countFlags() {
	go func() { // ok: Set may run from the flag package, and it drains hits
		t := &tally{}
		t.setup()
		for i := 0; i < spoolSize; i++ {
			t.add()
		}
		go func() { // ok: Set's drain is live code
			t.add()
		}()
		t.add()
	}()
}

func main() {
	flag.Var(&tally{}, "tally", "count settings")
	countFlags()
	fillThenShare()
	waitForHelper()
	fillExactly()
	fillThenPause()
	shareEarly()
	sizedByArgs()
	// One job waits in the queue, so fillQueue's drainOne returns and so does main.
	q := &queue{}
	q.setup()
	q.add(0)
	fillQueue(q)
	fillInbox()
}
